using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.GoAml;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne finance generate|analyse|evaluate|goaml|export</c>: financial-flow analysis on files, no database (docs/finance.md).
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
        finance.Subcommands.Add(GoAml());
        finance.Subcommands.Add(Export());
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
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for accounts.csv, transactions.csv (AMLSim layout), labels.csv, parties.csv (synthetic holders), persons.csv (holders planted under name variants) and ad-identifiers.csv (R19).", Required = true };
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
            // Synthetic holders for `finance import --parties`, some groups of unrelated holders sharing a phone (rule R6), and
            // holders of several accounts under name variants with their ground truth (fuzzy entity resolution). Made first:
            // the tickets' passengers (rule R10) are holders' names or invented travellers.
            var parties = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], parseResult.GetValue(seed), Math.Max(2, n / 1000), variantPersons: Math.Max(2, n / 100));
            FinanceFiles.WriteGenerated(directory, data, parties.Parties);
            FinancePartyGenerator.Write(Path.Combine(directory, FinancePartyGenerator.FileName), parties.Parties);
            FinancePartyGenerator.WritePersons(Path.Combine(directory, FinancePartyGenerator.PersonsFileName), parties.Persons);
            // R19: an ad-identifier list naming some holders' phones or e-mails (for `finance lists import --kind ad-identifiers`;
            // only the product's analysis, which has the parties, can match it), and those holders as ground truth.
            var ads = FinancePartyGenerator.AdIdentifiers(parties, Math.Max(2, n / 1000));
            FinancePartyGenerator.WriteAdList(Path.Combine(directory, FinancePartyGenerator.AdListFileName), ads);
            FinanceFiles.AppendLabels(directory, "ad_identifier", ads.Accounts);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {data.Accounts.Count} accounts, {data.Transactions.Count} transactions and {data.Patterns.Count} planted patterns to {directory}."));
            return 0;
        });
        return command;
    }

    private static Command Analyse()
    {
        var input = new InputOptions();
        var rules = new Option<FileInfo?>("--rules") { Description = "Rule set (JSON) overriding the default parameters (docs/finance.md)." };
        var parties = new Option<FileInfo?>("--parties") { Description = "Optional account holders CSV (account_id,name,…): the holders' names, reduced at once to keyed hashes of this run, tell tickets for third parties (rule R10); with --ad-list also their phones and e-mails (rule R19, hashed the same way); nothing else of the file is used." };
        var adLists = new Option<FileInfo[]>("--ad-list") { Description = "An ad-identifier list (repeatable; the format of the list upload: one phone number or e-mail address a line): rule R19 against the holders of --parties, compared as keyed hashes of this run." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for accounts.csv and alerts.csv.", Required = true };
        var command = new Command("analyse", "Run the red-flag rules and network typologies over a transactions file; write account scores and explained alerts.") { input.Format, input.Transactions, input.Accounts, input.Mapping, rules, parties, adLists, output };
        command.SetAction(async parseResult =>
        {
            var clock = Stopwatch.StartNew();
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
                // List files (R14, R15, R17) are read now, all or nothing, relative to the rules file.
                var (withLists, listErrors) = RuleLists.Load(ruleSet, rulesFile.FullName);
                if (withLists is null)
                {
                    foreach (var error in listErrors)
                    {
                        await Console.Error.WriteLineAsync(error.ToString());
                    }
                    await Console.Error.WriteLineAsync("ariadne: a list file of the rule set is invalid; nothing was analysed or written.");
                    return 2;
                }
                ruleSet = withLists;
            }
            if (FinanceAnalysis.Check(ruleSet) is { Count: > 0 } problems)
            {
                foreach (var (setting, problem) in problems)
                {
                    await Console.Error.WriteLineAsync($"{parseResult.GetValue(rules)?.Name ?? "rules"}, {setting}: {problem}");
                }
                await Console.Error.WriteLineAsync("ariadne: the rule set is invalid; nothing was analysed or written.");
                return 2;
            }
            AdListFiles? ads = null;
            if (parseResult.GetValue(adLists) is { Length: > 0 } adFiles)
            {
                if (parseResult.GetValue(parties) is null)
                {
                    await Console.Error.WriteLineAsync("ariadne: --ad-list needs --parties (R19 compares the holders' phones and e-mails with the list); nothing was analysed or written.");
                    return 2;
                }
                var adErrors = new List<FileError>();
                ads = AdListFiles.Read([.. adFiles.Select(f => ImportCommand.ExistingFile(f))], adErrors);
                if (ads is null)
                {
                    foreach (var error in adErrors)
                    {
                        await Console.Error.WriteLineAsync(error.ToString());
                    }
                    await Console.Error.WriteLineAsync("ariadne: an ad-identifier list is invalid; nothing was analysed or written.");
                    return 2;
                }
            }
            IReadOnlyList<PartyRow>? holders = null;
            IReadOnlyList<PartyRow>? partyRows = null;
            if (parseResult.GetValue(parties) is { } partiesFile)
            {
                (holders, partyRows, var partyErrors) = ReadHolders(ImportCommand.ExistingFile(partiesFile), contacts: ads is not null);
                if (holders is null)
                {
                    foreach (var error in partyErrors)
                    {
                        await Console.Error.WriteLineAsync(error.ToString());
                    }
                    await Console.Error.WriteLineAsync("ariadne: the input is invalid; nothing was analysed or written.");
                    return 2;
                }
            }
            if (await input.ReadAsync(parseResult, "nothing was analysed or written", holders) is not { } store)
            {
                return 2;
            }
            if (holders is not null)
            {
                var known = new HashSet<string>(store.Accounts, StringComparer.Ordinal);
                var unknown = holders.Where(h => !known.Contains(h.AccountId)).ToList();
                if (unknown.Count > 0)
                {
                    foreach (var h in unknown.Take(TransactionFiles.MaxListedErrors))
                    {
                        await Console.Error.WriteLineAsync(new FileError(parseResult.GetValue(parties)!.Name, h.Line, "account_id", $"'{h.AccountId}' is in neither the transactions nor the accounts file").ToString());
                    }
                    await Console.Error.WriteLineAsync("ariadne: the input is invalid; nothing was analysed or written.");
                    return 2;
                }
                holders = null; // The names are in the store now (as keyed hashes); the rows are not needed any more.
            }
            var read = clock.Elapsed;
            var result = FinanceAnalysis.Run(store, ruleSet);
            if (ads is not null && partyRows is not null)
            {
                result = ads.Apply(result, store, partyRows, ruleSet);
            }
            var directory = parseResult.GetValue(output)!.FullName;
            FinanceFiles.WriteResult(directory, store, result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{store.Count} transactions, {store.AccountCount} accounts, {result.Components} components (largest {result.LargestComponent}); {result.Alerts.Count} alerts, {result.Accounts.Count(r => r.Flagged)} accounts flagged. Read {read.TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s."));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The parties file as `analyse` uses it: the account and name of each holder (R10; hashed as the store is built) and,
    /// with ad lists, the account, phone and e-mail (R19). The full rows die here: kept whole for the length of the run
    /// (the locals of the command's action live to its end), a million holders with every identifier took a gigabyte.
    /// </summary>
    private static (IReadOnlyList<PartyRow>? Holders, IReadOnlyList<PartyRow>? Contacts, IReadOnlyList<FileError> Errors) ReadHolders(string path, bool contacts)
    {
        var (rows, errors) = TransactionFiles.ReadParties(path);
        if (rows is null)
        {
            return (null, null, errors);
        }
        return ([.. rows.Select(r => new PartyRow(r.Line, r.AccountId, r.Name, null, null, null, null))],
            contacts ? [.. rows.Select(r => new PartyRow(r.Line, r.AccountId, null, r.Phone, r.Email, null, null))] : null, errors);
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

    private static Command GoAml()
    {
        var input = new InputOptions();
        var analysis = new Option<DirectoryInfo>("--analysis") { Description = "The directory a previous analyse run wrote (its alerts.csv).", Required = true };
        var alert = new Option<string>("--alert") { Description = "Id of the alert to report (alerts.csv, alert_id).", Required = true };
        var profile = new Option<FileInfo?>("--profile") { Description = "FIU profile (JSON: required elements, code lists, lengths, code maps); default: the shipped generic profile." };
        var header = new Option<FileInfo?>("--header") { Description = "Report header and party details (JSON: rentityId, currencyCodeLocal, reportingPerson, location, reason, action, parties…)." };
        var output = new Option<FileInfo>("--out") { Description = "The goAML XML file to write.", Required = true };
        var command = new Command("goaml", "Write a goAML XML suspicious transaction report for one alert of an analyse run, checked against an FIU profile; refuses (exit 2, every problem by element path) when it breaks the profile.")
        { input.Format, input.Transactions, input.Accounts, input.Mapping, analysis, alert, profile, header, output };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            try
            {
                var fiu = parseResult.GetValue(profile) is { } p ? FiuProfile.Load(ImportCommand.ExistingFile(p)) : FiuProfile.Generic();
                var head = parseResult.GetValue(header) is { } h ? GoAmlHeader.Load(ImportCommand.ExistingFile(h)) : new GoAmlHeader();
                var reported = FinanceFiles.ReadAlert(parseResult.GetValue(analysis)!.FullName, parseResult.GetValue(alert)!);
                if (await input.ReadAsync(parseResult, "no report was written") is not { } store)
                {
                    return 2;
                }
                // The submission date is the clock of the services, so that a test can fix it.
                var now = session.HostServices.GetRequiredService<TimeProvider>().GetUtcNow();
                var report = GoAmlBuilder.Build(store, reported, head, fiu, now);
                var problems = fiu.Validate(report);
                if (problems.Count > 0)
                {
                    foreach (var problem in problems)
                    {
                        await Console.Error.WriteLineAsync(problem.ToString());
                    }
                    await Console.Error.WriteLineAsync($"ariadne: the report breaks the FIU profile '{fiu.Name}' in {problems.Count} places; no report was written.");
                    return 2;
                }
                var path = parseResult.GetValue(output)!.FullName;
                await File.WriteAllBytesAsync(path, GoAmlWriter.ToBytes(report, fiu.DateFormat), cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote a goAML {report.ReportCode} of alert {reported.Id} with {report.Transactions.Count} transactions ({fiu.Name} profile) to {path}."));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync("ariadne: " + e.Message);
                return 2;
            }
        }));
        return command;
    }

    private static Command Export()
    {
        var input = new InputOptions();
        var seeds = new Option<string[]>("--account") { Description = "A seed account id (repeatable).", AllowMultipleArgumentsPerToken = true };
        var analysis = new Option<DirectoryInfo?>("--analysis") { Description = "With --alert: the directory of a previous analyse run." };
        var alert = new Option<string?>("--alert") { Description = "Seed the network with the accounts of this alert (needs --analysis)." };
        var hops = new Option<int>("--hops") { Description = "How many hops around the seeds (in either direction).", DefaultValueFactory = _ => 1 };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only transactions at or after this time (ISO 8601, UTC when no offset)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only transactions at or before this time." };
        var merchants = new Option<bool>("--include-merchant-purchases") { Description = "Keep card purchases at merchants (left out by default: a shop joins all its customers)." };
        var maxNodes = new Option<int>("--max-nodes") { Description = "Stop expanding before a hop level that would pass this many accounts.", DefaultValueFactory = _ => 10_000 };
        var outputFormat = new Option<string>("--output-format") { Description = "graphml (one file) or csv (nodes.csv and edges.csv in a directory).", DefaultValueFactory = _ => "graphml" };
        outputFormat.AcceptOnlyFromAmong("graphml", "csv");
        var output = new Option<string>("--out") { Description = "The GraphML file, or the directory for the CSV files.", Required = true };
        var command = new Command("export", "Export the network around accounts or an alert (k hops, optional time window; edges aggregated per pair and currency with count, sum, first and last) as GraphML or CSV.")
        { input.Format, input.Transactions, input.Accounts, input.Mapping, seeds, analysis, alert, hops, from, to, merchants, maxNodes, outputFormat, output };
        command.SetAction(async parseResult =>
        {
            try
            {
                var wanted = (parseResult.GetValue(seeds) ?? []).ToList();
                if (parseResult.GetValue(alert) is { } alertId)
                {
                    var directory = parseResult.GetValue(analysis) ?? throw new InvalidDataException("--alert needs --analysis DIR.");
                    wanted.AddRange(FinanceFiles.ReadAlert(directory.FullName, alertId).Accounts);
                }
                if (wanted.Count == 0 || parseResult.GetValue(hops) < 0)
                {
                    throw new InvalidDataException("name at least one --account or an --alert, and --hops of 0 or more.");
                }
                if (await input.ReadAsync(parseResult, "nothing was exported") is not { } store)
                {
                    return 2;
                }
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var a = 0; a < store.AccountCount; a++)
                {
                    index[store.Accounts[a]] = a;
                }
                var unknown = wanted.Where(a => !index.ContainsKey(a)).ToList();
                if (unknown.Count > 0)
                {
                    throw new InvalidDataException($"--account: no account {string.Join(", ", unknown.Take(10).Select(a => $"'{a}'"))} in the transactions or accounts file.");
                }
                var network = NetworkExtract.Around(store, new NetworkQuery
                {
                    Seeds = [.. wanted.Select(a => index[a])],
                    Hops = parseResult.GetValue(hops),
                    From = parseResult.GetValue(from)?.ToUnixTimeSeconds(),
                    To = parseResult.GetValue(to)?.ToUnixTimeSeconds(),
                    IncludeMerchantPurchases = parseResult.GetValue(merchants),
                    MaxNodes = parseResult.GetValue(maxNodes),
                });
                var path = Path.GetFullPath(parseResult.GetValue(output)!);
                if (parseResult.GetValue(outputFormat) == "csv")
                {
                    NetworkFiles.WriteCsv(network, path);
                }
                else
                {
                    await using var file = File.Create(path);
                    NetworkFiles.WriteGraphMl(network, file);
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {network.Nodes.Count} accounts and {network.Edges.Count} edges ({network.Hops} hops{(network.Truncated ? $", truncated at {parseResult.GetValue(maxNodes)} accounts" : "")}) to {path}."));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync("ariadne: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>The transaction input options every finance command that reads a bank's files shares.</summary>
    private sealed class InputOptions
    {
        public Option<string> Format { get; } = new("--format") { Description = "Layout of the transactions file: amlsim (current or 2019 sample, told by the header), ibm (Transactions for AML) or generic (needs --mapping).", Required = true };
        public Option<FileInfo> Transactions { get; } = new("--transactions") { Description = "The transactions CSV.", Required = true };
        public Option<FileInfo?> Accounts { get; } = new("--accounts") { Description = "Optional accounts CSV (AMLSim accounts.csv or nodes.csv, IBM accounts): adds accounts without transactions, holder type and country." };
        public Option<FileInfo?> Mapping { get; } = new("--mapping") { Description = "Column mapping (JSON) for the generic layout." };

        public InputOptions() => Format.AcceptOnlyFromAmong("amlsim", "ibm", "generic");

        /// <summary>The store, or null after listing every bad row on stderr (all or nothing).</summary>
        public async Task<TransactionStore?> ReadAsync(ParseResult parseResult, string consequence, IReadOnlyList<PartyRow>? holders = null)
        {
            var layout = Enum.Parse<TransactionLayout>(parseResult.GetValue(Format)!, ignoreCase: true);
            var (store, errors) = TransactionFiles.Read(layout, ImportCommand.ExistingFile(parseResult.GetValue(Transactions)!),
                parseResult.GetValue(Accounts) is { } a ? ImportCommand.ExistingFile(a) : null,
                parseResult.GetValue(Mapping) is { } m ? ImportCommand.ExistingFile(m) : null, holders: holders);
            if (store is null)
            {
                foreach (var error in errors.Take(TransactionFiles.MaxListedErrors))
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }
                await Console.Error.WriteLineAsync($"ariadne: the input is invalid; {consequence}.");
            }
            return store;
        }
    }

    private static string Format(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
