using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Assets;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne finance assets list|add|step --case CODE</c>: a case's asset ledger as the local operator (docs/finance.md,
/// "Asset ledger per case"), through the same <see cref="AssetLedgerService"/> as the page and the API; audited.
/// Descriptions are sealed text about people and are not printed. Exit 2 with every bad field named.
/// </summary>
public static class FinanceAssetCommands
{
    public static Command Create()
    {
        var assets = new Command("assets", "A case's asset ledger: list entries or totals, add an entry, record a status step.");
        var caseCode = new Option<string>("--case") { Description = "The case code.", Required = true };
        var totals = new Option<bool>("--totals") { Description = "Print the totals per status and currency instead of the entries." };
        var list = new Command("list", "The entries as CSV: id,kind,status,value,currency,holder,alert,version,steps (descriptions are not printed).") { caseCode, totals };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var (service, caseId) = await ResolveAsync(session, parseResult.GetValue(caseCode), cancellationToken);
            if (caseId is null)
            {
                return await NoCaseAsync();
            }
            var ledger = (await service.GetAsync(caseId.Value, CaseViewer.LocalOperator, cancellationToken)).Value!;
            if (parseResult.GetValue(totals))
            {
                Console.WriteLine("status,currency,value,entries");
                foreach (var t in ledger.Totals)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Status},{t.Currency},{t.Value:0.00},{t.Entries}"));
                }
                return 0;
            }
            Console.WriteLine("id,kind,status,value,currency,holder,alert,version,steps");
            foreach (var e in ledger.Entries!)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Id},{e.Kind},{e.Status},{e.EstimatedValue:0.00},{e.Currency},{Csv(e.HolderReference)},{e.AlertId},{e.Version},{string.Join(" > ", e.History.Select(h => $"{h.Status}@{h.On:yyyy-MM-dd}"))}"));
            }
            return 0;
        }));
        assets.Subcommands.Add(list);

        var kind = new Option<string>("--kind") { Description = "Cash, BankAccount, RealEstate, Vehicle, VirtualAsset or Other.", Required = true };
        var description = new Option<string?>("--description") { Description = "What it is (sealed under the person's key)." };
        var value = new Option<decimal?>("--value") { Description = "Estimated value (invariant notation, e.g. 1234.56).", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 code, e.g. EUR.", Required = true };
        var holder = new Option<string?>("--holder") { Description = "Holder reference (an account id, a register entry)." };
        var alert = new Option<Guid?>("--alert") { Description = "A finance alert linked to the case." };
        var add = new Command("add", "Record an asset with its first status step; prints its id.") { caseCode, kind, description, value, currency, holder, alert };
        var step = StepOptions(add);
        add.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var (service, caseId) = await ResolveAsync(session, parseResult.GetValue(caseCode), cancellationToken);
            if (caseId is null)
            {
                return await NoCaseAsync();
            }
            var input = new AssetInput(parseResult.GetValue(kind), parseResult.GetValue(description), parseResult.GetValue(value), parseResult.GetValue(currency),
                parseResult.GetValue(holder), parseResult.GetValue(alert), parseResult.GetValue(step.Status), parseResult.GetValue(step.On) ?? service.Today,
                parseResult.GetValue(step.Authority), parseResult.GetValue(step.Reference));
            var result = await service.AddAsync(caseId.Value, input, CaseViewer.LocalOperator, cancellationToken);
            return Print(result) ?? await FinanceDatabaseCommands.FailAsync(result.Problem!, "nothing was changed");
        }));
        assets.Subcommands.Add(add);

        var assetId = new Argument<Guid>("asset-id") { Description = "The entry's id, as list prints it." };
        var next = new Command("step", "Record the next status step of an entry (the ledger's rules decide which moves are allowed).") { assetId, caseCode };
        var stepOptions = StepOptions(next);
        stepOptions.Status.Required = true;
        next.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var (service, caseId) = await ResolveAsync(session, parseResult.GetValue(caseCode), cancellationToken);
            if (caseId is null)
            {
                return await NoCaseAsync();
            }
            var result = await service.StepAsync(caseId.Value, parseResult.GetValue(assetId), new AssetStepInput(parseResult.GetValue(stepOptions.Status),
                parseResult.GetValue(stepOptions.On) ?? service.Today, parseResult.GetValue(stepOptions.Authority), parseResult.GetValue(stepOptions.Reference)),
                CaseViewer.LocalOperator, cancellationToken);
            return Print(result) ?? await FinanceDatabaseCommands.FailAsync(result.Problem!, "nothing was changed");
        }));
        assets.Subcommands.Add(next);
        return assets;
    }

    private sealed record StepOptionSet(Option<string?> Status, Option<DateOnly?> On, Option<string?> Authority, Option<string?> Reference);

    private static StepOptionSet StepOptions(Command command)
    {
        var set = new StepOptionSet(
            new Option<string?>("--status") { Description = "Identified, Frozen, Seized, Confiscated, Released or ReturnedToVictim (add: default Identified)." },
            new Option<DateOnly?>("--on") { Description = "The day of the measure (yyyy-MM-dd; default today)." },
            new Option<string?>("--authority") { Description = "The authority that ordered or recorded the measure.", Required = true },
            new Option<string?>("--legal-reference") { Description = "The legal basis or order reference." });
        command.Options.Add(set.Status);
        command.Options.Add(set.On);
        command.Options.Add(set.Authority);
        command.Options.Add(set.Reference);
        return set;
    }

    private static string Csv(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static int? Print(Result<AssetEntryView> result)
    {
        if (result.Value is not { } entry)
        {
            return null;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Asset {entry.Id}: {entry.Kind}, {entry.EstimatedValue:0.00} {entry.Currency}, {entry.Status} (version {entry.Version})."));
        return 0;
    }

    private static async Task<(AssetLedgerService Service, Guid? CaseId)> ResolveAsync(CliSession session, string? code, CancellationToken cancellationToken)
    {
        var services = await session.OpenAsync();
        var service = services.GetRequiredService<AssetLedgerService>();
        return (service, await service.FindCaseAsync(code, CaseViewer.LocalOperator, cancellationToken));
    }

    private static async Task<int> NoCaseAsync()
    {
        await Console.Error.WriteLineAsync("ariadne: --case: no case has this code.");
        return 2;
    }
}
