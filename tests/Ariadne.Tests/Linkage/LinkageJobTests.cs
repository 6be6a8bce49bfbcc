using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Jobs;
using Ariadne.Core.Linkage;
using Ariadne.Core.Users;
using Ariadne.Tests.Duplicates;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// The long runs of issue 16 as background jobs: the duplicate search, the operator's match and the estimate from the
/// database are started by the API with 202 and the job's address, run by a node's runner (called here directly, no
/// timer), and their result is fetched from the jobs API; the pages that start the match and the estimate name a wrong
/// field and send a right submission to the job's page; the Core methods stop when cancelled and leave nothing behind.
/// </summary>
public sealed class LinkageJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_DuplicateSearchMatchAndEstimate_Answer202_ResultFromTheJobsApi(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var humans = AgencyLinkageTests.Population(30);
        var (_, organisations) = await AgencyLinkageTests.SeedAsync(app, humans);
        var police = organisations[AgencyLinkageTests.Agencies[0]];
        var coordinator = await app.BearerClientAsync(await app.AddUserAsync("jobs-coordinator", AgencyLinkageTests.Agencies[0], Roles.Coordinator));
        var analystUser = await app.AddUserAsync("jobs-analyst", "Linkage Unit", Roles.Analyst);
        var analyst = await app.BearerClientAsync(analystUser);

        // The duplicate search: a wrong field is answered at once, a right one queues a job.
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsJsonAsync("/api/v1/duplicates/runs", new { organisationId = police, threshold = 2.0 }, Ct)).StatusCode);
        var search = await coordinator.PostAsJsonAsync("/api/v1/duplicates/runs", new { organisationId = police, threshold = 0.9, lowerBound = 0.2 }, Ct);
        var searchJob = await AcceptedAsync(search);
        Assert.Equal("Queued", (await coordinator.GetFromJsonAsync<JsonElement>(search.Headers.Location, Ct)).GetProperty("state").GetString());
        Assert.Equal(1, await app.RunJobsAsync());
        var searched = await coordinator.GetFromJsonAsync<JsonElement>(search.Headers.Location, Ct);
        Assert.Equal(("Succeeded", DuplicateRunJob.ResultPath), (searched.GetProperty("state").GetString(), searched.GetProperty("resultPath").GetString()));
        var run = DuplicateRunJob.ReadOutput(await coordinator.GetByteArrayAsync($"/api/v1/jobs/{searchJob}/output", Ct))!;
        int policeCases;
        await using (var db = app.NewContext())
        {
            policeCases = await db.Cases.CountAsync(c => c.OrganisationId == police, Ct);
            Assert.Equal(run.Id, (await db.Set<DuplicateRun>().SingleAsync(Ct)).Id);
        }
        Assert.Equal(policeCases, run.Persons);

        // The operator's match: the encodings files are the job's input; its output is the zip of the agencies' results.
        var uploads = await EncodeAllAsync(app, organisations);
        using var form = new MultipartFormDataContent();
        foreach (var upload in uploads)
        {
            var file = new ByteArrayContent(upload.Content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "files", upload.FileName);
        }
        var match = await analyst.PostAsync("/api/v1/linkage/matches", form, Ct);
        var matchJob = await AcceptedAsync(match);
        await using (var db = app.NewContext())
        {
            var input = Encoding(await db.BackgroundJobs.Where(j => j.Id == matchJob).Select(j => j.Input).SingleAsync(Ct));
            Assert.DoesNotContain(humans[0].FamilyName, input, StringComparison.Ordinal);
        }
        Assert.Equal(1, await app.RunJobsAsync());
        var matched = await analyst.GetFromJsonAsync<JsonElement>(match.Headers.Location, Ct);
        Assert.Equal("Succeeded", matched.GetProperty("state").GetString());
        Assert.Equal($"/api/v1/jobs/{matchJob}/output", matched.GetProperty("outputUrl").GetString());
        using var zip = new ZipArchive(new MemoryStream(await analyst.GetByteArrayAsync($"/api/v1/jobs/{matchJob}/output", Ct)));
        Assert.Equal(uploads.Select(u => Path.GetFileNameWithoutExtension(u.FileName) + ".csv").Order(), zip.Entries.Select(e => e.FullName).Order());
        // Another user is told the job does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync(match.Headers.Location, Ct)).StatusCode);
        await ImportAllAsync(app, organisations, zip);

        // The estimate from the database.
        var estimate = await analyst.PostAsJsonAsync("/api/v1/estimates/mse", new { source = "database", by = "organisation", model = "stepwise" }, Ct);
        var estimateJob = await AcceptedAsync(estimate);
        Assert.Equal(1, await app.RunJobsAsync());
        var output = JsonDocument.Parse(await analyst.GetByteArrayAsync($"/api/v1/jobs/{estimateJob}/output", Ct)).RootElement;
        Assert.Equal(humans.Count, output.GetProperty("estimate").GetProperty("observed").GetInt64());
        Assert.True(output.GetProperty("estimate").GetProperty("selected").GetProperty("estimate").GetDouble() >= humans.Count);
        Assert.Equal(AgencyLinkageTests.Agencies.Order(StringComparer.Ordinal), output.GetProperty("lists").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(humans.Count, output.GetProperty("patterns").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64()));

        // The pages that start the match and the estimate: a wrong field is named next to it (400, nothing queued), a
        // right submission is sent to the job's status page.
        var pages = await Pages.PageRenderingTests.SignedInClientAsync(app, analystUser, "en");
        var queued = await QueuedAsync(app);
        var badMatch = await PostMultipartAsync(pages, "/Linkage/Match", new() { ["Threshold"] = "1.5" }, [uploads[0]]);
        Assert.Equal(HttpStatusCode.BadRequest, badMatch.StatusCode);
        var badMatchPage = Pages.PageRenderingTests.Parser.ParseDocument(await badMatch.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(badMatchPage.QuerySelector("#Threshold-error"));
        Assert.NotNull(badMatchPage.QuerySelector("#Files-error"));
        var badEstimate = await PostMultipartAsync(pages, "/Linkage/Estimate?handler=Database", new() { ["By"] = "region", ["Model"] = "aic" }, []);
        Assert.Equal(HttpStatusCode.BadRequest, badEstimate.StatusCode);
        var badEstimatePage = Pages.PageRenderingTests.Parser.ParseDocument(await badEstimate.Content.ReadAsStringAsync(Ct));
        Assert.Contains("region", badEstimatePage.QuerySelector("#By-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains("aic", badEstimatePage.QuerySelector("#Model-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(queued, await QueuedAsync(app));
        var goodMatch = await PostMultipartAsync(pages, "/Linkage/Match", new() { ["Threshold"] = "0.65" }, uploads);
        Assert.Equal(HttpStatusCode.Redirect, goodMatch.StatusCode);
        Assert.StartsWith("/Jobs/Status/", goodMatch.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var goodEstimate = await PostMultipartAsync(pages, "/Linkage/Estimate?handler=Database", new() { ["By"] = "organisation-type", ["Model"] = "bic" }, []);
        Assert.Equal(HttpStatusCode.Redirect, goodEstimate.StatusCode);
        Assert.StartsWith("/Jobs/Status/", goodEstimate.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(queued + 2, await QueuedAsync(app));

        // The OpenAPI document says that these three answer 202.
        var document = JsonDocument.Parse(await analyst.GetStringAsync("/openapi/v1.json", Ct)).RootElement.GetProperty("paths");
        Assert.True(document.GetProperty("/api/v1/duplicates/runs").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(document.GetProperty("/api/v1/linkage/matches").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(document.GetProperty("/api/v1/estimates/mse").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
    }

    private static async Task<int> QueuedAsync(TestApp app)
    {
        await using var db = app.NewContext();
        return await db.BackgroundJobs.CountAsync(j => j.State == JobState.Queued, Ct);
    }

    /// <summary>Posts a page's form as multipart (fields and files) with the antiforgery token of the page's form.</summary>
    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string path, Dictionary<string, string> fields, IEnumerable<EncodingsUpload> files)
    {
        var page = Pages.PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path.Split('?')[0], Ct));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector("main form input[name='__RequestVerificationToken']")!.GetAttribute("value")!), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        foreach (var file in files)
        {
            content.Add(new ByteArrayContent(file.Content), "Files", file.FileName);
        }
        return await client.PostAsync(path, content, Ct);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cancelled_DuplicateSearchAndMatch_StopAtTheNextReport_NothingStored(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AddUserAsync("cancel-coordinator", "NGO A", Roles.Coordinator);
        await DuplicateServiceTests.RegistryAsync(app, coordinator.OrganisationId, 40, 3, 7);
        await using var scope = app.Services.CreateAsyncScope();
        var viewer = new CaseViewer(coordinator.Id, coordinator.OrganisationId, new HashSet<string> { Roles.Coordinator });

        // Cancelled while the matcher compares (the user pressed "cancel", or the node stops).
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var stages = new List<string>();
            var progress = new Inline(p =>
            {
                stages.Add(p.Stage);
                if (p.Stage == "Comparing")
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                scope.ServiceProvider.GetRequiredService<DuplicateService>().RunAsync(new DuplicateRunRequest(coordinator.OrganisationId), viewer, progress, cancel.Token));
            Assert.Equal(["Opening", "Comparing"], stages.Distinct());
        }
        await using (var db = app.NewContext())
        {
            Assert.False(await db.Set<DuplicateRun>().AnyAsync(Ct));
            Assert.False(await db.Set<DuplicatePair>().AnyAsync(Ct));
        }

        var (_, organisations) = await AgencyLinkageTests.SeedAsync(app, AgencyLinkageTests.Population(12));
        var uploads = await EncodeAllAsync(app, organisations);
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            var stages = new List<string>();
            var progress = new Inline(p =>
            {
                stages.Add(p.Stage);
                if (p.Stage == "Blocking")
                {
                    cancel.Cancel();
                }
            });
            var temporary = Directory.GetDirectories(Path.GetTempPath(), "ariadne-match-*").Length;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                scope.ServiceProvider.GetRequiredService<OperatorLinkage>().RunMatchAsync(uploads, 0.65, new AuditActor(null, "t", null), progress, cancel.Token));
            Assert.DoesNotContain("Writing", stages);
            Assert.True(Directory.GetDirectories(Path.GetTempPath(), "ariadne-match-*").Length <= temporary);
        }
        await using (var db = app.NewContext())
        {
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.LinkageMatch, Ct));
        }
    }

    private static async Task<Guid> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var job = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = job.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/jobs/{id}", response.Headers.Location!.AbsolutePath);
        return id;
    }

    private static string Encoding(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    internal static async Task<List<EncodingsUpload>> EncodeAllAsync(TestApp app, Dictionary<string, Guid> organisations)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        var uploads = new List<EncodingsUpload>();
        foreach (var (name, id) in organisations)
        {
            using var output = new MemoryStream();
            Assert.True((await agency.EncodeAsync(id, [.. AgencyLinkageTests.Secret], output, new AuditActor(null, "t", null), null, Ct)).Succeeded);
            uploads.Add(new EncodingsUpload(name.Replace(' ', '-') + ".enc", output.ToArray()));
        }
        return uploads;
    }

    private static async Task ImportAllAsync(TestApp app, Dictionary<string, Guid> organisations, ZipArchive zip)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var agency = scope.ServiceProvider.GetRequiredService<AgencyLinkage>();
        foreach (var (name, id) in organisations)
        {
            var entry = zip.GetEntry(name.Replace(' ', '-') + ".csv")!;
            await using var stream = entry.Open();
            Assert.True((await agency.ImportClustersAsync(id, stream, entry.Name, new AuditActor(null, "t", null), Ct)).Succeeded);
        }
    }

    private sealed class Inline(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
