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
}

/// <summary>Who must sign in with a second factor.</summary>
public static class TwoFactorRules
{
    /// <summary>Case workers can see and reveal identifying data; they need a second factor.</summary>
    public static readonly IReadOnlyList<string> RolesRequiringTwoFactor = [Roles.CaseWorker];

    public static bool MustEnrol(ClaimsPrincipal user, SecurityOptions options) =>
        options.RequireTwoFactor
        && user.Identity?.IsAuthenticated == true
        && RolesRequiringTwoFactor.Any(user.IsInRole)
        && !user.HasClaim(c => c.Type == AriadneClaimsPrincipalFactory.TwoFactorEnabledClaim);
}
