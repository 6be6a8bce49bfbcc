using Microsoft.AspNetCore.Mvc;

namespace Ariadne.Account;

/// <summary>Where the account pages send a user afterwards: the requested page if it is on this site, else the case list.</summary>
public static class ReturnUrls
{
    public const string Default = "/Cases";

    /// <summary><paramref name="returnUrl"/> when it is a local URL (never another site: no open redirect), else <see cref="Default"/>.</summary>
    public static string LocalOrDefault(this IUrlHelper url, string? returnUrl) =>
        returnUrl is { Length: > 0 } && url.IsLocalUrl(returnUrl) ? returnUrl : Default;
}
