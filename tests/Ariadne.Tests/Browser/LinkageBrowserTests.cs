using Ariadne.Core.Data;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Users;
using Ariadne.Tests.Duplicates;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Issue 16 in a real browser (JavaScript off), in English and German: a coordinator starts the duplicate search, follows
/// the background job on its page (the test runs the job with the node's runner, no timer), opens the review list,
/// accepts one pair, rejects another, and un-merges the accepted one. The registry is built by the test (synthetic
/// persons, two of them recorded twice).
/// </summary>
public sealed class LinkageBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Duplicate search", "Same person (merged)", "Not the same person")]
    [InlineData("de", "Dublettensuche", "Dieselbe Person (zusammengeführt)", "Nicht dieselbe Person")]
    public async Task Coordinator_DuplicateSearchAsJob_ReviewAcceptRejectUnmerge(string culture, string kind, string accepted, string rejected)
    {
        var settings = new Dictionary<string, string?>(BrowserSession.ManySignIns) { ["Security:RequireTwoFactor"] = "false" };
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true, settings: settings);
        var coordinator = await app.AddUserAsync("browser-coordinator", "NGO A", twoFactor: false, Roles.Coordinator);
        await DuplicateServiceTests.RegistryAsync(app, coordinator.OrganisationId, 40, 4, 17);
        await using var session = await BrowserSession.StartAsync(app);
        var page = session.Page;
        await BrowserSession.SignInAsync(page, coordinator.UserName, TestApp.Password);
        await BrowserSession.SwitchCultureAsync(page, culture);

        await page.GotoAsync("/Duplicates");
        await page.Locator("#OrganisationId").SelectOptionAsync(coordinator.OrganisationId.ToString());
        await page.Locator("#run-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Jobs/Status/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(kind);
        await Assertions.Expect(page.Locator("progress#job-progress")).ToBeVisibleAsync();
        Assert.Equal(1, await app.RunJobsAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#job-summary")).ToContainTextAsync(culture == "de" ? "Personen verglichen" : "persons compared");
        await page.Locator("main a[href='/Duplicates']").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/Duplicates", StringComparison.Ordinal), BrowserSession.Arrived);
        var links = page.Locator("table#pairs tbody a");
        await Assertions.Expect(links.Nth(1)).ToBeAttachedAsync(); // the review list holds at least two pairs

        // Accept the first pair: the two persons are one.
        await links.First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Duplicates/Pair/", StringComparison.Ordinal), BrowserSession.Arrived);
        var acceptedPair = page.Url;
        await page.Locator("#accept-form button[type=submit]").ClickAsync();
        await page.GotoAsync(acceptedPair);
        await Assertions.Expect(page.Locator("#pair-status")).ToHaveTextAsync(accepted);

        // Reject the next pending one.
        await page.GotoAsync("/Duplicates");
        await page.Locator("table#pairs tbody a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Duplicates/Pair/", StringComparison.Ordinal) && url != acceptedPair, BrowserSession.Arrived);
        var rejectedPair = page.Url;
        await page.Locator("#reject-form button[type=submit]").ClickAsync();
        await page.GotoAsync(rejectedPair);
        await Assertions.Expect(page.Locator("#pair-status")).ToHaveTextAsync(rejected);

        // Un-merge the accepted pair: every person gets its previous key back.
        await page.GotoAsync(acceptedPair);
        await page.Locator("#unmerge-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Duplicates/Pair/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await using var db = app.NewContext();
        Assert.False(await db.Persons.AnyAsync(p => p.ClusterKey != null, Ct));
        Assert.Equal(1, await db.Set<DuplicatePair>().CountAsync(p => p.Status == DuplicatePairStatus.Rejected, Ct));
        Assert.Equal(1, await db.Set<PersonMerge>().CountAsync(m => m.UndoneAtUtc != null, Ct));
    }
}
