using System.Net;
using System.Net.Http.Json;
using Ariadne.Account;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Pages;

public sealed class SessionAndHeaderTests
{
    [Fact]
    public async Task Pages_AnyResponse_CarriesSecurityHeaders()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await app.AnonymousClient().GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_IdleLongerThanTimeout_SignedOut()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("idle-worker", "Synthetic NGO", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);

        app.Time.Advance(AccountServiceCollectionExtensions.IdleTimeout + TimeSpan.FromMinutes(1));
        var response = await client.GetAsync("/Cases", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Session_ActiveBeyondAbsoluteLifetime_SignedOut()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("busy-worker", "Synthetic NGO", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");
        var step = AccountServiceCollectionExtensions.IdleTimeout / 2;
        var elapsed = TimeSpan.Zero;
        while (elapsed + step < AccountServiceCollectionExtensions.AbsoluteLifetime)
        {
            app.Time.Advance(step);
            elapsed += step;
            var active = await client.GetAsync("/Cases", TestContext.Current.CancellationToken);
            Assert.True(active.StatusCode == HttpStatusCode.OK, $"signed out early, after {elapsed}");
        }

        app.Time.Advance(step);
        var response = await client.GetAsync("/Cases", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task TokenEndpoint_ManyAttemptsFromOneAddress_429()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var client = app.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = $"guess-{i}", password = "wrong-wrong-wrong" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
