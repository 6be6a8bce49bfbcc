using System.Xml.Linq;
using Ariadne.Core.Audit;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// An R6 (shared identifiers) alert in a real browser on the demo installation (JavaScript off), in English and then
/// German on one app: the investigator finds it in the queue, reads its sealed disposition note (audited), opens the
/// holders' identifiers with their dates of birth (audited), and files it as a goAML activity report — the holders as
/// report parties, no transactions — after the page named what the profile misses.
/// </summary>
public sealed class SharedIdentifierBrowserTests
{
    [Fact]
    public async Task Investigator_FilesAnR6AlertAsGoAmlActivityReport_RevealsDatesOfBirth_NoteReadAudited_EnAndDe()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync();
        Guid alertId;
        int accounts;
        await using (var db = session.App.NewContext())
        {
            var alert = await db.Set<FinanceAlert>().AsNoTracking().Where(a => a.Rule == "R6" && a.SealedDispositionNote != null).SingleAsync(ct);
            (alertId, accounts) = (alert.Id, alert.AccountIndexes.Split(';').Length);
        }

        var page = await session.SignInDemoUserAsync("demo-investigator", "en");
        await FinanceBrowser.OpenAlertAsync(page, "R6", alertId);
        await Assertions.Expect(page.Locator("#alert-facts")).ToContainTextAsync("Three holders, one phone");
        await Assertions.Expect(page.Locator("#goaml-intro")).ToContainTextAsync("activity report");
        await Assertions.Expect(page.Locator("#GoAml_ReportCode")).ToHaveValueAsync("SAR");

        // The holders' identifiers, for a reason: every account's holder with a date of birth (the last column).
        await page.Locator("#Reason").FillAsync("Check of the shared phone (synthetic).");
        await page.Locator("#reveal-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#parties tbody tr")).ToHaveCountAsync(accounts);
        await Assertions.Expect(page.Locator("#parties thead th").Last).ToHaveTextAsync("Date of birth");
        await Assertions.Expect(page.Locator("#parties tbody tr td").Last).Not.ToBeEmptyAsync();

        var report = await DownloadAsync(page, "^sar-S\\d+\\.xml$");
        Assert.Equal("SAR", report.Element("report_code")?.Value);
        Assert.Empty(report.Elements("transaction"));
        var parties = report.Element("activity")!.Element("report_parties")!.Elements("report_party").ToList();
        Assert.Equal(accounts, parties.Count);
        Assert.All(parties, p =>
        {
            Assert.NotEmpty(p.Element("person")!.Element("last_name")!.Value);
            Assert.NotNull(p.Element("person")!.Element("birthdate"));
            Assert.Equal("5", p.Element("significance")?.Value);
        });
        Assert.Equal("R6", report.Element("report_indicators")?.Element("indicator")?.Value);

        // German: the same alert, the profile's problems named by element path when the header is left empty, then the report.
        var german = await session.SignInDemoUserAsync("demo-investigator", "de");
        await german.GotoAsync(new Uri(session.App.BaseAddress, $"/Finance/Alert/{alertId}").ToString());
        await Assertions.Expect(german.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(german.Locator("#goaml-intro")).ToContainTextAsync("Aktivitätsmeldung");
        await german.Locator("#goaml-download").ClickAsync();
        await Assertions.Expect(german.Locator(".error-summary, [role=alert]").First).ToContainTextAsync("report/rentity_id");
        var germanReport = await DownloadAsync(german, "^sar-S\\d+\\.xml$");
        Assert.Equal(accounts, germanReport.Descendants("report_party").Count());

        await using (var db = session.App.NewContext())
        {
            var audited = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == alertId.ToString()).ToListAsync(ct);
            // Each display of the alert page opened the note: audited without its text.
            Assert.Contains(audited, e => e.Action == AuditActions.FinanceNoteRead);
            Assert.DoesNotContain(audited, e => (e.Details ?? "").Contains("Three holders", StringComparison.Ordinal));
            // The reveal on the page and each report's opening of the identifiers — the refused German attempt too, as
            // the identifiers were opened before the profile refused it —, never a value.
            Assert.Equal(4, audited.Count(e => e.Action == AuditActions.FinancePartyReveal));
            Assert.DoesNotContain(audited, e => (e.Details ?? "").Contains("+99", StringComparison.Ordinal));
            Assert.Equal(2, audited.Count(e => e.Action == AuditActions.FinanceAlert && (e.Details ?? "").Contains("activity", StringComparison.Ordinal)));
        }
    }

    private static async Task<XElement> DownloadAsync(IPage page, string fileName)
    {
        await page.Locator("#GoAml_RentityId").FillAsync("4711");
        await page.Locator("#GoAml_InstitutionName").FillAsync("Synthetic Bank AG");
        await page.Locator("#GoAml_Address").FillAsync("Musterstrasse 1");
        await page.Locator("#GoAml_City").FillAsync("Musterstadt");
        await page.Locator("#GoAml_CountryCode").FillAsync("DE");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#goaml-download").ClickAsync());
        Assert.Matches(fileName, download.SuggestedFilename);
        return XDocument.Load((await download.PathAsync())!).Root!;
    }
}
