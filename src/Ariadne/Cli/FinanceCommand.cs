using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne finance generate|analyse|evaluate</c>: financial-flow analysis on files, no database (docs/finance.md).
/// <c>analyse</c> writes <c>DIR/accounts.csv</c> and <c>DIR/alerts.csv</c> and never reads label columns; exit 2 when
/// an input file is invalid (every error named by file, line and column; nothing is written).
/// </summary>
public static class FinanceCommand
{
    private static readonly JsonSerializerOptions RuleJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Command Create()
    {
        var finance = new Command("finance", "Financial-flow analysis: red-flag rules, laundering typologies, account risk scores.");
        finance.Subcommands.Add(Generate());
        finance.Subcommands.Add(Analyse());
        finance.Subcommands.Add(Evaluate());
        foreach (var command in FinanceDatabaseCommands.Create())
        {
            finance.Subcommands.Add(command);
        }
        return finance;
    }

    private static Command Generate()
    {
        var accounts = new Option<int>("--accounts") { Description = "Number of accounts (at least 200).", DefaultValueFactory = _ => 10_000 };
        var transactions = new Option<int>("--transactions") { Description = "Number of transactions (at least the number of accounts).", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for accounts.csv, transactions.csv (AMLSim layout), labels.csv and parties.csv (synthetic holders).", Required = true };
        var command = new Command("generate", "Write synthetic banks, accounts and transactions with planted laundering typologies and trafficking patterns, and their ground truth.") { accounts, transactions, seed, output };
        command.SetAction(async parseResult =>
        {
            var (n, m) = (parseResult.GetValue(accounts), parseResult.GetValue(transactions));
            if (n < 200 || m < n)
            {
                await Console.Error.WriteLineAsync("ariadne: --accounts must be at least 200 and --transactions at least --accounts.");
                return 2;
            }
            var data = FinanceGenerator.Generate(n, m, parseResult.GetValue(seed));
            var directory = parseResult.GetValue(output)!.FullName;
            FinanceFiles.WriteGenerated(directory, data);
            // Synthetic holders for `finance import --parties`, some groups of unrelated holders sharing a phone (rule R6).
            FinancePartyGenerator.Write(Path.Combine(directory, FinancePartyGenerator.FileName),
                FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], parseResult.GetValue(seed), Math.Max(2, n / 1000)).Parties);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {data.Accounts.Count} accounts, {data.Transactions.Count} transactions and {data.Patterns.Count} planted patterns to {directory}."));
            return 0;
        });
        return command;
    }

    private static Command Analyse()
    {
        var format = new Option<string>("--format") { Description = "Layout of the transactions file: amlsim (current or 2019 sample, told by the header), ibm (Transactions for AML) or generic (needs --mapping).", Required = true };
        format.AcceptOnlyFromAmong("amlsim", "ibm", "generic");
        var transactions = new Option<FileInfo>("--transactions") { Description = "The transactions CSV.", Required = true };
        var accounts = new Option<FileInfo?>("--accounts") { Description = "Optional accounts CSV (AMLSim accounts.csv or nodes.csv, IBM accounts): adds accounts without transactions, holder type and country." };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "Column mapping (JSON) for the generic layout." };
        var rules = new Option<FileInfo?>("--rules") { Description = "Rule set (JSON) overriding the default parameters (docs/finance.md)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for accounts.csv and alerts.csv.", Required = true };
        var command = new Command("analyse", "Run the red-flag rules and network typologies over a transactions file; write account scores and explained alerts.") { format, transactions, accounts, mapping, rules, output };
        command.SetAction(async parseResult =>
        {
            var clock = Stopwatch.StartNew();
            var layout = Enum.Parse<TransactionLayout>(parseResult.GetValue(format)!, ignoreCase: true);
            var ruleSet = new RuleSet();
            if (parseResult.GetValue(rules) is { } rulesFile)
            {
                try
                {
                    ruleSet = JsonSerializer.Deserialize<RuleSet>(File.ReadAllText(ImportCommand.ExistingFile(rulesFile)), RuleJson) ?? ruleSet;
                }
                catch (JsonException e)
                {
                    await Console.Error.WriteLineAsync($"{rulesFile.Name}, line {(e.LineNumber ?? 0) + 1}, {e.Path}: not a rule set: {e.Message}");
                    return 2;
                }
            }
            var (store, errors) = TransactionFiles.Read(layout, ImportCommand.ExistingFile(parseResult.GetValue(transactions)!),
                parseResult.GetValue(accounts) is { } a ? ImportCommand.ExistingFile(a) : null,
                parseResult.GetValue(mapping) is { } m ? ImportCommand.ExistingFile(m) : null);
            if (store is null)
            {
                foreach (var error in errors.Take(TransactionFiles.MaxListedErrors))
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }
                await Console.Error.WriteLineAsync("ariadne: the input is invalid; nothing was analysed or written.");
                return 2;
            }
            var read = clock.Elapsed;
            var result = FinanceAnalysis.Run(store, ruleSet);
            var directory = parseResult.GetValue(output)!.FullName;
            FinanceFiles.WriteResult(directory, store, result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{store.Count} transactions, {store.AccountCount} accounts, {result.Components} components (largest {result.LargestComponent}); {result.Alerts.Count} alerts, {result.Accounts.Count(r => r.Flagged)} accounts flagged. Read {read.TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s."));
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The directory an analyse run wrote.", Required = true };
        var labels = new Option<FileInfo>("--labels") { Description = "Ground truth: the generator's labels.csv or AMLSim's alert_accounts.csv.", Required = true };
        var command = new Command("evaluate", "Compare an analyse run with ground truth: account-level precision, recall and F1 per typology and overall.") { output, labels };
        command.SetAction(async parseResult =>
        {
            try
            {
                var (flagged, alertAccounts) = FinanceFiles.ReadResult(parseResult.GetValue(output)!.FullName);
                var truth = FinanceFiles.ReadLabels(ImportCommand.ExistingFile(parseResult.GetValue(labels)!));
                var (overall, byTypology) = FinanceEvaluation.Evaluate(flagged, alertAccounts, truth);
                Console.WriteLine("typology            labelled  detected  recall  alerted  precision  f1");
                foreach (var row in byTypology.Append(overall))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Typology,-18} {row.Labelled,9} {row.Detected,9} {Format(row.Recall),7} {row.AlertedAccounts,8} {Format(row.Precision),10} {Format(row.F1),5}"));
                }
                return 0;
            }
            catch (InvalidDataException e)
            {
                await Console.Error.WriteLineAsync("ariadne: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static string Format(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
