using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Ariadne.Account;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Estimation;
using Ariadne.Core.Jobs;
using Ariadne.Core.Linkage;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Jobs;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Linkage;

/// <summary>
/// Linkage between agencies and the estimate of the undetected, through the same Core services as the pages and the CLI:
/// <list type="bullet">
/// <item><c>POST /api/v1/linkage/encodings</c> (coordinators, for their own organisation): the encodings file of the
/// organisation's persons, from the shared secret sent with the request and never stored.</item>
/// <item><c>POST /api/v1/linkage/matches</c> (analysts, who hold no identity: the linkage operator): a background job
/// (202) whose output is a zip with each agency's <c>record_id,cluster_id</c> file.</item>
/// <item><c>POST /api/v1/linkage/clusters</c> (coordinators): imports the operator's result for the organisation.</item>
/// <item><c>POST /api/v1/estimates/mse</c> (analysts and coordinators): multiple systems estimation from counts (JSON
/// or CSV, as <c>ariadne estimate mse</c> reads them), answered at once with the same JSON as <c>ariadne estimate mse
/// --json</c>; or from the database's linkage clusters, as a background job (202).</item>
/// </list>
/// The linkage endpoints declare no token scope (a script token cannot encode identities or change cluster keys); the
/// estimate is in the <c>statistics</c> scope.
/// </summary>
public static class LinkageEndpoints
{
    /// <summary>What an import changed.</summary>
    public sealed record ImportResponse(Guid Run, int Records, int Clusters, int Persons, string Round);

    /// <summary>Counts per inclusion pattern: <c>pattern</c> is one 0/1 per list, in the order of <c>lists</c>.</summary>
    public sealed record PatternCount(int[]? Pattern, long? Count);

    /// <summary>
    /// An estimate's input: either <c>lists</c> and <c>counts</c>, or <c>source: "database"</c> with optional <c>round</c>
    /// and <c>by</c> (<c>organisation</c> or <c>organisation-type</c>); <c>model</c>: main-effects, stepwise (default) or bic.
    /// </summary>
    public sealed record MseRequest(string[]? Lists, PatternCount[]? Counts, string? Source, string? Round, string? By, string? Model);

    public static IEndpointRouteBuilder MapLinkageApi(this IEndpointRouteBuilder app)
    {
        var agency = app.MapApiGroupForRoles("/api/v1/linkage", "Linkage", [Roles.Coordinator], scope: null);
        agency.MapPost("/encodings", Encode).WithName("EncodeLinkageCases")
            .WithSummary("Coordinators: encodes the persons of your organisation's cases (multipart/form-data: field 'secret' a file, or 'secretText'; at least 16 bytes, never stored) "
                + "and returns the encodings file (record_id,encoding,blocks) with random record ids for this run, as `ariadne linkage encode` writes it.")
            .Accepts<SecretForm>("multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        agency.MapPost("/clusters", Import).WithName("ImportLinkageClusters")
            .WithSummary("Coordinators: imports the operator's result for one of your organisation's runs (multipart field 'file', or a text/csv body: record_id,cluster_id); "
                + "sets each person's cluster key (merged persons included). All or nothing; an unknown record id is named.")
            .Accepts<FileForm>("multipart/form-data", "text/csv").ProducesValidationProblem();
        var operatorGroup = app.MapApiGroupForRoles("/api/v1/linkage/matches", "Linkage", [Roles.Analyst], scope: null);
        operatorGroup.MapPost("", Match).WithName("MatchLinkageEncodings")
            .WithSummary("Analysts (the linkage operator): starts a background job that matches two or more agencies' encodings files (multipart field 'files', each named after its agency; 'threshold' optional, default 0.65). "
                + "Answers 202 with Location /api/v1/jobs/{id}; the finished job's output (GET /api/v1/jobs/{id}/output) is a zip holding NAME.csv (record_id,cluster_id) for each NAME.enc, as `ariadne linkage match` writes them: no scores, no other agency's records.")
            .Accepts<MatchForm>("multipart/form-data")
            .Produces<JobEndpoints.JobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var estimates = app.MapApiGroup("/api/v1/estimates", "Linkage", Policies.StatisticsReader, TokenScopes.Statistics);
        estimates.MapPost("/mse", Estimate).WithName("EstimateMse")
            .WithSummary("Coordinators and analysts: multiple systems estimation. Body: JSON {lists, counts: [{pattern: [0,1,…], count}], model} or {source: \"database\", round?, by: organisation|organisation-type, model}, "
                + "or a CSV (text/csv, or multipart field 'file') as `ariadne estimate mse` reads it. From counts: returns the JSON of `ariadne estimate mse --json` (selected is null when no model's estimate exists). "
                + "From the database: starts a background job and answers 202 with Location /api/v1/jobs/{id}; the finished job's output is {round, by, lists, patterns: [{pattern, count}], estimate: the same JSON}.")
            .Accepts<MseRequest>("application/json", "text/csv")
            .Produces<MseReport>().Produces<JobEndpoints.JobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The multipart form of an encoding request, for the OpenAPI document.</summary>
    public sealed record SecretForm(IFormFile? Secret, string? SecretText);

    /// <summary>The multipart form of an import, for the OpenAPI document.</summary>
    public sealed record FileForm(IFormFile File);

    /// <summary>The multipart form of a match, for the OpenAPI document.</summary>
    public sealed record MatchForm(IFormFileCollection Files, double? Threshold);

    internal static AuditActor Actor(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null, user.Identity?.Name ?? "unknown",
        Guid.TryParse(user.FindFirstValue(AriadneClaimsPrincipalFactory.OrganisationClaim), out var org) ? org : null);

    internal static async Task<IResult> Encode(HttpContext context, AgencyLinkage linkage, CancellationToken cancellationToken)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        byte[]? secret = null;
        if (form?.Files.GetFile("secret") is { } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            secret = AgencyLinkage.SecretFrom(buffer.ToArray());
        }
        else if (form?["secretText"].ToString() is { Length: > 0 } text)
        {
            secret = AgencyLinkage.SecretFrom(Encoding.UTF8.GetBytes(text.Trim()));
        }
        if (secret is null)
        {
            return ApiProblems.From(Problem.Invalid("secret", "Required", "Send the shared secret as the multipart file 'secret' or the field 'secretText'."));
        }
        using var output = new MemoryStream();
        var result = await linkage.EncodeAsync(context.User.OrganisationId(), secret, output, Actor(context.User), null, cancellationToken);
        if (result.Problem is { } problem)
        {
            return ApiProblems.From(problem, invalidTitle: "The persons cannot be encoded.");
        }
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Linkage-Run"] = result.Value!.RunId.ToString();
        return TypedResults.File(output.ToArray(), "text/csv", $"encodings-{result.Value.RunId:N}.enc");
    }

    internal static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> Import(HttpContext context, AgencyLinkage linkage, CancellationToken cancellationToken)
    {
        Stream? content;
        var name = "clusters.csv";
        if (context.Request.HasFormContentType)
        {
            var file = (await context.Request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
            content = file?.OpenReadStream();
            name = file?.FileName is { Length: > 0 } n ? Path.GetFileName(n) : name;
        }
        else
        {
            content = new MemoryStream();
            await context.Request.Body.CopyToAsync(content, cancellationToken);
            content.Position = 0;
        }
        if (content is null)
        {
            return ApiProblems.From(Problem.Invalid("file", "Required", "Send the operator's result as the multipart file 'file' or as a text/csv body."));
        }
        await using (content)
        {
            var result = await linkage.ImportClustersAsync(context.User.OrganisationId(), content, name, Actor(context.User), cancellationToken);
            return result.Problem is { } problem
                ? ApiProblems.From(problem, invalidTitle: "The operator's result cannot be imported; nothing was changed.")
                : TypedResults.Ok(new ImportResponse(result.Value!.RunId, result.Value.Records, result.Value.Clusters, result.Value.Persons, result.Value.RoundTag));
        }
    }

    internal static async Task<IResult> Match(HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        var uploads = new List<EncodingsUpload>();
        foreach (var file in form?.Files.GetFiles("files") ?? [])
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            uploads.Add(new EncodingsUpload(file.FileName, buffer.ToArray()));
        }
        var threshold = 0.65;
        if (form?["threshold"].ToString() is { Length: > 0 } text
            && !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out threshold))
        {
            return ApiProblems.From(Problem.Invalid("threshold", "OutOfRange", $"'{text}' is not a number between 0 and 1."));
        }
        var checkedFiles = OperatorLinkage.Check(uploads, threshold);
        if (checkedFiles.Problem is { } problem)
        {
            return ApiProblems.From(problem, invalidTitle: "The encodings cannot be matched.");
        }
        return await StartAsync(context, jobs, OperatorMatchJob.JobKind, OperatorMatchJob.Input(uploads, threshold), cancellationToken);
    }

    /// <summary>Starts a job for the caller and answers 202 with its address, or the problem (e.g. too many jobs running).</summary>
    private static async Task<IResult> StartAsync(HttpContext context, JobService jobs, string kind, byte[] input, CancellationToken cancellationToken)
    {
        var viewer = context.User.ToCaseViewer();
        var started = await jobs.StartAsync(kind, input, viewer, Actor(context.User), cancellationToken);
        return started.Problem is { } problem
            ? ApiProblems.From(problem)
            : JobEndpoints.Started((await jobs.GetAsync(started.Value, viewer, cancellationToken)).Value!);
    }

    internal static async Task<IResult> Estimate(HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType ?? "";
        if (context.Request.HasFormContentType || contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            var csv = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken)).Files.GetFile("file")?.OpenReadStream() : context.Request.Body;
            if (csv is null)
            {
                return ApiProblems.From(Problem.Invalid("file", "Required", "Send the counts as the multipart file 'file' or as a text/csv body."));
            }
            var selection = MseReport.ParseSelection(context.Request.Query["model"]);
            if (selection is null)
            {
                return ApiProblems.From(Problem.Invalid("model", "UnknownCode", "model is main-effects, stepwise or bic."));
            }
            var (counts, errors) = await MseInput.ReadCsvAsync(csv, cancellationToken);
            return counts is null
                ? ApiProblems.From(Problem.Invalid([.. errors.Select(e => new FieldError($"row {e.Row}, {e.Column}", "Invalid", e.Reason))]), invalidTitle: "The counts are invalid.")
                : TypedResults.Ok(MseReport.From(MultipleSystemsEstimation.Estimate(counts, selection.Value)));
        }
        MseRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<MseRequest>(cancellationToken);
        }
        catch (JsonException e)
        {
            return ApiProblems.From(Problem.Invalid("body", "Invalid", $"Not the JSON of an estimate request: {e.Message}"));
        }
        if (request is null)
        {
            return ApiProblems.From(Problem.Invalid("body", "Required", "Send {lists, counts} or {source: \"database\"}."));
        }
        var model = MseReport.ParseSelection(request.Model);
        if (model is null)
        {
            return ApiProblems.From(Problem.Invalid("model", "UnknownCode", $"'{request.Model}' is not main-effects, stepwise or bic."));
        }
        if (string.Equals(request.Source, "database", StringComparison.OrdinalIgnoreCase))
        {
            var checkedRequest = LinkageEstimateJob.Check(request.Round, request.By, request.Model);
            if (checkedRequest.Problem is { } problem)
            {
                return ApiProblems.From(problem);
            }
            return await StartAsync(context, jobs, LinkageEstimateJob.JobKind, LinkageEstimateJob.Input(checkedRequest.Value!), cancellationToken);
        }
        var input = MseInput.FromJson(request.Lists, request.Counts?.Select(c => (c.Pattern, c.Count)).ToList());
        return input.Problem is { } invalid
            ? ApiProblems.From(invalid, invalidTitle: "The counts are invalid.")
            : TypedResults.Ok(MseReport.From(MultipleSystemsEstimation.Estimate(input.Value!, model.Value)));
    }
}
