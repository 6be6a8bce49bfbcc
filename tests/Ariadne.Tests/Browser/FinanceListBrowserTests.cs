using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The financial investigator maintains the rule lists in a real browser on the demo installation (JavaScript off), in
/// English and then German on one app: from the finance start page to the lists page (the demo's lists shown), an
/// ad-identifier list refused without a legal basis, then uploaded with one; the analysis run from the start page; the
/// R19 alert of the new list opened, explaining the list and its legal basis; the settings page reached, a change stored,
/// its changes from the version before shown and the version before used again; the new list retired with a reason.
/// </summary>
public sealed class FinanceListBrowserTests
{
    [Fact]
    public async Task Investigator_UploadsAnAdList_InEnglishAndGerman_RunsTheAnalysis_SeesTheR19Alert()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync();
        // Holders 100 and 900 of the demo export (seed 17) have their own phone "+99 555 1000100" / "+99 555 1000900" (in no shared group, not on the demo's ad list).
        foreach (var (culture, holder, legalBasis, saved) in new[] { ("en", 100, "Synthetic Police Act s. 20", "Stored: Browser ads en"), ("de", 900, "Synthetisches Polizeigesetz § 20", "Gespeichert: Browser ads de") })
        {
            var page = await session.SignInDemoUserAsync("demo-investigator", culture);
            await page.Locator("header nav a[href='/Finance']").ClickAsync();
            await page.Locator("main a[href='/Finance/Lists']").First.ClickAsync();
            await Assertions.Expect(page.Locator("#lists tbody tr")).Not.ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);

            var name = "Browser ads " + culture;
            var file = new FilePayload { Name = "ads.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes($"identifier\n0099 555 1000{holder}\n") };
            await page.Locator("#ListName").FillAsync(name);
            await page.Locator("#Kind").SelectOptionAsync("ad-identifiers");
            await page.Locator("#Source").FillAsync("Synthetic OSINT unit");
            await page.Locator("#ListFile").SetInputFilesAsync(file);
            await page.Locator("#list-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync(culture == "en" ? "legal basis" : "Rechtsgrundlage");
            await Assertions.Expect(page.Locator("#list-stored")).ToHaveCountAsync(0);

            await page.Locator("#ListName").FillAsync(name);
            await page.Locator("#Kind").SelectOptionAsync("ad-identifiers");
            await page.Locator("#Source").FillAsync("Synthetic OSINT unit");
            await page.Locator("#LegalBasis").FillAsync(legalBasis);
            await page.Locator("#ListFile").SetInputFilesAsync(file);
            await page.Locator("#list-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#list-stored")).ToContainTextAsync(saved);
            await Assertions.Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(1);

            await page.Locator("main a[href='/Finance']").First.ClickAsync();
            await page.Locator("#datasets form button[type=submit]").First.ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/Jobs/Status/", StringComparison.Ordinal), BrowserSession.Arrived);
            Assert.True(await session.App.RunJobsAsync() >= 1);

            Guid alert;
            await using (var db = session.App.NewContext())
            {
                alert = await db.Set<FinanceAlert>().Where(a => a.Rule == "R19" && a.ExplanationJson.Contains(name)).Select(a => a.Id).SingleAsync(ct);
            }
            await page.GotoAsync(new Uri(session.App.BaseAddress, "/Finance/Alerts?rule=R19").ToString());
            await Assertions.Expect(page.Locator($"#alerts tbody a[href='/Finance/Alert/{alert}']")).ToHaveCountAsync(1);
            await page.Locator($"#alerts tbody a[href='/Finance/Alert/{alert}']").ClickAsync();
            await Assertions.Expect(page.Locator("#explanation")).ToContainTextAsync($"'{name}' (version 1; source: Synthetic OSINT unit; legal basis: {legalBasis})");
            await Assertions.Expect(page.Locator("#explanation")).Not.ToContainTextAsync("1000" + holder);

            // The settings' history: a change stored, its changes from the version before shown, the version before used again.
            await page.GotoAsync(new Uri(session.App.BaseAddress, "/Finance/Lists").ToString());
            await page.Locator("main a[href='/Finance/Settings']").First.ClickAsync();
            await page.Locator("#Json").FillAsync("""{ "weights": { "R19": 0.6, "R17": 0.5 }, "flagThreshold": 0.55 }""");
            await page.Locator("#settings-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#settings-saved")).ToBeVisibleAsync();
            await page.Locator("#settings-versions tbody tr").First.Locator("a").ClickAsync();
            await Assertions.Expect(page.Locator("#settings-changes tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#settings-changes")).ToContainTextAsync("flagThreshold");
            await Assertions.Expect(page.Locator("#settings-changes")).ToContainTextAsync("0.55");
            await Assertions.Expect(page.Locator("#settings-restore")).ToHaveCountAsync(0);
            await page.Locator("#settings-versions tbody tr").Nth(1).Locator("a").ClickAsync();
            await Assertions.Expect(page.Locator("#settings-version-json")).ToContainTextAsync("\"flagThreshold\": 0.5 }");
            await page.Locator("#settings-restore button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#settings-saved")).ToContainTextAsync(culture == "en" ? "used again" : "erneut verwendet");
            await Assertions.Expect(page.Locator("#Json")).Not.ToContainTextAsync("0.55");

            // Retiring the list uploaded above: a reason given; shown as retired with when, by whom and why.
            var reason = culture == "en" ? "Legal basis ended (synthetic)" : "Rechtsgrundlage entfallen (synthetisch)";
            await page.Locator("main a[href='/Finance/Lists']").First.ClickAsync();
            await page.Locator("#lists tbody a", new() { HasText = name }).ClickAsync();
            await page.Locator("#RetireReason").FillAsync(reason);
            await page.Locator("#retire-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#list-retired")).ToContainTextAsync(name);
            await Assertions.Expect(page.Locator("#list-retirement")).ToContainTextAsync(reason);
            await Assertions.Expect(page.Locator("#list-retirement")).ToContainTextAsync("demo-investigator");
            await Assertions.Expect(page.Locator("#retire-form")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#lists tbody tr.retired")).Not.ToHaveCountAsync(0);
        }
    }
}
