using Ariadne.Core.Audit;
using Ariadne.Core.DemoData;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The investigator finds a holder of an alert's account in the case registry, in a real browser on the demo installation
/// (JavaScript off), in English and then German on one app: the demo's R6 alert whose holder bears the name and date of
/// birth of a police case's person (<see cref="DemoFinanceSeeder.RegistryMatchAccount"/>), searched for a reason, the
/// match named by case code and "name and date of birth", linked with its button; each search audited without a value.
/// </summary>
public sealed class FinanceRegistryBrowserTests
{
    [Fact]
    public async Task Investigator_FindsTheDemoHolderInTheCaseRegistry_LinksTheCase_EnAndDe()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync();
        Guid alertId;
        await using (var db = session.App.NewContext())
        {
            var index = await db.Set<FinanceAccount>().Where(a => a.ExternalId == DemoFinanceSeeder.RegistryMatchAccount).Select(a => a.Index).SingleAsync(ct);
            var r6 = await db.Set<FinanceAlert>().AsNoTracking().Where(a => a.Rule == "R6").ToListAsync(ct);
            alertId = r6.Single(a => a.AccountIndexes.Split(';').Contains(index.ToString(System.Globalization.CultureInfo.InvariantCulture))).Id;
        }

        var page = await session.SignInDemoUserAsync("demo-investigator", "en");
        await FinanceBrowser.OpenAlertAsync(page, "R6", alertId);
        var alertUrl = page.Url;

        await Assertions.Expect(page.Locator("#registry-title")).ToHaveTextAsync("Find the holders in the case registry");
        await page.Locator("#RegistryReason").FillAsync("Is a holder a known victim? (synthetic)");
        await page.Locator("#registry-search").ClickAsync();
        var match = page.Locator("#registry-matches tbody tr", new() { HasText = DemoFinanceSeeder.RegistryMatchAccount });
        await Assertions.Expect(match).ToContainTextAsync("name and date of birth");
        var caseCode = (await match.Locator("td").First.InnerTextAsync()).Trim();
        Assert.Matches("^C-", caseCode);
        await Assertions.Expect(page.Locator("#linked-cases")).Not.ToContainTextAsync(caseCode);
        await match.GetByRole(AriaRole.Button, new() { Name = "Link to this case" }).ClickAsync();
        await Assertions.Expect(page.Locator("#linked-cases")).ToContainTextAsync(caseCode);

        // In German the same search names the match and shows it linked.
        var german = await session.SignInDemoUserAsync("demo-investigator", "de");
        await german.GotoAsync(alertUrl);
        await Assertions.Expect(german.Locator("#registry-title")).ToHaveTextAsync("Kontoinhaber im Fallregister suchen");
        await german.Locator("#RegistryReason").FillAsync("Ist ein Kontoinhaber ein bekanntes Opfer? (synthetisch)");
        await german.Locator("#registry-search").ClickAsync();
        var row = german.Locator("#registry-matches tbody tr", new() { HasText = caseCode });
        await Assertions.Expect(row).ToContainTextAsync("Name und Geburtsdatum");
        await Assertions.Expect(row).ToContainTextAsync("Verknüpft");
        await Assertions.Expect(german.Locator("html")).ToHaveAttributeAsync("lang", "de");

        await using (var db = session.App.NewContext())
        {
            var searches = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.FinanceRegistrySearch && e.SubjectId == alertId.ToString()).ToListAsync(ct);
            Assert.Equal(2, searches.Count);
            Assert.All(searches, s => Assert.DoesNotContain(caseCode, s.Details ?? "", StringComparison.Ordinal));
        }
    }
}
