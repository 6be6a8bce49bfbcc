using Ariadne.Core.DemoData;
using Ariadne.Tests.Finance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Deleting a dataset in a real browser on the demo installation (JavaScript off): the financial investigator opens
/// "Delete" from the dataset list, sees what will go (the linked case among it), is asked for the reason, and deletes;
/// once in German, once in English, each on a small dataset the test seeds (the demo's own dataset stays for the others).
/// </summary>
public sealed class FinanceDatasetDeleteBrowserTests
{
    [Fact]
    public async Task Investigator_DeletesADataset_AfterTheConfirmation_InGermanAndEnglish()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync(cases: 10);
        Guid organisation, caseId;
        string caseCode;
        await using (var db = session.App.NewContext())
        {
            organisation = await db.Users.Where(u => u.UserName == DemoFinanceSeeder.Investigator).Select(u => u.OrganisationId).SingleAsync(ct);
            (caseId, caseCode) = await db.Cases.Where(c => c.OrganisationId == organisation).OrderBy(c => c.CaseCode).Select(c => ValueTuple.Create(c.Id, c.CaseCode)).FirstAsync(ct);
        }

        foreach (var (culture, heading, reasonError, done) in new[]
        {
            ("de", "löschen", "warum der Datensatz gelöscht wird", "wurde gelöscht"),
            ("en", "Delete dataset", "why the dataset is deleted", "was deleted"),
        })
        {
            var (dataset, _) = await FinanceDatasetDeleteTests.SeedAsync(session.App, organisation, caseId, ct);
            var page = await session.SignInDemoUserAsync(DemoFinanceSeeder.Investigator, culture);
            await page.GotoAsync(new Uri(session.App.BaseAddress, "/Finance").ToString());
            await page.Locator($"#datasets a[href='/Finance/Delete/{dataset}']").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains($"/Finance/Delete/{dataset}", StringComparison.Ordinal), BrowserSession.Arrived);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(heading);
            await Assertions.Expect(page.Locator("#linked-cases")).ToContainTextAsync(caseCode);
            await Assertions.Expect(page.Locator("#ledger")).ToContainTextAsync("1");

            // No reason: refused, naming the field; nothing deleted.
            await page.Locator("form button[type=submit].primary").ClickAsync();
            await Assertions.Expect(page.Locator("#DeleteReason-error")).ToContainTextAsync(reasonError);
            await page.Locator("#DeleteReason").FillAsync("Wrong file uploaded");
            await page.Locator("form button[type=submit].primary").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/Finance", StringComparison.Ordinal), BrowserSession.Arrived);
            await Assertions.Expect(page.Locator(".status-message")).ToContainTextAsync(done);
            await Assertions.Expect(page.Locator($"#datasets a[href='/Finance/Delete/{dataset}']")).ToHaveCountAsync(0);
            // The demo's own dataset is still there.
            await Assertions.Expect(page.Locator("#datasets tbody tr")).ToHaveCountAsync(1);
        }
    }
}
