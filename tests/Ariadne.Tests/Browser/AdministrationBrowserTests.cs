using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The administrator's, auditor's, analyst's and coordinator's day in a real browser (Chromium, JavaScript off), in
/// English and German: the administrator adds a case worker who then signs in for the first time (password change and
/// authenticator set-up, as the product requires) and lands on the start page; the auditor verifies the log and exports
/// it; every demo user (one per role) lands on the start page of the role and opens every page of the navigation and every
/// link of the start page without an "access denied", a "not found" or an error.
/// </summary>
public sealed class AdministrationBrowserTests
{
    private static IReadOnlyDictionary<string, string?> ManySignIns => BrowserSession.ManySignIns;

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task Administrator_AddsAUser_WhoSignsInChangesPasswordSetsUpTwoFactor_AndLandsOnTheStartPage(string culture)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true, settings: ManySignIns);
        await app.AddUserAsync("browser-admin", "Administration Office", twoFactor: false, Roles.Administrator);
        await app.AddUserAsync("browser-colleague", "Shelter North", twoFactor: false, Roles.CaseWorker);
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;

        await BrowserSession.SignInAsync(page, "browser-admin", TestApp.Password);
        await BrowserSession.SwitchCultureAsync(page, culture);
        await Assertions.Expect(page.Locator("#start-administrator")).ToBeVisibleAsync();
        await page.Locator("header nav a[href='/Admin/Users']").ClickAsync();
        await page.Locator("main a[href='/Admin/Users/Create']").ClickAsync();
        await page.Locator("#Input_UserName").FillAsync("browser-newcomer");
        await page.Locator("#Input_OrganisationId").SelectOptionAsync(new SelectOptionValue { Label = "Shelter North" });
        await page.Locator($"input[name='Input.Roles'][value='{Roles.CaseWorker}']").CheckAsync();
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        var oneTimePassword = (await page.Locator("code.secret").InnerTextAsync()).Trim();
        Assert.Equal(20, oneTimePassword.Length);
        await page.Locator("form.sign-out button[type=submit]").ClickAsync();

        await BrowserSession.SignInAsync(page, "browser-newcomer", oneTimePassword);
        await page.WaitForURLAsync(url => url.Contains("/Account/ChangePassword", StringComparison.Ordinal), BrowserSession.Arrived);
        await page.Locator("#Input_CurrentPassword").FillAsync(oneTimePassword);
        await page.Locator("#Input_NewPassword").FillAsync("violet lantern across quiet harbours");
        await page.Locator("#Input_ConfirmPassword").FillAsync("violet lantern across quiet harbours");
        await page.Locator("main button[type=submit].primary").ClickAsync();
        // A case worker must set up an authenticator app before any page opens.
        await page.WaitForURLAsync(url => url.Contains("/Account/TwoFactor", StringComparison.Ordinal), BrowserSession.Arrived);
        var key = await page.Locator("#shared-key").InnerTextAsync();
        await page.Locator("#Code").Last.FillAsync(app.TotpCode(key));
        await page.Locator("main form button[type=submit]").Last.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("#start-caseworker")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task Auditor_VerifiesTheLog_AndExportsIt(string culture)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true, settings: ManySignIns);
        await app.AddUserAsync("browser-auditor", "Oversight Office", twoFactor: false, Roles.Auditor);
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;

        await BrowserSession.SignInAsync(page, "browser-auditor", TestApp.Password);
        await BrowserSession.SwitchCultureAsync(page, culture);
        // The start section is labelled by its heading (#start-auditor); the verify form is in the section, not in the heading.
        var start = page.Locator("section[aria-labelledby=start-auditor]");
        await Assertions.Expect(start).ToBeVisibleAsync();
        await start.Locator("form.verify-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Audit", BrowserSession.Arrived);
        await Assertions.Expect(page.Locator(".verify-intact")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".verify-intact")).ToContainTextAsync(culture == "de" ? "unversehrt" : "intact");

        await page.Locator("#action").SelectOptionAsync("sign-in");
        await page.Locator("form.filter-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("table.audit tbody")).ToContainTextAsync("browser-auditor");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[download]").ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!, TestContext.Current.CancellationToken);
        Assert.StartsWith("sequence,atUtc,actor", csv, StringComparison.Ordinal);
        Assert.Contains("browser-auditor", csv, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every role of the demo installation (<c>serve --demo</c>): the demo user lands on the role's start page, and every
    /// link in the navigation and on the start page opens for that user, there and not redirected (to the sign-in or
    /// "access denied" page), with 200 and a page heading.
    /// </summary>
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task EveryDemoUser_LandsOnTheStartPageOfTheRole_EveryNavigationAndStartPageLinkOpens(string culture)
    {
        await using var session = await BrowserSession.StartDemoAsync();
        var startSections = new Dictionary<string, string>
        {
            [Roles.CaseWorker] = "start-caseworker",
            [Roles.Coordinator] = "start-coordinator",
            [Roles.Analyst] = "start-analyst",
            [Roles.Auditor] = "start-auditor",
            [Roles.Administrator] = "start-administrator",
            [Roles.CompetentAuthority] = "start-authority",
            [Roles.SupportProvider] = "start-provider",
            [Roles.FinancialInvestigator] = "start-investigator",
        };
        Assert.Equal(Roles.All.Order(), startSections.Keys.Order());
        Assert.Equal(Roles.All.Order(), DemoOrganisations.Users.Select(u => u.Role).Order());

        foreach (var user in DemoOrganisations.Users)
        {
            var page = await session.SignInDemoUserAsync(user.UserName, culture);
            await Assertions.Expect(page.Locator($"#{startSections[user.Role]}")).ToBeVisibleAsync();
            var links = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var link in await page.Locator("header nav a[href^='/'], main a[href^='/']:not([download])").AllAsync())
            {
                links.Add((await link.GetAttributeAsync("href"))!);
            }
            Assert.True(links.Count >= 2, $"{user.Role}: only {links.Count} links");
            foreach (var href in links)
            {
                IResponse? response;
                try
                {
                    response = await page.GotoAsync(href);
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{user.Role} ({culture}): {href} did not load", e);
                }
                Assert.True(response is { Status: 200 }, $"{user.Role} ({culture}): {href} answered {response?.Status}");
                // The API reference adds a trailing slash; any other redirect is a refusal or a wrong link.
                var expected = new Uri(new Uri("http://host"), href).AbsolutePath.TrimEnd('/');
                Assert.True(new Uri(page.Url).AbsolutePath.TrimEnd('/') == expected, $"{user.Role} ({culture}): {href} went to {page.Url}");
                if (!href.StartsWith("/api/", StringComparison.Ordinal))
                {
                    await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
                    await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
                }
            }
            await page.Context.CloseAsync();
        }
    }
}
