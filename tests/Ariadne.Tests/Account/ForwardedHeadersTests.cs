using System.Net;
using AngleSharp.Html.Parser;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;

namespace Ariadne.Tests.Account;

/// <summary>
/// Behind a TLS proxy (security issue #12, info finding): <c>X-Forwarded-Proto: https</c> from a configured proxy makes
/// the request HTTPS, so the sign-in cookie is <c>Secure</c>; the same header from anybody else is not believed.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Proxy, true)]
    [InlineData("203.0.113.9", false)]
    public async Task ForwardedProto_BelievedFromTheKnownProxyOnly(string from, bool believed)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        });
        var user = await app.AddUserAsync("proxy-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);

        var response = await SignInAsync(app, from, user.UserName);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ariadne.auth=", StringComparison.Ordinal));
        Assert.Equal(believed, cookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(believed, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ForwardedProto_IgnoredUnlessEnabled()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("direct-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);

        var response = await SignInAsync(app, "127.0.0.1", user.UserName);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ariadne.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RequireHttps_CookieSecureEvenOverHttp()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?> { ["Security:RequireHttps"] = "true" });
        var user = await app.AddUserAsync("strict-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);

        var response = await SignInAsync(app, "203.0.113.9", user.UserName, forwardedProto: null);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ariadne.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Signs in from <paramref name="from"/> with the cookies handled by hand (a cookie container drops Secure cookies on http).</summary>
    private static async Task<HttpResponseMessage> SignInAsync(TestApp app, string from, string userName, string? forwardedProto = "https")
    {
        var server = app.App.GetTestServer();
        var client = new HttpClient(server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(from))) { BaseAddress = server.BaseAddress };
        if (forwardedProto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }
        var form = await client.GetAsync("/Account/Login", Ct);
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync(Ct))
            .QuerySelector("main form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = userName,
                ["Input.Password"] = TestApp.Password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        return await client.SendAsync(request, Ct);
    }
}
