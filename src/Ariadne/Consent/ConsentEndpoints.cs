using Ariadne.Account;
using Ariadne.Cases;
using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Consent;

/// <summary>
/// <c>/api/v1/cases/{id}/consents</c>: consent per purpose, its withdrawal, and consent checks; and
/// <c>/api/v1/cases/{id}/best-interest-decisions</c>: a child's recorded best-interest decisions, which the consent gate
/// reads. Notes and reasons are sealed: without an active reveal they come back null with <c>textSealed: true</c>.
/// </summary>
public static class ConsentEndpoints
{
    public sealed record WithdrawalRequest(DateOnly? WithdrawnOn, string? Note);

    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var consents = app.MapApiGroup("/api/v1/cases/{caseId:guid}/consents", "Consent", Policies.CaseReader, TokenScopes.CasesRead);
        consents.MapGet("/", List).WithName("ListConsents");
        consents.MapPost("/", Record).WithName("RecordConsent").RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapPost("/{consentId:guid}/withdraw", Withdraw).WithName("WithdrawConsent").RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapGet("/check", Check).WithName("CheckConsent")
            .WithSummary("Whether a purpose (assistance, referral, statistics, contact) is covered today by an active consent (or, for a child's referral, a recorded best-interest decision).");

        var decisions = app.MapApiGroup("/api/v1/cases/{caseId:guid}/best-interest-decisions", "Consent", Policies.CaseReader, TokenScopes.CasesRead);
        decisions.MapGet("/", ListBestInterest).WithName("ListBestInterestDecisions");
        decisions.MapPost("/", RecordBestInterest).WithName("RecordBestInterestDecision").RequireAuthorization(Policies.CaseEditor).RequireScope(TokenScopes.CasesWrite)
            .WithSummary("Records a child's best-interest decision: decidedOn, outcome (ReferralInBestInterest or ReferralNotInBestInterest), reasons (sealed), guardianInvolved, guardianType, optional recipientOrganisationId.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ConsentRecord>>, NotFound>> List(
        Guid caseId, HttpContext context, ConsentService service, CancellationToken cancellationToken) =>
        await service.ListAsync(caseId, context.User.ToCaseViewer(), cancellationToken) is { } records
            ? TypedResults.Ok(records)
            : TypedResults.NotFound();

    internal static async Task<Results<Created<ConsentRecord>, ProblemHttpResult>> Record(
        Guid caseId, ConsentInput input, HttpContext context, ConsentService service, CancellationToken cancellationToken)
    {
        var result = await service.RecordAsync(caseId, input, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/cases/{caseId}/consents/{result.Value!.Id}", result.Value)
            : ApiProblems.From(result.Problem!, invalidTitle: CaseEndpoints.InvalidTitle);
    }

    internal static async Task<Results<Ok<ConsentRecord>, ProblemHttpResult>> Withdraw(
        Guid caseId, Guid consentId, WithdrawalRequest request, HttpContext context, ConsentService service, CancellationToken cancellationToken)
    {
        var result = await service.WithdrawAsync(caseId, consentId, request.WithdrawnOn, request.Note, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ApiProblems.From(result.Problem!, invalidTitle: CaseEndpoints.InvalidTitle);
    }

    internal static async Task<Results<Ok<ConsentDecision>, NotFound, ValidationProblem>> Check(
        Guid caseId, ConsentPurpose purpose, Guid? recipientOrganisationId, HttpContext context, CaseService cases, ConsentService service,
        CancellationToken cancellationToken)
    {
        if (await cases.GetAsync(caseId, context.User.ToCaseViewer(), cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        if (purpose == ConsentPurpose.Referral && recipientOrganisationId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["recipientOrganisationId"] = ["A referral check names the recipient organisation."] });
        }
        return TypedResults.Ok(await service.CheckAsync(caseId, purpose, recipientOrganisationId, cancellationToken));
    }

    internal static async Task<Results<Ok<IReadOnlyList<BestInterestDecision>>, NotFound>> ListBestInterest(
        Guid caseId, HttpContext context, ConsentService service, CancellationToken cancellationToken) =>
        await service.ListBestInterestAsync(caseId, context.User.ToCaseViewer(), cancellationToken) is { } records
            ? TypedResults.Ok(records)
            : TypedResults.NotFound();

    internal static async Task<Results<Created<BestInterestDecision>, ProblemHttpResult>> RecordBestInterest(
        Guid caseId, BestInterestInput input, HttpContext context, ConsentService service, CancellationToken cancellationToken)
    {
        var result = await service.RecordBestInterestAsync(caseId, input, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/cases/{caseId}/best-interest-decisions/{result.Value!.Id}", result.Value)
            : ApiProblems.From(result.Problem!, invalidTitle: CaseEndpoints.InvalidTitle);
    }
}
