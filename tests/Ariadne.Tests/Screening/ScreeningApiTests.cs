using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Screening;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Screening;

public sealed class ScreeningApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Deception, exploitation and coercion at destination: refer under the adult-labour list.</summary>
    private static object ReferralBody(string? form = "forced-labour") => new
    {
        form,
        answers = new Dictionary<string, object>
        {
            ["DR01"] = "yes",
            ["DR02"] = "yes",
            ["EX01"] = "yes",
            ["EX02"] = "yes",
            ["CD01"] = "yes",
            ["CD02"] = new { answer = "yes", note = "Synthetic note" },
        },
    };

    /// <summary>The codes answered "yes" (a dictionary: property names of anonymous objects would be camel-cased).</summary>
    private static Dictionary<string, string> Answers(params string[] yes) => yes.ToDictionary(c => c, _ => "yes");

    private static async Task<Guid> CreateCaseAsync(HttpClient client, CaseInput? input = null)
    {
        var created = await (await client.PostAsJsonAsync("/api/v1/cases", input ?? CaseApiTests.ValidInput(), Json, Token)).Content.ReadFromJsonAsync<CaseDto>(Json, Token);
        return created!.Id;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Screen_VisibleCase_StoredWithVersionResultAndAudit(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(client);

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", ReferralBody(), Json, Token);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Token))!;
        Assert.Equal("ilo-ec-operational-indicators@1.0", (string?)body["instrument"]);
        Assert.Equal("adult-labour", (string?)body["list"]); // age 22 at start (from the case), adult
        Assert.Equal("refer", (string?)body["outcome"]);
        Assert.True((bool)body["unverified"]!);
        Assert.Equal("Synthetic note", (string?)body["request"]!["answers"]!["CD02"]!["note"]);
        var history = await client.GetFromJsonAsync<JsonArray>($"/api/v1/cases/{caseId}/screenings", Token);
        Assert.Equal((string?)body["id"], (string?)Assert.Single(history!)!["id"]);
        await using var db = app.NewContext();
        var audit = await db.AuditEntries.Where(e => e.Action == AuditActions.Screening).ToListAsync(Token);
        Assert.Equal(AuditOutcomes.Success, Assert.Single(audit).Outcome);
        Assert.DoesNotContain("Synthetic", audit[0].Details!, StringComparison.Ordinal);
        Assert.Equal("refer", (await db.Set<ScreeningRecord>().SingleAsync(Token)).Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Screen_FormAndChildListDefaultFromTheCase(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var input = CaseApiTests.ValidInput() with { DateOfBirth = new DateOnly(2010, 3, 1), AgeAtExploitationStart = 15 };
        var caseId = await CreateCaseAsync(client, input);

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", new { answers = Answers("AC01", "EX03", "EX04", "EX05") }, Json, Token);

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Token))!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal("child-sexual", (string?)body["list"]); // the case records sexual exploitation; 15 at the start
        Assert.Equal("refer", (string?)body["outcome"]);   // act + exploitation; no means needed for a child
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Screen_CaseOfAnotherOrganisation_404AndBadAnswer_400NamingTheIndicator(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var owner = await app.ClientAsAsync("worker-a", "NGO A", Roles.CaseWorker);
        var stranger = await app.ClientAsAsync("worker-b", "NGO B", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(owner);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", ReferralBody(), Json, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{caseId}/screenings", Token)).StatusCode);
        var bad = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", new { answers = new Dictionary<string, string> { ["DR01"] = "perhaps" } }, Json, Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("answers.DR01", out _), errors.ToString());
        var notOnList = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", new { form = "forced-labour", answers = Answers("XX01") }, Json, Token);
        var notOnListErrors = (await notOnList.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors");
        Assert.True(notOnListErrors.TryGetProperty("answers.XX01", out _), notOnListErrors.ToString());
    }

    /// <summary>
    /// A screening with nothing asked would read as "no indicators found": the API refuses it as the page does (the same
    /// Core rule), 400 naming <c>answers</c>, and stores nothing — with no answers, all "not asked", or only a note.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Screen_NothingAnswered_400NamingAnswers_NothingStored(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(client);
        object[] bodies =
        [
            new { form = "forced-labour" },
            new { form = "forced-labour", answers = new Dictionary<string, object>() },
            new { form = "forced-labour", answers = new Dictionary<string, object> { ["DR01"] = "not-asked", ["EX01"] = "not-asked" } },
            new { form = "forced-labour", answers = new Dictionary<string, object> { ["DR01"] = new { answer = "not-asked", note = "Synthetic note" } } },
        ];

        foreach (var body in bodies)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", body, Json, Token);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("answers", out var messages), errors.ToString());
            Assert.Contains("at least one indicator", messages[0].GetString(), StringComparison.Ordinal);
        }
        await using var db = app.NewContext();
        Assert.Equal(0, await db.Set<ScreeningRecord>().CountAsync(Token));
        Assert.Empty(await db.AuditEntries.Where(e => e.Action == AuditActions.Screening).ToListAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Install_AdminOnly_ValidatedImmutable_AndImpactCountsChanges(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
        var admin = await app.ClientAsAsync("national-admin", "Ministry", Roles.Administrator);
        var caseId = await CreateCaseAsync(worker);
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings", ReferralBody(), Json, Token)).StatusCode);
        // Only DR01 + EX01 + CD01: continue under 1.0; positive under a national rule that needs one strong indicator.
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync($"/api/v1/cases/{caseId}/screenings",
            new { form = "forced-labour", answers = Answers("DR01", "EX01", "CD01") }, Json, Token)).StatusCode);
        var national = JsonNode.Parse(ShippedInstruments.Json("ilo-ec-operational-indicators@1.0")!)!.AsObject();
        national["id"] = "national";
        national["version"] = "2026.1";
        national["rules"]!["dimension"]!["expression"] = "strong >= 1 or medium >= 2";
        StringContent Body(JsonNode n) => new(n.ToJsonString(), Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsync("/api/v1/screening/instruments", Body(national), Token)).StatusCode);
        var installed = await admin.PostAsync("/api/v1/screening/instruments", Body(national), Token);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Token));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/v1/screening/instruments", Body(national), Token)).StatusCode); // immutable
        national["version"] = "2026.2";
        national["rules"]!["combination"]!["adult"]!["expression"] = "D1 and D9";
        var invalid = await admin.PostAsync("/api/v1/screening/instruments", Body(national), Token);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors").TryGetProperty("rules.combination.adult.expression", out _));

        var list = await worker.GetFromJsonAsync<List<InstrumentSummary>>("/api/v1/screening/instruments", Json, Token);
        Assert.Equal(["ilo-ec-operational-indicators@1.0", "national@2026.1"], list!.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/v1/screening/impact", new { candidate = "national" }, Json, Token)).StatusCode);
        var impact = await (await admin.PostAsJsonAsync("/api/v1/screening/impact", new { candidate = "national" }, Json, Token)).Content.ReadFromJsonAsync<ImpactReport>(Json, Token);
        Assert.Equal("national@2026.1", impact!.Candidate);
        Assert.Equal(2, impact.Total);
        Assert.Equal(1, impact.Changed);
        Assert.Equal([new ImpactChange("continue-assessment", "refer", 1), new ImpactChange("refer", "refer", 1)], impact.Changes);
        // Stored results never change.
        var history = await worker.GetFromJsonAsync<JsonArray>($"/api/v1/cases/{caseId}/screenings", Token);
        Assert.Equal(["continue-assessment", "refer"], history!.Select(h => (string?)h!["outcome"]).Order(StringComparer.Ordinal));
    }
}
