using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Core.FollowUp.Reports;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.FollowUp;

/// <summary>
/// <c>/api/v1/followup</c>: the follow-up of commitments — frameworks and items (the commitment registry, with links,
/// suggested duplicates and history), measures of the implementation plan, evidence, progress reports and their
/// approval, the due-date dashboard, and the results framework (indicators, reported values and their approval, computed
/// values as disclosure-controlled releases). The same <see cref="FollowUpService"/> as the <c>/FollowUp</c> pages and
/// <c>ariadne followup</c>; coordinators change the plan, focal points of a measure's lead institution report on it,
/// analysts and auditors read.
/// </summary>
public static class FollowUpEndpoints
{
    /// <summary>A framework with its items as CSV text (the same columns as the file upload of the page).</summary>
    public sealed record ImportInput(FrameworkInput Framework, string Csv);

    public static IEndpointRouteBuilder MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroupForRoles("/api/v1/followup", "FollowUp", [Roles.Coordinator, Roles.CaseWorker, Roles.Analyst, Roles.Auditor], TokenScopes.FollowUp);
        group.MapGet("/frameworks", Frameworks).WithName("ListFollowUpFrameworks")
            .WithSummary("Every framework of commitments (declaration, national action plan, recommendations of a mechanism) with its number of items.");
        group.MapPost("/frameworks", CreateFramework).WithName("CreateFollowUpFramework")
            .WithSummary("Creates an empty framework (coordinators). Kind: Declaration, NationalActionPlan, Greta, Untoc, Upr, TreatyBody, Tip.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/frameworks/declaration", LoadDeclaration).WithName("LoadDeclaration76_7")
            .WithSummary("Loads the operative paragraphs of UN GA resolution 76/7 as the framework A/RES/76/7 (coordinators). Idempotent: adds what is missing, overwrites nothing.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/frameworks/import", Import).WithName("ImportFollowUpFramework")
            .WithSummary("Imports a framework with its items from CSV (header: number,title[,text,title_de,text_de,acceptance,themes,institutions]). All or nothing; each error names the line and field.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/frameworks/{id:guid}", Framework).WithName("GetFollowUpFramework")
            .WithSummary("One framework and its items in number order.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/frameworks/{id:guid}/items", CreateItem).WithName("CreateCommitmentItem")
            .WithSummary("Adds an item to a framework (coordinators).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/items/{id:guid}", Item).WithName("GetCommitmentItem")
            .WithSummary("One item: texts in both languages, institutions, links, suggested likely duplicates (word-set cosine ≥ 0.5), measures and the full version history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/items/{id:guid}", UpdateItem).WithName("UpdateCommitmentItem")
            .WithSummary("Changes an item (coordinators); the history keeps each changed field with its old and new value. Returns the item's version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/items/{id:guid}/links", Link).WithName("LinkCommitmentItems")
            .WithSummary("Confirms that two items overlap (coordinators), e.g. a suggested duplicate.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/items/{id:guid}/measures", CreateMeasure).WithName("CreatePlanMeasure")
            .WithSummary("Adds a measure of the implementation plan under an item (coordinators).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/measures/{id:guid}", Measure).WithName("GetPlanMeasure")
            .WithSummary("One measure with evidence, progress reports and history, and whether the caller may report on it or approve.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/measures/{id:guid}", UpdateMeasure).WithName("UpdatePlanMeasure")
            .WithSummary("Changes a measure (coordinators). Returns the measure's version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/measures/{id:guid}/evidence", AddEvidence).WithName("AddMeasureEvidence")
            .WithSummary("Adds evidence (an http(s) link and/or a note) to a measure: coordinators and focal points of the lead institution.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/evidence/{id:guid}/public", SetEvidencePublic).WithName("SetMeasureEvidencePublic")
            .WithSummary("Marks a measure's evidence public with the title the public transparency page shows beside its link (public: true, title), or internal again (public: false); coordinators. The note is never public.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/measures/{id:guid}/reports", Submit).WithName("SubmitProgressReport")
            .WithSummary("A focal point of the lead institution submits progress (proposed status and narrative); one report at a time waits for approval.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/reports/{id:guid}/approve", Approve).WithName("ApproveProgressReport")
            .WithSummary("A coordinator other than the submitter approves a report; the measure takes the proposed status.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/reports/{id:guid}/return", Return).WithName("ReturnProgressReport")
            .WithSummary("A coordinator other than the submitter returns a report with a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/dashboard", Dashboard).WithName("FollowUpDashboard")
            .WithSummary("Open measures due within `days` (default 30, at most 366) and overdue ones, and the reports awaiting approval; today is the server's UTC date.")
            .ProducesValidationProblem();
        group.MapGet("/sdg/{indicator}", SdgDataset).WithName("GetSdgDataset")
            .WithSummary("What is held for an SDG indicator (e.g. 16.2.2) in the Open SDG CSV layout: columns, rows, first and last year, who imported it when.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/sdg/{indicator}/csv", SdgExport).WithName("ExportSdgCsv")
            .WithSummary("An SDG indicator's data as Open SDG CSV (indicator_16-2-2.csv), exactly as imported: columns and rows in their order, cells as written, the same line breaks.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/sdg/{indicator}/csv", SdgImport).WithName("ImportSdgCsv")
            .WithSummary("Imports (replaces) an SDG indicator's data from an Open SDG CSV sent as the request body (text/csv; coordinators): comma-separated, with Year and Value columns. All or nothing; each error names the line and column.")
            .Accepts<string>("text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/indicator-queries", Queries).WithName("ListIndicatorQueries")
            .WithSummary("The catalogue of computed indicators: each query's name, value kind, unit, dimensions and integer parameters.");
        group.MapGet("/indicators", Indicators).WithName("ListIndicators")
            .WithSummary("The indicators of a framework, item or measure (`frameworkId`, `itemId`, `measureId`; every indicator without), with baseline, target and latest approved total.");
        group.MapPost("/indicators", CreateIndicator).WithName("CreateIndicator")
            .WithSummary("Defines an indicator under an item or a measure (coordinators). Kind Reported or Computed; a computed indicator names a query of the catalogue, and an unknown query, dimension or parameter is refused naming it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/indicators/{id:guid}", Indicator).WithName("GetIndicator")
            .WithSummary("One indicator: definition, baseline, milestones and target with their standing, every value (computed ones with query, parameters, data time and release), history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/indicators/{id:guid}", UpdateIndicator).WithName("UpdateIndicator")
            .WithSummary("Changes an indicator's definition (coordinators). Returns its version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/indicators/{id:guid}/values", ReportValue).WithName("ReportIndicatorValue")
            .WithSummary("Enters a value of a reported indicator for a period (focal points of its institution, coordinators), with evidence; it waits for approval.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/indicators/{id:guid}/compute", Compute).WithName("ComputeIndicator")
            .WithSummary("Computes a computed indicator over a period (default: the calendar year to date) as a disclosure-controlled `followup-indicator` statistics release, and stores its cells (coordinators).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/frameworks/{id:guid}/indicators/compute", ComputePlan).WithName("ComputeFrameworkIndicators")
            .WithSummary("Computes every computed indicator of a framework (under its items and their measures) over a period (default: the calendar year to date), each as its own disclosure-controlled `followup-indicator` release, sharing the reads of the cases (coordinators). Inline: one result per indicator, with its published total and release, or its errors.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/indicator-values/{id:guid}/approve", ApproveValue).WithName("ApproveIndicatorValue")
            .WithSummary("A coordinator other than the one who entered it approves a reported value.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/indicator-values/{id:guid}/return", ReturnValue).WithName("ReturnIndicatorValue")
            .WithSummary("A coordinator other than the one who entered it returns a reported value with a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/feedback/instrument", FeedbackInstrument).WithName("GetSurvivorFeedbackInstrument")
            .WithSummary("The survivor-feedback instrument: its version, what the survivor is told before agreeing, and the questions with their answers in English and German.");
        group.MapPost("/feedback/invitations", OpenFeedbackCode).WithName("OpenSurvivorFeedbackCode")
            .WithSummary("Opens a one-time survivor-feedback code for the caller's organisation (case workers, coordinators); no case is named. The survivor answers at /Feedback with the code.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/feedback/results", FeedbackResults).WithName("GetSurvivorFeedbackResults")
            .WithSummary("Counts per question and answer of the survivor feedback of the months `from` to `to` (yyyy-MM; default the last closed month), as a disclosure-controlled `survivor-feedback` release (coordinators, analysts, auditors). A question with fewer answers than the threshold shows nothing.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/reports", Report).WithName("GetFollowUpReport")
            .WithSummary("The review report of a framework (or all) over a period (default: this year up to today) as JSON, CSV, XLSX or HTML (format); publishes its statistics releases and is audited. Headings in the request's language (en, de).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reports/sdg-16-2-2", SdgFromCases).WithName("GetSdg1622FromCases")
            .WithSummary("SDG 16.2.2 computed from the cases per year of the period, by sex and age: UN SDG API-shaped JSON (format=json, default) or the Open SDG CSV (format=csv). Suppressed cells keep their mark.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/treaties", Treaties).WithName("ListTreatyStatus")
            .WithSummary("Treaty status per instrument (TraffickingProtocol, Cets197, IloP29, IloC181; `instrument` filters): the newest import's participants (ISO alpha-3, signature, consent date and kind, reservations) and every import with its source and as-of date.")
            .ProducesValidationProblem();
        group.MapPost("/treaties", ImportTreaties).WithName("ImportTreatyStatus")
            .WithSummary("Imports an instrument's status table from the request body (coordinators): a status page saved from treaties.un.org (text/html) or a CSV with the columns participant,signature,consent,consent_kind,reservations (text/csv). Query: instrument (required), asOf (yyyy-mm-dd; a UNTC page states it), sourceUrl, fileName. All or nothing: every unknown country is named, a bad date names the row and field.")
            .Accepts<string>("text/csv", "text/html").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/treaties/{iso3}", CountryTreaties).WithName("GetCountryTreatyStatus")
            .WithSummary("One country's (ISO alpha-3) status under the newest import of each instrument; `participation` is null when the source does not list it.")
            .ProducesValidationProblem();
        group.MapPost("/frameworks/{id:guid}/text", LoadText).WithName("LoadFrameworkText")
            .WithSummary("Loads the official English text (language=en) or the German text (language=de) of a framework's numbered paragraphs from a supplied copy of its document (text/plain or text/html body, e.g. A/RES/76/7 saved from the UN documents site; coordinators). The German text is marked as an official translation only when the file says so or source names where the official translation comes from. Each changed item is a new version; a file whose paragraph numbers differ from the items' is refused naming the missing and extra numbers.")
            .Accepts<string>("text/plain", "text/html").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        MapQuestionnaires(group);
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<TreatyInstrumentStatus>>, ProblemHttpResult>> Treaties(string? instrument, HttpContext context, FollowUpService service,
        CancellationToken ct)
    {
        if (instrument is not null && FollowUpService.ParseInstrument(instrument) is null)
        {
            return ApiProblems.From(FollowUpService.UnknownInstrument(instrument), invalidTitle: "The query has invalid parameters.");
        }
        return Answer(await service.TreatiesAsync(FollowUpService.ParseInstrument(instrument), context.User.ToCaseViewer(), ct));
    }

    internal static async Task<Results<Ok<TreatyImportSummary>, ProblemHttpResult>> ImportTreaties(string? instrument, DateOnly? asOf, string? sourceUrl, string? fileName,
        HttpRequest request, FollowUpService service, CancellationToken ct)
    {
        if (instrument is not null && FollowUpService.ParseInstrument(instrument) is null)
        {
            return ApiProblems.From(FollowUpService.UnknownInstrument(instrument), invalidTitle: "The import has invalid parameters.");
        }
        if (await BodyAsync(request, ct) is not { } body)
        {
            return ApiProblems.From(Problem.Invalid("File", "TooLarge", "File: at most 5 MB."), invalidTitle: "The file is too large.");
        }
        return Answer(await service.ImportTreatiesAsync(new TreatyImportInput(FollowUpService.ParseInstrument(instrument), fileName, sourceUrl, asOf), body,
            request.HttpContext.User.ToCaseViewer(), ct), "The status table has invalid rows or fields.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<CountryTreatyStatus>>, ProblemHttpResult>> CountryTreaties(string iso3, HttpContext context, FollowUpService service,
        CancellationToken ct) =>
        Answer(await service.CountryTreatiesAsync(iso3, context.User.ToCaseViewer(), ct), "The country is not valid.");

    internal static async Task<Results<Ok<TextLoadResult>, ProblemHttpResult>> LoadText(Guid id, string? language, string? fileName, string? source, HttpRequest request,
        FollowUpService service, CancellationToken ct)
    {
        if (await BodyAsync(request, ct) is not { } body)
        {
            return ApiProblems.From(Problem.Invalid("File", "TooLarge", "File: at most 5 MB."), invalidTitle: "The file is too large.");
        }
        return Answer(await service.LoadTextAsync(id, language ?? "en", body, fileName, request.HttpContext.User.ToCaseViewer(), ct, source), "The file does not match the framework.");
    }

    /// <summary>The request body as text (UTF-8), or null when it is larger than <see cref="FollowUpService.MaxTreatyFileBytes"/>.</summary>
    private static async Task<string?> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > FollowUpService.MaxTreatyFileBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Questionnaires of review instruments as data and their answers per cycle (<see cref="QuestionnaireService"/>).</summary>
    private static void MapQuestionnaires(RouteGroupBuilder group)
    {
        group.MapGet("/questionnaires", Questionnaires).WithName("ListQuestionnaires")
            .WithSummary("The latest version of every questionnaire with the cycles that hold answers.");
        group.MapPost("/questionnaires", ImportQuestionnaire).WithName("ImportQuestionnaire")
            .WithSummary("Imports a questionnaire file (the JSON file as the application/json body; coordinators). All or nothing: each error names the line and field; an unknown indicator code or commitment item and a question number used twice are refused. A changed file is the next version.")
            .Accepts<string>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/questionnaires/shipped", LoadShippedQuestionnaires).WithName("LoadShippedQuestionnaires")
            .WithSummary("Loads the questionnaires shipped with Ariadne (UNTOC self-assessment skeleton on the Trafficking Protocol, GRETA round 3; coordinators).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/questionnaires/{code}", QuestionnaireCycle).WithName("GetQuestionnaireCycle")
            .WithSummary("A questionnaire for a cycle (yyyy or yyyy-yyyy; default this year): the version the cycle's answers keep, each question with its answer, history and the data it draws on (approved indicator values of the period as published, measures' status).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/questionnaires/{code}/answers", AnswerQuestion).WithName("AnswerQuestion")
            .WithSummary("Writes or changes the answer to one question for a cycle, as a draft or submitted (focal points: coordinators and case workers). The answer follows the question's kind: text, yes/no, number, choice. A question assigned to institutions is answered per institution (institution: name or id; default the caller's own) by its focal points only: another institution's question is refused (422, audited).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/questionnaires/{code}/assignments", AssignQuestion).WithName("AssignQuestionnaireQuestion")
            .WithSummary("Assigns a question (question) or a whole section (section) to a responsible institution (institution: name or id), or removes that (remove: true); coordinators. An assigned question is answered once per institution, by that institution's focal points only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/questionnaire-answers/{id:guid}/approve", ApproveAnswer).WithName("ApproveQuestionnaireAnswer")
            .WithSummary("A coordinator other than the submitter approves a submitted answer.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/questionnaire-answers/{id:guid}/return", ReturnAnswer).WithName("ReturnQuestionnaireAnswer")
            .WithSummary("A coordinator other than the submitter returns a submitted answer with a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/questionnaires/{code}/export", ExportQuestionnaire).WithName("ExportQuestionnaire")
            .WithSummary("The answered questionnaire of a cycle as html (printable), xlsx, csv or json (format), with what each answer draws on; headings in en or de (language, default the request's). Audited.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Ok<IReadOnlyList<QuestionnaireSummary>>, ProblemHttpResult>> Questionnaires(HttpContext context, QuestionnaireService service, CancellationToken ct) =>
        Answer(await service.ListAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<QuestionnaireImportResult>, ProblemHttpResult>> ImportQuestionnaire(HttpRequest request, QuestionnaireService service, CancellationToken ct)
    {
        // The body is read as it came, so that the line numbers of the errors are the file's.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return Answer(await service.ImportAsync(body.ToArray(), request.HttpContext.User.ToCaseViewer(), ct), "The questionnaire file has invalid lines or fields.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<QuestionnaireImportResult>>, ProblemHttpResult>> LoadShippedQuestionnaires(HttpContext context, QuestionnaireService service,
        CancellationToken ct) =>
        Answer(await service.LoadShippedAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<QuestionnaireCycleView>, ProblemHttpResult>> QuestionnaireCycle(string code, string? cycle, HttpContext context, QuestionnaireService service,
        CancellationToken ct) =>
        Answer(await service.CycleAsync(code, cycle, context.User.ToCaseViewer(), ct), "The cycle is not valid.");

    internal static async Task<Results<Ok<AnswerView>, ProblemHttpResult>> AnswerQuestion(string code, AnswerInput input, HttpContext context, QuestionnaireService service,
        CancellationToken ct) =>
        Answer(await service.AnswerAsync(code, input, context.User.ToCaseViewer(), ct), "The answer has invalid fields.");

    internal static async Task<Results<Ok<IReadOnlyList<AssignmentView>>, ProblemHttpResult>> AssignQuestion(string code, AssignmentInput input, HttpContext context,
        QuestionnaireService service, CancellationToken ct) =>
        Answer(await service.AssignAsync(code, input, context.User.ToCaseViewer(), ct), "The assignment has invalid fields.");

    internal static async Task<Results<Ok<AnswerView>, ProblemHttpResult>> ApproveAnswer(Guid id, HttpContext context, QuestionnaireService service, CancellationToken ct) =>
        Answer(await service.DecideAsync(id, approve: true, null, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<AnswerView>, ProblemHttpResult>> ReturnAnswer(Guid id, DecisionInput input, HttpContext context, QuestionnaireService service,
        CancellationToken ct) =>
        Answer(await service.DecideAsync(id, approve: false, input.Reason, context.User.ToCaseViewer(), ct), "The decision has invalid fields.");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportQuestionnaire(string code, string? cycle, string? format, string? language,
        HttpContext context, QuestionnaireService service, CancellationToken ct)
    {
        format ??= "json";
        if (!ReviewReportFiles.Formats.Contains(format))
        {
            return ApiProblems.From(Problem.Invalid("format", "Format", "format: html, xlsx, csv or json.", format), invalidTitle: "The export's parameters are not valid.");
        }
        language ??= System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? "de" : "en";
        var result = await service.ReportAsync(code, cycle, language, context.User.ToCaseViewer(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The export's parameters are not valid.");
        }
        using var output = new MemoryStream();
        await QuestionnaireFiles.WriteAsync(result.Value!, format, output, ct);
        return TypedResults.File(output.ToArray(), ReviewReportFiles.MediaType(format), QuestionnaireFiles.FileName(result.Value!, format));
    }

    internal static Results<Ok<SurvivorFeedbackInstrument>, ProblemHttpResult> FeedbackInstrument(HttpContext context) =>
        FollowUpRules.MayRead(context.User.ToCaseViewer()) ? TypedResults.Ok(SurvivorFeedbackService.Instrument) : ApiProblems.From(Problem.Forbidden());

    internal static async Task<Results<Ok<FeedbackCode>, ProblemHttpResult>> OpenFeedbackCode(HttpContext context, SurvivorFeedbackService service, CancellationToken ct) =>
        Answer(await service.OpenAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<FeedbackResults>, ProblemHttpResult>> FeedbackResults(string? from, string? to, HttpContext context, SurvivorFeedbackService service,
        CancellationToken ct) =>
        Answer(await service.ResultsAsync(from, to, context.User.ToCaseViewer(), ct), "The query has invalid parameters.");
    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Report(Guid? frameworkId, DateOnly? from, DateOnly? to, string? format, string? language,
        HttpContext context, ReviewReportService service, CancellationToken ct)
    {
        format ??= "json";
        if (!ReviewReportFiles.Formats.Contains(format))
        {
            return ApiProblems.From(Problem.Invalid("format", "Format", "format: html, xlsx, csv or json.", format), invalidTitle: "The report's parameters are not valid.");
        }
        language ??= System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? "de" : "en";
        var result = await service.BuildAsync(new ReviewReportRequest(frameworkId, from, to, language), context.User.ToCaseViewer(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The report's parameters are not valid.");
        }
        using var output = new MemoryStream();
        await ReviewReportFiles.WriteAsync(result.Value!, format, output, ct);
        return TypedResults.File(output.ToArray(), ReviewReportFiles.MediaType(format), ReviewReportFiles.FileName(result.Value!, format));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SdgFromCases(DateOnly? from, DateOnly? to, string? format, HttpContext context,
        ReviewReportService service, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return ApiProblems.From(Problem.Invalid("format", "Format", "format: json or csv.", format), invalidTitle: "The parameters are not valid.");
        }
        var result = await service.SdgFromCasesAsync(from, to, context.User.ToCaseViewer(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The parameters are not valid.");
        }
        using var output = new MemoryStream();
        var (mediaType, fileName) = await UnSdgSeries.WriteAsync(result.Value!, format, output, ct);
        return TypedResults.File(output.ToArray(), mediaType, fileName);
    }

    internal static async Task<Results<Ok<SdgDatasetSummary>, ProblemHttpResult>> SdgDataset(string indicator, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.SdgDatasetAsync(indicator, context.User.ToCaseViewer(), ct), "The indicator is not valid.");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SdgExport(string indicator, HttpContext context, FollowUpService service, CancellationToken ct)
    {
        using var output = new MemoryStream();
        var result = await service.ExportSdgAsync(indicator, output, context.User.ToCaseViewer(), ct);
        return result.Succeeded
            ? TypedResults.File(output.ToArray(), "text/csv", result.Value!.FileName)
            : ApiProblems.From(result.Problem!, invalidTitle: "The indicator is not valid.");
    }

    internal static async Task<Results<Ok<SdgDatasetSummary>, ProblemHttpResult>> SdgImport(string indicator, HttpRequest request, FollowUpService service, CancellationToken ct)
    {
        // The body is buffered first: the reader needs the whole file (line breaks, byte-order mark) before anything is stored.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        return Answer(await service.ImportSdgAsync(indicator, body, request.HttpContext.User.ToCaseViewer(), ct), "The file has invalid lines or columns.");
    }


    internal static Results<Ok<IReadOnlyList<IndicatorQuery>>, ProblemHttpResult> Queries(HttpContext context) =>
        FollowUpRules.MayRead(context.User.ToCaseViewer()) ? TypedResults.Ok(IndicatorQueries.All) : ApiProblems.From(Problem.Forbidden());

    internal static async Task<Results<Ok<IReadOnlyList<IndicatorSummary>>, ProblemHttpResult>> Indicators(Guid? frameworkId, Guid? itemId, Guid? measureId, HttpContext context,
        FollowUpService service, CancellationToken ct) =>
        Answer(await service.IndicatorsAsync(frameworkId, itemId, measureId, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> CreateIndicator(IndicatorInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.CreateIndicatorAsync(input, context.User.ToCaseViewer(), ct), "The indicator has invalid fields.");

    internal static async Task<Results<Ok<IndicatorView>, ProblemHttpResult>> Indicator(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.IndicatorAsync(id, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> UpdateIndicator(Guid id, IndicatorInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.UpdateIndicatorAsync(id, input, context.User.ToCaseViewer(), ct), "The indicator has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> ReportValue(Guid id, IndicatorValueInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.ReportValueAsync(id, input, context.User.ToCaseViewer(), ct), "The value has invalid fields.");

    internal static async Task<Results<Ok<IReadOnlyList<IndicatorValueView>>, ProblemHttpResult>> Compute(Guid id, ComputeInput? input, HttpContext context, FollowUpService service,
        CancellationToken ct) =>
        Answer(await service.ComputeAsync(id, input ?? new ComputeInput(), context.User.ToCaseViewer(), ct), "The computation has invalid parameters.");

    internal static async Task<Results<Ok<IReadOnlyList<PlanIndicatorOutcome>>, ProblemHttpResult>> ComputePlan(Guid id, ComputeInput? input, HttpContext context,
        IndicatorPlanComputation plan, CancellationToken ct)
    {
        var result = await plan.ComputeAsync(id, input ?? new ComputeInput(), context.User.ToCaseViewer(), ct);
        return result.Succeeded ? TypedResults.Ok<IReadOnlyList<PlanIndicatorOutcome>>([.. result.Value!.Select(r => r.Outcome())]) : ApiProblems.From(result.Problem!);
    }

    internal static async Task<Results<Ok<IndicatorValueView>, ProblemHttpResult>> ApproveValue(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.DecideValueAsync(id, approve: true, null, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<IndicatorValueView>, ProblemHttpResult>> ReturnValue(Guid id, DecisionInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.DecideValueAsync(id, approve: false, input.Reason, context.User.ToCaseViewer(), ct), "The decision has invalid fields.");

    internal static async Task<Results<Ok<IReadOnlyList<FrameworkSummary>>, ProblemHttpResult>> Frameworks(HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.FrameworksAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<FrameworkSummary>, ProblemHttpResult>> CreateFramework(FrameworkInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.CreateFrameworkAsync(input, context.User.ToCaseViewer(), ct), "The framework has invalid fields.");

    internal static async Task<Results<Ok<DeclarationLoadResult>, ProblemHttpResult>> LoadDeclaration(HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.LoadDeclarationAsync(context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<PlanImportResult>, ProblemHttpResult>> Import(ImportInput input, HttpContext context, FollowUpService service, CancellationToken ct)
    {
        using var reader = new StringReader(input.Csv ?? "");
        return Answer(await service.ImportPlanAsync(input.Framework ?? new FrameworkInput(null, null, null), reader, context.User.ToCaseViewer(), ct), "The import has invalid lines or fields.");
    }

    internal static async Task<Results<Ok<FrameworkView>, ProblemHttpResult>> Framework(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.FrameworkAsync(id, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> CreateItem(Guid id, ItemInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.CreateItemAsync(id, input, context.User.ToCaseViewer(), ct), "The item has invalid fields.");

    internal static async Task<Results<Ok<ItemView>, ProblemHttpResult>> Item(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.ItemAsync(id, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> UpdateItem(Guid id, ItemInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.UpdateItemAsync(id, input, context.User.ToCaseViewer(), ct), "The item has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> Link(Guid id, LinkInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.LinkAsync(id, input, context.User.ToCaseViewer(), ct), "The link has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> CreateMeasure(Guid id, MeasureInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.CreateMeasureAsync(id, input, context.User.ToCaseViewer(), ct), "The measure has invalid fields.");

    internal static async Task<Results<Ok<MeasureView>, ProblemHttpResult>> Measure(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.MeasureAsync(id, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> UpdateMeasure(Guid id, MeasureInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.UpdateMeasureAsync(id, input, context.User.ToCaseViewer(), ct), "The measure has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> SetEvidencePublic(Guid id, EvidencePublicInput input, HttpContext context, FollowUpService service,
        CancellationToken ct) =>
        Answer(await service.SetEvidencePublicAsync(id, input, context.User.ToCaseViewer(), ct), "The evidence has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> AddEvidence(Guid id, EvidenceInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.AddEvidenceAsync(id, input, context.User.ToCaseViewer(), ct), "The evidence has invalid fields.");

    internal static async Task<Results<Ok<Guid>, ProblemHttpResult>> Submit(Guid id, ProgressInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.SubmitProgressAsync(id, input, context.User.ToCaseViewer(), ct), "The report has invalid fields.");

    internal static async Task<Results<Ok<ProgressReportView>, ProblemHttpResult>> Approve(Guid id, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.DecideAsync(id, approve: true, null, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<ProgressReportView>, ProblemHttpResult>> Return(Guid id, DecisionInput input, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.DecideAsync(id, approve: false, input.Reason, context.User.ToCaseViewer(), ct), "The decision has invalid fields.");

    internal static async Task<Results<Ok<FollowUpDashboard>, ProblemHttpResult>> Dashboard(int? days, HttpContext context, FollowUpService service, CancellationToken ct) =>
        Answer(await service.DashboardAsync(days, context.User.ToCaseViewer(), ct), "The query has invalid parameters.");

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Result<T> result, string? invalidTitle = null) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : invalidTitle is null ? ApiProblems.From(result.Problem!) : ApiProblems.From(result.Problem!, invalidTitle: invalidTitle);
}
