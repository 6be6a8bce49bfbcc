using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AngleSharp.Html.Parser;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Account;

/// <summary>The low findings of security issue #12 on accounts: sign-in messages, password guessing and rules, cross-site API writes.</summary>
public sealed class AccountHardeningTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_LockedAccountAnswersAsAnUnknownUser_PageAndApi()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("locked-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);
        await SessionRevocationTests.WithUserAsync(app, user, (users, u) => users.SetLockoutEndDateAsync(u, AriadneUserManager.Disabled));

        async Task<string> PageMessage(string userName, string password)
        {
            var response = await PageRenderingTests.PostFormAsync(PageRenderingTests.NewClient(app), "/Account/Login",
                new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
            return page.QuerySelector("[role=alert]")!.TextContent.Trim();
        }
        async Task<string> ApiAnswer(string userName, string password)
        {
            var response = await app.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            return $"{problem.RootElement.GetProperty("title")}|{problem.RootElement.GetProperty("detail")}";
        }

        var locked = await PageMessage(user.UserName, TestApp.Password);
        Assert.Equal(await PageMessage("no-such-clerk", TestApp.Password), locked);
        Assert.Equal(await PageMessage(user.UserName, "not-the-password"), locked);
        var lockedApi = await ApiAnswer(user.UserName, TestApp.Password);
        Assert.Equal(await ApiAnswer("no-such-clerk", TestApp.Password), lockedApi);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPasswordFiveTimes_LocksTheAccountAndEndsTheSession()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("guessed-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);
        var (browser, _) = await SessionRevocationTests.SignInAsync(app, user);

        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await PageRenderingTests.PostFormAsync(browser, "/Account/ChangePassword", new()
            {
                ["Input.CurrentPassword"] = $"guess-number-{i}-wrong",
                ["Input.NewPassword"] = "lantern-orbit-meadow-quill",
                ["Input.ConfirmPassword"] = "lantern-orbit-meadow-quill",
            });
        }

        Assert.Equal(HttpStatusCode.Redirect, last!.StatusCode);
        Assert.Equal("/Account/Login", last.Headers.Location?.OriginalString);
        await using var db = app.NewContext();
        Assert.True((await db.Users.SingleAsync(u => u.Id == user.Id, Ct)).LockoutEnd > DateTimeOffset.UtcNow);
        var after = await browser.GetAsync("/Account/ChangePassword", Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory]
    [InlineData("password1234", "Input.NewPassword")]
    [InlineData("qwerty123456", "Input.NewPassword")]
    [InlineData("the-rules-clerk-2026", "Input.NewPassword")]
    public async Task ChangePassword_CommonOrContainingTheUserName_Refused(string newPassword, string field)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("rules-clerk", "Synthetic NGO", twoFactor: false, Roles.Analyst);
        var (browser, _) = await SessionRevocationTests.SignInAsync(app, user);

        var response = await PageRenderingTests.PostFormAsync(browser, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = TestApp.Password,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        Assert.NotNull(page.QuerySelector($"#{field.Replace('.', '_')}-error"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password2024!")]
    [InlineData("!!monkey2024!!")]
    [InlineData("123456789012")]
    [InlineData("qwertyuiop12")]
    [InlineData("abcabcabcabc")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("passwordpassword")]
    [InlineData("ariadne2026!!")]
    [InlineData("0987654321098")]
    public void CommonPassword_Refused(string password) => Assert.True(CommonPasswordValidator.IsCommon(password), password);

    [Theory]
    [InlineData("correct-horse-battery-staple")]
    [InlineData("lantern-orbit-meadow-quill")]
    [InlineData("caseworker-demo-pass")]
    [InlineData("Xq7mK2pR9vLw3nT8")]
    public void UncommonPassword_Accepted(string password) => Assert.False(CommonPasswordValidator.IsCommon(password), password);

    [Fact]
    public async Task UsersAdd_Cli_CommonPassword_Exit2_NothingWritten()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, _, error) = await CliRunner.RunAsync("users", "add", "cli-clerk", "--role", "Analyst", "--organisation", "Synthetic Refused Office",
            "--password", "password1234", "--database", database.Options.ConnectionString);

        Assert.Equal(2, exit);
        Assert.StartsWith("ariadne: --password:", error.Trim(), StringComparison.Ordinal);
        await using var db = database.NewContext();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Synthetic Refused Office", Ct));
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "cli-clerk", Ct));
    }

    [Fact]
    public async Task CookieApiWrite_NeedsSameOriginProof_BearerDoesNot()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("origin-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, _) = await SessionRevocationTests.SignInAsync(app, user);
        var address = app.App.GetTestServer().BaseAddress;
        var site = $"{address.Scheme}://{address.Authority}";

        async Task<HttpResponseMessage> Post(HttpClient client, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(CaseApiTests.ValidInput(), options: Json) };
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }
            return await client.SendAsync(request, Ct);
        }

        var none = await Post(browser);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(browser, ("Origin", "https://attacker.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(browser, ("Sec-Fetch-Site", "cross-site"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(browser, ("Origin", "null"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(browser, ("Origin", site))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(browser, ("Origin", "null"), ("Sec-Fetch-Site", "same-origin"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(browser, ("Referer", site + "/Cases"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(await app.BearerClientAsync(user))).StatusCode);
    }
}
