using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.Finance;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne finance lists import|list|show|retire</c> and <c>ariadne finance settings show|set|history|restore</c>: the rule lists (R14, R15,
/// R17, R19) and rule parameters stored in the product, which <c>finance run</c> and the analysis job use (docs/finance.md,
/// "Rule lists and settings in the product"), through the same <see cref="FinanceService"/> as the pages and the API, as the
/// local operator; audited. Exit 2 with every bad line or field named, nothing stored.
/// </summary>
public static class FinanceListCommands
{
    public static IEnumerable<Command> Create() => [Lists(), Settings()];

    private static Command Lists()
    {
        var lists = new Command("lists", "The rule lists stored in the product (processors, tagged addresses, licensed agencies, ad identifiers): import a version, list, show.");
        var file = new Argument<FileInfo>("file") { Description = "The list: UTF-8 text, one entry a line (the first comma-separated field), '#' comments; ad identifiers are phone numbers or e-mail addresses." };
        var name = new Option<string>("--name") { Description = "The list's name; an existing name gets a new version.", Required = true };
        var kind = new Option<string>("--kind") { Description = "processors (R14), tagged-addresses (R15), licensed-agencies (R17) or ad-identifiers (R19).", Required = true };
        kind.AcceptOnlyFromAmong([.. FinanceRuleLists.Kinds]);
        var source = new Option<string>("--source") { Description = "Where the list comes from (who compiled it, when).", Required = true };
        var legalBasis = new Option<string?>("--legal-basis") { Description = "The legal basis for processing the identifiers (required for ad-identifiers)." };
        var import = new Command("import", "Store a list file as a new list or the next version of the named list; all or nothing (each bad line named). Ad identifiers are kept only as blind indexes.")
            { file, name, kind, source, legalBasis };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = ImportCommand.ExistingFile(parseResult.GetValue(file)!);
            var services = await session.OpenAsync();
            await using var content = File.OpenRead(path);
            var result = await services.GetRequiredService<FinanceService>().ImportRuleListAsync(
                new RuleListUpload(parseResult.GetValue(name), parseResult.GetValue(kind), parseResult.GetValue(source), parseResult.GetValue(legalBasis), Path.GetFileName(path), content),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FinanceDatabaseCommands.FailAsync(problem, "nothing was stored");
            }
            var v = result.Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"List {v.Id} '{v.Name}' ({v.Kind}): version {v.Version}, {v.Entries} entries."));
            return 0;
        }));
        lists.Subcommands.Add(import);

        var list = new Command("list", "The stored lists as CSV: id,name,kind,rule,version,entries,uploaded,by,source,retired (the date a retired list was retired; empty while in use).");
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().RuleListsAsync(CaseViewer.LocalOperator, cancellationToken);
            Console.WriteLine("id,name,kind,rule,version,entries,uploaded,by,source,retired");
            foreach (var v in result.Value ?? [])
            {
                Console.WriteLine(Row(v) + "," + string.Create(CultureInfo.InvariantCulture, $"{v.RetiredAtUtc:yyyy-MM-ddTHH:mm:ssZ}"));
            }
            return 0;
        }));
        lists.Subcommands.Add(list);

        var which = new Argument<string>("list") { Description = "The list's id or name." };
        var show = new Command("show", "One list's versions (newest first, as CSV like list) with the legal basis, then its current entries (not for ad identifiers, which are stored as blind indexes only).") { which };
        show.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().RuleListAsync(parseResult.GetValue(which)!, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FinanceDatabaseCommands.FailAsync(problem, "no such list");
            }
            var detail = result.Value!;
            if (detail.Current.RetiredAtUtc is { } retiredAt)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Retired {retiredAt:yyyy-MM-dd HH:mm} UTC by {detail.Current.RetiredByName}: {detail.Current.RetiredReason}"));
            }
            Console.WriteLine("id,name,kind,rule,version,entries,uploaded,by,source,legal_basis");
            foreach (var v in detail.Versions)
            {
                Console.WriteLine(Row(v) + "," + Csv(v.LegalBasis));
            }
            if (detail.Entries.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("entry");
                foreach (var entry in detail.Entries)
                {
                    Console.WriteLine(entry);
                }
            }
            return 0;
        }));
        lists.Subcommands.Add(show);

        var retiring = new Argument<string>("list") { Description = "The list's id or name." };
        var reason = new Option<string>("--reason") { Description = "Why the list is retired (the source withdrew it, the legal basis ended).", Required = true };
        var retire = new Command("retire", "Retire a list: the analysis stops using it; it stays with its versions as history. An ad-identifier list's blind indexes are deleted. Importing a new version activates it again.")
            { retiring, reason };
        retire.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().RetireRuleListAsync(parseResult.GetValue(retiring)!, parseResult.GetValue(reason), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FinanceDatabaseCommands.FailAsync(problem, "the list was not retired");
            }
            var v = result.Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"List {v.Id} '{v.Name}' ({v.Kind}) retired; the analysis no longer uses it."));
            return 0;
        }));
        lists.Subcommands.Add(retire);
        return lists;
    }

    private static Command Settings()
    {
        var settings = new Command("settings", "The rule parameters of the product's analysis (the JSON of analyse --rules, without list files): show or set.");
        var version = new Option<int?>("--version") { Description = "Show this version of the history (its JSON, then the fields changed from the version before) instead of the one in force." };
        var show = new Command("show", "Print the rule settings in force (JSON; {} = the defaults) with their version, or --version N from the history.") { version };
        show.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            if (parseResult.GetValue(version) is { } n)
            {
                var result = await services.GetRequiredService<FinanceService>().RuleSettingsVersionAsync(n, CaseViewer.LocalOperator, cancellationToken);
                if (result.Problem is { } problem)
                {
                    return await FinanceDatabaseCommands.FailAsync(problem, "no such version");
                }
                var detail = result.Value!;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Version {detail.Version}, changed {detail.ChangedAtUtc:yyyy-MM-dd HH:mm} UTC by {detail.ChangedByName}."));
                Console.WriteLine(detail.Json);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"field,before,after (from {(detail.PreviousVersion is { } p ? $"version {p}" : "the defaults")})"));
                foreach (var change in detail.Changes)
                {
                    Console.WriteLine($"{change.Field},{Csv(change.Before ?? "(default)")},{Csv(change.After ?? "(default)")}");
                }
                return 0;
            }
            var view = (await services.GetRequiredService<FinanceService>().RuleSettingsAsync(CaseViewer.LocalOperator, cancellationToken)).Value!;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Version {view.Version}{(view.ChangedAtUtc is { } at ? $", changed {at:yyyy-MM-dd HH:mm} UTC by {view.ChangedByName}" : " (the defaults)")}."));
            Console.WriteLine(view.Json);
            return 0;
        }));
        settings.Subcommands.Add(show);

        var file = new Argument<FileInfo>("file") { Description = "The rule settings (JSON); fields left out keep their defaults." };
        var set = new Command("set", "Replace the rule settings with a JSON file (a new version); refused naming the field, nothing changed.") { file };
        set.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var json = await File.ReadAllTextAsync(ImportCommand.ExistingFile(parseResult.GetValue(file)!), cancellationToken);
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().SetRuleSettingsAsync(json, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FinanceDatabaseCommands.FailAsync(problem, "the rule settings were not changed");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rule settings version {result.Value!.Version} stored."));
            return 0;
        }));
        settings.Subcommands.Add(set);

        var history = new Command("history", "The history of the rule settings as CSV, newest first: version,changed,by.");
        history.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().RuleSettingsVersionsAsync(CaseViewer.LocalOperator, cancellationToken);
            Console.WriteLine("version,changed,by");
            foreach (var v in result.Value ?? [])
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.Version},{v.ChangedAtUtc:yyyy-MM-ddTHH:mm:ssZ},{Csv(v.ChangedByName)}"));
            }
            return 0;
        }));
        settings.Subcommands.Add(history);

        var restoring = new Argument<int>("version") { Description = "The version of the history to use again." };
        var restore = new Command("restore", "Use an older version of the rule settings again: its JSON is stored as a new version.") { restoring };
        restore.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().RestoreRuleSettingsAsync(parseResult.GetValue(restoring), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FinanceDatabaseCommands.FailAsync(problem, "the rule settings were not changed");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rule settings version {parseResult.GetValue(restoring)} used again as version {result.Value!.Version}."));
            return 0;
        }));
        settings.Subcommands.Add(restore);
        return settings;
    }

    private static string Row(RuleListView v) => string.Create(CultureInfo.InvariantCulture,
        $"{v.Id},{Csv(v.Name)},{v.Kind},{FinanceRuleLists.Rule(v.Kind)},{v.Version},{v.Entries},{v.UploadedAtUtc:yyyy-MM-ddTHH:mm:ssZ},{Csv(v.UploadedByName)},{Csv(v.Source)}");

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
