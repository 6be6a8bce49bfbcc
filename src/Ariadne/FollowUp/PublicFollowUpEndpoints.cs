using Ariadne.Core.FollowUp;
using Ariadne.Core.Tokens;
using Ariadne.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.FollowUp;

/// <summary>
/// <c>GET /api/v1/public/followup</c>: the public transparency page's content as JSON, without sign-in, when the
/// installation has switched the page on (<c>FollowUp:PublicPage</c>); 404 otherwise. Listed as a public route in
/// AuthorisationMatrixTests. A personal access token needs the <c>followup</c> scope here as elsewhere (the gate fails
/// closed for tokens); without one, anyone may read it.
/// </summary>
public static class PublicFollowUpEndpoints
{
    public const string Route = "/api/v1/public/followup";

    public static IEndpointRouteBuilder MapPublicFollowUpApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Read).WithName("GetPublicFollowUp").WithTags("Public")
            .WithSummary("The public transparency page as JSON (no sign-in): frameworks and their commitments, measures (title, lead institution, dates, status) and published indicator values only (approved reported values, computed values that are disclosure-controlled releases, with their suppression marks), with baseline, milestones, target and their standing. 404 when the installation has not switched the page on (setting FollowUp:PublicPage).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowAnonymous()
            .RequireScope(TokenScopes.FollowUp)
            .RequireRateLimiting(RateLimits.Api)
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<Ok<PublicFollowUp>, ProblemHttpResult>> Read(PublicFollowUpService service, CancellationToken ct)
    {
        var result = await service.ReadAsync(ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ApiProblems.From(result.Problem!);
    }
}
