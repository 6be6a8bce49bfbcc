using System.Text.RegularExpressions;
using Ariadne.Core.DemoData;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// One person's way through the national referral mechanism, walked in a real browser (JavaScript off) by the demo users
/// of three organisations in turn, in English and German: the case worker opens a case for a new (synthetic) person,
/// screens it (the screening prefilled from the case), records the consents and refers the person into the mechanism;
/// the competent authority takes the reasonable-grounds decision from its queue; the case worker refers the person to
/// the shelter, which accepts and records the service; after the recovery period the authority takes the
/// conclusive-grounds decision, and after the move-on period the case worker closes the case. Each user sees the
/// states the others' steps led to. <see cref="ReferralBrowserTests"/> covers each role on the demo's prepared cases;
/// this journey is the case that goes through all of them.
/// </summary>
public sealed partial class LifecycleBrowserTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task CaseWorker_NewCaseScreenedConsentedReferred_AuthorityDecides_ProviderServes_ClosedAfterMoveOn(string culture)
    {
        var text = culture == "de" ? Labels.German : Labels.English;
        await using var session = await BrowserSession.StartDemoAsync();
        var worker = await session.SignInDemoUserAsync("demo-caseworker", culture);
        var nameOfCase = "Journey " + culture.ToUpperInvariant();

        // A new case for a synthetic person; what the case says about recruitment and control prefills the screening.
        await worker.Locator("header nav a[href='/Cases/Create']").ClickAsync();
        await worker.Locator("#Input_GivenName").FillAsync(nameOfCase);
        await worker.Locator("#Input_Sex").SelectOptionAsync("male");
        await worker.Locator("#Input_AgeAtIdentification").FillAsync("34");
        await worker.Locator("#Input_IdentificationDate").FillAsync("2026-06-12");
        await worker.Locator("#Input_TraffickingStatus").SelectOptionAsync("possible");
        await worker.Locator("#Input_DetectingOrganisationType").SelectOptionAsync("ngo");
        await worker.Locator("#Input_CountryOfExploitation").SelectOptionAsync("DE");
        await worker.Locator("input[name='Input.ExploitationForms'][value='forced-labour']").CheckAsync();
        await worker.Locator("#Input_RecruitmentMethod").SelectOptionAsync("job-offer");
        await worker.Locator("input[name='Input.MeansOfControl'][value='withholds-documents']").CheckAsync();
        await worker.Locator("main form button[type=submit].primary").ClickAsync();
        await worker.WaitForURLAsync(url => url.Contains("/Cases/Details/", StringComparison.Ordinal), BrowserSession.Arrived);
        var caseId = Guid.Parse(new Uri(worker.Url).AbsolutePath.Split('/').Last());
        var caseCode = CaseCodePattern().Match(await worker.Locator("h1").InnerTextAsync()).Value;
        Assert.NotEmpty(caseCode);

        // Screening: the answers the case gives are preselected and counted in the dimension's progress.
        await worker.Locator($"main a[href='/Screening/{caseId}']").ClickAsync();
        await Assertions.Expect(worker.Locator("#answer-AC01-yes")).ToBeCheckedAsync();
        await Assertions.Expect(worker.Locator("#answer-CD01-yes")).ToBeCheckedAsync();
        await Assertions.Expect(worker.Locator("fieldset.indicator:has(#answer-AC01-yes) .prefilled")).ToBeVisibleAsync();
        await Assertions.Expect(worker.Locator("#progress-D5")).ToHaveTextAsync(new Regex("^1 " + text.Of + " [0-9]+ "));
        await worker.Locator("#answer-CD03-yes").CheckAsync();
        await worker.Locator("#answer-CD14-yes").CheckAsync();
        await worker.Locator("main form[method=post] button[type=submit].primary").ClickAsync();
        await worker.WaitForURLAsync(url => url.Contains($"/Screening/Result/{caseId}/", StringComparison.Ordinal), BrowserSession.Arrived);
        await Assertions.Expect(worker.Locator("main .recommendation")).ToBeVisibleAsync();
        await Assertions.Expect(worker.Locator("main table tbody")).ToContainTextAsync(text.Documents);

        // Consent, given in writing, to the referral to the competent authority and to the shelter.
        await worker.GotoAsync($"/Cases/Consents/{caseId}");
        foreach (var recipient in new[] { DemoOrganisations.CompetentAuthority.Name, DemoOrganisations.Shelter.Name })
        {
            await worker.Locator("#Input_Purpose").SelectOptionAsync("Referral");
            await worker.Locator("#Input_RecipientOrganisationId").SelectOptionAsync(new SelectOptionValue { Label = recipient });
            await worker.Locator("#Input_GivenOn").FillAsync("2026-06-12");
            await worker.Locator("#Input_Method").SelectOptionAsync("Written");
            await worker.Locator("form[action*='handler=Record'] button[type=submit]").ClickAsync();
            await Assertions.Expect(worker.Locator("main table").First.Locator("tbody")).ToContainTextAsync(recipient);
        }

        // Into the mechanism: the case worker (first responder) starts it and refers the person.
        await worker.GotoAsync($"/Referral/Lifecycle/{caseId}");
        await worker.Locator("form[action*='handler=Start'] button[type=submit]").ClickAsync();
        await Assertions.Expect(worker.Locator("dl#state")).ToContainTextAsync(text.Identified);
        await TakeStepAsync(worker, "refer", null);
        await Assertions.Expect(worker.Locator("dl#state")).ToContainTextAsync(text.Referred);

        // The competent authority finds the referral in its queue and takes the reasonable-grounds decision.
        var authority = await session.SignInDemoUserAsync("demo-authority", culture);
        await authority.Locator("header nav a[href='/Referral/Decisions']").ClickAsync();
        await authority.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{caseId}']").ClickAsync();
        await Assertions.Expect(authority.Locator("main .case-summary")).ToContainTextAsync(caseCode);
        await Assertions.Expect(authority.Locator("main")).Not.ToContainTextAsync(nameOfCase);
        await TakeStepAsync(authority, "rg-positive", "Credible account of a false job offer; documents withheld.");
        await Assertions.Expect(authority.Locator("dl#state")).ToContainTextAsync(text.Recovery);

        // The case worker sees the decision and refers the person to the shelter for safe accommodation.
        await worker.ReloadAsync();
        await Assertions.Expect(worker.Locator("dl#state")).ToContainTextAsync(text.Recovery);
        var note = $"Needs a bed tonight ({culture}).";
        await worker.Locator("#service").SelectOptionAsync("safe-accommodation");
        var shelter = await worker.Locator("#toOrganisationId option", new PageLocatorOptions { HasText = DemoOrganisations.Shelter.Name }).GetAttributeAsync("value");
        await worker.Locator("#toOrganisationId").SelectOptionAsync(shelter!);
        await worker.Locator("#sharedNote").FillAsync(note);
        await worker.Locator("form[action*='handler=Service'] button[type=submit]").ClickAsync();
        await Assertions.Expect(worker.Locator("#services + table tbody")).ToContainTextAsync(text.Requested);

        // The shelter accepts the referral and records the accommodation it gives.
        var provider = await session.SignInDemoUserAsync("demo-provider", culture);
        await provider.Locator("header nav a[href='/Referral/Incoming']").ClickAsync();
        var row = provider.Locator("main table tbody tr", new PageLocatorOptions { HasText = note });
        await row.Locator("button[name=action][value=Accept]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync(text.Accepted);
        await row.Locator($"a[href='/Referral/Lifecycle/{caseId}']").ClickAsync();
        await provider.Locator("#assistService").SelectOptionAsync("safe-accommodation");
        await provider.Locator("#providerOrganisationId").SelectOptionAsync(new SelectOptionValue { Label = DemoOrganisations.Shelter.Name });
        await provider.Locator("#startedOn").FillAsync("2026-06-15");
        await provider.Locator("form[action*='handler=Assistance'] button[type=submit]").ClickAsync();
        await Assertions.Expect(provider.Locator("#assistance + table tbody")).ToContainTextAsync(DemoOrganisations.Shelter.Name);

        // The case worker sees the accepted referral and the service delivered.
        await worker.ReloadAsync();
        await Assertions.Expect(worker.Locator("#services + table tbody")).ToContainTextAsync(text.Accepted);
        await Assertions.Expect(worker.Locator("#assistance + table tbody")).ToContainTextAsync(DemoOrganisations.Shelter.Name);

        // After the 30-day recovery period, the conclusive-grounds decision.
        session.App.Time.Advance(TimeSpan.FromDays(31));
        authority = await session.SignInDemoUserAsync("demo-authority", culture);
        await authority.Locator("header nav a[href='/Referral/Decisions']").ClickAsync();
        await authority.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{caseId}']").ClickAsync();
        await TakeStepAsync(authority, "cg-positive", "On the balance of probabilities a victim of trafficking for forced labour.");
        await Assertions.Expect(authority.Locator("dl#state")).ToContainTextAsync(text.MoveOn);

        // After the 45-day move-on period, the case worker closes the case.
        session.App.Time.Advance(TimeSpan.FromDays(46));
        worker = await session.SignInDemoUserAsync("demo-caseworker", culture);
        await worker.GotoAsync($"/Referral/Lifecycle/{caseId}");
        await Assertions.Expect(worker.Locator("dl#state")).ToContainTextAsync(text.MoveOn);
        await TakeStepAsync(worker, "close", null);
        await Assertions.Expect(worker.Locator("dl#state")).ToContainTextAsync(text.Closed);
        await Assertions.Expect(worker.Locator("#step-form")).ToHaveCountAsync(0);
    }

    /// <summary>Chooses <paramref name="step"/> in the step form, gives the reasons and submits; waits for the page to come back.</summary>
    private static async Task TakeStepAsync(IPage page, string step, string? reasons)
    {
        await page.Locator("#Step").SelectOptionAsync(step);
        if (reasons is not null)
        {
            await page.Locator("#Reasons").FillAsync(reasons);
        }
        await page.Locator("#step-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
    }

    /// <summary>What the pages say, per language.</summary>
    private sealed record Labels(string Of, string Documents, string Identified, string Referred, string Recovery, string MoveOn, string Closed, string Requested, string Accepted)
    {
        public static readonly Labels English = new("of", "Confiscation of documents", "Identified", "Referred to the competent authority", "Recovery and reflection period",
            "Move-on and long-term support", "Closed", "Requested", "Accepted");

        public static readonly Labels German = new("von", "Wegnahme von Dokumenten", "Identifiziert", "An die zuständige Stelle verwiesen", "Erholungs- und Bedenkzeit",
            "Übergangs- und Langzeitunterstützung", "Abgeschlossen", "Angefragt", "Angenommen");
    }

    [GeneratedRegex("C-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex CaseCodePattern();
}
