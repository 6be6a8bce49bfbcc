using Ariadne.Account;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Roles = Ariadne.Core.Users.Roles;

namespace Ariadne.Finance;

/// <summary>
/// <c>/api/v1/cases/{caseId}/assets</c>: a case's asset ledger (docs/finance.md, "Asset ledger per case"): totals for
/// everyone who may read it, entries with opened descriptions and histories for its keepers (financial investigators
/// and competent authorities with access to the case), adding an entry and recording a status step. The same
/// <see cref="AssetLedgerService"/> as the case's Assets page and <c>ariadne finance assets</c>; token scopes
/// <c>cases:read</c> and <c>cases:write</c>.
/// </summary>
public static class AssetEndpoints
{
    private static readonly string[] Readers = [Roles.CaseWorker, Roles.Coordinator, Roles.CompetentAuthority, Roles.FinancialInvestigator];
    private static readonly string[] Keepers = [Roles.CompetentAuthority, Roles.FinancialInvestigator];

    public static IEndpointRouteBuilder MapAssetApi(this IEndpointRouteBuilder app)
    {
        var assets = app.MapApiGroupForRoles("/api/v1/cases/{caseId:guid}/assets", "Cases", Readers, null);
        assets.MapGet("/", List).WithName("GetCaseAssetLedger").RequireScope(TokenScopes.CasesRead)
            .WithSummary("A case's asset ledger: totals per current status and currency; the entries (description, value, holder, status history, next statuses) only for its keepers, else null.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        assets.MapPost("/", Add).WithName("AddCaseAsset").RequireScope(TokenScopes.CasesWrite)
            .RequireAuthorization(p => p.RequireRole(Keepers))
            .WithSummary("Adds an entry: kind (Cash, BankAccount, RealEstate, Vehicle, VirtualAsset, Other), description (sealed), estimatedValue, currency (ISO 4217), holderReference, alertId (an alert linked to the case), and its first step: status (default Identified), on, authority, legalReference.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        assets.MapPost("/{assetId:guid}/steps", Step).WithName("StepCaseAsset").RequireScope(TokenScopes.CasesWrite)
            .RequireAuthorization(p => p.RequireRole(Keepers))
            .WithSummary("Records the next status step of an entry (status, on, authority, legalReference, optional version); a move the ledger's rules refuse is a 400 naming the field status, a changed version a 409.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Ok<AssetLedgerView>, ProblemHttpResult>> List(
        Guid caseId, HttpContext context, AssetLedgerService ledger, CancellationToken cancellationToken)
    {
        var result = await ledger.GetAsync(caseId, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value!);
    }

    internal static async Task<Results<Created<AssetEntryView>, ProblemHttpResult>> Add(
        Guid caseId, AssetInput input, HttpContext context, AssetLedgerService ledger, CancellationToken cancellationToken)
    {
        var result = await ledger.AddAsync(caseId, input, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The asset entry has invalid fields.");
        }
        return TypedResults.Created($"/api/v1/cases/{caseId}/assets", result.Value!);
    }

    internal static async Task<Results<Ok<AssetEntryView>, ProblemHttpResult>> Step(
        Guid caseId, Guid assetId, AssetStepInput input, HttpContext context, AssetLedgerService ledger, CancellationToken cancellationToken)
    {
        var result = await ledger.StepAsync(caseId, assetId, input, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The status step is invalid.");
        }
        return TypedResults.Ok(result.Value!);
    }
}
