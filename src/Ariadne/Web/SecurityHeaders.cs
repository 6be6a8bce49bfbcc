namespace Ariadne.Web;

/// <summary>
/// Response headers that keep the UI out of frames, stop content sniffing and leaking of URLs (which carry case ids),
/// and restrict where scripts and styles may come from. The UI needs no script at all; the API reference page
/// (<c>/api/docs</c>, Scalar) runs its own bundled script and inline configuration, and gets a policy of its own.
/// </summary>
public static class SecurityHeaders
{
    public const string UiPolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>The UI policy for a page that runs the application's own script files (the network graph); no inline script.</summary>
    public const string UiPolicyWithScripts =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static readonly object ScriptsKey = new();

    /// <summary>Lets this response run the application's own script files (<see cref="UiPolicyWithScripts"/>).</summary>
    public static void AllowScripts(HttpContext context) => context.Items[ScriptsKey] = true;

    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseAriadneSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") || context.Request.Path.StartsWithSegments("/scalar")
                ? ApiReferencePolicy
                : UiPolicy;
            context.Response.OnStarting(() =>
            {
                if (context.Items.ContainsKey(ScriptsKey) && context.Response.Headers.ContentSecurityPolicy == UiPolicy)
                {
                    context.Response.Headers.ContentSecurityPolicy = UiPolicyWithScripts;
                }
                return Task.CompletedTask;
            });
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.Request.IsHttps || context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Account.SecurityOptions>>().Value.RequireHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/Cases") || context.Request.Path.StartsWithSegments("/Account"))
            {
                // Case data must not linger in shared caches or the browser's back-forward cache.
                headers.CacheControl = "no-store";
            }
            return next();
        });
}
