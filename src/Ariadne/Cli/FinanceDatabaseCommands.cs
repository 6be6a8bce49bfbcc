using System.CommandLine;
using System.Globalization;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne finance import|datasets [delete]|run|alerts|report</c>: the financial-flow analysis in the database, through the same
/// <see cref="FinanceService"/> as the pages and the API, as the local operator (docs/finance.md, "In the product").
/// Exit 2 for invalid input (each bad row on its own line: file, line, column), 1 for other problems.
/// </summary>
public static class FinanceDatabaseCommands
{
    public static IEnumerable<Command> Create() => [Import(), Datasets(), Run(), Alerts(), Report(), FinanceAssetCommands.Create(), .. FinanceListCommands.Create()];

    internal static async Task<int> FailAsync(Problem problem, string context)
    {
        if (problem.Errors.Count == 0)
        {
            return await CliHost.ReportAsync(problem, context);
        }
        foreach (var error in problem.Errors)
        {
            await Console.Error.WriteLineAsync($"ariadne: {error.Field}: {error.Message}");
        }
        await Console.Error.WriteLineAsync($"ariadne: {context}");
        return 2;
    }

    private static Command Import()
    {
        var format = new Option<string>("--format") { Description = "Layout of the transactions file: amlsim, ibm or generic (needs --mapping).", Required = true };
        format.AcceptOnlyFromAmong(FinanceService.Formats);
        var transactions = new Option<FileInfo>("--transactions") { Description = "The transactions CSV.", Required = true };
        var accounts = new Option<FileInfo?>("--accounts") { Description = "Optional accounts CSV." };
        var parties = new Option<FileInfo?>("--parties") { Description = "Optional account holders CSV: account_id,name,phone,email,address,document_number (sealed at once)." };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "Column mapping (JSON) for the generic layout." };
        var name = new Option<string>("--name") { Description = "The dataset's name.", Required = true };
        var analyse = new Option<bool>("--analyse") { Description = "Analyse the dataset straight after the import (as `finance run` with the default rules), from the transactions already read." };
        var command = new Command("import", "Import a bank export into the database (all or nothing; label columns are never read).") { format, transactions, accounts, parties, mapping, name, analyse };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            static string? PathOf(FileInfo? file) => file is null ? null : ImportCommand.ExistingFile(file);
            var request = new FinanceImportRequest(parseResult.GetValue(name)!, parseResult.GetValue(format)!, ImportCommand.ExistingFile(parseResult.GetValue(transactions)!),
                PathOf(parseResult.GetValue(accounts)), PathOf(parseResult.GetValue(parties)), PathOf(parseResult.GetValue(mapping)), parseResult.GetValue(analyse));
            var progress = ConsoleProgress.ForStandardError();
            var result = await services.GetRequiredService<FinanceService>().ImportAsync(request, CaseViewer.LocalOperator, progress, cancellationToken);
            progress.Complete();
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "nothing was imported");
            }
            var d = result.Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dataset {d.Id} '{d.Name}': {d.Transactions} transactions, {d.Accounts} accounts, {d.Parties} parties imported."));
            if (d.AnalysedAtUtc is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Analysed: {d.Alerts} alerts."));
            }
            return 0;
        }));
        return command;
    }

    private static Command Datasets()
    {
        var command = new Command("datasets", "List the imported datasets: id, state, counts, name.");
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().DatasetsAsync(CaseViewer.LocalOperator, cancellationToken);
            Console.WriteLine("id,state,accounts,parties,transactions,alerts,name");
            foreach (var d in result.Value ?? [])
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Id},{d.State},{d.Accounts},{d.Parties},{d.Transactions},{d.Alerts},{d.Name}"));
            }
            return 0;
        }));
        command.Subcommands.Add(DeleteDataset());
        return command;
    }

    private static Command DeleteDataset()
    {
        var id = new Argument<Guid>("dataset-id") { Description = "The dataset's id, as datasets prints it." };
        var reason = new Option<string>("--reason") { Description = $"Why it is deleted (at most {FinanceService.MaxDeleteReasonLength} characters, nothing identifying; audited).", Required = true };
        var command = new Command("delete", "Delete a dataset with everything derived from it (accounts, holders with their data keys, transactions, alerts, case links); "
            + "asset-ledger entries recorded from its alerts stay with their case without the alert reference. Refused while an import or analysis of it is queued or running.") { id, reason };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().DeleteDatasetAsync(parseResult.GetValue(id), parseResult.GetValue(reason), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "nothing was deleted");
            }
            var d = result.Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Dataset {d.Id} '{d.Name}' deleted: {d.Transactions} transactions, {d.Accounts} accounts, {d.Parties} parties, {d.Alerts} alerts, {d.CaseLinks} case links; {d.LedgerEntriesUnlinked} asset-ledger entries kept without the alert reference."));
            return 0;
        }));
        return command;
    }

    private static Command Run()
    {
        var dataset = new Option<Guid>("--dataset") { Description = "The dataset's id, as datasets prints it.", Required = true };
        var command = new Command("run", "Analyse an imported dataset in the database with the stored rule settings and lists: store account scores and alerts (open alerts of an earlier run are replaced, disposed ones kept).") { dataset };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var progress = ConsoleProgress.ForStandardError();
            var result = await services.GetRequiredService<FinanceService>().AnalyseAsync(parseResult.GetValue(dataset), null, CaseViewer.LocalOperator, progress, cancellationToken);
            progress.Complete();
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "nothing was analysed");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dataset {result.Value!.Id} analysed: {result.Value.Alerts} alerts."));
            return 0;
        }));
        return command;
    }

    private static Command Alerts()
    {
        var alerts = new Command("alerts", "The alert queue: list, assign, dispose, link to a case, find the holders in the case registry.");
        var status = new Option<string?>("--status") { Description = "Open, Assigned or Closed." };
        var rule = new Option<string?>("--rule") { Description = "A rule (R1 …) or typology." };
        var assignee = new Option<string?>("--assignee") { Description = "A user name." };
        var dataset = new Option<Guid?>("--dataset") { Description = "A dataset id." };
        var page = new Option<int>("--page") { Description = "Page (50 alerts each).", DefaultValueFactory = _ => 1 };
        var list = new Command("list", "List alerts as CSV: id,code,rule,typology,score,accounts,status,assignee,disposition.") { status, rule, assignee, dataset, page };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var query = new AlertQuery(parseResult.GetValue(status), parseResult.GetValue(rule), parseResult.GetValue(assignee), parseResult.GetValue(dataset), parseResult.GetValue(page));
            var result = await services.GetRequiredService<FinanceService>().AlertsAsync(query, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "no alerts listed");
            }
            Console.WriteLine("id,code,rule,typology,score,accounts,status,assignee,disposition");
            foreach (var a in result.Value!.Items)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Id},{a.Code},{a.Rule},{a.Typology},{a.Score:0.00},{a.Accounts},{a.Status},{a.AssigneeName},{a.Disposition}"));
            }
            return 0;
        }));
        alerts.Subcommands.Add(list);
        var to = new Option<string>("--to") { Description = "The financial investigator's user name.", Required = true };
        alerts.Subcommands.Add(AlertAction("assign", "Assign an alert to a financial investigator.", [to],
            (service, id, parse, ct) => Unit(service.AssignAsync(id, parse.GetValue(to), CaseViewer.LocalOperator, ct))));
        var disposition = new Option<string>("--disposition") { Description = "TruePositive, FalsePositive or Inconclusive.", Required = true };
        var note = new Option<string?>("--note") { Description = "A note (at most 2000 characters)." };
        alerts.Subcommands.Add(AlertAction("dispose", "Close an alert with a disposition.", [disposition, note],
            (service, id, parse, ct) => Unit(service.DisposeAsync(id, parse.GetValue(disposition), parse.GetValue(note), CaseViewer.LocalOperator, ct))));
        var caseCode = new Option<string>("--case") { Description = "The case code.", Required = true };
        alerts.Subcommands.Add(AlertAction("link", "Link an alert to a case by its code.", [caseCode],
            (service, id, parse, ct) => Unit(service.LinkCaseAsync(id, parse.GetValue(caseCode), CaseViewer.LocalOperator, ct))));
        alerts.Subcommands.Add(Registry());
        return alerts;
    }

    /// <summary><c>finance alerts registry ID --reason R</c>: the cases whose person matches a holder, as CSV (case_code,account,matched_on).</summary>
    private static Command Registry()
    {
        var id = new Argument<Guid>("alert-id") { Description = "The alert's id, as list prints it." };
        var reason = new Option<string>("--reason") { Description = "Why the holders are looked up (audited).", Required = true };
        var command = new Command("registry", "Look the holders of an alert's accounts up in the case registry (name and date of birth, document); print the matching cases as CSV: case_code,account,matched_on.") { id, reason };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FinanceService>().FindHoldersInRegistryAsync(parseResult.GetValue(id), parseResult.GetValue(reason), CaseViewer.LocalOperator,
                cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "nothing was looked up");
            }
            Console.WriteLine("case_code,account,matched_on");
            foreach (var m in result.Value!)
            {
                Console.WriteLine($"{m.CaseCode},{m.AccountId},{m.MatchedOn}");
            }
            return 0;
        }));
        return command;
    }

    private static async Task<Result<bool>> Unit<T>(Task<Result<T>> task) => (await task) is { Problem: { } p } ? p : true;

    private static Command AlertAction(string name, string description, Option[] options, Func<FinanceService, Guid, ParseResult, CancellationToken, Task<Result<bool>>> act)
    {
        var id = new Argument<Guid>("alert-id") { Description = "The alert's id, as list prints it." };
        var command = new Command(name, description) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await act(services.GetRequiredService<FinanceService>(), parseResult.GetValue(id), parseResult, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await FailAsync(problem, "nothing was changed");
            }
            Console.WriteLine($"Alert {parseResult.GetValue(id)}: done ({name}).");
            return 0;
        }));
        return command;
    }

    private static Command Report()
    {
        var command = new Command("report", "Precision per rule and overall from the dispositions (TP / (TP + FP) of closed alerts), as CSV.");
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var report = (await services.GetRequiredService<FinanceService>().ReportAsync(CaseViewer.LocalOperator, cancellationToken)).Value!;
            Console.WriteLine("rule,disposed,true_positives,false_positives,inconclusive,precision");
            foreach (var r in report.Rules.Append(report.Overall))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Rule},{r.Disposed},{r.TruePositives},{r.FalsePositives},{r.Inconclusive},{(r.Precision is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")}"));
            }
            return 0;
        }));
        return command;
    }
}
