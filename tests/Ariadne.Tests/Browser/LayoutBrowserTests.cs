using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>One demo installation and one browser for the whole class (CI time): the layout checks only read pages.</summary>
public sealed class LayoutBrowserFixture : IAsyncLifetime
{
    internal BrowserSession Session { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Session = await BrowserSession.StartDemoAsync();

    public async ValueTask DisposeAsync() => await Session.DisposeAsync();
}

/// <summary>
/// The layout on a common office laptop screen (1366×768), JavaScript off, in English and German (the longer labels):
/// every demo role's widest pages fit the window without a horizontal scroll bar of the page (wide tables scroll inside
/// their own frame), and the header navigation takes at most two lines.
/// </summary>
public sealed class LayoutBrowserTests(LayoutBrowserFixture fixture) : IClassFixture<LayoutBrowserFixture>
{
    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };

    /// <summary>Each demo role and its widest pages.</summary>
    private static readonly (string User, string[] Paths)[] Pages =
    [
        ("demo-caseworker", ["/Cases", "/Cases/MyTasks", "/Referral/Dashboard", "/Referral/Incoming"]),
        ("demo-coordinator", ["/Cases", "/Referral/Dashboard", "/Statistics?dimensions=citizenship&dimensions=sex", "/Duplicates", "/Linkage", "/Linkage/Encode", "/Linkage/Import", "/Linkage/Estimate", "/Jobs", "/FollowUp", "/FollowUp/Reports", "/FollowUp/Feedback"]),
        ("demo-analyst", ["/Statistics?dimensions=citizenship&dimensions=sex", "/Referral/Statistics", "/Linkage", "/Linkage/Match"]),
        ("demo-auditor", ["/Audit"]),
        ("demo-administrator", ["/Admin/Users", "/Admin/Organisations", "/Referral/Partners"]),
        ("demo-authority", ["/Referral/Decisions"]),
        ("demo-provider", ["/Referral/Incoming"]),
        ("demo-investigator", ["/Finance", "/Finance/Alerts", "/Finance/Report"]),
    ];

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task EveryRole_WidestPages_NoHorizontalOverflow_NavigationOnAtMostTwoLines(string culture)
    {
        var failures = new List<string>();
        foreach (var (user, paths) in Pages)
        {
            var page = await fixture.Session.SignInDemoUserAsync(user, culture, Laptop);
            try
            {
                foreach (var path in paths)
                {
                    var response = await page.GotoAsync(path);
                    if (response is not { Ok: true })
                    {
                        failures.Add($"{user} {path}: answered {response?.Status}");
                        continue;
                    }
                    var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
                    if (widths[0] > widths[1])
                    {
                        failures.Add($"{user} {path}: page {widths[0]} px wide in a {widths[1]} px window");
                    }
                    var lines = await NavigationLinesAsync(page);
                    if (lines > 2)
                    {
                        failures.Add($"{user} {path}: navigation on {lines} lines");
                    }
                }
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The number of distinct lines the header navigation's items sit on (by their top edge).</summary>
    private static async Task<int> NavigationLinesAsync(IPage page)
    {
        var tops = new HashSet<int>();
        foreach (var item in await page.Locator("header nav li").AllAsync())
        {
            if (await item.BoundingBoxAsync() is { } box)
            {
                tops.Add((int)Math.Round(box.Y));
            }
        }
        return tops.Count;
    }
}
