using System.Net;
using AngleSharp.Html.Parser;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Account;

/// <summary>
/// The second factor cannot be copied (security issue #12, finding 4): the authenticator key is shown only while
/// enrolling, is sealed at rest, and a new one needs the password and the current code; recovery codes are hashed.
/// </summary>
public sealed class SecondFactorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterEnrolment_PageShowsNoKey_NewKeyOnlyWithPasswordAndCode()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("key-worker", "Synthetic NGO", Roles.CaseWorker);
        var (browser, _) = await SessionRevocationTests.SignInAsync(app, user);

        var html = await browser.GetStringAsync("/Account/TwoFactor", Ct);
        var page = new HtmlParser().ParseDocument(html);
        Assert.Null(page.QuerySelector("#shared-key"));
        Assert.Null(page.QuerySelector("#authenticator-uri"));
        Assert.DoesNotContain(user.AuthenticatorKey!, html.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        var withoutPassword = await PageRenderingTests.PostFormAsync(browser, "/Account/TwoFactor?handler=Reset", new() { ["Code"] = app.TotpCode(user.AuthenticatorKey!) });
        Assert.Equal(HttpStatusCode.OK, withoutPassword.StatusCode);
        var wrongPassword = await PageRenderingTests.PostFormAsync(browser, "/Account/TwoFactor?handler=Reset",
            new() { ["Password"] = "not-the-password", ["Code"] = app.TotpCode(user.AuthenticatorKey!) });
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var withoutCode = await PageRenderingTests.PostFormAsync(browser, "/Account/TwoFactor?handler=Reset", new() { ["Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.OK, withoutCode.StatusCode);
        Assert.Equal(user.AuthenticatorKey, await KeyAsync(app, user));
        Assert.Null(new HtmlParser().ParseDocument(await wrongPassword.Content.ReadAsStringAsync(Ct)).QuerySelector("#shared-key"));

        var reset = await PageRenderingTests.PostFormAsync(browser, "/Account/TwoFactor?handler=Reset",
            new() { ["Password"] = TestApp.Password, ["Code"] = app.TotpCode(user.AuthenticatorKey!) });

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var newKey = await KeyAsync(app, user);
        Assert.NotEqual(user.AuthenticatorKey, newKey);
        var enrolment = new HtmlParser().ParseDocument(await browser.GetStringAsync("/Account/TwoFactor", Ct));
        Assert.Equal(newKey!.ToLowerInvariant(), enrolment.QuerySelector("#shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AuthenticatorKeyAndRecoveryCodes_NotStoredInTheClear_CodeRedeemsOnce(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("sealed-worker", "Synthetic NGO", Roles.CaseWorker);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(stored, 10))!.ToList();

        await using (var db = app.NewContext())
        {
            var raw = string.Join("\n", await db.UserTokens.Where(t => t.UserId == user.Id).Select(t => t.Value).ToListAsync(Ct));
            Assert.DoesNotContain(user.AuthenticatorKey!, raw, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(SealedUserStore.SealedPrefix, raw, StringComparison.Ordinal);
            Assert.All(codes, code => Assert.DoesNotContain(code, raw, StringComparison.OrdinalIgnoreCase));
        }
        Assert.Equal(user.AuthenticatorKey, await users.GetAuthenticatorKeyAsync(stored));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(stored, codes[3])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(stored, codes[3])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(stored, "not-a-code")).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(stored));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(stored, codes[4])).Succeeded);
    }

    private static async Task<string?> KeyAsync(TestApp app, TestApp.TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id.ToString()))!);
    }
}
