using Ariadne.Core.Cases;
using Ariadne.Core.DemoData;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The asset ledger in a real browser on the demo installation (JavaScript off): the financial investigator (in English)
/// goes from the true-positive alert to "record as asset" of its linked case, records the prefilled bank account and
/// steps it to frozen, then seized; a competent authority the case is shared with (in German) reads the ledger.
/// </summary>
public sealed class AssetLedgerBrowserTests
{
    [Fact]
    public async Task Investigator_RecordsAnAssetFromTheAlert_StepsItFrozenThenSeized_AuthorityReadsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync();
        Guid alertId, caseId;
        string caseCode;
        await using (var db = session.App.NewContext())
        {
            var link = await db.Set<FinanceAlertCase>().FirstAsync(ct);
            (alertId, caseId) = (link.AlertId, link.CaseId);
            caseCode = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseCode).SingleAsync(ct);
            // The case shared with the competent authority, as a referral into the mechanism would.
            var authority = await db.Organisations.Where(o => o.Name == DemoOrganisations.CompetentAuthority.Name).Select(o => o.Id).SingleAsync(ct);
            db.Add(new CaseShare { SourceId = Guid.NewGuid(), CaseId = caseId, OrganisationId = authority });
            await db.SaveChangesAsync(ct);
        }

        var page = await session.SignInDemoUserAsync("demo-investigator", "en");
        await page.GotoAsync(new Uri(session.App.BaseAddress, $"/Finance/Alert/{alertId}").ToString());
        await page.Locator("#asset-links a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/Cases/Assets/{caseId}", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(caseCode);
        // The demo's own entries, and the form prefilled from the alert.
        await Assertions.Expect(page.Locator(".asset-entry")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#asset-from-alert")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Kind")).ToHaveValueAsync("BankAccount");
        await Assertions.Expect(page.Locator("#HolderReference")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Account "));
        // The alert (R6, shared identifiers) names no transactions: no value is made up, the investigator enters one, with a hint.
        await Assertions.Expect(page.Locator("#EstimatedValue")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#EstimatedValue-hint")).ToBeVisibleAsync();
        await page.Locator("#EstimatedValue").FillAsync("2500");
        await page.Locator("#Description").FillAsync("Second account of the recruiter (synthetic).");
        await page.Locator("#Currency").FillAsync("EUR");
        await page.Locator("#Authority").FillAsync("Police financial investigation unit");
        await page.Locator("form[action*='handler=Add'] button[type=submit]").ClickAsync();
        var entry = page.Locator(".asset-entry").Last;
        await Assertions.Expect(page.Locator(".asset-entry")).ToHaveCountAsync(4);
        await Assertions.Expect(entry.Locator(".asset-status")).ToHaveTextAsync("Identified");

        await entry.Locator("select[name='Step.Status']").SelectOptionAsync("Frozen");
        await entry.Locator("input[name='Step.Authority']").FillAsync("Public prosecutor");
        await entry.Locator("form.asset-step button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.True(await page.Locator(".asset-entry").CountAsync() == 4, page.Url + " " + (await page.Locator("main").InnerTextAsync()));
        await Assertions.Expect(page.Locator(".asset-entry").Last.Locator(".asset-status")).ToHaveTextAsync("Frozen");
        entry = page.Locator(".asset-entry").Last;
        // A step the rules refuse is not offered; one without authority is refused naming the field.
        await Assertions.Expect(entry.Locator("select[name='Step.Status'] option[value='Identified']")).ToHaveCountAsync(0);
        await entry.Locator("select[name='Step.Status']").SelectOptionAsync("Seized");
        await entry.Locator("form.asset-step button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".asset-entry").Last.Locator(".field-error")).ToContainTextAsync("Authority");
        entry = page.Locator(".asset-entry").Last;
        await entry.Locator("input[name='Step.Authority']").FillAsync("District court");
        await entry.Locator("form.asset-step button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".asset-entry").Last.Locator(".asset-status")).ToHaveTextAsync("Seized");
        await Assertions.Expect(page.Locator(".asset-entry").Last.Locator(".asset-history tbody tr")).ToHaveCountAsync(3);

        var authorityPage = await session.SignInDemoUserAsync("demo-authority", "de");
        await authorityPage.GotoAsync(new Uri(session.App.BaseAddress, $"/Cases/Assets/{caseId}").ToString());
        await Assertions.Expect(authorityPage.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(authorityPage.Locator("h1")).ToContainTextAsync("Vermögenswerte");
        await Assertions.Expect(authorityPage.Locator("#asset-totals")).ToContainTextAsync("Beschlagnahmt");
        await Assertions.Expect(authorityPage.Locator(".asset-entry")).ToHaveCountAsync(4);
        await Assertions.Expect(authorityPage.Locator(".asset-entry").Last.Locator(".asset-description")).ToHaveTextAsync("Second account of the recruiter (synthetic).");
    }
}
