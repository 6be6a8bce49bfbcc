using Ariadne.Account;
using Ariadne.Core.Timeline;
using Ariadne.Core.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Cases;

/// <summary><c>/api/v1/cases/{caseId}/timeline</c>: what happened to a case, oldest first (<see cref="CaseTimelineService"/>, as the Timeline page).</summary>
public static class CaseTimelineEndpoints
{
    public static IEndpointRouteBuilder MapCaseTimelineApi(this IEndpointRouteBuilder app)
    {
        var timeline = app.MapApiGroup("/api/v1/cases/{caseId:guid}/timeline", "Cases", Policies.CaseReader, TokenScopes.CasesRead);
        timeline.MapGet("/", Get).WithName("GetCaseTimeline")
            .WithSummary("What happened to a case, oldest first: steps and decisions, referrals, screenings, consents, tasks, notes and attachments added (never their text), assignments, reveals and prints.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<CaseTimeline>, ProblemHttpResult>> Get(
        Guid caseId, HttpContext context, CaseTimelineService timelines, CancellationToken cancellationToken)
    {
        var result = await timelines.GetAsync(caseId, context.User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(result.Value!);
    }
}
