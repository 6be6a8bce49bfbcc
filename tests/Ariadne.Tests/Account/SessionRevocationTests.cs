using System.Net;
using System.Net.Http.Json;
using Ariadne.Core.Data;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Ariadne.Tests.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Account;

/// <summary>
/// Sessions end on the server's word (security issue #12, finding 3): a cookie or bearer token replayed after logout,
/// a password change, a role change, a lockout or disabling is refused at once, not when it lapses.
/// </summary>
public sealed class SessionRevocationTests
{
    private const string NewPassword = "lantern-orbit-meadow-quill";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Logout_ReplayedCookieAndBearerTokenRefused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("logout-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, cookies) = await SignInAsync(app, user);
        var bearer = await app.BearerClientAsync(user);
        var stolen = cookies.GetCookieHeader(app.App.GetTestServer().BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await Replay(app, stolen).GetAsync("/Cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);

        var logout = await PageRenderingTests.PostFormAsync(browser, "/Account/ChangePassword", [], postTo: "/Account/Logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        // Well within the cookie's idle timeout: only the server's revocation can refuse it.
        app.Time.Advance(TimeSpan.FromMinutes(4));

        await AssertSignedOutAsync(Replay(app, stolen));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PasswordChange_OlderCookiesAndBearerTokensRefused_TheChangingSessionGoesOn(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("password-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, cookies) = await SignInAsync(app, user);
        var bearer = await app.BearerClientAsync(user);
        var before = cookies.GetCookieHeader(app.App.GetTestServer().BaseAddress);

        var changed = await PageRenderingTests.PostFormAsync(browser, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = TestApp.Password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Cases", Ct)).StatusCode);
        await AssertSignedOutAsync(Replay(app, before));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LockoutAfterFailedSignIns_EndsCookieBearerAndPersonalAccessToken(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("lockout-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, _) = await SignInAsync(app, user);
        var bearer = await app.BearerClientAsync(user);
        var pat = PersonalAccessTokenTests.TokenClient(app, await PersonalAccessTokenTests.TokenAsync(app, user, TokenScopes.CasesRead));
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/api/v1/cases", Ct)).StatusCode);

        var guesser = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            var guess = await guesser.PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = $"wrong-guess-number-{i}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        await AssertSignedOutAsync(browser);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await pat.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DisabledUser_CookieBearerAndPersonalAccessTokenRefused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("disabled-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, _) = await SignInAsync(app, user);
        var bearer = await app.BearerClientAsync(user);
        var pat = PersonalAccessTokenTests.TokenClient(app, await PersonalAccessTokenTests.TokenAsync(app, user, TokenScopes.CasesRead));

        await WithUserAsync(app, user, (users, u) => users.SetLockoutEndDateAsync(u, AriadneUserManager.Disabled));

        await AssertSignedOutAsync(browser);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await pat.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    [Fact]
    public async Task RoleChange_EndsCookieAndBearerToken()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("demoted-coordinator", "Synthetic Office", twoFactor: false, Roles.Coordinator);
        var (browser, _) = await SignInAsync(app, user);
        var bearer = await app.BearerClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);

        await WithUserAsync(app, user, (users, u) => users.RemoveFromRoleAsync(u, Roles.Coordinator));

        await AssertSignedOutAsync(browser);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/cases", Ct)).StatusCode);
    }

    internal static async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(TestApp app, TestApp.TestUser user)
    {
        var server = app.App.GetTestServer();
        var cookies = new CookieContainer();
        var client = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = server.CreateHandler() }) { BaseAddress = server.BaseAddress };
        var response = await PageRenderingTests.PostFormAsync(client, "/Account/Login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location?.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal) == true)
        {
            response = await PageRenderingTests.PostFormAsync(client, response.Headers.Location.OriginalString, new() { ["Code"] = app.TotpCode(user.AuthenticatorKey!) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return (client, cookies);
    }

    /// <summary>A client that sends the given cookies as they are, as someone who copied them would.</summary>
    internal static HttpClient Replay(TestApp app, string cookieHeader)
    {
        var server = app.App.GetTestServer();
        var client = new HttpClient(server.CreateHandler()) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    internal static async Task WithUserAsync(TestApp app, TestApp.TestUser user, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await change(users, (await users.FindByIdAsync(user.Id.ToString()))!)).Succeeded);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var page = await client.GetAsync("/Cases", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/Login", page.Headers.Location?.AbsolutePath);
    }
}
