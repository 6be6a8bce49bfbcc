using System.Security.Claims;
using System.Text.Encodings.Web;
using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ariadne.Tokens;

/// <summary>Names of the personal-access-token scheme and its claims.</summary>
public static class PersonalAccessTokenDefaults
{
    public const string Scheme = "PersonalAccessToken";

    /// <summary>One claim per granted <see cref="TokenScopes"/> value.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The display identifier (<c>ari_…</c>) of the token that authenticated the request.</summary>
    public const string TokenClaim = "ariadne:token";

    /// <summary>Whether <paramref name="user"/> was authenticated by a personal access token.</summary>
    public static bool IsTokenPrincipal(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme };
}

/// <summary>
/// Authenticates <c>Authorization: Bearer ari_…</c> on <c>/api/v1</c>. The principal is rebuilt from the user as they are
/// now (roles, organisation, lockout), so a demoted, locked or deleted user's tokens stop working at once; the token's
/// scopes are added as <see cref="PersonalAccessTokenDefaults.ScopeClaim"/> claims for <see cref="TokenScopeGate"/>.
/// Outside <c>/api/v1</c> a token authenticates nobody: it is never a key to the web pages.
/// </summary>
internal sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalAccessTokenService tokens,
    UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals,
    IOptions<SecurityOptions> security,
    IAuditLog audit,
    DenialAuditThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureItem = "ariadne.token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        var validation = await tokens.ValidateAsync(presented, Context.RequestAborted);
        if (!validation.IsValid)
        {
            return await FailAsync(validation.Token, validation.Rejection switch
            {
                TokenRejection.Expired => "expired",
                TokenRejection.Revoked => "revoked",
                _ => "unknown",
            });
        }
        var token = validation.Token!;
        var user = await users.FindByIdAsync(token.UserId.ToString());
        if (user is null)
        {
            return await FailAsync(token, "unknown");
        }
        if (await users.IsLockedOutAsync(user))
        {
            return await FailAsync(token, "locked-out");
        }
        var principal = await principals.CreateAsync(user);
        if (security.Value.RequireTwoFactor && !user.TwoFactorEnabled && TwoFactorRules.RolesRequiringTwoFactor.Any(principal.IsInRole))
        {
            // The token was made after a second factor; if the authenticator has since been removed, it no longer counts.
            return await FailAsync(token, "second-factor-removed");
        }
        var source = principal.Identities.First();
        var identity = new ClaimsIdentity(source.Claims, PersonalAccessTokenDefaults.Scheme, source.NameClaimType, source.RoleClaimType);
        identity.AddClaim(new Claim(PersonalAccessTokenDefaults.TokenClaim, token.DisplayIdentifier));
        foreach (var scope in token.ScopeList)
        {
            identity.AddClaim(new Claim(PersonalAccessTokenDefaults.ScopeClaim, scope));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PersonalAccessTokenDefaults.Scheme));
    }

    private async Task<AuthenticateResult> FailAsync(PersonalAccessToken? token, string reason)
    {
        Context.Items[FailureItem] = reason;
        var key = $"{reason}|{token?.Id.ToString() ?? Context.Connection.RemoteIpAddress?.ToString() ?? "unknown-address"}";
        if (!throttle.ShouldAudit(key, out var repeats))
        {
            return AuthenticateResult.Fail($"The personal access token is {reason}.");
        }
        var details = new Dictionary<string, string> { ["reason"] = reason, ["path"] = Request.Path.Value ?? "" };
        if (repeats > 0)
        {
            details["repeats"] = repeats.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        AuditActor? actor = null;
        if (token is not null)
        {
            details["token"] = token.DisplayIdentifier;
            var owner = await users.FindByIdAsync(token.UserId.ToString());
            actor = new AuditActor(token.UserId, owner?.UserName ?? "unknown", owner?.OrganisationId);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.TokenUseDenied, AuditOutcomes.Denied, PersonalAccessTokenService.TokenSubject,
            token?.Id.ToString(), Details: details, Actor: actor), Context.RequestAborted);
        return AuthenticateResult.Fail($"The personal access token is {reason}.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        var detail = Context.Items[FailureItem] switch
        {
            "expired" => "The personal access token has expired; create a new one.",
            "revoked" => "The personal access token has been revoked.",
            "locked-out" => "The token's user is locked out.",
            "second-factor-removed" => "The token's user no longer has the second factor their role requires.",
            null => "Personal access tokens work only on /api/v1.",
            _ => "The personal access token is not valid.",
        };
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Invalid access token", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The token's scopes or its user's roles do not allow this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
