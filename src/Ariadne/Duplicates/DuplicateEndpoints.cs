using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Jobs;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Jobs;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Duplicates;

/// <summary>
/// <c>/api/v1/duplicates</c>: deduplication of an organisation's persons for coordinators — run, the review queue, one
/// pair with its waterfall, accept (merge), reject, undo a merge — and <c>/api/v1/persons/{id}/unmerge</c>. The same
/// <see cref="DuplicateService"/> as the <c>/Duplicates</c> pages and <c>ariadne duplicates</c>.
/// </summary>
public static class DuplicateEndpoints
{
    /// <summary>The body of an acceptance: an optional, non-identifying reason for the merge record and the audit log.</summary>
    public sealed record AcceptInput(string? Reason);

    public static IEndpointRouteBuilder MapDuplicateApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroupForRoles("/api/v1/duplicates", "Duplicates", [Roles.Coordinator], TokenScopes.CasesRead);
        group.MapPost("/runs", Run).WithName("RunDuplicateSearch")
            .WithSummary("Starts a background job that compares the persons of one organisation's cases (identities opened inside the server, never returned) and stores the pairs at or above lowerBound for review; with mergeCertain, merges the pairs at or above threshold at once. "
                + "Answers 202 with Location /api/v1/jobs/{id}; the finished job's output (GET /api/v1/jobs/{id}/output) is the run's counts as JSON.")
            .RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/runs", Overview).WithName("ListDuplicateRuns")
            .WithSummary("The latest runs and the precision of the proposed matches on the pairs reviewers decided.");
        group.MapGet("/pairs", Pairs).WithName("ListDuplicatePairs")
            .WithSummary("The review queue, strongest evidence first: status (Pending, Accepted, Rejected; default Pending, empty for all), minProbability, maxProbability, organisationId, page.")
            .ProducesValidationProblem();
        group.MapGet("/pairs/{id:guid}", Pair).WithName("GetDuplicatePair")
            .WithSummary("One pair: both cases' non-identifying fields (the identity only while you have revealed that case), and the waterfall. Audited.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/pairs/{id:guid}/accept", Accept).WithName("AcceptDuplicatePair")
            .WithSummary("The same person: merges the two persons (and their clusters) under one cluster key; refused across organisations or across a rejected pair.")
            .RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/pairs/{id:guid}/reject", Reject).WithName("RejectDuplicatePair")
            .WithSummary("Not the same person: never proposed again nor clustered together.")
            .RequireScope(TokenScopes.CasesWrite)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/merges/{id:guid}/undo", Undo).WithName("UndoPersonMerge")
            .WithSummary("Undoes a merge: every person gets back its previous cluster key exactly.")
            .RequireScope(TokenScopes.CasesWrite)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var persons = app.MapApiGroupForRoles("/api/v1/persons", "Duplicates", [Roles.Coordinator], TokenScopes.CasesWrite);
        persons.MapPost("/{id:guid}/unmerge", UnmergePerson).WithName("UnmergePerson")
            .WithSummary("Undoes the latest merge that includes the person.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<AcceptedAtRoute<JobEndpoints.JobResponse>, ProblemHttpResult>> Run(
        DuplicateRunRequest request, HttpContext context, DuplicateService service, JobService jobs, IAuditContext auditContext, CancellationToken cancellationToken)
    {
        var viewer = context.User.ToCaseViewer();
        var checkedRun = await service.CheckRunAsync(request, viewer, cancellationToken);
        if (!checkedRun.Succeeded)
        {
            return ApiProblems.From(checkedRun.Problem!, invalidTitle: "The run has invalid fields.");
        }
        var started = await jobs.StartAsync(DuplicateRunJob.JobKind, DuplicateRunJob.Input(request), viewer, auditContext.Actor, cancellationToken);
        return started.Succeeded
            ? JobEndpoints.Started((await jobs.GetAsync(started.Value, viewer, cancellationToken)).Value!)
            : ApiProblems.From(started.Problem!);
    }

    internal static async Task<Results<Ok<DuplicateOverview>, ProblemHttpResult>> Overview(
        Guid? organisationId, HttpContext context, DuplicateService service, CancellationToken cancellationToken) =>
        Answer(await service.OverviewAsync(organisationId, context.User.ToCaseViewer(), cancellationToken));

    internal static async Task<Results<Ok<PagedResult<DuplicatePairSummary>>, ProblemHttpResult>> Pairs(
        string? status, double? minProbability, double? maxProbability, Guid? organisationId, int? page,
        HttpContext context, DuplicateService service, CancellationToken cancellationToken)
    {
        DuplicatePairStatus? parsed = DuplicatePairStatus.Pending;
        if (status is not null)
        {
            if (status.Length == 0)
            {
                parsed = null;
            }
            else if (Enum.TryParse<DuplicatePairStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                parsed = s;
            }
            else
            {
                return ApiProblems.From(Problem.Invalid("status", "Choice", "status: Pending, Accepted, Rejected, or empty for all."), invalidTitle: "The query has invalid parameters.");
            }
        }
        var result = await service.PairsAsync(new DuplicatePairQuery(parsed, minProbability, maxProbability, organisationId, page ?? 1), context.User.ToCaseViewer(), cancellationToken);
        return Answer(result, "The query has invalid parameters.");
    }

    internal static async Task<Results<Ok<DuplicatePairDetail>, ProblemHttpResult>> Pair(
        Guid id, HttpContext context, DuplicateService service, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Answer(await service.PairAsync(id, context.User.ToCaseViewer(), cancellationToken));
    }

    internal static async Task<Results<Ok<PersonMergeView>, ProblemHttpResult>> Accept(
        Guid id, AcceptInput? input, HttpContext context, DuplicateService service, CancellationToken cancellationToken) =>
        Answer(await service.AcceptAsync(id, input?.Reason, context.User.ToCaseViewer(), cancellationToken), "The acceptance has invalid fields.");

    internal static async Task<Results<Ok<DuplicatePairSummary>, ProblemHttpResult>> Reject(
        Guid id, HttpContext context, DuplicateService service, CancellationToken cancellationToken) =>
        Answer(await service.RejectAsync(id, context.User.ToCaseViewer(), cancellationToken));

    internal static async Task<Results<Ok<PersonMergeView>, ProblemHttpResult>> Undo(
        Guid id, HttpContext context, DuplicateService service, CancellationToken cancellationToken) =>
        Answer(await service.UnmergeAsync(id, context.User.ToCaseViewer(), cancellationToken));

    internal static async Task<Results<Ok<PersonMergeView>, ProblemHttpResult>> UnmergePerson(
        Guid id, HttpContext context, DuplicateService service, CancellationToken cancellationToken) =>
        Answer(await service.UnmergePersonAsync(id, context.User.ToCaseViewer(), cancellationToken));

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Result<T> result, string? invalidTitle = null) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : invalidTitle is null ? ApiProblems.From(result.Problem!) : ApiProblems.From(result.Problem!, invalidTitle: invalidTitle);
}
