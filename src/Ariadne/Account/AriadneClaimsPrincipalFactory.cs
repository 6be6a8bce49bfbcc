using System.Security.Claims;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ariadne.Account;

/// <summary>Adds the user's organisation to the sign-in principal, so record scope needs no lookup per request.</summary>
internal sealed class AriadneClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    public const string OrganisationClaim = "ariadne:organisation";

    /// <summary>Present while the user still has to replace a one-time password; see <see cref="MustChangePasswordFilter"/>.</summary>
    public const string MustChangePasswordClaim = "ariadne:must-change-password";

    /// <summary>Present when the user has an authenticator app enrolled; see <see cref="TwoFactorEnrolmentFilter"/>.</summary>
    public const string TwoFactorEnabledClaim = "ariadne:two-factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(OrganisationClaim, user.OrganisationId.ToString()));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }
        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(TwoFactorEnabledClaim, "true"));
        }
        return identity;
    }
}
