using System.Net;
using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Web;

public sealed class EmbeddedAssetsTests
{
    [Fact]
    public async Task Stylesheet_IsServedAnonymously_CachedWithSecurityHeaders_AndRevalidated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = app.AnonymousClient();

        var response = await client.GetAsync("/css/site.css", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotEmpty(await response.Content.ReadAsStringAsync(ct));
        var etag = Assert.IsType<System.Net.Http.Headers.EntityTagHeaderValue>(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/css/site.css");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again, ct);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/css/missing.css", ct)).StatusCode);
    }
}
