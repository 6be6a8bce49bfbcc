using System.Globalization;
using Ariadne.Core.DemoData;
using Ariadne.Core.FollowUp;
using Ariadne.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Issue 18 in a real browser (JavaScript off), on the demo data (<see cref="DemoFollowUpSeeder"/>) with the demo
/// users, in English and German: the coordinator opens the dashboard, the declaration and one of its paragraphs, the
/// national plan, assigns a measure to the demo NGO with a due date; the NGO's focal point (<c>demo-caseworker</c>: a
/// case worker of the lead organisation) finds it under "Your institution", submits progress with evidence; the
/// coordinator approves; the dashboard and the measure's history show who did what. The coordinator uploads the UK's
/// SDG 16.2.2 file, produces the plan's annual report and downloads it and SDG 16.2.2 from the cases (UN SDG API JSON); the analyst and the auditor read everything, download that file exactly, and are offered no form
/// that changes anything.
/// </summary>
public sealed class FollowUpBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "yyyy-MM-dd", "In progress", "Report approved", "Progress submitted", "Your institution")]
    [InlineData("de", "dd.MM.yyyy", "In Umsetzung", "Bericht freigegeben", "Fortschritt eingereicht", "Ihre Institution")]
    public async Task Coordinator_AssignsAMeasure_FocalPointReports_CoordinatorApproves_ReadersOnlyRead(string culture, string dateFormat, string inProgress,
        string approvedEvent, string submittedEvent, string yourInstitution)
    {
        await using var session = await BrowserSession.StartDemoAsync(cases: 40);
        var today = DateOnly.FromDateTime(session.App.Time.GetUtcNow().UtcDateTime);
        var due = today.AddDays(7);
        var ngo = DemoOrganisations.Ngo.Name;

        // The coordinator's dashboard: the demo plan's overdue measure and the report waiting for approval.
        var coordinator = await session.SignInDemoUserAsync("demo-coordinator", culture);
        await coordinator.GotoAsync("/FollowUp");
        await Assertions.Expect(coordinator.Locator("table#overdue")).ToContainTextAsync(DemoFollowUpSeeder.OverdueMeasure);
        await Assertions.Expect(coordinator.Locator("ul#awaiting")).ToContainTextAsync(DemoFollowUpSeeder.AwaitingMeasure);

        // The declaration and a paragraph of it, then the national plan and the item with the measure to assign.
        await coordinator.Locator("table#frameworks a", new() { HasText = FollowUpService.DeclarationCode }).ClickAsync();
        await Assertions.Expect(coordinator.Locator("main h1")).ToContainTextAsync(FollowUpService.DeclarationCode);
        await Assertions.Expect(coordinator.Locator("table#items tbody tr")).ToHaveCountAsync(29);
        await coordinator.Locator("table#items tbody tr").Nth(2).Locator("a").ClickAsync();
        await Assertions.Expect(coordinator.Locator("main h1")).ToContainTextAsync(FollowUpService.DeclarationCode + " 3");
        await Assertions.Expect(coordinator.Locator("#item-text")).ToContainTextAsync("Zusatzprotokoll");
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("table#frameworks a", new() { HasText = DemoFollowUpSeeder.PlanCode }).ClickAsync();
        await Assertions.Expect(coordinator.Locator("table#items tbody tr")).ToHaveCountAsync(5);
        await coordinator.Locator("table#items tbody tr").Nth(3).Locator("a").ClickAsync();
        await coordinator.Locator("table#item-measures a", new() { HasText = DemoFollowUpSeeder.UnassignedMeasure }).ClickAsync();
        var measureUrl = coordinator.Url;
        await coordinator.Locator("#Measure_LeadOrganisationId").SelectOptionAsync(new SelectOptionValue { Label = ngo });
        await coordinator.Locator("#Measure_DueOn").FillAsync(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await coordinator.Locator("#edit-measure-form button[type=submit]").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#measure-details")).ToContainTextAsync(ngo);
        await Assertions.Expect(coordinator.Locator("#measure-details")).ToContainTextAsync(due.ToString(dateFormat, CultureInfo.InvariantCulture));

        // The NGO's focal point sees it among its institution's measures due soon, reports progress and adds evidence.
        var focal = await session.SignInDemoUserAsync("demo-caseworker", culture);
        await focal.GotoAsync("/FollowUp");
        await Assertions.Expect(focal.Locator("#institution-title")).ToContainTextAsync(yourInstitution);
        await focal.Locator("table#institution a", new() { HasText = DemoFollowUpSeeder.UnassignedMeasure }).ClickAsync();
        await Assertions.Expect(focal.Locator("#edit-measure-form")).ToHaveCountAsync(0);
        await focal.Locator("#ProposedStatus").SelectOptionAsync("InProgress");
        await focal.Locator("#Progress").FillAsync("Two training days for 40 health and social workers were held; the third is planned.");
        await focal.Locator("#submit-progress").ClickAsync();
        await Assertions.Expect(focal.Locator("table#reports")).ToContainTextAsync("40 health and social workers");
        await focal.Locator("#EvidenceUrl").FillAsync("https://example.org/demo/training-attendance");
        await focal.Locator("#EvidenceNote").FillAsync("Synthetic attendance list.");
        await focal.Locator("#evidence-form button[type=submit]").ClickAsync();
        await Assertions.Expect(focal.Locator("ul#evidence")).ToContainTextAsync("https://example.org/demo/training-attendance");
        await Assertions.Expect(focal.Locator("#approve-form")).ToHaveCountAsync(0);

        // The coordinator approves; the measure takes the proposed status, the dashboard shows it, the history who did what.
        await coordinator.GotoAsync("/FollowUp");
        await Assertions.Expect(coordinator.Locator("ul#awaiting")).ToContainTextAsync(DemoFollowUpSeeder.UnassignedMeasure);
        await coordinator.GotoAsync(measureUrl);
        await coordinator.Locator("#approve").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#measure-status")).ToHaveTextAsync(inProgress);
        await coordinator.GotoAsync("/FollowUp");
        await Assertions.Expect(coordinator.Locator("ul#awaiting")).Not.ToContainTextAsync(DemoFollowUpSeeder.UnassignedMeasure);
        await Assertions.Expect(coordinator.Locator("table#due-soon tr", new() { HasText = DemoFollowUpSeeder.UnassignedMeasure })).ToContainTextAsync(inProgress);
        await coordinator.GotoAsync(measureUrl);
        var history = coordinator.Locator("table#history tbody tr");
        await Assertions.Expect(history.Filter(new() { HasText = approvedEvent })).ToContainTextAsync("demo-coordinator");
        await Assertions.Expect(history.Filter(new() { HasText = submittedEvent })).ToContainTextAsync("demo-caseworker");
        await Assertions.Expect(history.Filter(new() { HasText = "demo-coordinator" }).Filter(new() { HasText = "DueOn" }))
            .ToContainTextAsync(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        // SDG 16.2.2: the coordinator uploads the UK's Open SDG file.
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("#sdg-link").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#sdg-none")).ToBeVisibleAsync();
        var ukFile = TestData.Path("follow-up", "sdg-16-2-2-uk.csv");
        await coordinator.Locator("#CsvFile").SetInputFilesAsync(ukFile);
        await coordinator.Locator("#sdg-import-form button[type=submit]").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#sdg-rows")).ToHaveTextAsync("429");

        // The annual report of the national plan (this year up to today), printable, and SDG 16.2.2 from the cases as UN SDG API JSON.
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("#reports-link").ClickAsync();
        var plan = await coordinator.Locator("#Framework option", new() { HasText = DemoFollowUpSeeder.PlanCode }).GetAttributeAsync("value");
        await coordinator.Locator("#Framework").SelectOptionAsync(plan!);
        await coordinator.Locator("#report-form button[type=submit]").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#report-title")).ToContainTextAsync(today.ToString(dateFormat, CultureInfo.InvariantCulture));
        await Assertions.Expect(coordinator.Locator("#section-items")).ToHaveTextAsync(culture == "de" ? "Verpflichtungen" : "Commitments");
        await Assertions.Expect(coordinator.Locator("table#table-measures")).ToContainTextAsync(DemoFollowUpSeeder.UnassignedMeasure);
        await Assertions.Expect(coordinator.Locator("table#table-statistics")).ToContainTextAsync(culture == "de" ? "Geschlecht" : "Sex");
        var xlsx = await coordinator.RunAndWaitForDownloadAsync(() => coordinator.Locator("#download-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);
        var sdgJson = await coordinator.RunAndWaitForDownloadAsync(() => coordinator.Locator("#sdg-json").ClickAsync());
        Assert.Equal("sdg-16-2-2.json", sdgJson.SuggestedFilename);
        var sdgSaved = Path.Combine(Path.GetTempPath(), $"ariadne-sdg-{Guid.NewGuid():N}.json");
        await sdgJson.SaveAsAsync(sdgSaved);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(sdgSaved, Ct));
            Assert.Contains(document.RootElement.GetProperty("data").EnumerateArray(), o => o.GetProperty("series").GetString() == "VC_HTF_DETV");
        }
        finally
        {
            File.Delete(sdgSaved);
        }

        // The analyst and the auditor read everything and change nothing.
        foreach (var reader in new[] { "demo-analyst", "demo-auditor" })
        {
            var page = await session.SignInDemoUserAsync(reader, culture);
            await page.GotoAsync("/FollowUp");
            await Assertions.Expect(page.Locator("table#frameworks")).ToContainTextAsync(DemoFollowUpSeeder.PlanCode);
            await Assertions.Expect(page.Locator("#load-declaration-form, #new-framework-form")).ToHaveCountAsync(0);
            await page.GotoAsync(measureUrl);
            await Assertions.Expect(page.Locator("#measure-status")).ToHaveTextAsync(inProgress);
            await Assertions.Expect(page.Locator("table#history")).ToContainTextAsync("demo-caseworker");
            await Assertions.Expect(page.Locator("#edit-measure-form, #submit-form, #evidence-form, #approve-form, #return-form")).ToHaveCountAsync(0);
            await page.GotoAsync("/FollowUp/Sdg");
            await Assertions.Expect(page.Locator("#sdg-import-form")).ToHaveCountAsync(0);
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#sdg-download").ClickAsync());
            Assert.Equal("indicator_16-2-2.csv", download.SuggestedFilename);
            var saved = Path.Combine(Path.GetTempPath(), $"ariadne-{reader}-{Guid.NewGuid():N}.csv");
            await download.SaveAsAsync(saved);
            try
            {
                Assert.Equal(await File.ReadAllBytesAsync(ukFile, Ct), await File.ReadAllBytesAsync(saved, Ct));
            }
            finally
            {
                File.Delete(saved);
            }
        }
    }
}
