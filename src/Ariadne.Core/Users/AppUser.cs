using Ariadne.Core.Organisations;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Core.Users;

/// <summary>A person who signs in. Every user belongs to exactly one organisation.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Set on a generated one-time password; the user must choose a new one at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the user last signed in successfully (web or API), UTC; null before the first sign-in.</summary>
    public DateTime? LastSignInAtUtc { get; set; }
}
