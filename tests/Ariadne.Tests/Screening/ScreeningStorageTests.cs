using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Screening;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Screening;

/// <summary>
/// How screenings are stored: compact answers, notes sealed under the person's data key (shown only while the case's
/// identity is revealed, gone with an erasure), old rows upgraded, GET with ETags, and the aggregate statistics.
/// </summary>
public sealed class ScreeningStorageTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string Secret = "Qwzxnotevbkj left her passport with the driver";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static object Body(string? note = Secret, string cd01 = "no") => new
    {
        form = "forced-labour",
        answers = new Dictionary<string, object>
        {
            ["DR01"] = "yes",
            ["DR02"] = "yes",
            ["EX01"] = "yes",
            ["EX02"] = "yes",
            ["CD01"] = cd01,
            ["CD02"] = note is null ? "yes" : new { answer = "yes", note },
        },
    };

    private static async Task<Guid> CreateCaseAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, Token)).Content.ReadFromJsonAsync<CaseDto>(Json, Token))!.Id;

    private static async Task<JsonObject> ScreenAsync(HttpClient client, Guid caseId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", body, Json, Token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Token))!;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Notes_SealedAtRest_ShownOnlyWhileRevealed_UnreadableAfterErasure(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(client);
        var created = await ScreenAsync(client, caseId, Body());
        Assert.Equal(Secret, (string?)created["request"]!["answers"]!["CD02"]!["note"]);
        var id = (string)created["id"]!;
        // A colleague in the same organisation: may reveal, has not (the author holds a grant from creating the case).
        var colleague = await app.ClientAsAsync("colleague", "NGO A", Roles.CaseWorker);

        Assert.Empty(ProtectionTestData.Find(await ProtectionTestData.DatabaseBytesAsync(app.Database), [Secret, "Qwzxnotevbkj"]));
        await using (var db = app.NewContext())
        {
            var record = await db.Set<ScreeningRecord>().SingleAsync(Token);
            Assert.NotNull(record.NotesCiphertext);
            Assert.Equal(CompactAnswers.Length(InstrumentCatalogue.FindShipped("ilo-ec-operational-indicators@1.0")!), record.Answers.Length);
            Assert.Equal(("forced-labour", "adult", "|forced-labour|"), (record.Form, record.Age, record.FormsKey));
        }

        var hidden = (await colleague.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}/screenings/{id}", Token))!;
        Assert.True((bool)hidden["notesSealed"]!);
        Assert.Equal("yes", (string?)hidden["request"]!["answers"]!["CD02"]);
        Assert.Equal("no", (string?)hidden["request"]!["answers"]!["CD01"]);
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync($"/api/v1/cases/{caseId}/reveal", new { reason = "storage test" }, Json, Token)).StatusCode);
        var shown = (await colleague.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}/screenings/{id}", Token))!;
        Assert.False((bool)shown["notesSealed"]!);
        Assert.Equal(Secret, (string?)shown["request"]!["answers"]!["CD02"]!["note"]);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(caseId, CaseViewer.LocalOperator, "request of 2026-06-15", Token)).Succeeded);
        }
        await using (var db = app.NewContext())
        {
            Assert.Null((await db.Set<ScreeningRecord>().SingleAsync(Token)).NotesCiphertext);
        }
        var erased = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}/screenings/{id}", Token))!;
        Assert.False((bool)erased["notesSealed"]!);
        Assert.Equal("yes", (string?)erased["request"]!["answers"]!["CD02"]); // the answers and the result stay
        Assert.Equal("continue-assessment", (string?)erased["outcome"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Get_EtagAndIfNoneMatch_304UntilTheBodyWouldChange(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(client);
        var id = (string)(await ScreenAsync(client, caseId, Body()))["id"]!;

        var colleague = await app.ClientAsAsync("colleague", "NGO A", Roles.CaseWorker);
        var first = await colleague.GetAsync($"/api/v1/cases/{caseId}/screenings/{id}", Token);
        var tag = first.Headers.ETag!;
        Assert.Equal($"\"{Guid.Parse(id):N}-s\"", tag.Tag);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{caseId}/screenings/{id}");
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await colleague.SendAsync(again, Token)).StatusCode);
        var list = await colleague.GetAsync($"/api/v1/cases/{caseId}/screenings", Token);
        var listAgain = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{caseId}/screenings");
        listAgain.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await colleague.SendAsync(listAgain, Token)).StatusCode);

        // A new screening changes the list's tag; revealing the identity changes the one screening's tag (notes now in it).
        await ScreenAsync(client, caseId, Body(note: null));
        var listLater = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{caseId}/screenings");
        listLater.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await colleague.SendAsync(listLater, Token)).StatusCode);
        await colleague.PostAsJsonAsync($"/api/v1/cases/{caseId}/reveal", new { reason = "etag test" }, Json, Token);
        var revealed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{caseId}/screenings/{id}");
        revealed.Headers.IfNoneMatch.Add(tag);
        var response = await colleague.SendAsync(revealed, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{Guid.Parse(id):N}-o\"", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{caseId}/screenings/{Guid.NewGuid()}", Token)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Statistics_ByOutcome_AggregatesWithDisclosureControl_CoordinatorsAndAnalystsOnly(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var analyst = await app.ClientAsAsync("analyst", "Ministry", Roles.Analyst);
        var caseId = await CreateCaseAsync(worker);
        for (var i = 0; i < 6; i++)
        {
            await ScreenAsync(worker, caseId, Body(note: null, cd01: "yes"));
        }
        for (var i = 0; i < 7; i++)
        {
            await ScreenAsync(worker, caseId, new { form = "forced-labour", answers = new Dictionary<string, string> { ["DR01"] = "yes" } });
        }
        // Asked and answered "no": no indicators found (a screening with nothing asked is refused, not counted).
        await ScreenAsync(worker, caseId, new { form = "forced-labour", answers = new Dictionary<string, string> { ["DR01"] = "no" } });

        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/v1/statistics/screenings?by=outcome", Token)).StatusCode);
        var table = (await analyst.GetFromJsonAsync<JsonObject>("/api/v1/statistics/screenings?by=outcome,list", Token))!;
        var rows = table["rows"]!.AsArray().Select(r => r!.AsArray().Select(c => (string)c!).ToArray()).ToList();

        Assert.Equal(["outcome", "list", "screenings"], table["columns"]!.AsArray().Select(c => (string)c!));
        // 6 refer, 7 continue, 1 none: the 1 is suppressed (<5), and refer (the smallest other cell of its row) is
        // suppressed as its complement (x), so that the 1 cannot be recovered from the totals.
        Assert.Equal(
            "no-indicators-found/adult/<5 no-indicators-found/child/0 no-indicators-found/Total/<5 continue-assessment/adult/7 continue-assessment/child/0 "
            + "continue-assessment/Total/7 refer/adult/x refer/child/0 refer/Total/x Total/adult/14 Total/child/0 Total/Total/14",
            string.Join(" ", rows.Select(r => string.Join("/", r))));
        Assert.False(string.IsNullOrEmpty((string?)table["method"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/v1/statistics/screenings?by=name", Token)).StatusCode);
    }
}
