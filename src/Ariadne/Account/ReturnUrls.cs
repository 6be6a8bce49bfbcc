using Microsoft.AspNetCore.Mvc;

namespace Ariadne.Account;

/// <summary>Where the account pages send a user afterwards: the requested page if it is on this site, else the start page.</summary>
public static class ReturnUrls
{
    /// <summary>The start page, which every signed-in role can open (see <c>Pages/Index</c>).</summary>
    public const string Default = "/";

    /// <summary><paramref name="returnUrl"/> when it is a local URL (never another site: no open redirect), else <see cref="Default"/>.</summary>
    public static string LocalOrDefault(this IUrlHelper url, string? returnUrl) =>
        returnUrl is { Length: > 0 } && url.IsLocalUrl(returnUrl) ? returnUrl : Default;
}
