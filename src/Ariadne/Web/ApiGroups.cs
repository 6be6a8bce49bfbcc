using Ariadne.Account;
using Ariadne.Tokens;

namespace Ariadne.Web;

/// <summary>
/// The one way an <c>/api/v1</c> route group is opened: its OpenAPI tag, who may call it (a policy and a token scope),
/// refused while the caller's password change is due, bearer-authenticated so without antiforgery, and rate-limited
/// unless <c>rateLimit</c> is null.
/// </summary>
public static class ApiGroups
{
    /// <param name="app">The application's routes.</param>
    /// <param name="prefix">The group's route, starting <c>/api/v1/</c>.</param>
    /// <param name="tag">The OpenAPI tag of its operations.</param>
    /// <param name="policy">An authorisation policy name (<see cref="Policies"/>); null: any signed-in user.</param>
    /// <param name="scope">The token scope a personal access token needs (<see cref="Core.Tokens.TokenScopes"/>); null: no personal access token is accepted (<see cref="Tokens.TokenScopeGate"/>), only a signed-in session or bearer token.</param>
    /// <param name="rateLimit">A rate-limiting policy (<see cref="RateLimits"/>); null: none.</param>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag, string? policy, string? scope,
        string? rateLimit = RateLimits.Api) =>
        app.MapGroup(prefix).Configure(tag, policy is null ? b => b.RequireAuthorization() : b => b.RequireAuthorization(policy), scope, rateLimit);

    /// <summary>As <see cref="MapApiGroup(IEndpointRouteBuilder, string, string, string?, string?, string?)"/>, for callers in one of <paramref name="roles"/>.</summary>
    public static RouteGroupBuilder MapApiGroupForRoles(this IEndpointRouteBuilder app, string prefix, string tag, string[] roles, string? scope,
        string? rateLimit = RateLimits.Api) =>
        app.MapGroup(prefix).Configure(tag, b => b.RequireAuthorization(p => p.RequireRole(roles)), scope, rateLimit);

    private static RouteGroupBuilder Configure(this RouteGroupBuilder group, string tag, Func<RouteGroupBuilder, RouteGroupBuilder> authorise,
        string? scope, string? rateLimit)
    {
        authorise(group.WithTags(tag));
        if (scope is not null)
        {
            group.RequireScope(scope);
        }
        group.AddEndpointFilter(PasswordChangeGate.RefuseWhilePasswordChangeIsDue);
        if (rateLimit is not null)
        {
            group.RequireRateLimiting(rateLimit);
        }
        return group.DisableAntiforgery();
    }
}
