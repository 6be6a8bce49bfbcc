using System.Net;
using Ariadne.Core.Data;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Duplicates;

/// <summary>
/// The coordinator's journey through the server-rendered forms (no JavaScript), in English and German: run (a background
/// job, followed on its page), open a pair, accept, see "same person" on the case page, un-merge there; a case worker sees the link but not the pages.
/// </summary>
public sealed class DuplicatePagesTests
{
    [Theory]
    [InlineData("en", "Same person as case", "Duplicate search")]
    [InlineData("de", "Dieselbe Person wie Fall", "Dublettensuche")]
    public async Task Coordinator_RunReviewAcceptSeeOnCaseUnmerge_CaseWorkerSeesLinkOnly(string culture, string samePerson, string searchKind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AddUserAsync("page-coordinator", "NGO A", Roles.Coordinator);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var (originals, copies) = await DuplicateServiceTests.RegistryAsync(app, coordinator.OrganisationId, 40, 6);
        var client = await PageRenderingTests.SignedInClientAsync(app, coordinator, culture);

        var run = await PageRenderingTests.PostFormAsync(client, "/Duplicates?handler=Run", new()
        {
            ["OrganisationId"] = coordinator.OrganisationId.ToString(),
            ["Threshold"] = "0.9",
            ["LowerBound"] = "0.2",
        });
        // The search runs as a background job: the form goes to the job's page, which links to the review queue when it has finished.
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var jobPage = run.Headers.Location!.OriginalString;
        Assert.StartsWith("/Jobs/Status/", jobPage, StringComparison.Ordinal);
        Assert.Equal(1, await app.RunJobsAsync());
        var status = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(jobPage, ct));
        Assert.Null(status.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Contains(searchKind, status.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(status.QuerySelector("a[href='/Duplicates']"));
        Guid pairId;
        await using (var db = app.NewContext())
        {
            pairId = await db.Set<DuplicatePair>().Where(p => p.LeftCaseId == originals[6] && p.RightCaseId == copies[0] || p.LeftCaseId == copies[0] && p.RightCaseId == originals[6])
                .Select(p => p.Id).SingleAsync(ct);
        }
        var queue = await client.GetStringAsync("/Duplicates", ct);
        Assert.Contains($"/Duplicates/Pair/{pairId}", queue, StringComparison.Ordinal);
        var pairPage = await client.GetStringAsync($"/Duplicates/Pair/{pairId}", ct);
        Assert.Contains("id=\"waterfall\"", pairPage, StringComparison.Ordinal);
        Assert.DoesNotContain(DuplicateServiceTests.Synthetic(6).FamilyName!, pairPage, StringComparison.Ordinal);

        var accepted = await PageRenderingTests.PostFormAsync(client, $"/Duplicates/Pair/{pairId}?handler=Accept", new() { ["Reason"] = "same document" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var details = await client.GetStringAsync($"/Cases/Details/{originals[6]}", ct);
        Assert.Contains(samePerson, details, StringComparison.Ordinal);
        Assert.Contains("C-DUP-0006-0", details, StringComparison.Ordinal);

        var workerClient = await PageRenderingTests.SignedInClientAsync(app, worker, culture);
        var workerDetails = await workerClient.GetStringAsync($"/Cases/Details/{originals[6]}", ct);
        Assert.Contains(samePerson, workerDetails, StringComparison.Ordinal);
        Assert.DoesNotContain("case-unmerge-form", workerDetails, StringComparison.Ordinal);
        var denied = await workerClient.GetAsync("/Duplicates", ct);
        Assert.Contains("/Account/AccessDenied", denied.Headers.Location?.OriginalString ?? denied.RequestMessage?.RequestUri?.ToString() ?? "", StringComparison.Ordinal);

        string mergeId;
        await using (var db = app.NewContext())
        {
            mergeId = (await db.Set<PersonMerge>().SingleAsync(ct)).Id.ToString();
        }
        var undo = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{originals[6]}", new() { ["mergeId"] = mergeId, ["caseId"] = originals[6].ToString() },
            postTo: "/Duplicates?handler=Unmerge");
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.DoesNotContain(samePerson, await client.GetStringAsync($"/Cases/Details/{originals[6]}", ct), StringComparison.Ordinal);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.Persons.CountAsync(p => p.ClusterKey != null, ct));
        }
    }
}
