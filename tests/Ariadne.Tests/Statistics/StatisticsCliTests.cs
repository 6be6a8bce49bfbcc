using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// <c>ariadne import glotip</c>, <c>ariadne stats</c> and <c>ariadne releases</c> end to end: the figures, the disclosure
/// control, the release log and exact reproduction.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StatisticsCliTests
{
    [Fact]
    public async Task ImportGlotip_ThenStatsByYear_PrintsTheSumsOfTheCountryTotalsComputedIndependently()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = database.Options.ConnectionString;
        var file = TestData.Path("ctdc", "data_glotip.xlsx");

        var import = await CliRunner.RunAsync("--database", db, "import", "glotip", file);
        var stats = await CliRunner.RunAsync("--database", db, "stats", "--source", "glotip", "--indicator", "Detected trafficking victims", "--by", "year", "--format", "csv");

        Assert.Equal(0, import.Exit);
        Assert.Equal(0, stats.Exit);
        var lines = Lines(stats.Output);
        Assert.Equal("year,total,countries_reporting,countries_suppressed", lines[0]);
        var expected = IndependentYearTotals(file);
        Assert.Equal(expected.Count, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var year = int.Parse(cells[0], CultureInfo.InvariantCulture);
            Assert.Equal(expected[year], (long.Parse(cells[1], CultureInfo.InvariantCulture), int.Parse(cells[2], CultureInfo.InvariantCulture)));
        }
        Assert.Contains("Release ", stats.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StatsOverCases_SuppressesSmallCellsAndTheirComplement_LogsAndReproducesTheRelease(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;
        var rows = Enumerable.Range(1, 7).Select(i => CaseFiles.GoodRow($"F-{i}"))
            .Concat(Enumerable.Range(1, 3).Select(i => CaseFiles.GoodRow($"M-{i}").Replace(",female,", ",male,", StringComparison.Ordinal)))
            .ToArray();
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("cases.csv", rows))).Exit);

        // The administrator may lower the disclosure floor (default 5); only then can suppression be turned off.
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "releases", "settings", "--minimum-threshold", "0")).Exit);
        var open = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex", "--suppress", "0");
        var protectedTable = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex");
        var noisy = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex,year", "--suppress", "0", "--noise", "laplace", "--epsilon", "0.5");

        Assert.Equal(0, open.Exit);
        Assert.Subset(new HashSet<string>(Lines(open.Output)), new HashSet<string> { "sex,persons", "female,7", "male,3", "Total,10" });
        Assert.Equal(0, protectedTable.Exit);
        // 3 is a small cell; 7 would give it away through the total of 10, so it is suppressed too.
        Assert.Subset(new HashSet<string>(Lines(protectedTable.Output)), new HashSet<string> { "female,x", "male,<5", "Total,10" });
        Assert.Equal(0, noisy.Exit);
        var noisyRelease = ReleaseId(noisy.Error);

        var list = await CliRunner.RunAsync("--database", db, "releases", "list");
        var show = await CliRunner.RunAsync("--database", db, "releases", "show", noisyRelease);
        var reproduced = await CliRunner.RunAsync("--database", db, "releases", "reproduce", noisyRelease);

        Assert.Equal(3, Lines(list.Output).Length);
        Assert.StartsWith(noisyRelease, Lines(list.Output)[0], StringComparison.Ordinal);
        Assert.DoesNotContain("seed", show.Output, StringComparison.Ordinal);
        Assert.Contains("ρ = 0.125", show.Output, StringComparison.Ordinal);
        Assert.Contains("\"epsilon\":0.5", show.Output, StringComparison.Ordinal);
        Assert.Equal(0, reproduced.Exit);
        Assert.Contains("reproduced exactly", reproduced.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("more.csv", CaseFiles.GoodRow("F-8")))).Exit);
        var afterChange = await CliRunner.RunAsync("--database", db, "releases", "reproduce", noisyRelease);

        Assert.Equal(1, afterChange.Exit);
        Assert.Contains("input data changed", afterChange.Error, StringComparison.Ordinal);
        await using var context = database.NewContext();
        Assert.Equal(3, await context.AuditEntries.CountAsync(e => e.Action == AuditActions.StatisticsRelease, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_FloorAndBudget_RefusedWithExit2_ChosenSeedNotPrivateAndSpendsNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;
        var rows = Enumerable.Range(1, 7).Select(i => CaseFiles.GoodRow($"F-{i}"))
            .Concat(Enumerable.Range(1, 3).Select(i => CaseFiles.GoodRow($"M-{i}").Replace(",female,", ",male,", StringComparison.Ordinal)))
            .ToArray();
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("cases.csv", rows))).Exit);

        // The disclosure floor (default 5): suppression cannot be switched off or lowered.
        var off = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex", "--suppress", "0");
        var glotip = await CliRunner.RunAsync("--database", db, "publish", "glotip", "--threshold", "3", "--output", files.PathOf("g.csv"));
        Assert.Equal((2, ""), (off.Exit, off.Output));
        Assert.Single(Lines(off.Error));
        Assert.Contains("'threshold' is 0", off.Error, StringComparison.Ordinal);
        Assert.Contains("minimum suppression threshold is 5", off.Error, StringComparison.Ordinal);
        Assert.Equal(2, glotip.Exit);
        Assert.Contains("threshold", glotip.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(files.PathOf("g.csv")));

        // The budget: ρ = 0.5 per year; Laplace ε = 1 spends exactly that.
        var set = await CliRunner.RunAsync("--database", db, "releases", "settings", "--budget-rho", "0.5");
        var first = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex,year", "--noise", "laplace", "--epsilon", "1");
        var second = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex,year", "--noise", "laplace", "--epsilon", "1");
        var experiment = await CliRunner.RunAsync("--database", db, "stats", "--source", "cases", "--by", "sex,year", "--noise", "laplace", "--epsilon", "1", "--seed", "42");
        var status = await CliRunner.RunAsync("--database", db, "releases", "settings");
        var list = await CliRunner.RunAsync("--database", db, "releases", "list");

        Assert.Equal(0, set.Exit);
        Assert.Equal(0, first.Exit);
        Assert.Equal((2, ""), (second.Exit, second.Output));
        Assert.Single(Lines(second.Error));
        Assert.Contains("'epsilon'", second.Error, StringComparison.Ordinal);
        Assert.Contains("only ρ = 0 of 0.5 is left", second.Error, StringComparison.Ordinal);
        Assert.Equal(0, experiment.Exit);
        Assert.Contains("NOT PRIVATE", experiment.Error, StringComparison.Ordinal);
        var year = DateTime.UtcNow.Year;
        Assert.Contains($"cases              {year}-01-01 to {year + 1}-01-01: spent ρ = 0.5, remaining ρ = 0", status.Output, StringComparison.Ordinal);
        Assert.Contains("NOT PRIVATE", Lines(list.Output)[0], StringComparison.Ordinal);
        Assert.Contains("--seed", (await CliRunner.RunAsync("stats", "--help")).Output, StringComparison.Ordinal);
        Assert.Contains("PRIVATE", (await CliRunner.RunAsync("stats", "--help")).Output, StringComparison.Ordinal);
        await using var context = database.NewContext();
        Assert.Equal(0.5, (await context.PrivacyLedger.Select(e => e.Rho).ToListAsync(ct)).Sum(), 9);
        Assert.Equal(2, await context.StatisticsReleases.CountAsync(ct));
        // Reproducing spends nothing, the chosen seed included (it is sealed like any other).
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "releases", "reproduce", ReleaseId(experiment.Error))).Exit);
        Assert.Equal(1, await context.PrivacyLedger.CountAsync(ct));
    }

    [Theory]
    [InlineData("--by", "sex,shoeSize", "shoeSize")]
    [InlineData("--filter", "year", "--filter 'year'")]
    [InlineData("--filter", "colour=red", "colour")]
    public async Task StatsOverCases_BadParameter_Exit2NamesItAndLogsNothing(string option, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = database.Options.ConnectionString;
        string[] args = option == "--by"
            ? ["--database", db, "stats", "--source", "cases", "--by", value]
            : ["--database", db, "stats", "--source", "cases", "--by", "sex", option, value];

        var (exit, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(named, error, StringComparison.Ordinal);
        await using var context = database.NewContext();
        Assert.Equal(0, await context.StatisticsReleases.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Per year: the sum of the countries' published totals and the number of countries, read straight from the file.</summary>
    private static Dictionary<int, (long Sum, int Countries)> IndependentYearTotals(string file)
    {
        var sums = new Dictionary<int, (long Sum, HashSet<string> Countries)>();
        foreach (IDictionary<string, object?> row in MiniExcel.Query(file, startCell: "A3"))
        {
            var cells = row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
            // Country rows only: regional and global aggregates have no country code.
            if (cells.Length < 12 || cells[0].Length == 0 || cells[4] != "Detected trafficking victims" || cells[5] != "Total" || cells[6] != "Total" || cells[7] != "Total" || cells[8] != "Total")
            {
                continue;
            }
            var year = int.Parse(cells[9], CultureInfo.InvariantCulture);
            var entry = sums.TryGetValue(year, out var found) ? found : (0L, new HashSet<string>());
            entry.Item2.Add(cells[0]);
            if (GlotipFile.TryParseValue(cells[11], out var value, out _) && value is { } count)
            {
                entry.Item1 += count;
            }
            sums[year] = entry;
        }
        return sums.ToDictionary(p => p.Key, p => (p.Value.Sum, p.Value.Countries.Count));
    }

    private static string ReleaseId(string error) =>
        System.Text.RegularExpressions.Regex.Match(error, "Release ([0-9a-f-]{36})").Groups[1].Value;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
