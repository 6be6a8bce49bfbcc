using System.Net;
using Ariadne.Core.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Jobs;

/// <summary>
/// The job page works without JavaScript: while the job runs it reloads itself (meta refresh) and shows a labelled
/// progress bar and the stage in the user's language; when it has finished it offers the result and the file; it is the
/// starter's alone.
/// </summary>
public sealed class JobPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Running", "40 %", "Download clusters.csv")]
    [InlineData("de", "Läuft", "40 %", "clusters.csv herunterladen")]
    public async Task Status_RunningThenFinished_ProgressRefreshAndDownload_ForTheStarterOnly(string culture, string running, string percent, string download)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var starter = await app.AddUserAsync("job-starter", "Agency A", Roles.Coordinator);
        var other = await app.AddUserAsync("job-other", "Agency A", Roles.Coordinator);
        var id = Guid.NewGuid();
        await using (var db = app.Database.NewContext())
        {
            db.BackgroundJobs.Add(new BackgroundJob
            {
                Id = id,
                Kind = "linkage-match",
                State = JobState.Running,
                ActorUserId = starter.Id,
                ActorName = starter.UserName,
                Roles = Roles.Coordinator,
                Progress = 0.4,
                Stage = "Comparing",
                CreatedAtUtc = TestApp.Now.UtcDateTime,
                StartedAtUtc = TestApp.Now.UtcDateTime,
                HeartbeatAtUtc = TestApp.Now.UtcDateTime,
            });
            await db.SaveChangesAsync(Ct);
        }
        var client = await PageRenderingTests.SignedInClientAsync(app, starter, culture);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Jobs/Status/{id}", Ct));
        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Equal("40", page.QuerySelector("progress#job-progress")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("label[for=job-progress]"));
        Assert.Contains(running, page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(percent, page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        await using (var db = app.Database.NewContext())
        {
            await db.BackgroundJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Succeeded).SetProperty(j => j.Progress, 1)
                .SetProperty(j => j.FinishedAtUtc, TestApp.Now.UtcDateTime).SetProperty(j => j.OutputFileName, "clusters.csv")
                .SetProperty(j => j.OutputContentType, "text/csv").SetProperty(j => j.Output, "record_id,cluster_id\n"u8.ToArray()), Ct);
        }
        var done = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Jobs/Status/{id}", Ct));
        Assert.Null(done.QuerySelector("meta[http-equiv=refresh]"));
        var link = done.QuerySelectorAll("a").Single(a => a.TextContent.Contains(download, StringComparison.Ordinal));
        Assert.Equal("record_id,cluster_id\n", await client.GetStringAsync(link.GetAttribute("href"), Ct));

        var stranger = await PageRenderingTests.SignedInClientAsync(app, other, culture);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Jobs/Status/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Jobs/Status/{id}?handler=Download", Ct)).StatusCode);
        var list = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Jobs", Ct));
        Assert.Single(list.QuerySelectorAll($"a[href='/Jobs/Status/{id}']"));
    }
}
