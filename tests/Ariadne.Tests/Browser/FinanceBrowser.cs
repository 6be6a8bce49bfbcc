using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>The investigator's ways through the finance pages, shared by the journeys that need them.</summary>
internal static class FinanceBrowser
{
    /// <summary>From any page: Finance in the header, the first dataset's alert queue filtered by <paramref name="rule"/>, the alert <paramref name="alertId"/>.</summary>
    public static async Task OpenAlertAsync(IPage page, string rule, Guid alertId)
    {
        await page.Locator("header nav a[href='/Finance']").ClickAsync();
        await page.Locator("#datasets tbody a[href^='/Finance/Alerts']").First.ClickAsync();
        await page.Locator("#rule").FillAsync(rule);
        await page.Locator("#alert-filter button[type=submit]").ClickAsync();
        await page.Locator($"#alerts tbody a[href='/Finance/Alert/{alertId}']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/Finance/Alert/{alertId}", StringComparison.Ordinal), BrowserSession.Arrived);
    }
}
