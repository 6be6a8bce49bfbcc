using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Issue 18, items 1 and 2 through <c>/api/v1/followup</c> on both databases: the declaration loads once (idempotent),
/// a plan imports all or nothing, an item's changes and links are kept in its history, likely duplicates are suggested,
/// and a measure's progress goes from the lead institution's focal point to a coordinator's approval, with the
/// dashboard's due and overdue lists following the injected clock.
/// </summary>
public sealed class FollowUpApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Declaration_LoadsOnce_SecondLoadAddsNothing_AnalystReadsButMayNotLoad(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("fu-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("fu-analyst", "Rapporteur Office", Roles.Analyst);

        var first = await Read<DeclarationLoadResult>(await coordinator.PostAsync("/api/v1/followup/frameworks/declaration", null, ct));
        Assert.True(first.Created);
        Assert.Equal(29, first.ItemsAdded);
        var second = await Read<DeclarationLoadResult>(await coordinator.PostAsync("/api/v1/followup/frameworks/declaration", null, ct));
        Assert.Equal((first.FrameworkId, false, 0, 0), (second.FrameworkId, second.Created, second.ItemsAdded, second.ItemsFilled));

        var framework = await analyst.GetFromJsonAsync<FrameworkView>($"/api/v1/followup/frameworks/{first.FrameworkId}", Json, ct);
        Assert.Equal(29, framework!.Items.Count);
        Assert.Equal(Enumerable.Range(1, 29).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), framework.Items.Select(i => i.Number));
        Assert.All(framework.Items, i => Assert.True(i.TitlesAreSummaries));
        var paragraph13 = await analyst.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{framework.Items[12].Id}", Json, ct);
        Assert.StartsWith("Wir verpflichten uns, geeignete Maßnahmen zu ergreifen", paragraph13!.TextDe, StringComparison.Ordinal);
        Assert.Contains("Nichtbestrafung", paragraph13.TextDe, StringComparison.Ordinal);
        Assert.Null(paragraph13.Text);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/v1/followup/frameworks/declaration", null, ct)).StatusCode);
        await using var db = app.NewContext();
        Assert.Equal(29, await db.Set<CommitmentItem>().CountAsync(ct));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpFramework && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpFramework && e.Outcome == AuditOutcomes.Denied, ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PlanImport_AMalformedLineRefusesTheWholeFileNamingLineAndField_ACorrectFileStoresEveryItem(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("fu-importer", "National Coordination", Roles.Coordinator);
        await app.AddUserAsync("fu-ministry", "Ministry of Labour", Roles.CaseWorker);
        var framework = new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP-2026", "National action plan 2026–2028", Cycle: "2026-2028");
        const string header = "number,title,acceptance,themes,institutions\n";

        var refused = await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks/import",
            new { framework, csv = header + "1.1,Train labour inspectors,Accepted,labour,Ministry of Labour\n1.2,,Accepted,,\n1.3,Hotline,Perhaps,,\n" }, Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(ct);
        Assert.Contains("Line 3, field 'title'", problem, StringComparison.Ordinal);
        Assert.Contains("Line 4, field 'acceptance'", problem, StringComparison.Ordinal);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.Set<CommitmentFramework>().CountAsync(ct));
            Assert.Equal(0, await db.Set<CommitmentItem>().CountAsync(ct));
        }

        var imported = await Read<PlanImportResult>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks/import",
            new { framework, csv = header + "1.1,Train labour inspectors,Accepted,labour; Training,Ministry of Labour\n1.2,Open a hotline,PartiallyAccepted,,\n" }, Json, ct));
        Assert.Equal(2, imported.Items);
        var view = await coordinator.GetFromJsonAsync<FrameworkView>($"/api/v1/followup/frameworks/{imported.Framework.Id}", Json, ct);
        Assert.Equal(["labour", "training"], view!.Items[0].Themes);
        var item = await coordinator.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{view.Items[0].Id}", Json, ct);
        Assert.Equal("Ministry of Labour", Assert.Single(item!.Institutions).Name);
        Assert.Equal(AcceptanceStatus.PartiallyAccepted, view.Items[1].Acceptance);

        var again = await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks/import", new { framework, csv = header + "9,Other,,,\n" }, Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Code", await again.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Item_ChangesAndLinksAreInItsHistory_ALikelyDuplicateIsSuggestedUntilLinked(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("fu-editor", "National Coordination", Roles.Coordinator);
        var greta = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.Greta, "GRETA-3", "GRETA third round"), Json, ct));
        var upr = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.Upr, "UPR-4", "UPR fourth cycle"), Json, ct));
        var a = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{greta.Id}/items",
            new ItemInput("12", "Apply the non-punishment principle to victims of trafficking", Acceptance: AcceptanceStatus.Accepted), Json, ct));
        var b = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{upr.Id}/items",
            new ItemInput("118.4", "Ensure victims of trafficking are not punished: apply the non-punishment principle"), Json, ct));
        await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{upr.Id}/items", new ItemInput("118.5", "Ratify the ILO forced labour protocol"), Json, ct);

        var item = await coordinator.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{a}", Json, ct);
        var suggestion = Assert.Single(item!.Suggestions);
        Assert.Equal(b, suggestion.Item.Id);

        var taken = await coordinator.PutAsJsonAsync($"/api/v1/followup/items/{a}", new ItemInput("12", "x", Acceptance: (AcceptanceStatus)99), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var version = await Read<int>(await coordinator.PutAsJsonAsync($"/api/v1/followup/items/{a}",
            new ItemInput("12", "Apply the non-punishment principle in all proceedings", Acceptance: AcceptanceStatus.Accepted, Themes: "justice"), Json, ct));
        Assert.Equal(2, version);
        Assert.Equal(2, await Read<int>(await coordinator.PutAsJsonAsync($"/api/v1/followup/items/{a}",
            new ItemInput("12", "Apply the non-punishment principle in all proceedings", Acceptance: AcceptanceStatus.Accepted, Themes: "Justice"), Json, ct)));

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{a}/links", new LinkInput(b, "same commitment"), Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{b}/links", new LinkInput(a), Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{a}/links", new LinkInput(a), Json, ct)).StatusCode);

        item = await coordinator.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{a}", Json, ct);
        Assert.Empty(item!.Suggestions);
        Assert.Equal(b, Assert.Single(item.Links).Item.Id);
        Assert.Equal([3, 2, 1], item.History.Select(h => h.Version));
        Assert.Equal(["linked", "updated", "created"], item.History.Select(h => h.Event));
        var change = item.History[1].Changes.Single(c => c.Field == "Title");
        Assert.Equal(("Apply the non-punishment principle to victims of trafficking", "Apply the non-punishment principle in all proceedings"), (change.Old, change.New));
        Assert.Equal("justice", item.History[1].Changes.Single(c => c.Field == "Themes").New);
        Assert.Equal("fu-editor", item.History[0].ActorName);
        var other = await coordinator.GetFromJsonAsync<ItemView>($"/api/v1/followup/items/{b}", Json, ct);
        Assert.Equal("linked", other!.History[0].Event);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Measure_FocalPointOfTheLeadSubmits_AnotherCoordinatorApproves_DashboardFollowsTheClock(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinatorUser = await app.AddUserAsync("fu-plan-owner", "National Coordination", Roles.Coordinator);
        var coordinator = await app.BearerClientAsync(coordinatorUser);
        var focalUser = await app.AddUserAsync("fu-focal", "Ministry of Interior", Roles.CaseWorker);
        var focal = await app.BearerClientAsync(focalUser);
        var outsider = await app.ClientAsAsync("fu-outsider", "NGO Elsewhere", Roles.CaseWorker);
        var focalCoordinator = await app.ClientAsAsync("fu-ministry-coordinator", "Ministry of Interior", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("fu-reader", "Rapporteur Office", Roles.Analyst);

        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("1", "Identification"), Json, ct));
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var invalid = await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Train", focalUser.OrganisationId, BudgetAmount: 10.555m, StartOn: today, DueOn: today.AddDays(-1)), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = await invalid.Content.ReadAsStringAsync(ct);
        Assert.Contains("budgetAmount", body, StringComparison.Ordinal);
        Assert.Contains("dueOn", body, StringComparison.Ordinal);

        var training = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Train border guards", focalUser.OrganisationId, BudgetAmount: 25000.50m, BudgetCurrency: "eur", StartOn: today, DueOn: today.AddDays(10),
                PartnerIds: [coordinatorUser.OrganisationId]), Json, ct));
        var hotline = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Open a hotline", focalUser.OrganisationId, DueOn: today.AddDays(5), Status: MeasureStatus.InProgress), Json, ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures", new MeasureInput("x", focalUser.OrganisationId), Json, ct)).StatusCode);

        var progress = new ProgressInput(MeasureStatus.Completed, "120 border guards trained in four sessions.");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/v1/followup/measures/{training}/reports", progress, Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/followup/measures/{training}/reports", progress, Json, ct)).StatusCode);
        var report = await Read<Guid>(await focal.PostAsJsonAsync($"/api/v1/followup/measures/{training}/reports", progress, Json, ct));
        Assert.Equal(HttpStatusCode.Conflict, (await focal.PostAsJsonAsync($"/api/v1/followup/measures/{training}/reports", progress, Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsync($"/api/v1/followup/reports/{report}/approve", null, ct)).StatusCode);

        var dashboard = await analyst.GetFromJsonAsync<FollowUpDashboard>("/api/v1/followup/dashboard?days=30", Json, ct);
        Assert.Equal([hotline, training], dashboard!.DueSoon.Select(m => m.Id));
        Assert.Equal(report, Assert.Single(dashboard.AwaitingApproval).ReportId);
        Assert.Empty(dashboard.Overdue);
        // The reminder on screen: the viewer's institution as lead or partner; the rapporteur's office has none.
        Assert.Empty(dashboard.Institution);
        Assert.Equal([hotline, training], (await focal.GetFromJsonAsync<FollowUpDashboard>("/api/v1/followup/dashboard", Json, ct))!.Institution.Select(m => m.Id));
        Assert.Equal([training], (await coordinator.GetFromJsonAsync<FollowUpDashboard>("/api/v1/followup/dashboard", Json, ct))!.Institution.Select(m => m.Id));
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/v1/followup/dashboard?days=400", ct)).StatusCode);

        var approved = await Read<ProgressReportView>(await coordinator.PostAsync($"/api/v1/followup/reports/{report}/approve", null, ct));
        Assert.Equal(ProgressReportState.Approved, approved.State);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/v1/followup/reports/{report}/approve", null, ct)).StatusCode);

        // A coordinator of the lead institution is its focal point too, but does not decide the report they submitted.
        var own = await Read<Guid>(await focalCoordinator.PostAsJsonAsync($"/api/v1/followup/measures/{hotline}/reports",
            new ProgressInput(MeasureStatus.Delayed, "The provider withdrew."), Json, ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await focalCoordinator.PostAsync($"/api/v1/followup/reports/{own}/approve", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync($"/api/v1/followup/reports/{own}/return", new DecisionInput(" "), Json, ct)).StatusCode);
        var returned = await Read<ProgressReportView>(await coordinator.PostAsJsonAsync($"/api/v1/followup/reports/{own}/return",
            new DecisionInput("Name the new provider."), Json, ct));
        Assert.Equal((ProgressReportState.Returned, "Name the new provider."), (returned.State, returned.ReturnReason));

        var measure = await focal.GetFromJsonAsync<MeasureView>($"/api/v1/followup/measures/{training}", Json, ct);
        Assert.Equal((MeasureStatus.Completed, 25000.50m, "EUR", true, false), (measure!.Status, measure.BudgetAmount, measure.BudgetCurrency, measure.MayReport, measure.MayOwn));
        Assert.Equal(["approved", "submitted", "created"], measure.History.Select(h => h.Event));
        var hotlineView = await focal.GetFromJsonAsync<MeasureView>($"/api/v1/followup/measures/{hotline}", Json, ct);
        Assert.Equal(MeasureStatus.InProgress, hotlineView!.Status);

        app.Time.Advance(TimeSpan.FromDays(20));
        // A new sign-in: the earlier bearer tokens have expired on the advanced clock.
        var later = await app.ClientAsAsync("fu-reader-later", "Rapporteur Office", Roles.Analyst);
        dashboard = await later.GetFromJsonAsync<FollowUpDashboard>("/api/v1/followup/dashboard", Json, ct);
        Assert.Empty(dashboard!.DueSoon);
        var overdue = Assert.Single(dashboard.Overdue);
        Assert.Equal((hotline, true), (overdue.Id, overdue.Overdue));

        await using var db = app.NewContext();
        // The e-mail reminder: to the lead institution's focal points (coordinators and case workers with an address), the overdue hotline only.
        await db.Users.ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, x => x.UserName + "@example.org"), ct);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sender = new RecordingSender();
            var reminders = new FollowUpReminders(scope.ServiceProvider.GetRequiredService<AppDbContext>(), app.Time, sender);
            Assert.Single(await reminders.SendAsync(dryRun: true, ct));
            Assert.Empty(sender.Sent);
            await reminders.SendAsync(dryRun: false, ct);
            var message = Assert.Single(sender.Sent);
            Assert.Equal(focalUser.OrganisationId, message.OrganisationId);
            Assert.Equal(["fu-focal@example.org", "fu-ministry-coordinator@example.org"], message.To);
            Assert.Contains($"{today.AddDays(5):yyyy-MM-dd}\tOverdue\tInProgress\tOpen a hotline", message.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Train border guards", message.Body, StringComparison.Ordinal);
        }
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpProgressSubmit && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpProgressDecide && e.Outcome == AuditOutcomes.Success, ct));
    }

    private sealed class RecordingSender : IReminderSender
    {
        public List<ReminderMessage> Sent { get; } = [];

        public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
