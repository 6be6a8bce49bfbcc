using System.Net;
using System.Text;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Cases;

/// <summary>Issue 15, case work: tasks and follow-ups (sealed titles, due, overdue, my tasks) and case assignment.</summary>
public sealed class CaseWorkTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddTask_TitleSealedReadOnlyByOwnCaseWorkersAudited_OverdueInMyTasks(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("task-worker", "NGO A", Roles.CaseWorker);
        var coordinator = await app.AddUserAsync("coordinator", "Coordination", Roles.Coordinator);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-TASK-0001"));
        await using var scope = app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<CaseWorkService>();

        var added = await work.AddTaskAsync(caseId, new CaseTaskInput("Call Qwertzuiop about the hearing", Today.AddDays(-1), worker.Id), Viewer(worker, Roles.CaseWorker), ct);
        Assert.True(added.Succeeded, added.ToString());
        await work.AddTaskAsync(caseId, new CaseTaskInput("Later follow-up", Today.AddDays(30), worker.Id), Viewer(worker, Roles.CaseWorker), ct);

        await using (var db = app.NewContext())
        {
            var stored = await db.Set<CaseTask>().AsNoTracking().SingleAsync(t => t.Id == added.Value!.Id, ct);
            Assert.DoesNotContain("Qwertzuiop", Encoding.UTF8.GetString(stored.TitleCiphertext!), StringComparison.Ordinal);
        }
        var mine = (await work.GetAsync(caseId, Viewer(worker, Roles.CaseWorker), ct)).Unwrap();
        Assert.True(mine.TitlesOpen);
        Assert.Equal("Call Qwertzuiop about the hearing", mine.Tasks[0].Title);
        Assert.True(mine.Tasks[0].Overdue);
        Assert.False(mine.Tasks[1].Overdue);
        Assert.Equal("task-worker", mine.Tasks[0].AssigneeName);
        var theirs = (await work.GetAsync(caseId, Viewer(coordinator, Roles.Coordinator), ct)).Unwrap();
        Assert.All(theirs.Tasks, t => Assert.Null(t.Title));
        Assert.False(theirs.MayEditTasks);

        var today = await work.MyTasksAsync(Viewer(worker, Roles.CaseWorker), 20, ct);
        Assert.Equal(["Call Qwertzuiop about the hearing", "Later follow-up"], today.Select(t => t.Title));
        Assert.True(today[0].Overdue);
        Assert.Empty(await work.MyTasksAsync(Viewer(coordinator, Roles.Coordinator), 20, ct));

        await using (var db = app.NewContext())
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseTask).OrderBy(e => e.Sequence).ToListAsync(ct);
            Assert.Equal(["add", "add", "read", "read-mine"], entries.Select(e => System.Text.Json.JsonDocument.Parse(e.Details!).RootElement.GetProperty("operation").GetString()));
            Assert.All(entries, e => Assert.DoesNotContain("Qwertzuiop", e.Details + e.Reason, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddTask_MissingFieldsOrForeignAssignee_InvalidPerFieldAndNothingStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("task-worker", "NGO A", Roles.CaseWorker);
        var stranger = await app.AddUserAsync("stranger", "NGO B", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput());
        await using var scope = app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<CaseWorkService>();

        var invalid = await work.AddTaskAsync(caseId, new CaseTaskInput(" ", null, stranger.Id), Viewer(worker, Roles.CaseWorker), ct);
        var forbidden = await work.AddTaskAsync(caseId, new CaseTaskInput("x", Today, stranger.Id), Viewer(stranger, Roles.CaseWorker), ct);

        Assert.Equal(ProblemKind.Invalid, invalid.Problem!.Kind);
        Assert.Equal(["Title", "DueOn", "AssigneeUserId"], invalid.Problem.Errors.Select(e => e.Field));
        Assert.Equal(ProblemKind.NotFound, forbidden.Problem!.Kind);
        await using var db = app.NewContext();
        Assert.Equal(0, await db.Set<CaseTask>().CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assign_UnassignedByAnyWorker_ThenOnlyAssigneeOrCoordinatorOfTheOrganisation(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var first = await app.AddUserAsync("first-worker", "NGO A", Roles.CaseWorker);
        var second = await app.AddUserAsync("second-worker", "NGO A", Roles.CaseWorker);
        var lead = await app.AddUserAsync("ngo-lead", "NGO A", Roles.Coordinator);
        var national = await app.AddUserAsync("national", "Coordination", Roles.Coordinator);
        var caseId = await CaseSearchTests.CreateAsync(app, first.OrganisationId, CaseApiTests.ValidInput("C-ASSN-0001"));
        await using var scope = app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<CaseWorkService>();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();

        Assert.True((await work.AssignAsync(caseId, second.Id, Viewer(first, Roles.CaseWorker), ct)).Succeeded);
        Assert.Equal(ProblemKind.Forbidden, (await work.AssignAsync(caseId, first.Id, Viewer(first, Roles.CaseWorker), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await work.AssignAsync(caseId, first.Id, Viewer(national, Roles.Coordinator), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Invalid, (await work.AssignAsync(caseId, lead.Id, Viewer(second, Roles.CaseWorker), ct)).Problem!.Kind);
        Assert.True((await work.AssignAsync(caseId, first.Id, Viewer(second, Roles.CaseWorker), ct)).Succeeded);
        Assert.True((await work.AssignAsync(caseId, second.Id, Viewer(lead, Roles.Coordinator), ct)).Succeeded);

        var list = await cases.ListAsync(new CaseQuery(), Viewer(first, Roles.CaseWorker), ct);
        Assert.Equal("second-worker", list.Items.Single().AssignedTo);
        await using var db = app.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseAssign).OrderBy(e => e.Sequence).ToListAsync(ct);
        Assert.Equal([AuditOutcomes.Success, AuditOutcomes.Denied, AuditOutcomes.Denied, AuditOutcomes.Success, AuditOutcomes.Success], entries.Select(e => e.Outcome));
        Assert.Contains($"\"to\":\"{second.Id}\"", entries[^1].Details, StringComparison.Ordinal);
        Assert.Contains($"\"from\":\"{first.Id}\"", entries[^1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WorkPage_AddTaskMarkDone_ShownOnMyTasksUntilDone(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("task-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-PAGE-0001"));
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");
        var path = $"/Cases/Work/{caseId}";

        var missing = await PageRenderingTests.PostFormAsync(client, path + "?handler=Add", new() { ["Title"] = "", ["DueOn"] = "", ["AssigneeUserId"] = worker.Id.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = PageRenderingTests.Parser.ParseDocument(await missing.Content.ReadAsStringAsync(ct));
        Assert.Contains("Aufgabe", errors.QuerySelector("#Title-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Fällig am", errors.QuerySelector("#DueOn-error")!.TextContent, StringComparison.Ordinal);

        var added = await PageRenderingTests.PostFormAsync(client, path + "?handler=Add",
            new() { ["Title"] = "Begleitung zum Termin", ["DueOn"] = "2026-06-14", ["AssigneeUserId"] = worker.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var mine = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Cases/MyTasks", ct));
        var item = mine.QuerySelector("#my-tasks li")!.TextContent;
        Assert.Contains("Begleitung zum Termin", item, StringComparison.Ordinal);
        Assert.Contains("Überfällig", item, StringComparison.Ordinal);
        Assert.Contains("14.06.2026", item, StringComparison.Ordinal);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        var done = page.QuerySelector("#tasks form")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await PageRenderingTests.PostFormAsync(client, path, new(), done)).StatusCode);
        var after = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Cases/MyTasks", ct));
        Assert.Null(after.QuerySelector("#my-tasks"));
        Assert.NotNull(PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct)).QuerySelector("#tasks tr.task-done"));
    }
}
