using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Screening;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Protection;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Screening;

/// <summary><c>ariadne instruments list | install | impact</c> and <c>ariadne stats --source screenings</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InstrumentsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-instruments-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(JsonNode json)
    {
        var path = Path.Combine(_folder, "national.json");
        System.IO.File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static JsonObject National(string version = "2026.1")
    {
        var national = JsonNode.Parse(ShippedInstruments.Json("ilo-ec-operational-indicators@1.0")!)!.AsObject();
        national["id"] = "national";
        national["version"] = version;
        national["rules"]!["dimension"]!["expression"] = "strong >= 1 or medium >= 2";
        return national;
    }

    /// <summary>Two screenings: one refer, one continue under 1.0 that the national rule turns into refer.</summary>
    private static async Task ScreenTwiceAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var organisation = await ProtectionTestData.AddOrganisationAsync(app.Database);
        var created = await scope.ServiceProvider.GetRequiredService<CaseService>().CreateAsync(Cases.CaseApiTests.ValidInput(), organisation, CaseViewer.LocalOperator, Token);
        var screenings = scope.ServiceProvider.GetRequiredService<ScreeningService>();
        foreach (var codes in new[] { new[] { "DR01", "DR02", "EX01", "EX02", "CD01", "CD02" }, ["DR01", "EX01", "CD01"] })
        {
            var answers = codes.ToDictionary(c => c, _ => new IndicatorAnswer(Answer.Yes));
            var result = await screenings.CreateAsync(created.Value!.Id, new ScreeningInput(null, "forced-labour", null, null, false, answers), CaseViewer.LocalOperator, Token);
            Assert.True(result.Succeeded, result.ToString());
        }
    }

    [Fact]
    public async Task List_ShowsVersionsWithVerificationMarks()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "instruments", "list");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("ilo-ec-operational-indicators@1.0\tshipped\t", lines[0], StringComparison.Ordinal);
        Assert.Contains("  adult-labour\tUNVERIFIED (secondary)", lines);
        Assert.Contains("  adult-sexual\tUNVERIFIED (missing)", lines);
    }

    [Fact]
    public async Task Install_InvalidThenValid_Exit2WithPathsThenInstalledAndImmutable()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var invalid = National();
        invalid["rules"]!["combination"]!["adult"]!["expression"] = "D1 and D9";

        var bad = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "instruments", "install", File(invalid));
        var good = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "instruments", "install", File(National()));
        var again = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "instruments", "install", File(National()));

        Assert.Equal(2, bad.Exit);
        Assert.StartsWith("ariadne: national.json: rules.combination.adult.expression: ", bad.Error, StringComparison.Ordinal);
        Assert.Equal((0, "Installed national@2026.1."), (good.Exit, good.Output.Trim()));
        Assert.Equal(2, again.Exit);
        Assert.Equal("ariadne: national.json: version: national@2026.1 exists already; versions are immutable, so install it under a new version.", again.Error.Trim());
    }

    [Fact]
    public async Task Impact_CandidateFileAndInstalledVersion_CountsChangesTextAndJson()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await ScreenTwiceAsync(app);
        var database = app.Database.Options.ConnectionString;

        var text = await CliRunner.RunAsync("--database", database, "instruments", "impact", File(National()));
        var json = await CliRunner.RunAsync("--database", database, "instruments", "impact", "ilo-ec-operational-indicators@1.0", "--json");
        var unknown = await CliRunner.RunAsync("--database", database, "instruments", "impact", "national@9");

        Assert.Equal(0, text.Exit);
        Assert.Equal(
            ["Impact of national@2026.1: 2 stored screenings, 1 would change.", "  continue-assessment -> refer: 1 (changed)", "  refer -> refer: 1"],
            text.Output.Trim().ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(0, json.Exit);
        using var report = JsonDocument.Parse(json.Output);
        Assert.Equal(2, report.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("changed").GetInt32());
        Assert.Equal(2, unknown.Exit);
        Assert.Equal("ariadne: no file and no instrument 'national@9'.", unknown.Error.Trim());
    }

    [Fact]
    public async Task Stats_Screenings_ByOutcomeAndForm_ExactWithoutSuppressionSuppressedByDefault()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await ScreenTwiceAsync(app);
        var database = app.Database.Options.ConnectionString;

        Assert.Equal(0, (await CliRunner.RunAsync("--database", database, "releases", "settings", "--minimum-threshold", "0")).Exit);
        var exact = await CliRunner.RunAsync("--database", database, "stats", "--source", "screenings", "--by", "outcome,form", "--suppress", "0");
        var protectedTable = await CliRunner.RunAsync("--database", database, "stats", "--source", "screenings", "--by", "outcome");
        var bad = await CliRunner.RunAsync("--database", database, "stats", "--source", "screenings", "--by", "sex");

        Assert.Equal(0, exact.Exit);
        var rows = exact.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("outcome,form,screenings", rows[0]);
        // The refer screening evidences the purpose (forced labour); the continue one names no form.
        Assert.Contains("refer,forced-labour,1", rows);
        Assert.Contains("continue-assessment,Unknown,1", rows);
        Assert.Contains("Total,Total,2", rows);
        Assert.Equal(0, protectedTable.Exit);
        Assert.Contains("refer,<5", protectedTable.Output.ReplaceLineEndings("\n").Split('\n'));
        Assert.Equal(2, bad.Exit);
        Assert.StartsWith("ariadne: Unknown dimension(s) sex", bad.Error, StringComparison.Ordinal);
    }
}
