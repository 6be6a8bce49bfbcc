using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Finance;
using Ariadne.Core.Jobs;
using Ariadne.Core.Tokens;
using Ariadne.Jobs;
using Ariadne.Linkage;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Finance;

/// <summary>
/// <c>/api/v1/finance</c>: datasets (upload as a job, analyse as a job), the alert queue, one alert with its network,
/// assignment, disposition, case links, the holders' identifiers under an audited reveal, the holders looked up in the case registry, accounts and the precision
/// report. The same <see cref="FinanceService"/> as the /Finance pages and <c>ariadne finance</c>; financial
/// investigators only, token scope <c>finance</c>.
/// </summary>
public static class FinanceEndpoints
{
    public sealed record UploadForm(string Name, string Format, IFormFile Transactions, IFormFile? Accounts, IFormFile? Parties, IFormFile? Mapping, bool? Analyse);

    public sealed record AssignInput(string? Assignee);

    public sealed record DisposeInput(string? Disposition, string? Note);

    public sealed record LinkInput(string? CaseCode);

    public sealed record RevealInput(string? Reason);

    public static IEndpointRouteBuilder MapFinanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/v1/finance", "Finance", Policies.FinanceInvestigator, TokenScopes.Finance);
        group.MapGet("/datasets", Datasets).WithName("ListFinanceDatasets").WithSummary("The imported bank exports, newest first, with counts and state.");
        group.MapPost("/datasets", Upload).WithName("ImportFinanceDataset")
            .WithSummary("Imports a bank export (multipart: name, format amlsim|ibm|generic, transactions, optional accounts, parties (account_id,name,phone,email,address,document_number) and mapping; analyse=true to analyse it once imported). "
                + "The parties are sealed in the request; the transactions are imported by a background job: 202 with Location /api/v1/jobs/{id}. All or nothing; each bad row is named by file, line and column.")
            .Accepts<UploadForm>("multipart/form-data")
            .Produces<JobEndpoints.JobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        group.MapPost("/datasets/{id:guid}/analyse", Analyse).WithName("AnalyseFinanceDataset")
            .WithSummary("Runs the rules, typologies and the shared-identifier rule over a dataset as a background job (202, Location /api/v1/jobs/{id}); open alerts of an earlier run are replaced, disposed ones kept.")
            .Produces<JobEndpoints.JobResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/datasets/{id:guid}", Delete).WithName("DeleteFinanceDataset")
            .WithSummary("Deletes a dataset of your organisation with everything derived from it (accounts, account holders with their data keys, transactions, ticket passengers, alerts, "
                + "their case links), for a reason (query reason, required, ≤ 500 characters, nothing identifying; audited). Asset-ledger entries recorded from its alerts stay with their case "
                + "without the alert reference. Returns the counts deleted; 403 for a dataset of another organisation, 409 while an import or analysis of it is queued or running.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/alerts", Alerts).WithName("ListFinanceAlerts")
            .WithSummary("The alert queue: filter by status (Open, Assigned, Closed), rule (R1 … or typology), assignee (me or a user name), dataset; page and pageSize (≤ 200).")
            .ProducesValidationProblem();
        group.MapGet("/alerts/{id:guid}", Alert).WithName("GetFinanceAlert")
            .WithSummary("One alert: rule, source, explanation, accounts, transactions, the network around its accounts (account ids only) and the linked cases you may see.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/alerts/{id:guid}/network", Network).WithName("GetFinanceAlertNetwork")
            .WithSummary("The network around an alert's accounts as {nodes: [{id, score, flagged, inAlert}], edges: [{source, target, amount, timeUtc, seq}]}.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/alerts/{id:guid}/assign", Assign).WithName("AssignFinanceAlert")
            .WithSummary("Assigns the alert to a financial investigator by user name, or to you without one.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/alerts/{id:guid}/dispose", Dispose).WithName("DisposeFinanceAlert")
            .WithSummary("Closes the alert as TruePositive, FalsePositive or Inconclusive with an optional note (≤ 2000 characters).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/alerts/{id:guid}/cases", Link).WithName("LinkFinanceAlertToCase")
            .WithSummary("Links the alert to a case of your organisation (or shared with it) by case code; returns the linked case codes.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/alerts/{id:guid}/parties", Reveal).WithName("RevealFinanceAlertParties")
            .WithSummary("Opens the sealed identifiers of the holders of the alert's accounts, for a reason (audited).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/alerts/{id:guid}/registry-matches", RegistryMatches).WithName("FindFinanceAlertHoldersInRegistry")
            .WithSummary("Looks the holders of the alert's accounts up in the case registry, for a reason (audited as a reveal): the cases of your organisation whose person "
                + "has a holder's name and date of birth or identity document, as [{caseCode, accountId, matchedOn: name-and-date-of-birth|document}]; nothing of the person, nothing stored.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/alerts/{id:guid}/goaml", GoAml).WithName("FinanceAlertGoAmlReport")
            .WithSummary("A goAML suspicious transaction report (XML) of the alert, checked against the shipped generic FIU profile. Body: rentityId, reportCode (STR|SAR, default STR), "
                + "entityReference, currencyCodeLocal, institutionName, address, city, countryCode, reason (default: the alert's rule, typology and explanation); the reporting person is you. "
                + "A report that breaks the profile is not written: 400 listing every problem by element path.")
            .Produces<byte[]>(StatusCodes.Status200OK, GoAmlFile.MediaType).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/datasets/{id:guid}/accounts/{account}", Account).WithName("GetFinanceAccount")
            .WithSummary("One account: score, reasons, its transactions (at most 500, earliest first) and the alerts naming it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/report", Report).WithName("FinancePrecisionReport")
            .WithSummary("Precision per rule and overall from the dispositions: TP / (TP + FP) of closed alerts, with the counts.");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<DatasetView>>, ProblemHttpResult>> Datasets(HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.DatasetsAsync(context.User.ToCaseViewer(), ct));

    /// <summary>
    /// Creates the dataset with its sealed parties and queues the transactions' import; shared by the page and the API.
    /// Returns the job id, or the problem (fields Name, Format, Transactions, Parties).
    /// </summary>
    internal static async Task<Result<Guid>> StartImportAsync(HttpContext context, FinanceService finance, JobService jobs, string? name, string? format,
        IFormFile? transactions, IFormFile? accounts, IFormFile? parties, IFormFile? mapping, bool analyse, CancellationToken ct)
    {
        var viewer = context.User.ToCaseViewer();
        if (transactions is null || transactions.Length == 0)
        {
            return Problem.Invalid("Transactions", "Required", "Choose the transactions file.");
        }
        string? partiesPath = null;
        try
        {
            if (parties is { Length: > 0 })
            {
                partiesPath = Path.Combine(Path.GetTempPath(), "ariadne-parties-" + Guid.NewGuid().ToString("N") + ".csv");
                await using (var file = File.Create(partiesPath))
                {
                    await parties.CopyToAsync(file, ct);
                }
            }
            var created = await finance.CreateDatasetAsync(name, format, partiesPath, viewer, ct);
            if (!created.Succeeded)
            {
                return created.Problem!;
            }
            var input = FinanceImportJob.Input(created.Value, (await BytesAsync(transactions, ct))!, await BytesAsync(accounts, ct), await BytesAsync(mapping, ct), analyse);
            return await jobs.StartAsync(FinanceImportJob.JobKind, input, viewer, LinkageEndpoints.Actor(context.User), ct);
        }
        finally
        {
            if (partiesPath is not null)
            {
                File.Delete(partiesPath);
            }
        }
    }

    private static async Task<byte[]?> BytesAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    internal static async Task<IResult> Upload(HttpContext context, FinanceService finance, JobService jobs, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
        var started = await StartImportAsync(context, finance, jobs, form?["name"], form?["format"], form?.Files.GetFile("transactions"), form?.Files.GetFile("accounts"),
            form?.Files.GetFile("parties"), form?.Files.GetFile("mapping"), Checked(form?["analyse"]), ct);
        return await JobAnswerAsync(context, jobs, started, "The bank export cannot be imported.", ct);
    }

    /// <summary>A form's check box or boolean field: "true", "on" or "1".</summary>
    private static bool Checked(string? value) => value is "true" or "True" or "on" or "1";

    internal static async Task<IResult> Analyse(Guid id, HttpContext context, FinanceService finance, JobService jobs, CancellationToken ct)
    {
        var viewer = context.User.ToCaseViewer();
        var dataset = await finance.DatasetAsync(id, viewer, ct);
        var started = dataset.Succeeded
            ? await jobs.StartAsync(FinanceAnalyseJob.JobKind, FinanceAnalyseJob.Input(id), viewer, LinkageEndpoints.Actor(context.User), ct)
            : Result<Guid>.Failure(dataset.Problem!);
        return await JobAnswerAsync(context, jobs, started, null, ct);
    }

    private static async Task<IResult> JobAnswerAsync(HttpContext context, JobService jobs, Result<Guid> started, string? invalidTitle, CancellationToken ct) =>
        started.Problem is { } problem
            ? invalidTitle is null ? ApiProblems.From(problem) : ApiProblems.From(problem, invalidTitle: invalidTitle)
            : JobEndpoints.Started((await jobs.GetAsync(started.Value, context.User.ToCaseViewer(), ct)).Value!);

    internal static async Task<Results<Ok<DatasetDeletion>, ProblemHttpResult>> Delete(Guid id, string? reason, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.DeleteDatasetAsync(id, reason, context.User.ToCaseViewer(), ct), "The dataset cannot be deleted.");

    internal static async Task<Results<Ok<PagedResult<AlertSummary>>, ProblemHttpResult>> Alerts(string? status, string? rule, string? assignee, Guid? dataset, int? page, int? pageSize,
        HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.AlertsAsync(new AlertQuery(status, rule, assignee, dataset, page ?? 1, pageSize ?? 50), context.User.ToCaseViewer(), ct), "The query has invalid parameters.");

    internal static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Alert(Guid id, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.AlertAsync(id, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<NetworkView>, ProblemHttpResult>> Network(Guid id, HttpContext context, FinanceService finance, CancellationToken ct)
    {
        var alert = await finance.AlertAsync(id, context.User.ToCaseViewer(), ct);
        return alert.Succeeded ? TypedResults.Ok(alert.Value!.Network) : ApiProblems.From(alert.Problem!);
    }

    internal static async Task<Results<Ok<AlertSummary>, ProblemHttpResult>> Assign(Guid id, AssignInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.AssignAsync(id, input.Assignee, context.User.ToCaseViewer(), ct), "The assignment is not valid.");

    internal static async Task<Results<Ok<AlertSummary>, ProblemHttpResult>> Dispose(Guid id, DisposeInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.DisposeAsync(id, input.Disposition, input.Note, context.User.ToCaseViewer(), ct), "The disposition is not valid.");

    internal static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> Link(Guid id, LinkInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.LinkCaseAsync(id, input.CaseCode, context.User.ToCaseViewer(), ct), "The case cannot be linked.");

    internal static async Task<Results<Ok<IReadOnlyList<PartyView>>, ProblemHttpResult>> Reveal(Guid id, RevealInput input, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.RevealPartiesAsync(id, input.Reason, context.User.ToCaseViewer(), ct), "The reveal is not valid.");

    internal static async Task<Results<Ok<IReadOnlyList<RegistryMatch>>, ProblemHttpResult>> RegistryMatches(Guid id, RevealInput input, HttpContext context, FinanceService finance,
        CancellationToken ct) =>
        Answer(await finance.FindHoldersInRegistryAsync(id, input.Reason, context.User.ToCaseViewer(), ct), "The registry search is not valid.");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GoAml(Guid id, GoAmlInput input, HttpContext context, FinanceService finance, CancellationToken ct)
    {
        var result = await finance.GoAmlAsync(id, input, context.User.ToCaseViewer(), ct);
        return result.Succeeded
            ? TypedResults.File(result.Value!.Content, GoAmlFile.MediaType, result.Value.FileName)
            : ApiProblems.From(result.Problem!, invalidTitle: "The report breaks the FIU profile.");
    }

    internal static async Task<Results<Ok<AccountView>, ProblemHttpResult>> Account(Guid id, string account, HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.AccountAsync(id, account, context.User.ToCaseViewer(), ct));

    internal static async Task<Results<Ok<PrecisionReport>, ProblemHttpResult>> Report(HttpContext context, FinanceService finance, CancellationToken ct) =>
        Answer(await finance.ReportAsync(context.User.ToCaseViewer(), ct));

    internal static Results<Ok<T>, ProblemHttpResult> Answer<T>(Result<T> result, string? invalidTitle = null) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : invalidTitle is null ? ApiProblems.From(result.Problem!) : ApiProblems.From(result.Problem!, invalidTitle: invalidTitle);
}
