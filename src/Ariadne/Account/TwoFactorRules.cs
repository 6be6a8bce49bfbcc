using System.Security.Claims;
using Ariadne.Core.Users;

namespace Ariadne.Account;

/// <summary>Settings of the <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// Whether roles that can reveal identities must use an authenticator app (TOTP). On by default; only
    /// <c>serve --demo</c> turns it off, and says so.
    /// </summary>
    public bool RequireTwoFactor { get; set; } = true;

    /// <summary>
    /// Whether every cookie is marked <c>Secure</c> and every response carries HSTS, whatever the request's scheme. Off by
    /// default: cookies are <c>Secure</c> on HTTPS requests (behind a proxy, see <c>ForwardedHeaders</c>). Set it when
    /// the site is reached over HTTPS only.
    /// </summary>
    public bool RequireHttps { get; set; }
}

/// <summary>Who must sign in with a second factor.</summary>
public static class TwoFactorRules
{
    /// <summary>
    /// Case workers can see and reveal identifying data, financial investigators the sealed identifiers of account holders;
    /// they need a second factor.
    /// </summary>
    public static readonly IReadOnlyList<string> RolesRequiringTwoFactor = [Roles.CaseWorker, Roles.FinancialInvestigator];

    public static bool MustEnrol(ClaimsPrincipal user, SecurityOptions options) =>
        options.RequireTwoFactor
        && user.Identity?.IsAuthenticated == true
        && RolesRequiringTwoFactor.Any(user.IsInRole)
        && !user.HasClaim(c => c.Type == AriadneClaimsPrincipalFactory.TwoFactorEnabledClaim);
}
