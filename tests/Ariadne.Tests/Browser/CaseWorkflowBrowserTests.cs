using System.Text.RegularExpressions;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// A case worker's day in a real browser (Debian's Chromium driven by Playwright), JavaScript off, as some users run it:
/// sign in, switch to German, create a case, find it in the list, edit it, and meet a field-level error.
/// </summary>
public sealed partial class CaseWorkflowBrowserTests
{
    [Fact]
    public async Task CaseWorker_SignInGermanCreateFindEditAndFieldError()
    {
        var chromium = ChromiumPath();
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true);
        var worker = await app.AddUserAsync("browser-worker", "Synthetic NGO", Roles.CaseWorker);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            JavaScriptEnabled = false,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_UserName").FillAsync("browser-worker");
        await page.Locator("#Input_Password").FillAsync(TestApp.Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal), BrowserSession.Arrived);
        await page.Locator("#Code").FillAsync(app.TotpCode(worker.AuthenticatorKey!));
        await page.Locator("main button[type=submit]").ClickAsync();
        // Signed in, the case worker lands on the start page with the organisation's cases and deadlines.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("#start-caseworker")).ToBeVisibleAsync();

        await page.Locator("button[name=culture][value=de]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");

        await page.GotoAsync("/Cases/Create");
        await page.Locator("#Input_GivenName").FillAsync("Synthetic");
        await page.Locator("#Input_Sex").SelectOptionAsync("female");
        await page.Locator("#Input_IdentificationDate").FillAsync("2026-05-02");
        await page.Locator("#Input_TraffickingStatus").SelectOptionAsync("possible");
        await page.Locator("#Input_DetectingOrganisationType").SelectOptionAsync("ngo");
        await page.Locator("#Input_Citizenships").SelectOptionAsync(["NG"]);
        await page.Locator("#Input_CountryOfExploitation").SelectOptionAsync("DE");
        await page.Locator("input[name='Input.ExploitationForms'][value='sexual-exploitation']").CheckAsync();
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Cases/Details/", StringComparison.Ordinal), BrowserSession.Arrived);
        var caseCode = CaseCodePattern().Match(await page.Locator("h1").InnerTextAsync()).Value;
        Assert.NotEmpty(caseCode);

        await page.GotoAsync("/Cases");
        await page.Locator("#search").FillAsync(caseCode);
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        var row = page.Locator("table a", new PageLocatorOptions { HasText = caseCode });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.ClickAsync();

        await page.Locator("a[href^='/Cases/Edit/']").ClickAsync();
        await page.Locator("#Input_IdentificationDate").FillAsync("2099-01-01");
        await page.Locator("#Input_Narrative").FillAsync("Synthetic narrative typed before the error.");
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        var error = page.Locator("#Input_IdentificationDate-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("Zukunft");
        await Assertions.Expect(page.Locator("#Input_IdentificationDate")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Input_Narrative")).ToHaveValueAsync("Synthetic narrative typed before the error.");

        await page.Locator("#Input_IdentificationDate").FillAsync("2026-05-03");
        await page.Locator("main form button[type=submit].primary").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Cases/Details/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Synthetic narrative typed before the error.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("03.05.2026");
    }

    /// <summary>Debian's Chromium; see <see cref="BrowserSession.ChromiumPath"/>.</summary>
    internal static string ChromiumPath() => BrowserSession.ChromiumPath();

    [GeneratedRegex("C-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex CaseCodePattern();
}
