using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;

namespace Ariadne.Web;

/// <summary>Serves the files under <c>wwwroot</c>, which are embedded in the executable, with a content hash as ETag.</summary>
public static class EmbeddedAssets
{
    private const string Prefix = "wwwroot/";

    public static IEndpointRouteBuilder MapEmbeddedAssets(this IEndpointRouteBuilder app)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var types = new FileExtensionContentTypeProvider();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"";
            var path = "/" + name[Prefix.Length..].Replace('\\', '/');
            var contentType = types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            app.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return context.Request.Headers.IfNoneMatch == etag
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(bytes, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }
}
