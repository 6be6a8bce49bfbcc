using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Admin;

/// <summary>Labels shared by the administration pages.</summary>
public static class AdminText
{
    /// <summary>A role's label (<c>Role.{name}</c>), or its name when a role has no label yet.</summary>
    public static string Role(IStringLocalizer<SharedResource> t, string role) =>
        t["Role." + role] is { ResourceNotFound: false } label ? label.Value : role;

    /// <summary>The labels of <paramref name="roles"/>, comma-separated.</summary>
    public static string RoleList(IStringLocalizer<SharedResource> t, IEnumerable<string> roles) => string.Join(", ", roles.Select(r => Role(t, r)));

    /// <summary>The sentence of a refusal by <see cref="UserAdministration"/> or the organisation administration.</summary>
    public static string Refusal(IStringLocalizer<SharedResource> t, Analytics.Referral.Refusal refusal) =>
        t["Admin.Refusal." + refusal.Code] is { ResourceNotFound: false } text ? text.Value : refusal.ToString();
}
