using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The disclosure floor in a real browser, JavaScript off: the administrator raises the minimum suppression threshold
/// on the settings page (English, then a refused value in German), and an analyst asking for less is refused beside
/// the field and shown the budget.
/// </summary>
public sealed class StatisticsSettingsBrowserTests
{
    [Fact]
    public async Task Administrator_SetsTheFloor_AnalystBelowItRefused_InEnglishAndGerman()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true);
        var admin = await app.AddUserAsync("browser-admin", "Synthetic Ministry", Roles.Administrator);
        var analyst = await app.AddUserAsync("browser-analyst", "Synthetic Statistics Office", Roles.Analyst);
        await using var session = await BrowserSession.StartAsync(app);

        var page = session.Page;
        await BrowserSession.SignInAsync(page, "browser-admin", TestApp.Password, admin.AuthenticatorKey);
        await page.GotoAsync("/Statistics/Settings");
        await page.Locator("#MinimumThreshold").FillAsync("7");
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page.Locator("#MinimumThreshold")).ToHaveValueAsync("7");
        await page.Locator("button[name=culture][value=de]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await page.GotoAsync("/Statistics/Settings");
        await page.Locator("#MinimumThreshold").FillAsync("viele");
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page.Locator("#MinimumThreshold-error")).ToBeVisibleAsync();

        var analystPage = await session.NewPageAsync();
        await BrowserSession.SignInAsync(analystPage, "browser-analyst", TestApp.Password, analyst.AuthenticatorKey);
        await analystPage.GotoAsync("/Statistics?dimensions=sex&threshold=3");
        await Assertions.Expect(analystPage.Locator("#threshold-error")).ToContainTextAsync("7");
        await analystPage.Locator("button[name=culture][value=de]").ClickAsync();
        await Assertions.Expect(analystPage.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await analystPage.GotoAsync("/Statistics?dimensions=sex&threshold=3");
        await Assertions.Expect(analystPage.Locator("#threshold-error")).ToContainTextAsync("7");
    }
}
