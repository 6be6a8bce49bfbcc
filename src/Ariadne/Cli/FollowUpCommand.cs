using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.FollowUp;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne followup load-declaration|import|frameworks|dashboard|sdg import|sdg export|reminders send</c>: the follow-up of commitments from the command
/// line, through the same <see cref="FollowUpService"/> as the pages and the API, as the local operator (audited).
/// </summary>
public static class FollowUpCommand
{
    public static Command Create()
    {
        var followUp = new Command("followup", "The follow-up of commitments: the declaration 76/7, national action plans, measures and due dates.");

        var load = new Command("load-declaration", "Load the operative paragraphs of UN GA resolution 76/7 as the framework A/RES/76/7 (idempotent: adds what is missing, overwrites nothing).");
        load.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().LoadDeclarationAsync(CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "the declaration was not loaded");
            }
            Console.WriteLine(result.Value!.Created
                ? $"Loaded the declaration 76/7 ({FollowUpService.DeclarationCode}): {result.Value.ItemsAdded} paragraphs."
                : $"The declaration 76/7 was loaded already: {result.Value.ItemsAdded} paragraphs added, {result.Value.ItemsFilled} completed.");
            return 0;
        }));
        followUp.Subcommands.Add(load);

        var file = new Argument<FileInfo>("file") { Description = "A CSV file; the first line names the columns: " + string.Join(",", FollowUpService.ImportColumns) + " (number and title required)." };
        var kind = new Option<FrameworkKind>("--kind") { Description = "Declaration, NationalActionPlan, Greta, Untoc, Upr, TreatyBody or Tip.", DefaultValueFactory = _ => FrameworkKind.NationalActionPlan };
        var code = new Option<string>("--code") { Description = "A unique reference, e.g. NAP-2025.", Required = true };
        var title = new Option<string>("--title") { Description = "The framework's title.", Required = true };
        var titleDe = new Option<string?>("--title-de") { Description = "The title in German." };
        var source = new Option<string?>("--source") { Description = "Where the text comes from." };
        var issuedOn = new Option<string?>("--issued-on") { Description = "yyyy-mm-dd." };
        var cycle = new Option<string?>("--cycle") { Description = "The reporting or review cycle, e.g. 2025-2028." };
        var import = new Command("import", "Import a framework (e.g. a national action plan) with its items from CSV. All or nothing: each error names the line and field (exit 2).")
        {
            file, kind, code, title, titleDe, source, issuedOn, cycle,
        };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: {path.FullName} does not exist. Nothing was imported.");
                return 2;
            }
            DateOnly? issued = null;
            if (parseResult.GetValue(issuedOn) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    await Console.Error.WriteLineAsync("ariadne: --issued-on must be a date yyyy-mm-dd. Nothing was imported.");
                    return 2;
                }
                issued = date;
            }
            var services = await session.OpenAsync();
            using var reader = new StreamReader(path.FullName);
            var result = await services.GetRequiredService<FollowUpService>().ImportPlanAsync(
                new FrameworkInput(parseResult.GetValue(kind), parseResult.GetValue(code), parseResult.GetValue(title), parseResult.GetValue(titleDe),
                    parseResult.GetValue(source), issued, parseResult.GetValue(cycle)),
                reader, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                if (problem.Errors.Count > 0)
                {
                    await Console.Error.WriteLineAsync("ariadne: nothing was imported: " + string.Join("; ", problem.Errors.Select(e => e.Message)));
                    return 2;
                }
                return await CliHost.ReportAsync(problem, "nothing was imported");
            }
            Console.WriteLine($"Imported {result.Value!.Framework.Code} with {result.Value.Items} items.");
            return 0;
        }));
        followUp.Subcommands.Add(import);

        var frameworks = new Command("frameworks", "List the frameworks with their numbers of items (JSON).");
        frameworks.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().FrameworksAsync(CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        followUp.Subcommands.Add(frameworks);

        var days = new Option<int>("--days") { Description = "Look this many days ahead (0 to 366).", DefaultValueFactory = _ => FollowUpService.DefaultDueWithinDays };
        var dashboard = new Command("dashboard", "Measures due within --days and overdue, and reports awaiting approval (JSON).") { days };
        dashboard.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().DashboardAsync(parseResult.GetValue(days), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "--days");
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        followUp.Subcommands.Add(dashboard);
        followUp.Subcommands.Add(Sdg());
        followUp.Subcommands.Add(ReferralCommand.Reminders($"Send each lead institution's focal points its measures due within {FollowUpReminders.DueWithinDays} days and overdue",
            (services, dry, ct) => services.GetRequiredService<FollowUpReminders>().SendAsync(dry, ct)));
        return followUp;
    }

    /// <summary><c>followup sdg import FILE | export [--output FILE]</c>: an SDG indicator's data in the Open SDG CSV layout.</summary>
    private static Command Sdg()
    {
        var indicator = new Option<string>("--indicator") { Description = "The SDG indicator (goal.target.indicator).", DefaultValueFactory = _ => FollowUpService.SdgIndicator };
        var file = new Argument<FileInfo>("file") { Description = "An Open SDG CSV file: comma-separated, with the columns Year and Value and any disaggregations." };
        var import = new Command("import", "Import (replace) the indicator's data from an Open SDG CSV file. All or nothing: each error names the line and column (exit 2).") { file, indicator };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: {path.FullName} does not exist. Nothing was imported.");
                return 2;
            }
            var services = await session.OpenAsync();
            await using var stream = path.OpenRead();
            var result = await services.GetRequiredService<FollowUpService>().ImportSdgAsync(parseResult.GetValue(indicator), stream, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                if (problem.Errors.Count > 0)
                {
                    await Console.Error.WriteLineAsync("ariadne: nothing was imported: " + string.Join("; ", problem.Errors.Select(e => e.Message)));
                    return 2;
                }
                return await CliHost.ReportAsync(problem, "nothing was imported");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported SDG {result.Value!.Indicator}: {result.Value.Rows} rows, {result.Value.FirstYear}–{result.Value.LastYear}."));
            return 0;
        }));
        var output = new Option<FileInfo?>("--output") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the indicator's data as the Open SDG CSV it was imported from (the same columns, rows, cells and line breaks).") { indicator, output };
        export.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            using var buffer = new MemoryStream();
            var result = await services.GetRequiredService<FollowUpService>().ExportSdgAsync(parseResult.GetValue(indicator), buffer, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "--indicator");
            }
            if (parseResult.GetValue(output) is { } target)
            {
                await File.WriteAllBytesAsync(target.FullName, buffer.ToArray(), cancellationToken);
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(buffer.ToArray(), cancellationToken);
            }
            return 0;
        }));
        return new Command("sdg", "SDG indicator data (e.g. 16.2.2) in the Open SDG CSV layout: import and export, round-tripping exactly.") { import, export };
    }
}
