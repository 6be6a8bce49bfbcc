using Microsoft.Extensions.FileProviders;

namespace Ariadne.Web;

/// <summary>
/// Serves the files under <c>wwwroot</c>, which are embedded in the executable (with a manifest, so that every way of
/// starting it serves them), by the framework's static file middleware: anonymous, with ETag and Last-Modified, cached
/// for an hour.
/// </summary>
public static class EmbeddedAssets
{
    /// <summary>Place after the security headers and before authentication: assets need no sign-in.</summary>
    public static IApplicationBuilder UseEmbeddedAssets(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(EmbeddedAssets).Assembly, "wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
}
