using System.Net;
using System.Net.Http.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.AuditReview;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Audit;

/// <summary>
/// The auditor reads names, not ids (users, organisations, case codes), and details as key/value pairs, not JSON; the
/// filtered entries export as CSV (page and API), and the export is itself in the log.
/// </summary>
public sealed class AuditReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AuditPage_ShowsNamesForIds_AndDetailsAsKeyValuePairs(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var auditor = await app.AddUserAsync("review-auditor", "Oversight Office", Roles.Auditor);
        var moved = await app.AddUserAsync("review-moved", "Shelter East", twoFactor: false, Roles.CaseWorker);
        var target = await app.AddUserAsync("review-other", "Shelter West", twoFactor: false, Roles.CaseWorker);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var change = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .ChangeAsync(moved.Id, new UserChange(null, target.OrganisationId), Ct);
            Assert.True(change.Succeeded, change.ToString());
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, auditor, "en");

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Audit?action=user-update", Ct));

        var row = page.QuerySelector("table.audit tbody tr")!;
        var text = row.TextContent;
        Assert.Contains("review-moved", text, StringComparison.Ordinal);
        Assert.Contains("Shelter West", text, StringComparison.Ordinal);
        Assert.Contains("Shelter East", text, StringComparison.Ordinal);
        Assert.DoesNotContain(moved.Id.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", text, StringComparison.Ordinal);
        Assert.Contains("organisationId", row.QuerySelector("dl.audit-details")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_FilteredEntriesAsCsv_FormulaDefused_ExportAudited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" });
        var auditor = await app.AddUserAsync("export-auditor", "Oversight Office", Roles.Auditor);
        // A failed sign-in whose typed user name a spreadsheet would run as a formula.
        await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "=HYPERLINK(1)", password = "wrong-password-123" }, Ct);
        var client = await PageRenderingTests.SignedInClientAsync(app, auditor, "de");
        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Audit?action=sign-in-failed", Ct));
        var link = page.QuerySelector("a[download]")!.GetAttribute("href")!;
        Assert.Contains("action=sign-in-failed", link, StringComparison.Ordinal);

        var response = await client.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(string.Join(",", AuditReader.CsvColumns), lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Contains(",'=HYPERLINK(1),", lines[1], StringComparison.Ordinal);
        Assert.Contains(",sign-in-failed,", lines[1], StringComparison.Ordinal);
        await using var db = app.NewContext();
        var export = await db.AuditEntries.Where(e => e.Action == AuditActions.Export && e.SubjectType == "audit-log").SingleAsync(Ct);
        Assert.Equal("export-auditor", export.ActorName);
        Assert.Contains("\"filter.action\":\"sign-in-failed\"", export.Details, StringComparison.Ordinal);
        Assert.Contains("\"entries\":\"1\"", export.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiExport_Auditor_Csv_InvalidFilterNamed()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var auditor = await app.BearerClientAsync(await app.AddUserAsync("api-export-auditor", "Oversight Office", Roles.Auditor));

        var csv = await auditor.GetAsync("/api/v1/audit/export?action=sign-in", Ct);
        var invalid = await auditor.GetAsync("/api/v1/audit/export?from=yesterday", Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("api-export-auditor", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("\"from\"", await invalid.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
