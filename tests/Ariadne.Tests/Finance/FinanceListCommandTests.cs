using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <c>ariadne finance lists|settings</c> on a fresh SQLite file (no app): the generator's ad-identifier list imported
/// (refused without a legal basis, a bad line named with exit 2), listed and shown without its identifiers, the settings
/// refused naming the field and then set, and <c>finance run</c> raising R19 for exactly the labelled holders.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FinanceListCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finlists-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ListsImportListShow_SettingsSet_RunRaisesR19ForTheLabelledHolders()
    {
        var gen = Path.Combine(_folder, "gen");
        string[] db = ["--database", Path.Combine(_folder, "cli.db"), "finance"];
        await CliRunner.RunOkAsync("finance", "generate", "--accounts", "300", "--transactions", "3000", "--seed", "5", "--out", gen);
        string Gen(string file) => Path.Combine(gen, file);
        var (_, imported, _) = await CliRunner.RunOkAsync([.. db, "import", "--format", "amlsim", "--transactions", Gen("transactions.csv"), "--accounts", Gen("accounts.csv"),
            "--parties", Gen("parties.csv"), "--name", "CLI export"]);
        var dataset = imported.Split(' ')[1];

        string[] import = [.. db, "lists", "import", Gen("ad-identifiers.csv"), "--name", "CLI ads", "--kind", "ad-identifiers", "--source", "Synthetic OSINT unit"];
        var (exit, _, error) = await CliRunner.RunAsync(import);
        Assert.Equal(2, exit);
        Assert.Contains("LegalBasis", error, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "bad.csv"), "identifier\n+99 555 1234567\nnot a phone\n");
        (exit, _, error) = await CliRunner.RunAsync([.. db, "lists", "import", Path.Combine(_folder, "bad.csv"), "--name", "Bad", "--kind", "ad-identifiers", "--source", "x", "--legal-basis", "y"]);
        Assert.Equal(2, exit);
        Assert.Contains("bad.csv, line 3, column entry: neither a phone number nor an e-mail address", error, StringComparison.Ordinal);
        var (_, stored, _) = await CliRunner.RunOkAsync([.. import, "--legal-basis", "Synthetic Police Act s. 20"]);
        Assert.Contains("'CLI ads' (ad-identifiers): version 1, 4 entries.", stored, StringComparison.Ordinal);

        var (_, listed, _) = await CliRunner.RunOkAsync([.. db, "lists", "list"]);
        Assert.Contains(",CLI ads,ad-identifiers,R19,1,4,", listed, StringComparison.Ordinal);
        var (_, shown, _) = await CliRunner.RunOkAsync([.. db, "lists", "show", "CLI ads"]);
        Assert.EndsWith(",Synthetic OSINT unit,Synthetic Police Act s. 20", shown.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("0099", shown, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, "bad.json"), """{ "structuring": { "windowDays": "seven" } }""");
        (exit, _, error) = await CliRunner.RunAsync([.. db, "settings", "set", Path.Combine(_folder, "bad.json")]);
        Assert.Equal(2, exit);
        Assert.Contains("structuring.windowDays", error, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "rules.json"), """{ "weights": { "R19": 0.65 } }""");
        await CliRunner.RunOkAsync([.. db, "settings", "set", Path.Combine(_folder, "rules.json")]);
        var (_, settings, _) = await CliRunner.RunOkAsync([.. db, "settings", "show"]);
        Assert.Contains("0.65", settings, StringComparison.Ordinal);

        await CliRunner.RunOkAsync([.. db, "run", "--dataset", dataset]);
        var (_, alerts, _) = await CliRunner.RunOkAsync([.. db, "alerts", "list", "--rule", "R19"]);
        var labelled = File.ReadAllLines(Gen("labels.csv")).Where(l => l.Split(',')[1] == "ad_identifier").Select(l => l.Split(',')[2]).ToList();
        Assert.Equal(2, labelled.Count);
        Assert.Equal(2, alerts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(l => l.Contains(",R19,ad_identifier,0.65,1,Open,", StringComparison.Ordinal)));

        // The same list on files: finance analyse --parties --ad-list raises R19 for the same holders; --ad-list needs --parties.
        string[] analyse = ["finance", "analyse", "--format", "amlsim", "--transactions", Gen("transactions.csv"), "--accounts", Gen("accounts.csv"), "--ad-list", Gen("ad-identifiers.csv")];
        (exit, _, error) = await CliRunner.RunAsync([.. analyse, "--out", Path.Combine(_folder, "no-parties")]);
        Assert.Equal(2, exit);
        Assert.Contains("--ad-list needs --parties", error, StringComparison.Ordinal);
        await CliRunner.RunOkAsync([.. analyse, "--parties", Gen("parties.csv"), "--out", Path.Combine(_folder, "analysed")]);
        var fileR19 = File.ReadAllLines(Path.Combine(_folder, "analysed", "alerts.csv")).Where(l => l.Split(',')[1] == "R19").Select(l => l.Split(',')[3]).Order(StringComparer.Ordinal);
        Assert.Equal(labelled.Order(StringComparer.Ordinal), fileR19);

        // The settings' history, one version's changes, an older version used again.
        File.WriteAllText(Path.Combine(_folder, "rules2.json"), """{ "weights": { "R19": 0.7 } }""");
        await CliRunner.RunOkAsync([.. db, "settings", "set", Path.Combine(_folder, "rules2.json")]);
        var (_, history, _) = await CliRunner.RunOkAsync([.. db, "settings", "history"]);
        Assert.Equal(["version", "2", "1"], history.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')[0]));
        var (_, version2, _) = await CliRunner.RunOkAsync([.. db, "settings", "show", "--version", "2"]);
        Assert.Contains("weights.R19,0.65,0.7", version2, StringComparison.Ordinal);
        var (_, restored, _) = await CliRunner.RunOkAsync([.. db, "settings", "restore", "1"]);
        Assert.Contains("version 1 used again as version 3", restored, StringComparison.Ordinal);

        // Retiring the list: a reason required; then shown retired.
        await CliRunner.RunOkAsync([.. db, "lists", "retire", "CLI ads", "--reason", "Legal basis ended (synthetic)"]);
        (exit, _, error) = await CliRunner.RunAsync([.. db, "lists", "retire", "CLI ads", "--reason", "again"]);
        Assert.Equal(2, exit);
        Assert.Contains("retired already", error, StringComparison.Ordinal);
        (_, listed, _) = await CliRunner.RunOkAsync([.. db, "lists", "list"]);
        Assert.Matches(",CLI ads,ad-identifiers,R19,1,4,.*,20[0-9]{2}-", listed);
    }
}
