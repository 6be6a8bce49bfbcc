using System.Text.Json.Nodes;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Publishing;

/// <summary>
/// <c>ariadne publish ctdc --layout dp-synthetic</c> end to end: the 27 columns of the 2024 layout, only values of the
/// fixed domains (regions, not countries), a logged release that reproduces exactly, and bad options named with exit 2.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PublishDpSyntheticTests
{
    private static readonly HashSet<string> Regions = ["Africa", "Americas", "Asia", "Europe", "Oceania", "Other", ""];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PublishCtdcDpSynthetic_TwentySevenColumnsOfTheFixedDomains_LoggedAndReproducedExactly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);
        var output = files.PathOf("dp.csv");

        var publish = await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "dp-synthetic", "--epsilon", "5", "--seed", "123", "--output", output);

        Assert.Equal(0, publish.Exit);
        var (columns, rows) = PublishCliTests.ReadCsv(output);
        Assert.Equal(CtdcLayouts.Synthetic2024Columns, columns);
        // 90 cases; the count's Laplace scale at ε = 5 is about 2.
        Assert.InRange(rows.Count, 70, 110);
        Assert.All(rows, r => Assert.Equal(27, r.Length));
        Assert.All(rows, r => Assert.InRange(int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), 2002, 2100));
        Assert.All(rows, r => Assert.Contains(r[1], new[] { "Woman", "Man", "Trans/Transgender/NonConforming", "" }));
        Assert.All(rows, r => Assert.Contains(r[3], Regions));
        Assert.All(rows, r => Assert.Contains(r[4], Regions));
        Assert.All(rows, r => Assert.Equal("", r[5]));
        Assert.All(rows, r => Assert.All(r.Skip(6), v => Assert.Contains(v, new[] { "1", "" })));
        // The seeded cases are all Nigerian, Romanian or Ukrainian citizens exploited in France or Germany: the two regions dominate.
        Assert.True(rows.Count(r => r[4] == "Europe") > rows.Count / 2, string.Join(" ", rows.Select(r => r[4])));
        Assert.Contains("ρ =", publish.Error, StringComparison.Ordinal);
        // A chosen seed is for local experiments: marked as not private, and the seed itself is never written out.
        Assert.Contains("NOT PRIVATE", publish.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("123", publish.Error.Replace(PublishCliTestsData.ReleaseId(publish.Error), "", StringComparison.Ordinal), StringComparison.Ordinal);

        var reproduce = await CliRunner.RunAsync("--database", db, "releases", "reproduce", PublishCliTestsData.ReleaseId(publish.Error));
        Assert.Equal(0, reproduce.Exit);
        Assert.Contains("reproduced exactly", reproduce.Output, StringComparison.Ordinal);
        await using var context = database.NewContext();
        var logged = await context.StatisticsReleases.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(CtdcDpSyntheticProducer.KindName, logged.Kind);
        Assert.Contains("\"epsilon\":5", logged.ParametersJson, StringComparison.Ordinal);
        Assert.DoesNotContain("seed", logged.ParametersJson, StringComparison.Ordinal);
        Assert.True(logged.SeedChosen);
        Assert.NotNull(logged.SealedSeed);
        Assert.Contains("\"toYear\":", logged.ParametersJson, StringComparison.Ordinal);
        Assert.Equal(rows.Count, logged.Rows);
        // Not private: nothing spent.
        Assert.Equal(0, await context.PrivacyLedger.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PublishCtdcDpSynthetic_NoSeed_SeedDrawnSealedAndReproducedExactly_OtherSeedOtherRecords_BudgetSpent()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);

        var first = await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "dp-synthetic", "--epsilon", "1", "--output", files.PathOf("a.csv"));
        var second = await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "dp-synthetic", "--epsilon", "1", "--output", files.PathOf("b.csv"));

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        Assert.NotEqual(File.ReadAllText(files.PathOf("a.csv")), File.ReadAllText(files.PathOf("b.csv")));
        var reproduce = await CliRunner.RunAsync("--database", db, "releases", "reproduce", PublishCliTestsData.ReleaseId(first.Error));
        Assert.Equal(0, reproduce.Exit);
        Assert.Contains("reproduced exactly", reproduce.Output, StringComparison.Ordinal);
        await using var context = database.NewContext();
        var releases = await context.StatisticsReleases.ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(releases, r => Assert.DoesNotContain("seed", r.ParametersJson, StringComparison.Ordinal));
        Assert.All(releases, r => Assert.True(r.SealedSeed is { Length: > 8 } && !r.SeedChosen));
        // Each release spends its whole ρ from the case records' budget; reproducing spends nothing.
        var ledger = await context.PrivacyLedger.ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger, e => Assert.Equal(Ariadne.Analytics.Anonymisation.DpMarginalSynthesizer.Rho(1, 1e-6), e.Rho, 12));
    }

    [Theory]
    [InlineData(new[] { "--epsilon", "0" }, "epsilon")]
    [InlineData(new[] { "--epsilon", "-1" }, "epsilon")]
    [InlineData(new[] { "--epsilon", "lots" }, "--epsilon")]
    [InlineData(new string[0], "--epsilon")]
    [InlineData(new[] { "--epsilon", "1", "--delta", "1" }, "delta")]
    [InlineData(new[] { "--epsilon", "1", "--order", "3" }, "order")]
    [InlineData(new[] { "--epsilon", "1", "--seed", "-5" }, "--seed")]
    public async Task PublishCtdcDpSynthetic_BadOption_Exit2NamesItAndLogsNothing(string[] options, string named)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;

        var (exit, _, error) = await CliRunner.RunAsync(["--database", db, "publish", "ctdc", "--layout", "dp-synthetic", .. options, "--output", files.PathOf("out.csv")]);

        Assert.Equal(2, exit);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.False(File.Exists(files.PathOf("out.csv")));
        await using var context = database.NewContext();
        Assert.Equal(0, await context.StatisticsReleases.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Produce_YearRange_CasesOutsideLeftOut_ToYearFromTheClock()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        await PublishCliTestsData.SeedAsync(database, files);
        await using var db = database.NewContext();
        var producer = new CtdcDpSyntheticProducer(db, CodeListRegistry.Default, new FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        var table = await producer.ProduceAsync(new JsonObject { ["epsilon"] = 10.0, ["seed"] = 1UL, ["fromYear"] = 2025 }, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(table.Method);
        // 45 of the 90 cases are of 2025; the count's Laplace scale at ε = 10 is 2.7.
        Assert.InRange(table.Rows.Count, 25, 65);
        Assert.All(table.Rows, r => Assert.Equal("2025", r[0]));
        Assert.Equal(2030, (int)table.EffectiveParameters["toYear"]!);
        Assert.Equal(2, (int)table.EffectiveParameters["order"]!);
        Assert.Contains("years 2025-2030", table.Method, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"seed":1}""", "epsilon")]
    [InlineData("""{"epsilon":"one"}""", "epsilon")]
    [InlineData("""{"epsilon":1,"fromYear":2030,"toYear":2020}""", "fromYear")]
    [InlineData("""{"epsilon":1,"order":0}""", "order")]
    public async Task Produce_BadParameter_NamesIt(string parameters, string named)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        var producer = new CtdcDpSyntheticProducer(db, CodeListRegistry.Default, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ReleaseParameterException>(() =>
            producer.ProduceAsync((JsonObject)JsonNode.Parse(parameters)!, TestContext.Current.CancellationToken));

        Assert.Equal(named, error.Parameter);
    }
}
