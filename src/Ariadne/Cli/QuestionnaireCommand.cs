using System.CommandLine;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Core.FollowUp.Reports;

namespace Ariadne.Cli;

/// <summary>
/// <c>ariadne followup questionnaire import|load-shipped|list|show|answer|assign|approve|export</c>: questionnaires of review
/// instruments as data and their answers per cycle, through the same <see cref="QuestionnaireService"/> as the pages and
/// the API, as the local operator (audited).
/// </summary>
public static class QuestionnaireCommand
{
    public static Command Create()
    {
        var command = new Command("questionnaire", "Questionnaires of review instruments (UNTOC self-assessment, GRETA, TIP, national) and their answers per cycle.");

        var file = new Argument<FileInfo>("file") { Description = "A questionnaire file (JSON: code, title, titleDe, source, summaries, sections with questions)." };
        var import = new Command("import", "Import a questionnaire. All or nothing: each error names the line and field (exit 2). A changed file is the next version.") { file };
        import.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"ariadne: {path.FullName} does not exist. Nothing was imported.");
                return 2;
            }
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().ImportAsync(await File.ReadAllBytesAsync(path.FullName, cancellationToken),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was imported");
            }
            Console.WriteLine(Imported(result.Value!));
            return 0;
        }));
        command.Subcommands.Add(import);

        var shipped = new Command("load-shipped", "Load the questionnaires shipped with Ariadne (UNTOC Trafficking Protocol self-assessment skeleton, GRETA round 3).");
        shipped.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().LoadShippedAsync(CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was loaded");
            }
            foreach (var loaded in result.Value!)
            {
                Console.WriteLine(Imported(loaded));
            }
            return 0;
        }));
        command.Subcommands.Add(shipped);

        var list = new Command("list", "The questionnaires (latest versions) with the cycles that hold answers (JSON).");
        list.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().ListAsync(CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        command.Subcommands.Add(list);

        var code = new Option<string>("--code") { Description = "The questionnaire's code, e.g. greta-round-3.", Required = true };
        var cycle = new Option<string?>("--cycle") { Description = "The cycle: a year (yyyy) or a period (yyyy-yyyy); default this year." };
        var show = new Command("show", "A questionnaire for a cycle with its answers and the data they draw on (JSON).") { code, cycle };
        show.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().CycleAsync(parseResult.GetValue(code)!, parseResult.GetValue(cycle),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem);
            }
            Console.WriteLine(JsonSerializer.Serialize(result.Value, ReferralCommand.Json));
            return 0;
        }));
        command.Subcommands.Add(show);

        var answerCode = new Option<string>("--code") { Description = "The questionnaire's code.", Required = true };
        var answerCycle = new Option<string>("--cycle") { Description = "The cycle: yyyy or yyyy-yyyy.", Required = true };
        var question = new Option<string>("--question") { Description = "The question's number.", Required = true };
        var text = new Option<string>("--answer") { Description = "The answer (text; yes or no; a number with '.'; a choice's value).", Required = true };
        var submit = new Option<bool>("--submit") { Description = "Submit the answer for approval (default: keep it a draft)." };
        var answerInstitution = new Option<string?>("--institution") { Description = "The institution answering (name or id), for a question assigned to institutions." };
        var answer = new Command("answer", "Write or change the answer to one question for a cycle.") { answerCode, answerCycle, question, text, submit, answerInstitution };
        answer.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().AnswerAsync(parseResult.GetValue(answerCode)!,
                new AnswerInput(parseResult.GetValue(answerCycle), parseResult.GetValue(question), parseResult.GetValue(text), parseResult.GetValue(submit),
                    parseResult.GetValue(answerInstitution)),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "the answer was not stored");
            }
            Console.WriteLine($"Question {result.Value!.Question}: {result.Value.State}, version {result.Value.Version}.");
            return 0;
        }));
        command.Subcommands.Add(answer);

        var assignCode = new Option<string>("--code") { Description = "The questionnaire's code.", Required = true };
        var assignQuestion = new Option<string?>("--question") { Description = "The question's number (or --section)." };
        var assignSection = new Option<string?>("--section") { Description = "The section's key: every question of the section." };
        var institution = new Option<string>("--institution") { Description = "The responsible institution (organisation name or id).", Required = true };
        var remove = new Option<bool>("--remove") { Description = "Remove the assignment instead." };
        var assign = new Command("assign", "Assign a question or a section to a responsible institution, whose focal points answer it (one answer per institution).")
        {
            assignCode, assignQuestion, assignSection, institution, remove,
        };
        assign.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().AssignAsync(parseResult.GetValue(assignCode)!,
                new AssignmentInput(parseResult.GetValue(assignSection), parseResult.GetValue(assignQuestion), parseResult.GetValue(institution), parseResult.GetValue(remove)),
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was assigned");
            }
            foreach (var a in result.Value!)
            {
                Console.WriteLine(a.Question is null ? $"Section {a.Section}: {a.Institution.Name}" : $"Question {a.Question}: {a.Institution.Name}");
            }
            return 0;
        }));
        command.Subcommands.Add(assign);

        var answerId = new Argument<Guid>("answer") { Description = "The answer's id." };
        var reason = new Option<string?>("--return") { Description = "Return the answer with this reason instead of approving it." };
        var decide = new Command("approve", "Approve a submitted answer (or return it with --return REASON).") { answerId, reason };
        decide.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var back = parseResult.GetValue(reason);
            var result = await services.GetRequiredService<QuestionnaireService>().DecideAsync(parseResult.GetValue(answerId), back is null, back,
                CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was decided");
            }
            Console.WriteLine($"Question {result.Value!.Question}: {result.Value.State}.");
            return 0;
        }));
        command.Subcommands.Add(decide);

        var exportCode = new Option<string>("--code") { Description = "The questionnaire's code.", Required = true };
        var exportCycle = new Option<string?>("--cycle") { Description = "The cycle: yyyy or yyyy-yyyy; default this year." };
        var format = new Option<string>("--format") { Description = "html, xlsx, csv or json.", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong([.. ReviewReportFiles.Formats]);
        var language = new Option<string>("--language") { Description = "The language of the headings: en or de.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong([.. ReviewReportService.Languages]);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "The answered questionnaire of a cycle with what each answer draws on (audited).") { exportCode, exportCycle, format, language, output };
        export.SetAction((parseResult, cancellationToken) => CliHost.RunAsync(parseResult, cancellationToken, async session =>
        {
            var services = await session.OpenAsync();
            var result = await services.GetRequiredService<QuestionnaireService>().ReportAsync(parseResult.GetValue(exportCode)!, parseResult.GetValue(exportCycle),
                parseResult.GetValue(language)!, CaseViewer.LocalOperator, cancellationToken);
            if (result.Problem is { } problem)
            {
                return await CliHost.ReportAsync(problem, "nothing was written");
            }
            using var buffer = new MemoryStream();
            await QuestionnaireFiles.WriteAsync(result.Value!, parseResult.GetValue(format)!, buffer, cancellationToken);
            await FollowUpCommand.WriteOutAsync(buffer.ToArray(), parseResult.GetValue(output), parseResult.GetValue(format) == "xlsx", cancellationToken);
            return 0;
        }));
        command.Subcommands.Add(export);
        return command;
    }

    private static string Imported(QuestionnaireImportResult result) => result.Created
        ? $"Imported {result.Questionnaire.Code} version {result.Questionnaire.Version} with {result.Questionnaire.Questions} questions."
        : $"{result.Questionnaire.Code} is unchanged (version {result.Questionnaire.Version}); nothing was stored.";
}
