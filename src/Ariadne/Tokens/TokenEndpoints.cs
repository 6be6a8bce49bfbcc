using System.Security.Claims;
using Ariadne.Account;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ariadne.Tokens;

/// <summary>
/// <c>/api/v1/tokens</c>: a signed-in user lists, creates and revokes their own personal access tokens; administrators
/// list and revoke anybody's. The token string is in the creation response only. These endpoints declare no scope, so a
/// personal access token cannot manage tokens.
/// </summary>
public static class TokenEndpoints
{
    /// <summary>A request for a token: a name, one or more <see cref="TokenScopes"/>, and a lifetime in days (default 30).</summary>
    public sealed record CreateTokenRequest(string? Name, string[]? Scopes, int? Days);

    /// <summary>A new token; <paramref name="Token"/> is shown this once and cannot be retrieved again.</summary>
    public sealed record CreatedToken(Guid Id, string Identifier, string Token, string Name, IReadOnlyList<string> Scopes, DateTime ExpiresAtUtc);

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapApiGroup("/api/v1/tokens", "Access tokens", policy: null, scope: null);
        tokens.MapGet("/", List).WithName("ListTokens")
            .WithSummary("Lists your personal access tokens (never their secrets). Administrators: ?user=NAME for someone else's, ?all=true for everybody's.");
        tokens.MapPost("/", Create).WithName("CreateToken")
            .WithSummary("Creates a personal access token {name, scopes, days}; the token string is in this response only. Roles that need two-factor sign-in must have signed in with it.");
        tokens.MapDelete("/{id:guid}", Revoke).WithName("RevokeToken")
            .WithSummary("Revokes one of your tokens (administrators: anybody's); it stops working at once.");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<TokenSummary>>, NotFound, ForbidHttpResult>> List(
        string? user, bool? all, HttpContext context, PersonalAccessTokenService service, UserManager<AppUser> users, CancellationToken cancellationToken)
    {
        var isAdministrator = context.User.IsInRole(Roles.Administrator);
        if ((all == true || !string.IsNullOrEmpty(user)) && !isAdministrator)
        {
            return TypedResults.Forbid();
        }
        Guid? owner = UserId(context.User);
        if (all == true)
        {
            owner = null;
        }
        else if (!string.IsNullOrEmpty(user))
        {
            var found = await users.FindByNameAsync(user);
            if (found is null)
            {
                return TypedResults.NotFound();
            }
            owner = found.Id;
        }
        return TypedResults.Ok(await service.ListAsync(owner, cancellationToken));
    }

    internal static async Task<Results<Created<CreatedToken>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTokenRequest request, HttpContext context, PersonalAccessTokenService service, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        if (TokenRules.SecondFactorMissing(context.User, security.Value))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Two-factor sign-in required",
                detail: "Your role can reveal identities: sign in with your authenticator code before creating an access token.");
        }
        var result = await service.CreateAsync(UserId(context.User), new TokenRequest(request.Name, request.Scopes, request.Days), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result.Problem!, invalidTitle: "The token request is invalid.");
        }
        var (token, tokenString) = result.Value!;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/tokens/{token.Id}",
            new CreatedToken(token.Id, token.DisplayIdentifier, tokenString, token.Name, token.ScopeList, token.ExpiresAtUtc));
    }

    internal static async Task<Results<NoContent, NotFound>> Revoke(Guid id, HttpContext context, PersonalAccessTokenService service, CancellationToken cancellationToken)
    {
        Guid? owner = context.User.IsInRole(Roles.Administrator) ? null : UserId(context.User);
        return await service.RevokeAsync(id, owner, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static Guid UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : throw new InvalidOperationException("The signed-in principal has no user id.");
}

/// <summary>Rules shared by the API, the page and the command line.</summary>
public static class TokenRules
{
    /// <summary>
    /// Whether a signed-in user whose role requires a second factor has not used one in this sign-in; such a user may
    /// not create a token (Identity marks a two-factor sign-in with the claim <c>amr=mfa</c>).
    /// </summary>
    public static bool SecondFactorMissing(ClaimsPrincipal user, SecurityOptions options) =>
        options.RequireTwoFactor
        && TwoFactorRules.RolesRequiringTwoFactor.Any(user.IsInRole)
        && !user.HasClaim("amr", "mfa");
}
