using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Issue 18, items 7 and 8 on both databases: "compute the plan" through <c>POST
/// /api/v1/followup/frameworks/{id}/indicators/compute</c> (coordinators only), the indicator edit through the same
/// service as the page, and the attack on the public transparency page: with the switch on, <c>/Public</c> and <c>GET
/// /api/v1/public/followup</c> carry no draft, submitted or returned value, no small count, no user name, no internal
/// note, description, evidence not marked public (a marked one shows its public title and link only) or progress
/// narrative. With the switch off both answer 404 (the authorisation matrix
/// runs with the switch off and checks that for every caller).
/// </summary>
public sealed class PublicFollowUpApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ComputePlan_ThenThePublicPage_ShowsPublishedValuesOnly_AndNothingInternal(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["FollowUp:PublicPage"] = "true" });
        var coordinatorUser = await app.AddUserAsync("pub-coordinator", "National Coordination", Roles.Coordinator);
        var coordinator = await app.BearerClientAsync(coordinatorUser);
        var second = await app.ClientAsAsync("pub-second", "National Coordination", Roles.Coordinator);
        var focalUser = await app.AddUserAsync("pub-focal", "Harbour Light Counselling", Roles.CaseWorker);
        var focal = await app.BearerClientAsync(focalUser);
        var analyst = await app.ClientAsAsync("pub-analyst", "Rapporteur Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, focalUser.OrganisationId);

        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP-PUB", "Public plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items",
            new ItemInput("1", "Identify victims", "Commitment text", InstitutionIds: [focalUser.OrganisationId]), Json, ct));
        var measure = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Train border guards", focalUser.OrganisationId, Description: "INTERNAL-DESCRIPTION", BudgetAmount: 12345.67m, BudgetCurrency: "EUR",
                StartOn: new DateOnly(2026, 1, 1), DueOn: new DateOnly(2026, 12, 31)), Json, ct));
        (await focal.PostAsJsonAsync($"/api/v1/followup/measures/{measure}/evidence", new EvidenceInput("https://example.org/INTERNAL-LINK", "INTERNAL-NOTE"), Json, ct)).EnsureSuccessStatusCode();
        (await focal.PostAsJsonAsync($"/api/v1/followup/measures/{measure}/reports", new ProgressInput(MeasureStatus.InProgress, "INTERNAL-PROGRESS"), Json, ct)).EnsureSuccessStatusCode();
        // Evidence marked public by the coordinator (title and link only; its note stays inside), and one marked public and taken back.
        var shown = await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/measures/{measure}/evidence",
            new EvidenceInput("https://example.org/published-training-report", "INTERNAL-PUBLIC-EVIDENCE-NOTE"), Json, ct));
        var withdrawn = await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/measures/{measure}/evidence", new EvidenceInput("https://example.org/INTERNAL-WITHDRAWN", null), Json, ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsJsonAsync($"/api/v1/followup/evidence/{shown}/public", new EvidencePublicInput(true, "Training report"), Json, ct)).StatusCode);
        var untitled = await coordinator.PostAsJsonAsync($"/api/v1/followup/evidence/{shown}/public", new EvidencePublicInput(true), Json, ct);
        Assert.Contains("Title: the public page shows the evidence by a title", await untitled.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/evidence/{shown}/public", new EvidencePublicInput(true, "Published training report"), Json, ct));
        await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/evidence/{withdrawn}/public", new EvidencePublicInput(true, "INTERNAL-WITHDRAWN-TITLE"), Json, ct));
        await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/evidence/{withdrawn}/public", new EvidencePublicInput(false), Json, ct));

        var computed = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "PUB-ID", "Persons identified", IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified, Dimensions: ["sex"],
                BaselineValue: 4, BaselineOn: new DateOnly(2022, 12, 31), Targets: [new(TargetKind.Target, new DateOnly(2024, 12, 31), 12)]), Json, ct));
        var reported = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(null, measure, "PUB-TRAINED", "Guards trained", IndicatorKind.Reported, "guards"), Json, ct));
        async Task<Guid> Report(decimal value, int year) => await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/indicators/{reported}/values",
            new IndicatorValueInput(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), value, EvidenceNote: "INTERNAL-VALUE-NOTE"), Json, ct));
        (await second.PostAsync($"/api/v1/followup/indicator-values/{await Report(4242, 2023)}/approve", null, ct)).EnsureSuccessStatusCode();
        (await second.PostAsJsonAsync($"/api/v1/followup/indicator-values/{await Report(8888, 2024)}/return", new DecisionInput("INTERNAL-REASON"), Json, ct)).EnsureSuccessStatusCode();
        await Report(7777, 2025);

        // The edit goes through the same service: an unknown dimension is refused and named, a known change is a version.
        var colour = await coordinator.PutAsJsonAsync($"/api/v1/followup/indicators/{computed}",
            new IndicatorInput(item, null, "PUB-ID", "Persons identified", IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified, Dimensions: ["colour"]), Json, ct);
        Assert.Contains("'colour' is not a dimension of persons-identified", await colour.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Compute the plan: coordinators only, an unknown framework is 404, every computed indicator gets its release.
        var year2023 = new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/indicators/compute", year2023, Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/indicators/compute", year2023, Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{Guid.NewGuid()}/indicators/compute", year2023, Json, ct)).StatusCode);
        var outcomes = await Read<List<PlanIndicatorOutcome>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/indicators/compute", year2023, Json, ct));
        var outcome = Assert.Single(outcomes);
        Assert.Equal(("PUB-ID", true, "10", new DateOnly(2023, 1, 1)), (outcome.Code, outcome.Computed, outcome.Total, outcome.From));
        Assert.NotNull(outcome.ReleaseId);
        var badPeriod = await Read<List<PlanIndicatorOutcome>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/indicators/compute",
            new ComputeInput(new DateOnly(2024, 1, 1), new DateOnly(2023, 1, 1)), Json, ct));
        Assert.False(Assert.Single(badPeriod).Computed);
        Assert.Contains(badPeriod[0].Errors, e => e.StartsWith("To:", StringComparison.Ordinal));

        // The attack: everything an anonymous visitor can read.
        var anonymous = app.AnonymousClient();
        var jsonResponse = await anonymous.GetAsync("/api/v1/public/followup", ct);
        Assert.Equal(HttpStatusCode.OK, jsonResponse.StatusCode);
        var json = await jsonResponse.Content.ReadAsStringAsync(ct);
        var page = await anonymous.GetStringAsync("/Public", ct);
        var overview = JsonSerializer.Deserialize<PublicFollowUp>(json, Json)!;
        var publicFramework = Assert.Single(overview.Frameworks);
        var publicItem = Assert.Single(publicFramework.Items);
        var publicMeasure = Assert.Single(publicItem.Measures);
        Assert.Equal(("Train border guards", "Harbour Light Counselling", MeasureStatus.Planned), (publicMeasure.Title, publicMeasure.LeadInstitution, publicMeasure.Status));
        // Only the evidence marked public, by its title and link; the evidence never marked (INTERNAL-LINK) and the withdrawn one are absent (below).
        Assert.Equal([("Published training report", "https://example.org/published-training-report")], publicMeasure.Evidence.Select(e => (e.Title, e.Url)));
        var trained = Assert.Single(publicMeasure.Indicators);
        Assert.Equal([4242m], trained.Values.Select(v => v.Value));
        var identified = Assert.Single(publicItem.Indicators);
        Assert.Equal([("Total", "10"), ("sex=female", "x"), ("sex=male", "<5")],
            identified.Values.Select(v => (v.Cell, v.Display)).OrderBy(v => v.Cell, StringComparer.Ordinal).ToList());
        Assert.All(identified.Values, v => Assert.NotNull(v.ReleaseId));
        Assert.DoesNotContain(identified.Values, v => v.Value is > 0 and < 5);
        // The simple progress view: the target (12 by the end of 2024) judged on the published 2023 total, 10, and missed.
        var standing = Assert.Single(identified.Standings);
        Assert.Equal((10m, false), (standing.Actual?.Value, standing.Met));
        foreach (var raw in new[] { json, page })
        {
            // Release ids are random hex: taken out so that they cannot match a number by chance; "4,242" as the page writes it.
            var text = System.Text.RegularExpressions.Regex.Replace(raw, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "id").Replace(",", "", StringComparison.Ordinal);
            Assert.Contains("Train border guards", text, StringComparison.Ordinal);
            Assert.Contains("4242", text, StringComparison.Ordinal);
            Assert.Contains("https://example.org/published-training-report", text, StringComparison.Ordinal);
            foreach (var secret in new[] { "7777", "8888", "INTERNAL-", "12345", "pub-coordinator", "pub-second", "pub-focal", "pub-analyst", "\"3\"", ">3<" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        Assert.Contains("&lt;5", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/Cases", page, StringComparison.Ordinal);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
