using System.Globalization;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Publishing;
using Ariadne.Core.Statistics;
using Ariadne.Tests.Anonymisation;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Publishing;

/// <summary>
/// <c>ariadne publish ctdc|k-anonymous|glotip</c> end to end: the files are k-anonymous (and ℓ-diverse) by an
/// independent check, the suppression reported is the one in the file, and every release reproduces exactly.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PublishCliTests
{
    private static readonly string[] DefaultQuasi = ["yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PublishCtdcKAnonymised_FileIsKAnonymous_SuppressionAsReported_ReproducesExactly(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);
        var output = files.PathOf("ctdc.csv");

        var publish = await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "k-anonymised", "--k", "5", "--output", output);

        Assert.Equal(0, publish.Exit);
        var (columns, rows) = ReadCsv(output);
        Assert.Equal(CtdcLayouts.KAnonymisedColumns, columns);
        KAnonymityTests.AssertKAnonymous(rows, columns, DefaultQuasi, 5);
        var suppressed = int.Parse(System.Text.RegularExpressions.Regex.Match(publish.Error, "suppressed ([0-9]+) of 90 records").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(90 - suppressed, rows.Count);
        Assert.Matches("k = 5, l = 1;", publish.Error);
        Assert.Matches("information loss 0\\.[0-9]{4}", publish.Error);

        var reproduce = await CliRunner.RunAsync("--database", db, "releases", "reproduce", PublishCliTestsData.ReleaseId(publish.Error));
        Assert.Equal(0, reproduce.Exit);
        Assert.Contains("reproduced exactly", reproduce.Output, StringComparison.Ordinal);
        await using var context = database.NewContext();
        var logged = await context.StatisticsReleases.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(CtdcKAnonymisedProducer.KindName, logged.Kind);
        Assert.Contains("\"k\":5", logged.ParametersJson, StringComparison.Ordinal);
        Assert.Equal(rows.Count, logged.Rows);
    }

    [Fact]
    public async Task PublishCtdcSynthetic2024_WithLDiversity_IsKAnonymousAndDistinctlyDiverse()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);
        var output = files.PathOf("synthetic.csv");

        var publish = await CliRunner.RunAsync("--database", db, "publish", "ctdc", "--layout", "synthetic-2024", "--k", "4",
            "--l", "2", "--sensitive", "isSexualExploit", "--max-suppression", "0.3", "--output", output);

        Assert.Equal(0, publish.Exit);
        var (columns, rows) = ReadCsv(output);
        Assert.Equal(CtdcLayouts.Synthetic2024Columns, columns);
        Assert.NotEmpty(rows);
        KAnonymityTests.AssertKAnonymous(rows, columns, DefaultQuasi, 4);
        LDiversityTests.AssertDistinctlyDiverse(rows, columns, DefaultQuasi, "isSexualExploit", 2);
        Assert.Contains("k = 4, l = 2;", publish.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "releases", "reproduce", PublishCliTestsData.ReleaseId(publish.Error))).Exit);
    }

    [Fact]
    public async Task PublishKAnonymous_ChosenQuasiIdentifiers_IsKAnonymousOverThem()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);
        var output = files.PathOf("cases.csv");

        var publish = await CliRunner.RunAsync("--database", db, "publish", "k-anonymous", "--k", "11", "--quasi", "sex,ageBroad,citizenship", "--output", output);

        Assert.Equal(0, publish.Exit);
        var (columns, rows) = ReadCsv(output);
        Assert.Equal(["year", "sex", "ageBroad", "citizenship", "countryOfExploitation", "organisationType", "traffickingStatus", "transnationality", "form"], columns);
        KAnonymityTests.AssertKAnonymous(rows, columns, ["sex", "ageBroad", "citizenship"], 11);
        // Not a quasi-identifier: released as recorded.
        Assert.Contains(rows, r => r[4] == "FR");
    }

    [Theory]
    [InlineData("k-anonymous", "--quasi", "shoeSize", "shoeSize")]
    [InlineData("k-anonymous", "--l", "3", "sensitive")]
    [InlineData("k-anonymous", "--k", "1", "'k'")]
    [InlineData("k-anonymous", "--max-suppression", "2", "maxSuppression")]
    [InlineData("glotip", "--threshold", "1", "threshold")]
    public async Task Publish_BadParameter_Exit2NamesItAndLogsNothing(string what, string option, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = database.Options.ConnectionString;

        var (exit, _, error) = await CliRunner.RunAsync("--database", db, "publish", what, option, value, "--output", files.PathOf("out.csv"));

        Assert.Equal(2, exit);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.False(File.Exists(files.PathOf("out.csv")));
        await using var context = database.NewContext();
        Assert.Equal(0, await context.StatisticsReleases.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Publish_OutputOfUnknownType_Exit2NamesTheOption()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();

        var (exit, _, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "publish", "glotip", "--output", files.PathOf("out.txt"));

        Assert.Equal(2, exit);
        Assert.Contains("--output", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishKAnonymous_KLargerThanTheData_Exit2NamesK()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);

        var (exit, _, error) = await CliRunner.RunAsync("--database", db, "publish", "k-anonymous", "--k", "500", "--output", files.PathOf("out.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("k = 500", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishGlotip_WritesTheGlotipLayoutWithSmallCountsShownAsLessThanFive_AndImportReadsItBack()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new CaseFiles();
        var db = await PublishCliTestsData.SeedAsync(database, files);
        var output = files.PathOf("glotip.xlsx");

        var publish = await CliRunner.RunAsync("--database", db, "publish", "glotip", "--output", output);
        Assert.Equal(0, publish.Exit);
        var read = GlotipFile.Read(output);
        Assert.Empty(read.Errors);

        // France: cases 0, 10, …, 80 (9 persons, all in 2024 since i is even); 2024 total 9, males (i % 3 == 0: 0, 30, 60) 3 → "<5".
        var france = read.Rows.Where(r => r.Iso3 == "FRA" && r.Year == 2024 && r.Dimension == "Total").ToList();
        Assert.Equal(9, france.Single(r => r.Sex == "Total" && r.Age == "Total").Value);
        var males = france.Single(r => r.Sex == "Male" && r.Age == "Total");
        Assert.Null(males.Value);
        Assert.Equal(5, males.SuppressedBelow);
        // The females' 6 would give the 3 away through the total: complementary suppressed, so left out.
        Assert.DoesNotContain(france, r => r.Sex == "Female" && r.Age == "Total");
        Assert.All(read.Rows, r => Assert.True(r.Value is null or >= 5, $"{r.Iso3} {r.Year} {r.Sex} {r.Age} {r.Category}: {r.Value}"));
        // Germany 2024: 45 persons with i even, minus the 9 in France.
        Assert.Equal(36, read.Rows.Single(r => r.Iso3 == "DEU" && r.Year == 2024 && r.Dimension == "Total" && r.Sex == "Total" && r.Age == "Total").Value);

        var import = await CliRunner.RunAsync("--database", db, "import", "glotip", output);
        Assert.Equal(0, import.Exit);
        await using var context = database.NewContext();
        Assert.Equal(read.Rows.Count, await context.Set<GlotipStatistic>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, (await CliRunner.RunAsync("--database", db, "releases", "reproduce", PublishCliTestsData.ReleaseId(publish.Error))).Exit);
    }

    internal static (string[] Columns, List<string[]> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        return (lines[0].TrimStart('\uFEFF').Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }
}

internal static class PublishCliTestsData
{
    /// <summary>Imports <see cref="Cases"/> into <paramref name="database"/> through the CLI; returns its connection string.</summary>
    public static async Task<string> SeedAsync(TestDatabase database, CaseFiles files)
    {
        var db = database.Options.ConnectionString;
        var import = await CliRunner.RunAsync("--database", db, "import", "cases", files.Csv("cases.csv", Cases()));
        Assert.Equal(0, import.Exit);
        return db;
    }

    /// <summary>The release id a publish command names on stderr.</summary>
    public static string ReleaseId(string error) =>
        System.Text.RegularExpressions.Regex.Match(error, "Release ([0-9a-f-]{36})").Groups[1].Value;

    /// <summary>90 synthetic cases over 2 years, 2 sexes, 5 ages, 3 citizenships and 2 countries, with a few rare combinations.</summary>
    public static string[] Cases()
    {
        int[] ages = [15, 19, 22, 31, 40];
        string[] citizenship = ["NG", "RO", "UA"];
        string[] forms = ["sexual-exploitation", "forced-labour", "domestic-servitude"];
        var rows = new List<string>();
        for (var i = 0; i < 90; i++)
        {
            var sex = i % 3 == 0 ? "male" : "female";
            var country = i % 10 == 0 ? "FR" : "DE";
            var year = 2024 + (i % 2);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"P-{i},,,{sex},,{ages[i % 5]},,{citizenship[i % 3]},{year}-03-0{1 + (i % 7)},possible,ngo,{country},{forms[i % 3]},debt-bondage,"));
        }
        return [.. rows];
    }
}
