using System.Security.Claims;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Ariadne.Account;

/// <summary>
/// Ends sessions on the server's word, not the cookie's: every request signed in by cookie or by short-lived bearer token
/// is checked against the user as stored now. The security stamp the sign-in carried must still be the user's (logout,
/// password change, second-factor change, role change, lockout and disabling renew it; see
/// <see cref="AriadneUserManager"/>), and the user must not be locked out. A cookie or token replayed after any of these
/// is refused, however long it has left to run. Personal access tokens are checked by their own handler (lockout, roles)
/// and are not tied to the stamp: they outlive a sign-out, as they are meant to.
/// </summary>
public static class SessionValidation
{
    /// <summary>The header an API client sends an antiforgery token in (ASP.NET Core's default).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <summary>The user behind <paramref name="principal"/> when the session is still good; null when it has ended.</summary>
    public static async Task<AppUser?> CurrentUserAsync(SignInManager<AppUser> signIn, ClaimsPrincipal principal)
    {
        var user = await signIn.ValidateSecurityStampAsync(principal);
        return user is null || await signIn.UserManager.IsLockedOutAsync(user) ? null : user;
    }

    /// <summary>
    /// Runs after authentication: drops a bearer-token principal whose session has ended (the request goes on anonymous,
    /// so endpoints that need a user answer 401), and refuses an unsafe <c>/api/v1</c> request signed in by cookie unless
    /// it shows it comes from this site (see <see cref="IsSameOriginAsync"/>). Cookie sessions are checked in the cookie's
    /// own validation (<see cref="AccountServiceCollectionExtensions"/>).
    /// </summary>
    public static IApplicationBuilder UseSessionValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var scheme = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme;
        // The bearer handler names its tickets "Identity.Bearer:AccessToken".
        if (scheme is not null && scheme.StartsWith(IdentityConstants.BearerScheme, StringComparison.Ordinal))
        {
            var signIn = context.RequestServices.GetRequiredService<SignInManager<AppUser>>();
            if (await CurrentUserAsync(signIn, context.User) is null)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        else if (scheme == IdentityConstants.ApplicationScheme
            && context.Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
            && !await IsSameOriginAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = "A change through the API signed in by cookie needs an Origin (or Referer) header naming this site, "
                        + $"or an antiforgery token in the {AntiforgeryHeader} header. API clients use a bearer token instead.",
                },
            });
            return;
        }
        await next(context);
    });

    /// <summary>
    /// Whether an unsafe request signed in by cookie comes from this site: an antiforgery token in
    /// <see cref="AntiforgeryHeader"/>, or else the browser's word: <c>Origin</c> naming this site, or (the UI sends
    /// <c>Referrer-Policy: no-referrer</c>, which makes browsers send <c>Origin: null</c>) <c>Sec-Fetch-Site:
    /// same-origin</c>, or a <c>Referer</c> on this site. A request with none of these is refused.
    /// </summary>
    internal static async Task<bool> IsSameOriginAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(AntiforgeryHeader))
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        var site = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            return string.Equals(origin, site, StringComparison.OrdinalIgnoreCase);
        }
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite == "same-origin";
        }
        var referer = request.Headers.Referer.ToString();
        return referer.Length > 0 && Uri.TryCreate(referer, UriKind.Absolute, out var from)
            && string.Equals($"{from.Scheme}://{from.Authority}", site, StringComparison.OrdinalIgnoreCase);
    }
}
