using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Reports;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne followup load-declaration|import|frameworks [load-text]|dashboard|indicators|sdg import|sdg export|treaties import|list|reminders send|feedback|report|questionnaire</c>: the follow-up of commitments from the command
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
        frameworks.Subcommands.Add(LoadText());
        followUp.Subcommands.Add(frameworks);
        followUp.Subcommands.Add(Treaties());

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
        followUp.Subcommands.Add(Indicators());
        followUp.Subcommands.Add(Feedback());
        followUp.Subcommands.Add(Report());
        followUp.Subcommands.Add(QuestionnaireCommand.Create());
        return followUp;
    }

    /// <summary>
    /// <c>followup feedback instrument|release|results</c>: survivor feedback from the command line. Codes are opened by
    /// a case worker on the page or through the API (a code counts for the opener's organisation; the local operator has none).
    /// </summary>
    private static Command Feedback()
    {
        var feedback = new Command("feedback", "Survivor feedback: the instrument, releasing closed months into the counts, and the published counts.");

        var instrument = new Command("instrument", "The survivor-feedback instrument: version, what the survivor is told, the questions and answers (JSON).");
        instrument.SetAction(_ =>
        {
            Console.WriteLine(JsonSerializer.Serialize(SurvivorFeedbackService.Instrument, ReferralCommand.Json));
            return 0;
        });
        feedback.Subcommands.Add(instrument);

        var release = new Command("release", "Release the answers of the months before the current one into the counts (in random order, with new ids); prints how many.");
        release.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var count = await services.GetRequiredService<SurvivorFeedbackService>().ReleaseClosedMonthsAsync(cancellationToken);
            Console.WriteLine($"Released {count} answers.");
            return 0;
        }));
        feedback.Subcommands.Add(release);

        var from = new Option<string?>("--from") { Description = "First month, yyyy-mm (default: the last closed month)." };
        var to = new Option<string?>("--to") { Description = "Last month, yyyy-mm (default: --from)." };
        var results = new Command("results", "Counts per question and answer as a disclosure-controlled survivor-feedback release (JSON); small counts are marks.") { from, to };
        results.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<SurvivorFeedbackService>().ResultsAsync(parseResult.GetValue(from), parseResult.GetValue(to),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "--from/--to");
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        feedback.Subcommands.Add(results);
        return feedback;
    }

    /// <summary>
    /// <c>followup frameworks load-text --framework CODE|ID --language en|de [--official-source TEXT] FILE</c>: the official
    /// English text, or the German text (an official translation only when the file or the user says so), of a
    /// framework's numbered paragraphs from a supplied copy of its document (plain text or HTML).
    /// </summary>
    private static Command LoadText()
    {
        var framework = new Option<string>("--framework") { Description = "The framework's code (e.g. A/RES/76/7) or id.", Required = true };
        var language = new Option<string>("--language") { Description = "The text's language: en (the official English text) or de (the German text).", DefaultValueFactory = _ => "en" };
        var source = new Option<string?>("--official-source") { Description = "German only: the source of an official translation (e.g. Deutscher Übersetzungsdienst der Vereinten Nationen). Without it, the German text is official only when the file says so." };
        var file = new Argument<FileInfo>("file") { Description = "A plain-text or HTML copy of the document (e.g. A/RES/76/7 saved from the UN documents site)." };
        var command = new Command("load-text", "Load the official text of the framework's numbered paragraphs from a file; each changed item is a new version. A file whose paragraph numbers differ is refused naming them (exit 2).")
        {
            framework, language, source, file,
        };
        command.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: {path.FullName} does not exist. Nothing was loaded.");
                return 2;
            }
            var services = await session.OpenAsync();
            var followUp = services.GetRequiredService<FollowUpService>();
            var wanted = parseResult.GetValue(framework)!.Trim();
            var all = (await followUp.FrameworksAsync(CaseViewer.LocalOperator, cancellationToken)).Value ?? [];
            if (all.FirstOrDefault(f => f.Code == wanted || f.Id.ToString() == wanted) is not { } found)
            {
                await Console.Error.WriteLineAsync($"ariadne: --framework: no framework {wanted}. Nothing was loaded.");
                return 2;
            }
            var result = await followUp.LoadTextAsync(found.Id, parseResult.GetValue(language), await File.ReadAllTextAsync(path.FullName, cancellationToken), path.Name,
                CaseViewer.LocalOperator, cancellationToken, parseResult.GetValue(source));
            if (result.Problem is { } problem)
            {
                if (problem.Errors.Count > 0)
                {
                    await Console.Error.WriteLineAsync("ariadne: nothing was loaded: " + string.Join("; ", problem.Errors.Select(e => e.Message)));
                    return 2;
                }
                return await CliHost.ReportAsync(problem, "nothing was loaded");
            }
            Console.WriteLine($"Loaded {result.Value!.Paragraphs} paragraphs of {found.Code} ({result.Value.Language}); {result.Value.ItemsChanged} items changed."
                + (result.Value.Language == "de" ? result.Value.OfficialTranslation is { } official ? $" Official translation: {official}." : " Not marked as an official translation." : ""));
            return 0;
        }));
        return command;
    }

    /// <summary><c>followup treaties import --instrument X [--as-of] [--source-url] FILE | list [--instrument X]</c>: treaty status.</summary>
    private static Command Treaties()
    {
        var names = string.Join(", ", Enum.GetNames<TreatyInstrument>());
        var instrument = new Option<string>("--instrument") { Description = $"The instrument: {names}.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "The date the status is as of, yyyy-mm-dd (a saved UNTC page states it)." };
        var sourceUrl = new Option<string?>("--source-url") { Description = "Where the file was saved from (http or https)." };
        var file = new Argument<FileInfo>("file") { Description = "A status page saved from treaties.un.org (HTML) or a CSV: " + string.Join(",", TreatyStatusFiles.CsvColumns) + "." };
        var import = new Command("import", "Import an instrument's status table. All or nothing: every unknown country is named, a bad date names the row and field (exit 2).")
        {
            instrument, asOf, sourceUrl, file,
        };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: {path.FullName} does not exist. Nothing was imported.");
                return 2;
            }
            if (FollowUpService.ParseInstrument(parseResult.GetValue(instrument)) is not { } which)
            {
                await Console.Error.WriteLineAsync($"ariadne: --instrument must be one of {names}. Nothing was imported.");
                return 2;
            }
            DateOnly? date = null;
            if (parseResult.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    await Console.Error.WriteLineAsync("ariadne: --as-of must be a date yyyy-mm-dd. Nothing was imported.");
                    return 2;
                }
                date = d;
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().ImportTreatiesAsync(new TreatyImportInput(which, path.Name, parseResult.GetValue(sourceUrl), date),
                await File.ReadAllTextAsync(path.FullName, cancellationToken), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                if (problem.Errors.Count > 0)
                {
                    await Console.Error.WriteLineAsync("ariadne: nothing was imported: " + string.Join("; ", problem.Errors.Select(e => e.Message)));
                    return 2;
                }
                return await CliHost.ReportAsync(problem, "nothing was imported");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Imported {result.Value!.Participants} participants of {result.Value.Instrument}, as of {result.Value.AsOf:yyyy-MM-dd}."));
            return 0;
        }));
        var filter = new Option<string?>("--instrument") { Description = $"Only this instrument: {names}." };
        var list = new Command("list", "The current status of each instrument (or one) and its imports (JSON).") { filter };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            TreatyInstrument? which = null;
            if (parseResult.GetValue(filter) is { } text && (which = FollowUpService.ParseInstrument(text)) is null)
            {
                await Console.Error.WriteLineAsync($"ariadne: --instrument must be one of {names}.");
                return 2;
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().TreatiesAsync(which, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        return new Command("treaties", "Treaty status: participation in the Trafficking Protocol, CETS 197, ILO P29 and C181, imported from a CSV or a saved UNTC page.") { import, list };
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

    /// <summary><c>followup indicators queries|list|compute</c>: the results framework (issue 18, item 3).</summary>
    private static Command Indicators()
    {
        var indicators = new Command("indicators", "The results framework: the catalogue of computed indicators, the indicators of a plan, and computing them.");

        var queries = new Command("queries", "The catalogue of computed indicators: name, value kind, unit, dimensions, parameters (JSON).");
        queries.SetAction(_ =>
        {
            Console.WriteLine(JsonSerializer.Serialize(IndicatorQueries.All, ReferralCommand.Json));
            return 0;
        });
        indicators.Subcommands.Add(queries);

        var framework = new Option<Guid?>("--framework") { Description = "Only the indicators of this framework (its id)." };
        var item = new Option<Guid?>("--item") { Description = "Only the indicators of this item (its id), including those of its measures." };
        var measure = new Option<Guid?>("--measure") { Description = "Only the indicators of this measure (its id)." };
        var list = new Command("list", "The indicators with baseline, target and latest approved total (JSON).") { framework, item, measure };
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<FollowUpService>().IndicatorsAsync(parseResult.GetValue(framework), parseResult.GetValue(item),
                parseResult.GetValue(measure), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        indicators.Subcommands.Add(list);

        var indicator = new Option<Guid?>("--indicator") { Description = "The computed indicator to compute (its id)." };
        var all = new Option<Guid?>("--framework") { Description = "Compute every computed indicator of this framework (its id)." };
        var from = new Option<string?>("--from") { Description = "First day of the period, yyyy-mm-dd (default: 1 January of --to's year)." };
        var to = new Option<string?>("--to") { Description = "Last day of the period, yyyy-mm-dd (default: today, UTC)." };
        var compute = new Command("compute", "Compute computed indicators over a period as disclosure-controlled releases and store their values; prints each indicator's code and total.")
        {
            indicator, all, from, to,
        };
        compute.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            if ((parseResult.GetValue(indicator) is null) == (parseResult.GetValue(all) is null))
            {
                await Console.Error.WriteLineAsync("ariadne: give --indicator ID or --framework ID. Nothing was computed.");
                return 2;
            }
            var (first, last, ok) = await PeriodAsync(parseResult, from, to, "Nothing was computed.");
            if (!ok)
            {
                return 2;
            }
            var services = await session.OpenAsync();
            var followUp = services.GetRequiredService<FollowUpService>();
            IReadOnlyList<PlanIndicatorResult> results;
            if (parseResult.GetValue(indicator) is { } one)
            {
                results = [new(one, one.ToString(), await followUp.ComputeAsync(one, new ComputeInput(first, last), CaseViewer.LocalOperator, cancellationToken))];
            }
            else
            {
                // The whole plan: its persons indicators share one read of the cases (IndicatorPlanComputation).
                var plan = await services.GetRequiredService<IndicatorPlanComputation>()
                    .ComputeAsync(parseResult.GetValue(all)!.Value, new ComputeInput(first, last), CaseViewer.LocalOperator, cancellationToken);
                if (plan.Problem is { } listProblem)
                {
                    return await CliHost.ReportAsync(listProblem);
                }
                results = plan.Value!;
            }
            foreach (var (_, label, result) in results)
            {
                if (result.Problem is { } problem)
                {
                    if (problem.Errors.Count > 0)
                    {
                        await Console.Error.WriteLineAsync($"ariadne: {label} was not computed: " + string.Join("; ", problem.Errors.Select(e => e.Message)));
                        return 2;
                    }
                    return await CliHost.ReportAsync(problem, $"{label} was not computed");
                }
                var total = result.Value!.FirstOrDefault(v => v.Cell == FollowUpService.TotalCell);
                Console.WriteLine($"{label}\t{total?.PeriodStart:yyyy-MM-dd}..{total?.PeriodEnd:yyyy-MM-dd}\t{total?.Display}\trelease {total?.ReleaseId}");
            }
            Console.WriteLine($"Computed {results.Count} indicators.");
            return 0;
        }));
        indicators.Subcommands.Add(compute);
        return indicators;
    }

    /// <summary>The --from and --to options as dates; false (after an error naming the option) when one is not yyyy-mm-dd.</summary>
    private static async Task<(DateOnly? From, DateOnly? To, bool Ok)> PeriodAsync(ParseResult parseResult, Option<string?> from, Option<string?> to, string nothing)
    {
        DateOnly? first = null, last = null;
        foreach (var (option, name) in new[] { (from, "--from"), (to, "--to") })
        {
            if (parseResult.GetValue(option) is not { } text)
            {
                continue;
            }
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await Console.Error.WriteLineAsync($"ariadne: {name} must be a date yyyy-mm-dd. {nothing}");
                return (null, null, false);
            }
            if (name == "--from")
            {
                first = day;
            }
            else
            {
                last = day;
            }
        }
        return (first, last, true);
    }

    /// <summary>Writes a file's bytes to --out, or to standard output without it (text through the console's writer, a binary file as bytes).</summary>
    internal static async Task WriteOutAsync(byte[] bytes, FileInfo? target, bool binary, CancellationToken cancellationToken)
    {
        if (target is not null)
        {
            await File.WriteAllBytesAsync(target.FullName, bytes, cancellationToken);
            return;
        }
        if (!binary)
        {
            await Console.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
            await Console.Out.FlushAsync(cancellationToken);
            return;
        }
        await using var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>
    /// <c>followup report [--framework ID] [--from] [--to] --format html|xlsx|csv|json [--language en|de] [--out FILE]</c>: the
    /// review report of a cycle; <c>followup report sdg [--from] [--to] [--format json|csv] [--out FILE]</c>: SDG 16.2.2 from the cases.
    /// </summary>
    private static Command Report()
    {
        var framework = new Option<Guid?>("--framework") { Description = "The framework (its id); default every framework." };
        var from = new Option<string?>("--from") { Description = "First day of the period, yyyy-mm-dd (default: 1 January of --to's year)." };
        var to = new Option<string?>("--to") { Description = "Last day of the period, yyyy-mm-dd (default: today, UTC)." };
        var format = new Option<string>("--format") { Description = "html, xlsx, csv or json.", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong([.. ReviewReportFiles.Formats]);
        var language = new Option<string>("--language") { Description = "The language of the titles and headings: en or de.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong([.. ReviewReportService.Languages]);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var report = new Command("report", "The review report of a cycle (annual report; a quadrennial review over four years): items, measures, indicators, GRETA-style tables and SDG 16.2.2. Publishes its statistics releases; audited.")
        {
            framework, from, to, format, language, output,
        };
        report.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var (first, last, ok) = await PeriodAsync(parseResult, from, to, "No report was written.");
            if (!ok)
            {
                return 2;
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<ReviewReportService>().BuildAsync(
                new ReviewReportRequest(parseResult.GetValue(framework), first, last, parseResult.GetValue(language)!), CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "no report was written");
            }
            using var buffer = new MemoryStream();
            await ReviewReportFiles.WriteAsync(result.Value!, parseResult.GetValue(format)!, buffer, cancellationToken);
            await WriteOutAsync(buffer.ToArray(), parseResult.GetValue(output), parseResult.GetValue(format) == "xlsx", cancellationToken);
            return 0;
        }));

        var sdgFrom = new Option<string?>("--from") { Description = "First day of the period, yyyy-mm-dd (default: 1 January of --to's year)." };
        var sdgTo = new Option<string?>("--to") { Description = "Last day of the period, yyyy-mm-dd (default: today, UTC)." };
        var sdgFormat = new Option<string>("--format") { Description = "json (UN SDG API shape) or csv (Open SDG).", DefaultValueFactory = _ => "json" };
        sdgFormat.AcceptOnlyFromAmong("json", "csv");
        var sdgOutput = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var sdg = new Command("sdg", "SDG 16.2.2 computed from the cases per year of the period, by sex and age (series VC_HTF_DETV and VC_HTF_DETVR); suppressed cells keep their mark.")
        {
            sdgFrom, sdgTo, sdgFormat, sdgOutput,
        };
        sdg.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var (first, last, ok) = await PeriodAsync(parseResult, sdgFrom, sdgTo, "Nothing was written.");
            if (!ok)
            {
                return 2;
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<ReviewReportService>().SdgFromCasesAsync(first, last, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was written");
            }
            using var buffer = new MemoryStream();
            await UnSdgSeries.WriteAsync(result.Value!, parseResult.GetValue(sdgFormat), buffer, cancellationToken);
            await WriteOutAsync(buffer.ToArray(), parseResult.GetValue(sdgOutput), binary: false, cancellationToken);
            return 0;
        }));
        report.Subcommands.Add(sdg);
        return report;
    }
}
