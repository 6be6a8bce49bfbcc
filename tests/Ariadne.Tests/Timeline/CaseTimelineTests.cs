using System.Net;
using System.Text.Json;
using Ariadne.Core.Attachments;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Timeline;
using Ariadne.Core.Users;
using Ariadne.Tests.Attachments;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Timeline;

/// <summary>Issue 15, case work: a case's timeline from the domain records and the audit log, and its printable summary.</summary>
public sealed class CaseTimelineTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    /// <summary>A case of "NGO A" with a task (done), a note, a consent, an attachment and an assignment.</summary>
    private static async Task<Guid> CaseWithHistoryAsync(TestApp app, TestApp.TestUser worker, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput(code) with { GivenName = "Timelinegiven" });
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var me = Viewer(worker, Roles.CaseWorker);
        var work = services.GetRequiredService<CaseWorkService>();
        var task = (await work.AddTaskAsync(caseId, new CaseTaskInput("Call the secret Qwertzuiop", Today.AddDays(3), worker.Id), me, ct)).Unwrap();
        Assert.True((await work.SetDoneAsync(caseId, task.Id, true, me, ct)).Succeeded);
        Assert.True((await work.AddNoteAsync(caseId, new CaseNoteInput(Today.AddDays(-1), "Secret note Qwertzuiop"), me, ct)).Succeeded);
        Assert.True((await work.AssignAsync(caseId, worker.Id, me, ct)).Succeeded);
        Assert.True((await services.GetRequiredService<ConsentService>().RecordAsync(caseId,
            new ConsentInput(ConsentPurpose.Contact, null, Today.AddDays(-2), ConsentMethod.Oral, null), me, ct)).Succeeded);
        Assert.True((await services.GetRequiredService<CaseAttachmentService>().AddAsync(caseId,
            new AttachmentUpload("Qwertzuiop.png", CaseAttachmentTests.Png.Length, new MemoryStream(CaseAttachmentTests.Png)), me, ct)).Succeeded);
        return caseId;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Timeline_ListsWhatHappenedInDateOrder_NothingSealed_SameAccessAsTheCase(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("timeline-worker", "NGO A", Roles.CaseWorker);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var coordinator = await app.AddUserAsync("coordinator", "Coordination", Roles.Coordinator);
        var caseId = await CaseWithHistoryAsync(app, worker, "C-TIME-0001");
        await using var scope = app.Services.CreateAsyncScope();
        var timelines = scope.ServiceProvider.GetRequiredService<CaseTimelineService>();

        var timeline = (await timelines.GetAsync(caseId, Viewer(worker, Roles.CaseWorker), ct)).Unwrap();
        var kinds = timeline.Entries.Select(e => e.Kind).ToList();
        foreach (var kind in new[] { TimelineKinds.CaseCreated, TimelineKinds.TaskCreated, TimelineKinds.TaskDone, TimelineKinds.NoteAdded, TimelineKinds.ConsentGiven, TimelineKinds.AttachmentAdded, TimelineKinds.Assigned })
        {
            Assert.Contains(kind, kinds);
        }
        Assert.Equal(timeline.Entries.OrderBy(e => e.AtUtc), timeline.Entries);
        // Day-only records sort on their day: the consent given two days ago and the note about yesterday come before today's records.
        Assert.Equal(TimelineKinds.ConsentGiven, kinds[0]);
        Assert.Equal(TimelineKinds.NoteAdded, kinds[1]);
        Assert.Equal("PNG", timeline.Entries.Single(e => e.Kind == TimelineKinds.AttachmentAdded).Detail);
        Assert.Equal(Today.AddDays(3), timeline.Entries.Single(e => e.Kind == TimelineKinds.TaskCreated).DueOn);
        Assert.DoesNotContain(timeline.Entries, e => (e.Detail ?? "").Contains("Qwertzuiop", StringComparison.Ordinal));

        Assert.Equal(kinds, (await timelines.GetAsync(caseId, Viewer(coordinator, Roles.Coordinator), ct)).Unwrap().Entries.Select(e => e.Kind));
        Assert.Equal(ProblemKind.NotFound, (await timelines.GetAsync(caseId, Viewer(other, Roles.CaseWorker), ct)).Problem!.Kind);

        var client = await app.BearerClientAsync(worker);
        var json = await client.GetStringAsync($"/api/v1/cases/{caseId}/timeline", ct);
        Assert.DoesNotContain("Qwertzuiop", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(kinds.Count, doc.RootElement.GetProperty("entries").GetArrayLength());
        var stranger = await app.BearerClientAsync(other);
        var missing = await stranger.GetAsync($"/api/v1/cases/{caseId}/timeline", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("en", "Note added", "Consent given")]
    [InlineData("de", "Notiz hinzugefügt", "Einwilligung erteilt")]
    public async Task TimelinePage_LocalisedLabelsAndTheProductsDateFormat(string culture, string noteLabel, string consentLabel)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("timeline-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseWithHistoryAsync(app, worker, "C-TIME-0002");
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, culture);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Cases/Timeline/{caseId}", ct));
        var items = page.QuerySelectorAll("#timeline li").Select(li => li.TextContent).ToList();
        var consentDay = Today.AddDays(-2);
        Assert.Contains(consentLabel, items[0], StringComparison.Ordinal);
        Assert.Contains(culture == "de" ? consentDay.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture) : consentDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), items[0], StringComparison.Ordinal);
        Assert.Contains(noteLabel, items[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Qwertzuiop", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var details = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Cases/Details/{caseId}", ct));
        Assert.NotNull(details.QuerySelector($"a[href='/Cases/Timeline/{caseId}']"));
        Assert.NotNull(details.QuerySelector($"a[href='/Cases/Summary/{caseId}']"));
    }

    [Fact]
    public async Task SummaryPage_IdentityOnlyWhileRevealed_PrintStyles_AuditedAsPrint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("timeline-worker", "NGO A", Roles.CaseWorker);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var caseId = await CaseWithHistoryAsync(app, worker, "C-TIME-0003");
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");
        var path = $"/Cases/Summary/{caseId}";

        var hidden = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.DoesNotContain("Timelinegiven", hidden.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.NotNull(hidden.QuerySelector("#case-summary #timeline"));
        Assert.Contains("C-TIME-0003", hidden.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Consent", hidden.QuerySelector("#case-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("@media print", await client.GetStringAsync("/css/site.css", ct), StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<CaseReveal>().RevealAsync(caseId, Viewer(worker, Roles.CaseWorker), "synthetic test", ct)).Succeeded);
        }
        var revealed = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.Equal("Timelinegiven", revealed.QuerySelector("#summary-given-name")!.TextContent.Trim());

        var stranger = await PageRenderingTests.SignedInClientAsync(app, other, "en");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path, ct)).StatusCode);
        await using var db = app.NewContext();
        var prints = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Print && e.SubjectId == caseId.ToString()).ToListAsync(ct);
        Assert.Equal(2, prints.Count);
        Assert.All(prints, p => Assert.Contains("case-summary", p.Details, StringComparison.Ordinal));
        Assert.Single(prints, p => p.Details!.Contains("\"identity\":\"revealed\"", StringComparison.Ordinal));
    }
}
