using Ariadne.Core.DemoData;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Issue 18, items 7 and 8 in a real browser (JavaScript off) on the demo data, in English and German: with the public
/// page off (the default) an anonymous visitor gets 404 and the coordinator reads "off"; the coordinator computes the
/// demo plan's computed indicators from the indicators page, edits an indicator (an unknown dimension is refused and
/// named, a new baseline is saved); then, with the page switched on, an anonymous visitor reads the plan, its measures
/// and the published values and the evidence the coordinator marked public (title and link) — and no user name, evidence
/// note or other internal text.
/// </summary>
public sealed class PublicFollowUpBrowserTests
{
    [Theory]
    [InlineData("en", "Follow-up of commitments: public overview", "is off", "Save the definition")]
    [InlineData("de", "Umsetzung der Verpflichtungen: öffentliche Übersicht", "ist ausgeschaltet", "Definition speichern")]
    public async Task Coordinator_ComputesThePlanAndEditsAnIndicator_AnonymousVisitorReadsThePublicPageOnlyWhenOn(string culture, string publicTitle, string off, string save)
    {
        await using var session = await BrowserSession.StartDemoAsync(cases: 40);

        // Off by default: 404 for a visitor, and the coordinator sees that it is off.
        var visitor = await session.NewPageAsync();
        Assert.Equal(404, (await visitor.GotoAsync("/Public"))!.Status);
        var coordinator = await session.SignInDemoUserAsync("demo-coordinator", culture);
        await coordinator.GotoAsync("/FollowUp");
        await Assertions.Expect(coordinator.Locator("#public-page-state")).ToContainTextAsync(off);

        // Compute the plan from the indicators page: the computed indicators (persons identified, proceeds) get their published totals.
        await coordinator.Locator("table#frameworks a", new() { HasText = DemoFollowUpSeeder.PlanCode }).ClickAsync();
        await coordinator.Locator("#indicators-link").ClickAsync();
        var computedRow = coordinator.Locator("table#indicators tbody tr", new() { HasText = DemoFollowUpSeeder.ComputedIndicator });
        await Assertions.Expect(computedRow.Locator("td").Nth(7)).ToHaveTextAsync("–");
        await coordinator.Locator("#compute-plan").ClickAsync();
        await Assertions.Expect(coordinator.Locator(".status-message")).ToContainTextAsync("2");
        await Assertions.Expect(computedRow.Locator("td").Nth(7)).Not.ToHaveTextAsync("–");

        // Edit the indicator: an unknown dimension is refused naming it; a new baseline is saved.
        await computedRow.Locator("a").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#Indicator_FeedbackAnswer optgroup").First).ToBeAttachedAsync();
        await coordinator.Locator("#Indicator_Dimensions").FillAsync("sex, colour");
        await coordinator.Locator("#edit-indicator").ClickAsync();
        await Assertions.Expect(coordinator.Locator(".error-summary")).ToContainTextAsync("colour");
        await Assertions.Expect(coordinator.Locator("#edit-indicator")).ToHaveTextAsync(save);
        await coordinator.Locator("#Indicator_Dimensions").FillAsync("sex");
        await coordinator.Locator("#Indicator_BaselineValue").FillAsync("25");
        await coordinator.Locator("#edit-indicator").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#indicator-baseline")).ToContainTextAsync("25");
        await Assertions.Expect(coordinator.Locator("#history")).ToContainTextAsync("Baseline");

        // The coordinator marks the NGO's evidence on the approved measure public, under a public title (its note stays inside).
        await coordinator.GotoAsync("/FollowUp");
        await coordinator.Locator("table#frameworks a", new() { HasText = DemoFollowUpSeeder.PlanCode }).ClickAsync();
        // The measure sits under the plan's item 2 (the second row).
        await coordinator.Locator("table#items tbody tr").Nth(1).Locator("a").First.ClickAsync();
        await coordinator.Locator("#item-measures a", new() { HasText = DemoFollowUpSeeder.ApprovedMeasure }).First.ClickAsync();
        var evidenceForm = coordinator.Locator("#evidence form.evidence-public-form").First;
        await evidenceForm.Locator("input[name=EvidencePublicTitle]").FillAsync("Legal aid schedule (public)");
        await evidenceForm.Locator("button").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#evidence .evidence-public")).ToContainTextAsync("Legal aid schedule (public)");

        // Switched on (as an administrator would in the settings; read per request): the visitor reads the plan.
        session.App.App.Configuration["FollowUp:PublicPage"] = "true";
        Assert.Equal(200, (await visitor.GotoAsync("/Public"))!.Status);
        await BrowserSession.SwitchCultureAsync(visitor, culture);
        await Assertions.Expect(visitor.Locator("main h1")).ToHaveTextAsync(publicTitle);
        var main = visitor.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync(DemoFollowUpSeeder.PlanCode);
        await Assertions.Expect(main).ToContainTextAsync(DemoFollowUpSeeder.ApprovedMeasure);
        await Assertions.Expect(main).ToContainTextAsync(DemoFollowUpSeeder.ReportedIndicator);
        await Assertions.Expect(visitor.Locator("section.public-indicator", new() { HasText = DemoFollowUpSeeder.ReportedIndicator }).Locator("table.public-values")).ToContainTextAsync("62");
        await Assertions.Expect(visitor.Locator("section.public-indicator", new() { HasText = DemoFollowUpSeeder.ComputedIndicator }).Locator("table.public-values")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("td.public-evidence a[href='https://example.org/demo/legal-aid-report']")).ToHaveTextAsync("Legal aid schedule (public)");
        await Assertions.Expect(visitor.Locator("td.public-evidence a[href='https://example.org/demo/hotline-leaflet']")).ToHaveTextAsync(DemoFollowUpSeeder.PublicEvidenceTitle);
        foreach (var hidden in new[] { "demo-coordinator", "demo-caseworker", "Synthetic demo evidence", "Synthetic demo value", "(Synthetic demo measure.)" })
        {
            await Assertions.Expect(visitor.Locator("body")).Not.ToContainTextAsync(hidden);
        }
        await Assertions.Expect(visitor.Locator("nav a[href^='/Cases'], a[href^='/FollowUp']")).ToHaveCountAsync(0);
        await coordinator.GotoAsync("/FollowUp");
        await Assertions.Expect(coordinator.Locator("#public-page-state a[href='/Public']")).ToBeVisibleAsync();
    }
}
