using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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

/// <summary>Issue 15, case work: dated case notes (sealed, read only by the owning organisation's case workers, audited).</summary>
public sealed class CaseNoteTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddNote_TextSealedReadOnlyByOwnCaseWorkersAudited(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("note-worker", "NGO A", Roles.CaseWorker);
        var other = await app.AddUserAsync("other-worker", "NGO B", Roles.CaseWorker);
        var coordinator = await app.AddUserAsync("coordinator", "Coordination", Roles.Coordinator);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-NOTE-0001"));
        await using var scope = app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<CaseWorkService>();

        var added = await work.AddNoteAsync(caseId, new CaseNoteInput(Today.AddDays(-2), "Met Qwertzuiop at the shelter"), Viewer(worker, Roles.CaseWorker), ct);
        Assert.True(added.Succeeded, added.ToString());
        await work.AddNoteAsync(caseId, new CaseNoteInput(Today, "Phone call"), Viewer(worker, Roles.CaseWorker), ct);

        await using (var db = app.NewContext())
        {
            var stored = await db.Set<CaseNote>().AsNoTracking().SingleAsync(n => n.Id == added.Value!.Id, ct);
            Assert.DoesNotContain("Qwertzuiop", Encoding.UTF8.GetString(stored.TextCiphertext!), StringComparison.Ordinal);
            Assert.Equal(worker.Id, stored.AuthorUserId);
        }
        var mine = (await work.NotesAsync(caseId, Viewer(worker, Roles.CaseWorker), ct)).Unwrap();
        Assert.True(mine.TextsOpen);
        Assert.True(mine.MayAdd);
        Assert.Equal(["Phone call", "Met Qwertzuiop at the shelter"], mine.Notes.Select(n => n.Text));
        Assert.Equal("note-worker", mine.Notes[0].AuthorName);

        var theirs = (await work.NotesAsync(caseId, Viewer(coordinator, Roles.Coordinator), ct)).Unwrap();
        Assert.All(theirs.Notes, n => Assert.Null(n.Text));
        Assert.False(theirs.MayAdd);
        Assert.Equal(ProblemKind.Forbidden, (await work.AddNoteAsync(caseId, new CaseNoteInput(Today, "x"), Viewer(coordinator, Roles.Coordinator), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await work.NotesAsync(caseId, Viewer(other, Roles.CaseWorker), ct)).Problem!.Kind);

        var invalid = await work.AddNoteAsync(caseId, new CaseNoteInput(Today.AddDays(1), "  "), Viewer(worker, Roles.CaseWorker), ct);
        Assert.Equal(["NotedOn", "Text"], invalid.Problem!.Errors.Select(e => e.Field));

        await using (var db = app.NewContext())
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseNote).OrderBy(e => e.Sequence).ToListAsync(ct);
            Assert.All(entries, e => Assert.Equal(caseId.ToString(), e.SubjectId));
            Assert.All(entries, e => Assert.DoesNotContain("Qwertzuiop", e.Details, StringComparison.Ordinal));
            Assert.Equal(2, entries.Count(e => (e.Details ?? "").Contains("\"operation\":\"add\"", StringComparison.Ordinal) && e.Outcome == AuditOutcomes.Success));
            Assert.Single(entries, e => e.Outcome == AuditOutcomes.Denied);
            // Only the owning case worker's reading opened texts, so only it is a "read".
            Assert.Single(entries, e => (e.Details ?? "").Contains("\"operation\":\"read\"", StringComparison.Ordinal));
            Assert.Equal(2, await db.Set<CaseNote>().CountAsync(ct));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_AddAndListNotes_InvalidFieldsAreProblemDetailsNamingTheField(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("note-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-NOTE-0002"));
        var client = await app.BearerClientAsync(worker);

        var bad = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { notedOn = "2026-06-01", text = "" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(ct)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("text", out _), problem.RootElement.ToString());
        }

        var created = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { notedOn = "2026-06-01", text = "Accompanied to the clinic" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await client.GetStringAsync($"/api/v1/cases/{caseId}/notes", ct);
        using var doc = JsonDocument.Parse(list);
        var note = Assert.Single(doc.RootElement.GetProperty("notes").EnumerateArray());
        Assert.Equal("Accompanied to the clinic", note.GetProperty("text").GetString());
        Assert.Equal("2026-06-01", note.GetProperty("notedOn").GetString());

        var missing = await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/notes", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WorkPage_AddNote_ErrorsNameTheFieldThenListedWithDateAndAuthor(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("note-worker", "NGO A", Roles.CaseWorker);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-NOTE-0003"));
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");
        var path = $"/Cases/Work/{caseId}";

        var missing = await PageRenderingTests.PostFormAsync(client, path + "?handler=Note", new() { ["NotedOn"] = "", ["Text"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = PageRenderingTests.Parser.ParseDocument(await missing.Content.ReadAsStringAsync(ct));
        Assert.Contains("Datum", errors.QuerySelector("#NotedOn-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Notiz", errors.QuerySelector("#Text-error")!.TextContent, StringComparison.Ordinal);

        var added = await PageRenderingTests.PostFormAsync(client, path + "?handler=Note", new() { ["NotedOn"] = "2026-06-14", ["Text"] = "Termin beim Anwalt" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        var item = page.QuerySelector("#notes li")!.TextContent;
        Assert.Contains("Termin beim Anwalt", item, StringComparison.Ordinal);
        Assert.Contains("14.06.2026", item, StringComparison.Ordinal);
        Assert.Contains("note-worker", item, StringComparison.Ordinal);
    }
}
