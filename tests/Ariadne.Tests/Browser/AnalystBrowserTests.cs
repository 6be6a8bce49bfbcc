using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The analyst's day in a real browser (JavaScript off) on the demo installation, in English and German: from the start
/// page to a two-dimension table (citizenship by sex) with its totals and its suppressed small cells marked, the map, the
/// release downloaded as CSV, and a country profile from the demo's GLOTIP figures.
/// </summary>
public sealed class AnalystBrowserTests
{
    [Theory]
    [InlineData("en", "Total")]
    [InlineData("de", "Gesamt")]
    public async Task Analyst_StartPage_TwoDimensionTableWithTotalsAndSuppression_Map_Download_CountryProfile(string culture, string total)
    {
        await using var session = await BrowserSession.StartDemoAsync();
        var page = await session.SignInDemoUserAsync("demo-analyst", culture);
        await Assertions.Expect(page.Locator("#start-analyst")).ToBeVisibleAsync();
        await page.Locator("section[aria-labelledby=start-analyst] a[href='/Statistics']").ClickAsync();

        await page.Locator("#dimensions").SelectOptionAsync("citizenship");
        await page.Locator("#dimensions-2").SelectOptionAsync("sex");
        await page.Locator("main form:has(#dimensions) button[type=submit]").First.ClickAsync();
        var table = page.Locator("table.statistics.cross").First;
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync(total);
        // 80 cases over citizenship × sex: small cells are suppressed and shown as such, never as a number.
        Assert.True(await table.Locator("td.s").CountAsync() > 0, "no suppressed cell marked");
        // The citizenships take more than a page of rows: the pager's last link shows the same release's last rows,
        // which end with the total.
        await page.Locator("nav.pager a").Last.ClickAsync();
        await Assertions.Expect(page.Locator("nav.pager li.pager-status")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.statistics.cross").First.Locator("tbody")).ToContainTextAsync(total);
        await Assertions.Expect(page.Locator("figure.map svg")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("ul.downloads a").First.ClickAsync());
        var released = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains("citizenship", released, StringComparison.OrdinalIgnoreCase);

        await page.Locator("header nav a[href='/Statistics']").ClickAsync();
        await page.Locator("form[action='/Statistics/Country'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Statistics/Country", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main table").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }
}
