using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Issue 18, item 3 through <c>/api/v1/followup</c> on both databases: computed indicators are checked at definition
/// time (an unknown query, dimension or parameter is named), computed in the database as disclosure-controlled
/// releases (small counts suppressed with their complements, a rate without a population "not available", never 0),
/// and stored with query, parameters, data time and release; reported values go from a focal point to a second
/// coordinator, and milestones and targets are judged against the approved totals.
/// </summary>
public sealed class IndicatorApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ComputedIndicators_RefuseUnknownNames_ComputeInTheDatabase_SuppressSmallCounts_AndRecordTheirRelease(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("in-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("in-analyst", "Rapporteur Office", Roles.Analyst);
        var organisation = (await app.AddUserAsync("in-worker", "Shelter North", Roles.CaseWorker)).OrganisationId;
        await StatisticsFixtures.SeedCasesAsync(app, organisation);
        await SeedReferralsAsync(app, organisation);
        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("1", "Identification"), Json, ct));

        // Refused at definition time, each naming what is unknown.
        var colour = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "ID-1", "Persons identified", IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified, Dimensions: ["sex", "colour"]), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, colour.StatusCode);
        Assert.Contains("'colour' is not a dimension of persons-identified", await colour.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var hours = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "AS-1", "Assisted", IndicatorKind.Computed, Query: IndicatorQueries.AssistedWithinDays,
                QueryParameters: new Dictionary<string, int> { ["hours"] = 3 }), Json, ct);
        Assert.Contains("'hours' is not a parameter of presumed-victims-assisted-within-days; use days", await hours.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var unknown = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "X-1", "Victims", IndicatorKind.Computed, Query: "victims-total"), Json, ct);
        Assert.Contains("'victims-total' is not a query of the catalogue", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/followup/indicators",
            new IndicatorInput(item, null, "ID-1", "Persons identified", IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified), Json, ct)).StatusCode);

        async Task<Guid> Define(string code, string query, string[]? dimensions = null) =>
            await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators",
                new IndicatorInput(item, null, code, code, IndicatorKind.Computed, Query: query, Dimensions: dimensions), Json, ct));
        var identified = await Define("ID-1", IndicatorQueries.PersonsIdentified, ["sex"]);
        var rate = await Define("SDG-16.2.2", IndicatorQueries.Sdg1622Rate);
        var median = await Define("RG-DAYS", IndicatorQueries.MedianWorkingDaysToReasonableGrounds);
        var recovery = await Define("RECOVERY", IndicatorQueries.RecoveryPeriodsGranted);
        var again = await Define("AGAIN", IndicatorQueries.PersonsIdentifiedAgain);

        // 7 women and 3 men in 2023: the men's "<5" and, so that it cannot be worked out from the total, the women's "x".
        var persons = await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{identified}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct));
        Assert.Equal([("Total", "10", 10m), ("sex=female", "x", null), ("sex=male", "<5", null)],
            persons.OrderBy(v => v.Cell, StringComparer.Ordinal).Select(v => (v.Cell, v.Display, v.Value)).ToList());
        var total = persons.Single(v => v.Cell == FollowUpService.TotalCell);
        Assert.Equal((IndicatorQueries.PersonsIdentified, IndicatorValueState.Approved, TestApp.Now.UtcDateTime), (total.Query, total.State, total.DataTimeUtc));
        Assert.Contains("\"threshold\":5", total.Parameters, StringComparison.Ordinal);
        Assert.Contains("\"from\":\"2023-01-01\"", total.Parameters, StringComparison.Ordinal);

        // No country configured: the rate is not available, never 0.
        var sdg = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{rate}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct)));
        Assert.Equal((IndicatorQueryProducer.NotAvailable, (decimal?)null), (sdg.Display, sdg.Value));

        // Referred on Monday 2 March 2026, decided after 1, 2, 3, 4, 8, 12 and 40 calendar days: 1, 2, 3, 4, 6, 9, 29 working days.
        var days = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{median}/compute", new ComputeInput(), Json, ct)));
        Assert.Equal(("4.0", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 15)), (days.Display, days.PeriodStart, days.PeriodEnd));
        var granted = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{recovery}/compute", new ComputeInput(), Json, ct)));
        Assert.Equal("7", granted.Display);
        var reidentified = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{again}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct)));
        Assert.Equal("0", reidentified.Display);
        // The same person identified again: a man's September record merged into a woman's April record (the surviving
        // record keeps no key of its own). One person, under the threshold: suppressed (".."), no longer 0.
        await using (var merge = app.NewContext())
        {
            var cases = await merge.Cases.Include(c => c.Person).OrderBy(c => c.IdentificationDate).ThenBy(c => c.CaseCode).ToListAsync(ct);
            cases.First(c => c.Sex == "male").Person.ClusterKey = "p:" + cases.First(c => c.Sex == "female").Person.Id.ToString("D");
            await merge.SaveChangesAsync(ct);
        }
        var again2023 = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{again}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct)));
        Assert.Equal("..", again2023.Display);
        var againLater = Assert.Single(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{again}/compute",
            new ComputeInput(new DateOnly(2023, 4, 1), new DateOnly(2023, 8, 31)), Json, ct)));
        Assert.Equal("0", againLater.Display);

        // Computing the same period again replaces the values; the history keeps both totals.
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/followup/indicators/{recovery}/compute", new ComputeInput(), Json, ct)).StatusCode);
        await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{recovery}/compute", new ComputeInput(), Json, ct);
        var view = await analyst.GetFromJsonAsync<IndicatorView>($"/api/v1/followup/indicators/{recovery}", Json, ct);
        Assert.Single(view!.Values);
        Assert.Equal(["computed", "computed", "created"], view.History.Select(h => h.Event));
        Assert.Equal(("7", "7"), (view.History[0].Changes[0].Old, view.History[0].Changes[0].New));
        var backwards = await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{recovery}/compute", new ComputeInput(new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1)), Json, ct);
        Assert.Contains("the period ends before it starts", await backwards.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var listed = await analyst.GetFromJsonAsync<List<IndicatorSummary>>($"/api/v1/followup/indicators?frameworkId={framework.Id}", Json, ct);
        Assert.Equal(["AGAIN", "ID-1", "RECOVERY", "RG-DAYS", "SDG-16.2.2"], listed!.Select(i => i.Code));
        Assert.Equal("4.0", listed!.Single(i => i.Code == "RG-DAYS").Latest!.Display);
        var catalogue = await analyst.GetFromJsonAsync<List<IndicatorQuery>>("/api/v1/followup/indicator-queries", Json, ct);
        Assert.Equal(IndicatorQueries.All.Select(q => q.Name), catalogue!.Select(q => q.Name));

        // The plan computed at once (one read of the cases for its persons indicators) gives every indicator the cells
        // it gets alone, each in a release of its own.
        var bySexAndAge = await Define("ID-2", IndicatorQueries.PersonsIdentified, ["sex", "ageGroup"]);
        var byForm = await Define("ID-3", IndicatorQueries.PersonsIdentified, ["form"]);
        var plain = await Define("ID-4", IndicatorQueries.PersonsIdentified);
        var assisted = await Define("AS-30", IndicatorQueries.AssistedWithinDays);
        var year = new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31));
        await using (var seed = app.NewContext())
        {
            // Services started 0, 2, 5, 10, 30 (within 30 days; the first case also later), 31, 60, 90 days after
            // identification and one the day before (not counted); the tenth person has none: 5 of 10 within 30 days.
            var cases = await seed.Cases.OrderBy(c => c.Id).Select(c => new { c.Id, c.IdentificationDate }).ToListAsync(ct);
            int[] delays = [0, 2, 5, 10, 30, 31, 60, 90, -1];
            for (var i = 0; i < delays.Length; i++)
            {
                seed.Add(new AssistanceDelivery { Id = Guid.CreateVersion7(), CaseId = cases[i].Id, Service = "shelter", ProviderOrganisationId = organisation, StartedOn = cases[i].IdentificationDate.AddDays(delays[i]) });
            }
            seed.Add(new AssistanceDelivery { Id = Guid.CreateVersion7(), CaseId = cases[0].Id, Service = "medical", ProviderOrganisationId = organisation, StartedOn = cases[0].IdentificationDate.AddDays(100) });
            await seed.SaveChangesAsync(ct);
        }
        var alone = new Dictionary<Guid, List<(string, string)>>();
        foreach (var id in new[] { identified, bySexAndAge, byForm, plain, rate, median, recovery, assisted })
        {
            alone[id] = Cells(await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{id}/compute", year, Json, ct)));
        }
        IReadOnlyList<PlanIndicatorResult> plan;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            plan = (await scope.ServiceProvider.GetRequiredService<IndicatorPlanComputation>().ComputeAsync(framework.Id, year, Core.Cases.CaseViewer.LocalOperator, ct)).Value!;
        }
        Assert.Equal(9, plan.Count);
        Assert.All(plan, r => Assert.Null(r.Values.Problem));
        Assert.All(alone, a => Assert.Equal(a.Value, Cells(plan.Single(r => r.IndicatorId == a.Key).Values.Value!)));
        // Ten cases, nine persons (the merge above): the plan ranks the clustered records as each indicator alone does.
        Assert.Equal([("Total", "9")], alone[plain]);
        Assert.Equal([("Total", "0.500")], alone[assisted]);

        await using var db = app.NewContext();
        var releases = await db.StatisticsReleases.Where(r => r.Kind == IndicatorQueryProducer.KindName).ToListAsync(ct);
        Assert.Equal(8 + 8 + 9, releases.Count);
        Assert.Contains(total.ReleaseId!.Value, releases.Select(r => r.Id));
        Assert.All(releases, r => Assert.Equal(0, r.Rho));
        Assert.Equal(8 + 8 + 9, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpIndicatorValue && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpIndicator && e.Outcome == AuditOutcomes.Denied, ct));
    }

    private static List<(string Cell, string Display)> Cells(IEnumerable<IndicatorValueView> values) =>
        [.. values.OrderBy(v => v.Cell, StringComparer.Ordinal).Select(v => (v.Cell, v.Display))];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReportedValues_FocalPointEnters_AnotherCoordinatorApproves_TargetsAreJudgedOnApprovedTotals(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("ir-coordinator", "National Coordination", Roles.Coordinator);
        var second = await app.ClientAsAsync("ir-coordinator2", "National Coordination", Roles.Coordinator);
        var focalUser = await app.AddUserAsync("ir-focal", "Labour Inspectorate", Roles.CaseWorker);
        var focal = await app.BearerClientAsync(focalUser);
        var outsider = await app.ClientAsAsync("ir-outsider", "Shelter South", Roles.CaseWorker);
        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("2", "Labour inspection"), Json, ct));
        var measure = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Inspect farms", focalUser.OrganisationId), Json, ct));

        var both = await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(item, measure, "INS-1", "Inspections", IndicatorKind.Reported, "inspections"), Json, ct);
        Assert.Contains("exactly one item or one measure", await both.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var definition = new IndicatorInput(null, measure, "INS-1", "Farm inspections with a trafficking check", IndicatorKind.Reported, "inspections",
            TitleDe: "Betriebskontrollen mit Menschenhandelsprüfung", BaselineValue: 10, BaselineOn: new DateOnly(2025, 1, 1), BaselineSource: "Inspectorate annual report 2024",
            DataSource: "Inspectorate records", Targets: [new TargetInput(TargetKind.Milestone, new DateOnly(2025, 12, 31), 20), new TargetInput(TargetKind.Target, new DateOnly(2027, 12, 31), 40)]);
        var indicator = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", definition, Json, ct));
        Assert.Equal(2, await Read<int>(await coordinator.PutAsJsonAsync($"/api/v1/followup/indicators/{indicator}", definition with { Dimensions = ["region"] }, Json, ct)));

        var value = new IndicatorValueInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 24, EvidenceUrl: "https://example.org/inspections-2025");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/v1/followup/indicators/{indicator}/values", value, Json, ct)).StatusCode);
        var badCell = await focal.PostAsJsonAsync($"/api/v1/followup/indicators/{indicator}/values", value with { Cell = "sector=farming" }, Json, ct);
        Assert.Contains("Cell: 'sector' is not a dimension of this indicator; use region", await badCell.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var reported = await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/indicators/{indicator}/values", value, Json, ct));
        Assert.Equal(HttpStatusCode.Conflict, (await focal.PostAsJsonAsync($"/api/v1/followup/indicators/{indicator}/values", value, Json, ct)).StatusCode);
        var north = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{indicator}/values", value with { Value = 9, Cell = "region = north" }, Json, ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await coordinator.PostAsync($"/api/v1/followup/indicator-values/{north}/approve", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsync($"/api/v1/followup/indicator-values/{reported}/approve", null, ct)).StatusCode);

        // Before approval nothing counts against the milestone.
        var pending = await focal.GetFromJsonAsync<IndicatorView>($"/api/v1/followup/indicators/{indicator}", Json, ct);
        Assert.True(pending!.MayReport);
        Assert.Equal((false, (bool?)null), (pending.Standings[0].Met, pending.Standings[1].Met));
        var approved = await Read<IndicatorValueView>(await coordinator.PostAsync($"/api/v1/followup/indicator-values/{reported}/approve", null, ct));
        Assert.Equal((IndicatorValueState.Approved, "ir-coordinator"), (approved.State, approved.DecidedBy));
        var returned = await Read<IndicatorValueView>(await second.PostAsJsonAsync($"/api/v1/followup/indicator-values/{north}/return", new DecisionInput("Which farms?"), Json, ct));
        Assert.Equal(IndicatorValueState.Returned, returned.State);

        var view = await focal.GetFromJsonAsync<IndicatorView>($"/api/v1/followup/indicators/{indicator}", Json, ct);
        Assert.Equal(("Inspect farms", "2", "inspections"), (view!.MeasureTitle, view.Item.Number, view.Unit));
        var milestone = view.Standings[0];
        Assert.Equal((true, 24m), (milestone.Met, milestone.Actual!.Value));
        Assert.Equal(1.4, milestone.Share!.Value, 3);
        Assert.Null(view.Standings[1].Met);
        Assert.Equal(["returned", "approved", "submitted", "submitted", "updated", "created"], view.History.Select(h => h.Event));
        var listed = await focal.GetFromJsonAsync<List<IndicatorSummary>>($"/api/v1/followup/indicators?itemId={item}", Json, ct);
        Assert.Equal((24m, 40m), (Assert.Single(listed!).Latest!.Value, listed![0].Target!.Value));

        await using var db = app.NewContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpIndicator && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpIndicatorValue && e.Outcome == AuditOutcomes.Success, ct));
    }

    /// <summary>Seven of the cases referred on Monday 2 March 2026 and decided (reasonable grounds, positive) 1, 2, 3, 4, 8, 12 and 40 days later.</summary>
    internal static async Task SeedReferralsAsync(TestApp app, Guid organisationId)
    {
        await using var db = app.NewContext();
        var cases = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);
        double[] days = [1, 2, 3, 4, 8, 12, 40];
        for (var i = 0; i < days.Length; i++)
        {
            db.Add(new NrmCase { CaseId = cases[i], OrganisationId = organisationId, Jurisdiction = "generic", State = "recovery", EnteredStateAtUtc = Start });
            db.Add(Referral.AssistanceStatisticsReleaseTests.Event(cases[i], "refer", "identified", "referred", Start));
            db.Add(Referral.AssistanceStatisticsReleaseTests.Event(cases[i], "rg-positive", "referred", "recovery", Start.AddDays(days[i])));
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
