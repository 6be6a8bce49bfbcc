using System.Xml.Linq;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The financial investigator's day in a real browser on the demo installation, in English and German (JavaScript off):
/// from the start page to the analysed demo dataset, its alert queue, an open alert with its explanation and network
/// tables, assigned to themself, linked to a case of their unit, disposed as a true positive, filed as a goAML report (XML download), and the precision report
/// that counts it. Then the same alert with JavaScript on: the network tables become an interactive graph (the page's
/// own script files allowed for this response only).
/// </summary>
public sealed class FinanceBrowserTests
{
    [Theory]
    [InlineData("en", "true positive")]
    [InlineData("de", "richtig positiv")]
    public async Task Investigator_OpensTheQueue_AssignsLinksAndDisposesAnAlert_SeesThePrecisionReport_AndTheGraph(string culture, string truePositive)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartDemoAsync();
        string caseCode;
        await using (var db = session.App.NewContext())
        {
            // A case the demo already linked an alert to: one of the investigator's unit.
            var linked = await db.Set<FinanceAlertCase>().Select(l => l.CaseId).FirstAsync(ct);
            caseCode = await db.Cases.Where(c => c.Id == linked).Select(c => c.CaseCode).SingleAsync(ct);
        }
        var page = await session.SignInDemoUserAsync("demo-investigator", culture);

        await page.Locator("header nav a[href='/Finance']").ClickAsync();
        await Assertions.Expect(page.Locator("#datasets tbody tr")).Not.ToHaveCountAsync(0);
        await page.Locator("#datasets tbody a[href^='/Finance/Alerts']").First.ClickAsync();
        await page.Locator("#status").SelectOptionAsync("Open");
        await page.Locator("#alert-filter button[type=submit]").ClickAsync();
        await page.Locator("#alerts tbody a[href^='/Finance/Alert/']").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Finance/Alert/", StringComparison.Ordinal), BrowserSession.Arrived);
        var alertUrl = page.Url;

        // The alert explains itself and shows the network around it as tables of account ids.
        await Assertions.Expect(page.Locator("#explanation")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("figure[data-network-graph] table[data-nodes] tbody tr")).Not.ToHaveCountAsync(0);

        await page.Locator("#assign-me").ClickAsync();
        await Assertions.Expect(page.Locator("#alert-status")).ToContainTextAsync("demo-investigator");
        await page.Locator("#CaseCode").FillAsync(caseCode.ToLowerInvariant());
        await page.Locator("#link-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#linked-cases")).ToContainTextAsync(caseCode);
        await page.Locator("#Disposition").SelectOptionAsync("TruePositive");
        await page.Locator("#Note").FillAsync(culture == "de" ? "Bestätigt durch Kontoauszüge." : "Confirmed by the bank statements.");
        await page.Locator("#dispose-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#alert-disposition")).ToContainTextAsync(truePositive);

        // The disposed alert filed as a goAML report: the form's header, the XML as a download named by the alert's code.
        await page.Locator("#GoAml_RentityId").FillAsync("4711");
        await page.Locator("#GoAml_InstitutionName").FillAsync("Synthetic Bank AG");
        await page.Locator("#GoAml_Address").FillAsync("Musterstrasse 1");
        await page.Locator("#GoAml_City").FillAsync("Musterstadt");
        await page.Locator("#GoAml_CountryCode").FillAsync("DE");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#goaml-download").ClickAsync());
        Assert.Matches("^str-.+\\.xml$", download.SuggestedFilename);
        var goaml = XDocument.Load((await download.PathAsync())!);
        Assert.Equal(("STR", "4711"), (goaml.Root!.Element("report_code")?.Value, goaml.Root.Element("rentity_id")?.Value));
        Assert.NotEmpty(goaml.Root.Elements("transaction"));

        await page.GotoAsync(new Uri(session.App.BaseAddress, "/Finance/Report").ToString());
        await Assertions.Expect(page.Locator("#precision")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);

        // With JavaScript the same tables are drawn as a graph above them.
        var scripted = await session.SignInDemoUserAsync("demo-investigator", culture, javaScript: true);
        await scripted.GotoAsync(alertUrl);
        await scripted.Locator("figure .network-canvas canvas").First.WaitForAsync();
    }
}
