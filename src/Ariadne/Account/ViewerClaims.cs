using System.Security.Claims;
using Ariadne.Core.Cases;
using Ariadne.Core.Users;

namespace Ariadne.Account;

public static class ViewerClaims
{
    /// <summary>The case viewer for a signed-in principal; an anonymous principal gets a viewer with no roles (sees nothing).</summary>
    public static CaseViewer ToCaseViewer(this ClaimsPrincipal principal)
    {
        var userId = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
        Guid? organisation = Guid.TryParse(principal.FindFirstValue(AriadneClaimsPrincipalFactory.OrganisationClaim), out var org) ? org : null;
        var roles = principal.Identity?.IsAuthenticated == true
            ? Roles.All.Where(principal.IsInRole).ToHashSet(StringComparer.Ordinal)
            : [];
        return new CaseViewer(userId, organisation, roles);
    }

    /// <summary>The signed-in user's organisation; throws when the principal carries none (a sign-in bug, not user error).</summary>
    public static Guid OrganisationId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(AriadneClaimsPrincipalFactory.OrganisationClaim), out var org)
            ? org
            : throw new InvalidOperationException("The signed-in principal has no organisation claim.");
}
