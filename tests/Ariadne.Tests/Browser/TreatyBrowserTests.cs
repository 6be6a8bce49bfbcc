using Ariadne.Core.FollowUp;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Treaty status and the official text of 76/7 in a real browser (JavaScript off), on the demo data, in English and
/// German: the coordinator finds the demo's tables (marked as demo data), uploads a saved UNTC status page (the
/// hand-made fixture, synthetic dates), sees it on <c>/FollowUp/Treaties</c> and on a country profile, is told every
/// unknown country of a bad page, and loads the placeholder text of 76/7 on the declaration's page; the analyst reads
/// all of it and is offered no upload.
/// </summary>
public sealed class TreatyBrowserTests
{
    [Theory]
    [InlineData("en", "Treaty status", "accession", "demo data, not the treaty record", "2032-03-14")]
    [InlineData("de", "Vertragsstatus", "Beitritt", "Demodaten, nicht der Vertragsstatus", "14.03.2032")]
    public async Task Coordinator_ImportsASavedUntcPage_SeesItOnTheListAndTheCountryProfile_LoadsTheText_AnalystReads(string culture, string title, string accession,
        string demo, string consentDate)
    {
        await using var session = await BrowserSession.StartDemoAsync(cases: 10);
        var coordinator = await session.SignInDemoUserAsync("demo-coordinator", culture);
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("#treaties-link").ClickAsync();
        await Assertions.Expect(coordinator.Locator("main h1")).ToHaveTextAsync(title);
        await Assertions.Expect(coordinator.Locator("#treaty-sources")).ToContainTextAsync(demo);

        // A page with unknown countries is refused naming each of them.
        var bad = Path.Combine(Path.GetTempPath(), $"ariadne-untc-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(TestData.Path("follow-up", "untc-status-synthetic.html"), TestContext.Current.CancellationToken))
            .Replace("Monaco", "Ruritania", StringComparison.Ordinal).Replace("Serbia", "Atlantis", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            await coordinator.Locator("#ImportInstrument").SelectOptionAsync(nameof(TreatyInstrument.TraffickingProtocol));
            await coordinator.Locator("#StatusFile").SetInputFilesAsync(bad);
            await coordinator.Locator("#treaty-import-form button[type=submit]").ClickAsync();
            await Assertions.Expect(coordinator.Locator(".error-summary, [role=alert]").First).ToContainTextAsync("Ruritania");
            await Assertions.Expect(coordinator.Locator(".error-summary, [role=alert]").First).ToContainTextAsync("Atlantis");
        }
        finally
        {
            File.Delete(bad);
        }

        // The saved page itself: its as-of date and URL come from the page.
        await coordinator.Locator("#ImportInstrument").SelectOptionAsync(nameof(TreatyInstrument.TraffickingProtocol));
        await coordinator.Locator("#StatusFile").SetInputFilesAsync(TestData.Path("follow-up", "untc-status-synthetic.html"));
        await coordinator.Locator("#treaty-import-form button[type=submit]").ClickAsync();
        await Assertions.Expect(coordinator.Locator("table#treaty-detail")).ToContainTextAsync("Bolivia (Plurinational State of)");
        await Assertions.Expect(coordinator.Locator("table#treaty-detail")).ToContainTextAsync("Synthetic placeholder declaration of Belgium");
        await Assertions.Expect(coordinator.Locator("#treaty-sources")).ToContainTextAsync("untc-status-synthetic.html");
        await Assertions.Expect(coordinator.Locator("table#treaty-history tbody tr")).ToHaveCountAsync(2);

        // The country profile: the Protocol from the upload, CETS 197 from the demo (Bolivia is not listed there).
        await coordinator.GotoAsync("/Statistics/Country/BOL");
        await Assertions.Expect(coordinator.Locator("table#treaty-TraffickingProtocol")).ToContainTextAsync(accession);
        await Assertions.Expect(coordinator.Locator("table#treaty-TraffickingProtocol")).ToContainTextAsync(consentDate);
        await Assertions.Expect(coordinator.Locator("table#treaty-Cets197")).ToContainTextAsync(demo);

        // The official text of 76/7 from the placeholder file, on the declaration's page; the item then says where it came from.
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("table#frameworks a", new() { HasText = FollowUpService.DeclarationCode }).ClickAsync();
        await coordinator.Locator("#TextFile").SetInputFilesAsync(TestData.Path("follow-up", "declaration-76-7-placeholder.txt"));
        await coordinator.Locator("#load-text-form button[type=submit]").ClickAsync();
        await coordinator.Locator("table#items tbody tr").Nth(0).Locator("a").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#official-text-note")).ToContainTextAsync("declaration-76-7-placeholder.txt");

        // The analyst reads the list and the profile and is offered no upload.
        var analyst = await session.SignInDemoUserAsync("demo-analyst", culture);
        await analyst.GotoAsync("/FollowUp/Treaties?instrument=Cets197");
        await Assertions.Expect(analyst.Locator("table#treaty-detail")).ToContainTextAsync("DEU");
        await Assertions.Expect(analyst.Locator("table#treaty-matrix")).Not.ToContainTextAsync("Bolivia");
        await Assertions.Expect(analyst.Locator("#treaty-import-form")).ToHaveCountAsync(0);
        await analyst.GotoAsync("/Statistics/Country/BOL");
        await Assertions.Expect(analyst.Locator("table#treaty-TraffickingProtocol")).ToContainTextAsync(accession);
    }
}
