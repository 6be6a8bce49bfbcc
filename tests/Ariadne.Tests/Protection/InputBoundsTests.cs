using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Protection;

/// <summary>
/// Input the model does not expect: JSON nulls in lists, control characters and unpaired surrogates in text, page
/// numbers at the edge of an int. Each is refused with the field or parameter named, and nothing is stored.
/// </summary>
public sealed class InputBoundsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonObject ValidJson() =>
        JsonSerializer.SerializeToNode(CaseApiTests.ValidInput(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();

    private static StringContent Body(JsonNode json) => new(json.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CaseApi_NullListsAndNullElements_400NamingTheFieldNothingStored(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("bounds-worker", "NGO A", Roles.CaseWorker);
        var created = await client.PostAsync("/api/v1/cases", Body(ValidJson()), Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();

        var nullElement = ValidJson();
        nullElement["exploitationForms"] = new JsonArray("forced-labour", null);
        nullElement["aliases"] = new JsonArray(null, "Synthetic Alias");
        var nullList = ValidJson();
        nullList["citizenships"] = null;
        nullList["meansOfControl"] = null;
        var postElement = await client.PostAsync("/api/v1/cases", Body(nullElement), Token);
        var postList = await client.PostAsync("/api/v1/cases", Body(nullList), Token);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = Body(nullList) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var putList = await client.SendAsync(put, Token);

        Assert.Equal(HttpStatusCode.BadRequest, postElement.StatusCode);
        var errors = await ErrorsAsync(postElement);
        Assert.True(errors.TryGetProperty("exploitationForms[1]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("aliases[0]", out _), errors.ToString());
        foreach (var response in new[] { postList, putList })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            errors = await ErrorsAsync(response);
            Assert.True(errors.TryGetProperty("citizenships", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("meansOfControl", out _), errors.ToString());
        }
        await using var db = app.NewContext();
        Assert.Equal(1, await db.Cases.CountAsync(Token));
        Assert.Equal(1, (await db.Cases.SingleAsync(Token)).Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CaseApi_NulControlCharactersAndUnpairedSurrogates_400NamingTheField(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("bounds-worker", "NGO A", Roles.CaseWorker);
        var hostile = ValidJson();
        hostile["givenName"] = "Synthetic\u0000Person";
        hostile["narrative"] = "Bell \u0007 inside";
        hostile["aliases"] = new JsonArray("Fine", "Escape \u001b[31m red");
        var multiLine = ValidJson();
        multiLine["narrative"] = "Line one\r\nLine two\twith a tab, and \U0001F600 is a whole pair.";

        var refused = await client.PostAsync("/api/v1/cases", Body(hostile), Token);
        var accepted = await client.PostAsync("/api/v1/cases", Body(multiLine), Token);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await ErrorsAsync(refused);
        Assert.Contains("U+0000", errors.GetProperty("givenName")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("U+0007", errors.GetProperty("narrative")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("U+001B", errors.GetProperty("aliases[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await using var db = app.NewContext();
        Assert.Equal(1, await db.Cases.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paging_HugePageNumbers_RefusedNamingThePageNeverWrappedToPageOne(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.ClientAsAsync("bounds-worker", "NGO A", Roles.CaseWorker);
        var auditor = await app.ClientAsAsync("bounds-auditor", "Synthetic Oversight", Roles.Auditor);
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsync("/api/v1/cases", Body(ValidJson()), Token)).StatusCode);

        var huge = await worker.GetAsync("/api/v1/cases?page=2147483647&pageSize=200", Token);
        var hugeAudit = await auditor.GetAsync("/api/v1/audit?page=2147483647&pageSize=500", Token);
        var last = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases?page={Paging.MaxPage}&pageSize={CaseQuery.MaxPageSize}", Token);
        var lastAudit = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?page={Paging.MaxPage}&pageSize=500", Token);
        var page = await worker.GetAsync("/Cases?page=2147483647", Token);

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("1000000", (await ErrorsAsync(huge)).GetProperty("page")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, hugeAudit.StatusCode);
        Assert.True((await ErrorsAsync(hugeAudit)).TryGetProperty("page", out _));
        Assert.Equal(0, last.GetProperty("items").GetArrayLength());
        Assert.Equal(Paging.MaxPage, last.GetProperty("page").GetInt32());
        Assert.Equal(1, last.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, lastAudit.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("‘2147483647’ is not an allowed number.", await page.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    /// <summary>JSON cannot carry half a surrogate pair (the API refuses it while binding), but a form or a file decoded leniently can.</summary>
    [Fact]
    public void ForbiddenCharacterAt_ControlCharactersAndUnpairedSurrogates()
    {
        // Built in code: an attribute argument cannot hold half a surrogate pair.
        var cases = new (string Value, int Expected)[]
        {
            ("plain", -1), ("tab\tnew line\r\n", -1), ("pair \U0001F600 whole", -1), ("nul\0", 3), ("del\u007f", 3),
            ("half " + (char)0xD800, 5), ((char)0xDC00 + " low first", 0), ("swapped " + (char)0xDC00 + (char)0xD800, 8),
        };
        foreach (var (value, expected) in cases)
        {
            Assert.Equal(expected, CaseRules.ForbiddenCharacterAt(value));
        }
    }

    [Theory]
    [InlineData(1, 25, 0)]
    [InlineData(3, 25, 50)]
    [InlineData(int.MaxValue, 200, int.MaxValue)]
    [InlineData(int.MinValue, 200, 0)]
    [InlineData(10_000_000, 500, int.MaxValue)]
    public void Paging_Offset_NeverOverflows(int page, int pageSize, int expected) =>
        Assert.Equal(expected, Paging.Offset(page, pageSize));
}
