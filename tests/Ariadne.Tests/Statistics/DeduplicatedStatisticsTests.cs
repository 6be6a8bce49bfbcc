using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// Issue 16, item 3: statistics that count each person once (persons sharing a <see cref="Core.Cases.Person.ClusterKey"/>
/// are one human being; a case counts only when it is the first of its cluster), in the API, the page and the CLI; on
/// by default once any person is in a cluster; the mode logged so that a reproduction repeats it; the cases set aside
/// stated, protected like a cell; and a table of each mode cannot be subtracted to reveal a small number of them.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeduplicatedStatisticsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_PersonsSharingKeys_CountedOnceByDefault_ModeSaidAndReproduced(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        var client = await app.BearerClientAsync(analyst);
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=0", ct);
        await ClusterAsync(app.NewContext());

        var byDefault = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=0", ct);
        var everyCase = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=0&deduplicate=false", ct);
        var invalid = await client.GetAsync("/api/v1/statistics/tables?dimensions=sex&deduplicate=perhaps", ct);

        // No cluster yet: every case, said so.
        Assert.False(before.GetProperty("deduplicated").GetBoolean());
        Assert.Equal("10", Cell(before, "Total"));
        // Women 0–2 are one person, men 0–1 another: 7 − 2 women and 3 − 1 men; 3 cases set aside.
        Assert.True(byDefault.GetProperty("deduplicated").GetBoolean());
        Assert.True(byDefault.GetProperty("parameters").GetProperty("deduplicate").GetBoolean());
        Assert.Equal("5", Cell(byDefault, "female"));
        Assert.Equal("2", Cell(byDefault, "male"));
        Assert.Equal("7", Cell(byDefault, "Total"));
        Assert.Equal("3", byDefault.GetProperty("setAside").GetString());
        Assert.Contains("Each person counted once", byDefault.GetProperty("method").GetString(), StringComparison.Ordinal);
        Assert.False(everyCase.GetProperty("deduplicated").GetBoolean());
        Assert.Equal("10", Cell(everyCase, "Total"));
        Assert.False(everyCase.TryGetProperty("setAside", out var aside) && aside.ValueKind != JsonValueKind.Null);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").TryGetProperty("deduplicate", out _));
        foreach (var release in new[] { byDefault, everyCase })
        {
            var reproduced = await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/releases/{release.GetProperty("release").GetGuid()}/reproduce", ct);
            Assert.True(reproduced.GetProperty("identical").GetBoolean());
        }
    }

    /// <summary>
    /// The small-count attack: publish the same table counting every case and counting each person once, then subtract.
    /// With 3 cases set aside (below the threshold 5) no cell published as a number in both tables may differ by 1–4,
    /// and the figure of cases set aside is itself "&lt;5". Before the differencing guard knew the counting mode, the
    /// second table was not compared with the first (same dimensions and filters) and was shown in full (5, 9, 14)
    /// beside the first (7, 10, 17): the cases set aside, revealed per sex.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SmallCountAttack_EveryCaseMinusOncePerPerson_RevealsNoSmallNumber(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        // 7 more men, so that neither table has a small cell: female 7, male 10 (every case) against 5 and 9 (each person
        // once), which without the guard would both be shown in full.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<Core.Cases.CaseService>();
            for (var i = 0; i < 7; i++)
            {
                var created = await service.CreateAsync(Cases.CaseApiTests.ValidInput() with { Sex = "male", IdentificationDate = new DateOnly(2023, 10, 1), ExploitationForms = ["forced-labour"] },
                    analyst.OrganisationId, Core.Cases.CaseViewer.LocalOperator, ct);
                Assert.True(created.Succeeded, created.ToString());
            }
        }
        await ClusterAsync(app.NewContext());
        var client = await app.BearerClientAsync(analyst);

        var everyCase = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=5&deduplicate=false", ct);
        var once = await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=5&deduplicate=true", ct);

        Assert.Equal("<5", once.GetProperty("setAside").GetString());
        var first = Cells(everyCase);
        var second = Cells(once);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.Equal("17", first["Total"]);
        foreach (var (label, text) in first)
        {
            if (int.TryParse(text, out var a) && int.TryParse(second[label], out var b))
            {
                Assert.False(Math.Abs(a - b) is > 0 and < 5, $"{label}: {a} and {b} differ by {Math.Abs(a - b)}");
            }
        }
        // And the other way round: counting each person once first, every case second.
        var onceFirst = Cells(await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=5&deduplicate=true&filter.year=2023", ct));
        var everyAfter = Cells(await client.GetFromJsonAsync<JsonElement>("/api/v1/statistics/tables?dimensions=sex&threshold=5&deduplicate=false&filter.year=2023", ct));
        foreach (var (label, text) in onceFirst)
        {
            if (int.TryParse(text, out var a) && int.TryParse(everyAfter[label], out var b))
            {
                Assert.False(Math.Abs(a - b) is > 0 and < 5, $"{label}: {a} and {b} differ by {Math.Abs(a - b)}");
            }
        }
    }

    [Fact]
    public async Task Cli_Deduplicate_CountsEachPersonOnce_FalseCountsEveryCase_ModeOnStderr()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;
        var rows = Enumerable.Range(1, 7).Select(i => CaseFiles.GoodRow($"F-{i}"))
            .Concat(Enumerable.Range(1, 3).Select(i => CaseFiles.GoodRow($"M-{i}").Replace(",female,", ",male,", StringComparison.Ordinal)))
            .ToArray();
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("cases.csv", rows))).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "releases", "settings", "--minimum-threshold", "0")).Exit);
        await ClusterAsync(database.NewContext());

        var once = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex", "--suppress", "0", "--deduplicate");
        var every = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex", "--suppress", "0", "--deduplicate", "false");
        var byDefault = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex", "--suppress", "0");

        Assert.Equal(0, once.Exit);
        Assert.Contains("Total,7", once.Output, StringComparison.Ordinal);
        Assert.Contains("Counted: each person once; 3 cases set aside", once.Error, StringComparison.Ordinal);
        Assert.Equal(0, every.Exit);
        Assert.Contains("Total,10", every.Output, StringComparison.Ordinal);
        Assert.Contains("Counted: every case", every.Error, StringComparison.Ordinal);
        Assert.Contains("Total,7", byDefault.Output, StringComparison.Ordinal);
        // The release log records the mode: reproduce repeats it.
        await using var read = database.NewContext();
        var logged = await read.StatisticsReleases.AsNoTracking().OrderBy(r => r.CreatedAtUtc).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([true, false, true], logged.Select(r => JsonDocument.Parse(r.ParametersJson).RootElement.GetProperty("deduplicate").GetBoolean()));
        var reproduce = await CliRunner.RunAsync("--database", db, "releases", "reproduce", logged[1].Id.ToString());
        Assert.Equal(0, reproduce.Exit);
    }

    [Theory]
    [InlineData("en", "Count each person once", "Counted: each person once; 3 cases", "Counted: every case")]
    [InlineData("de", "Jede Person nur einmal zählen", "Gezählt: jede Person einmal; 3 Fälle", "Gezählt: jeder Fall")]
    public async Task Page_Checkbox_OnByDefaultWithClusters_UntickedCountsEveryCase_ResultSaysWhich(string culture, string label, string onceText, string everyText)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("stats-analyst", "Statistics Office", Roles.Analyst);
        await StatisticsFixtures.SeedCasesAsync(app, analyst.OrganisationId);
        await StatisticsFixtures.SetSettingsAsync(app, minimumThreshold: 0);
        var client = await Pages.PageRenderingTests.SignedInClientAsync(app, analyst, culture);
        var empty = Pages.PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics", ct));
        await ClusterAsync(app.NewContext());

        var form = Pages.PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics", ct));
        // The form as a browser submits it: ticked sends the hidden "false" and "true", unticked the hidden "false" only.
        var ticked = Pages.PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&threshold=0&deduplicate=false&deduplicate=true", ct));
        var unticked = Pages.PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Statistics?dimensions=sex&threshold=0&deduplicate=false", ct));

        Assert.False(empty.QuerySelector("input#deduplicate")!.HasAttribute("checked"));
        var box = form.QuerySelector("input#deduplicate[type=checkbox]")!;
        Assert.True(box.HasAttribute("checked"));
        Assert.Equal(label, form.QuerySelector("label[for=deduplicate]")!.TextContent.Trim());
        Assert.NotNull(form.QuerySelector("input[type=hidden][name=deduplicate][value=false]"));
        Assert.StartsWith(onceText, ticked.QuerySelector("p.counting[data-deduplicated=true]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.True(ticked.QuerySelector("input#deduplicate")!.HasAttribute("checked"));
        Assert.StartsWith(everyText, unticked.QuerySelector("p.counting[data-deduplicated=false]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.False(unticked.QuerySelector("input#deduplicate")!.HasAttribute("checked"));
    }

    /// <summary>Women 0–2 (by case id) share a linkage key; men 0 and 1 are one person through a merge (the survivor keeps no key).</summary>
    internal static async Task ClusterAsync(AppDbContext db)
    {
        await using (db)
        {
            var ct = TestContext.Current.CancellationToken;
            var cases = await db.Cases.Include(c => c.Person).OrderBy(c => c.IdentificationDate).ThenBy(c => c.CaseCode).ToListAsync(ct);
            var women = cases.Where(c => c.Sex == "female").ToList();
            var men = cases.Where(c => c.Sex == "male").ToList();
            foreach (var woman in women.Take(3))
            {
                woman.Person.ClusterKey = "l:run-1:a";
            }
            men[1].Person.ClusterKey = "p:" + men[0].Person.Id.ToString("D");
            await db.SaveChangesAsync(ct);
        }
    }

    private static string Cell(JsonElement table, string label) =>
        table.GetProperty("rows").EnumerateArray().Single(r => r[0].GetString() == label)[1].GetString()!;

    private static Dictionary<string, string> Cells(JsonElement table) =>
        table.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[1].GetString()!);
}
