using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Referral;

public sealed class NrmApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lifecycle_StartReferRefuseAndDashboard(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", CaseApiTests.ValidInput(), Json, Token)).Content.ReadFromJsonAsync<CaseDto>(Json, Token);
        var lifecycle = $"/api/v1/cases/{created!.Id}/lifecycle";

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(lifecycle, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(lifecycle, new { jurisdiction = "DE", presumedChild = true }, Json, Token)).StatusCode);

        // A child is referred without consent; the worker's NGO is not the competent authority, so it cannot decide.
        var referred = await client.PostAsJsonAsync($"/api/v1/cases/{created.Id}/transitions", new TransitionInput("refer", null, null), Json, Token);
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        var refused = await client.PostAsJsonAsync($"/api/v1/cases/{created.Id}/transitions", new TransitionInput("rg-positive", null, null), Json, Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Json, Token);
        Assert.Equal(["RoleRequired", "FieldRequired"], problem.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        var view = await client.GetFromJsonAsync<JsonElement>(lifecycle, Json, Token);
        Assert.Equal("referred", view.GetProperty("state").GetString());
        Assert.Equal("reasonable-grounds-target", view.GetProperty("deadlines")[0].GetProperty("kind").GetString());

        var dashboard = await client.GetFromJsonAsync<JsonElement>("/api/v1/nrm/dashboard", Json, Token);
        Assert.Equal(0, dashboard.GetProperty("overdue").GetInt32());

        var other = await app.ClientAsAsync("other", "NGO B", Roles.CaseWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(lifecycle, Token)).StatusCode);
    }
}
