using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The national referral mechanism walked in a real browser (Chromium driven by Playwright, JavaScript off) by the
/// roles that take part in it, on the demo data (<see cref="DemoReferralSeeder"/>), in English and German: the
/// competent authority from its queue to both decisions, the support provider accepting a referral and recording the
/// service, the coordinator following the cases on the dashboard.
/// </summary>
public sealed class ReferralBrowserTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Positive reasonable-grounds decision", "Move-on and long-term support")]
    [InlineData("de", "Positive Erstentscheidung", "Übergangs-")]
    public async Task CompetentAuthority_FromTheQueueToTheReasonableAndConclusiveGroundsDecisions(string culture, string rgStep, string moveOn)
    {
        await using var session = await Session.StartAsync(culture, "journey-authority", DemoOrganisations.CompetentAuthority.Name, Roles.CompetentAuthority);
        var page = session.Page;
        Guid referred, recovery;
        await using (var scope = session.App.Services.CreateAsyncScope())
        {
            var queue = (await scope.ServiceProvider.GetRequiredService<NrmLifecycleService>().DecisionQueueAsync(CaseViewer.LocalOperator, Token)).Value!;
            referred = queue.First(i => i.State == "referred" && i.Deadline?.Status == global::Ariadne.Analytics.Referral.DeadlineStatus.Overdue).CaseId;
            recovery = queue.First(i => i.State == "recovery" && i.Deadline?.Status == global::Ariadne.Analytics.Referral.DeadlineStatus.Overdue).CaseId;
        }

        // The queue is the authority's navigation entry; it lists the overdue referral, pseudonymised.
        await page.Locator("nav a[href='/Referral/Decisions']").ClickAsync();
        await Assertions.Expect(page.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{referred}']")).ToHaveCountAsync(1);

        // The reasonable-grounds decision: the grounds of the referral are readable, the form is there.
        await page.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{referred}']").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("false job offer");
        await page.Locator("#Step").SelectOptionAsync("rg-positive");
        await page.Locator("#Reasons").FillAsync("Credible account; indicators of forced labour confirmed.");
        await page.Locator("#step-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync(rgStep);

        // The conclusive-grounds decision on a case whose recovery period is over.
        await page.Locator("nav a[href='/Referral/Decisions']").ClickAsync();
        await page.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{recovery}']").ClickAsync();
        await page.Locator("#Step").SelectOptionAsync("cg-positive");
        await page.Locator("#Reasons").FillAsync("On the balance of probabilities a victim of trafficking.");
        await page.Locator("#step-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("dl#state")).ToContainTextAsync(moveOn);

        // The decided case left the queue; the referred one stays in it, now awaiting its conclusive-grounds decision
        // after the recovery period.
        await page.Locator("nav a[href='/Referral/Decisions']").ClickAsync();
        await Assertions.Expect(page.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{referred}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#decision-queue a[href^='/Referral/Lifecycle/{recovery}']")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("en", "Accepted")]
    [InlineData("de", "Angenommen")]
    public async Task SupportProvider_AcceptsAReferralAndRecordsTheServiceDelivered(string culture, string accepted)
    {
        await using var session = await Session.StartAsync(culture, "journey-provider", DemoOrganisations.Shelter.Name, Roles.SupportProvider);
        var page = session.Page;
        Guid shelter;
        await using (var scope = session.App.Services.CreateAsyncScope())
        {
            shelter = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organisations.Where(o => o.Name == DemoOrganisations.Shelter.Name)
                .Select(o => o.Id).SingleAsync(Token);
        }

        await page.Locator("nav a[href='/Referral/Incoming']").ClickAsync();
        await page.Locator("button[name=action][value=Accept]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main table tbody")).ToContainTextAsync(accepted);

        // The accepted referral opens the case (pseudonymised); the provider records the service it delivered.
        await page.Locator("main table a[href^='/Referral/Lifecycle/']").First.ClickAsync();
        await page.Locator("#assistService").SelectOptionAsync("psychological");
        await page.Locator("#providerOrganisationId").SelectOptionAsync(shelter.ToString());
        await page.Locator("#startedOn").FillAsync("2026-06-14");
        await page.Locator("form[action*='handler=Assistance'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#assistance + table tbody")).ToContainTextAsync(DemoOrganisations.Shelter.Name);
        await Assertions.Expect(page.Locator("#assistance + table tbody")).ToContainTextAsync("14");
    }

    [Theory]
    [InlineData("en", "Move-on and long-term support", "Closed")]
    [InlineData("de", "Übergangs-", "Abgeschlossen")]
    public async Task Coordinator_FollowsTheCasesOnTheDashboardAndTakesNoStep(string culture, string moveOn, string closed)
    {
        await using var session = await Session.StartAsync(culture, "journey-coordinator", DemoOrganisations.Coordinator.Name, Roles.Coordinator);
        var page = session.Page;

        await page.Locator("nav a[href='/Referral/Dashboard']").ClickAsync();
        // The deadlines of every organisation (the demo's are the NGO's and the shelter's), each linking to its case.
        await Assertions.Expect(page.Locator("main > p").First).ToContainTextAsync(culture == "de" ? "aller Organisationen" : "Every organisation's");
        await Assertions.Expect(page.Locator("main table").First.Locator("tbody a[href^='/Referral/Lifecycle/']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ul.state-counts")).ToContainTextAsync(moveOn);
        await Assertions.Expect(page.Locator("ul.state-counts")).ToContainTextAsync(closed);
        await page.Locator("ul.state-counts a[href$='State=move-on#overview']").ClickAsync();
        var rows = page.Locator("#overview-cases tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync(moveOn);

        // The coordinator follows the case through its history but holds no role in it: no step form.
        await rows.First.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("dl#state")).ToContainTextAsync(moveOn);
        await Assertions.Expect(page.Locator("#step-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(culture == "de" ? "Sie können diesen Schritt gehen" : "you may take this step");
    }

    /// <summary>A test app seeded with the demo data, a browser, and a user of <paramref name="organisation"/> signed in in <paramref name="culture"/>.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private BrowserSession _browser = null!;

        public TestApp App => _browser.App;

        public IPage Page => _browser.Page;

        public static async Task<Session> StartAsync(string culture, string userName, string organisation, string role)
        {
            var session = new Session { _browser = await BrowserSession.StartDemoAsync() };
            var user = await session.App.AddUserAsync(userName, organisation, role);
            await BrowserSession.SignInAsync(session.Page, userName, TestApp.Password, user.AuthenticatorKey);
            if (culture != "en")
            {
                await BrowserSession.SwitchCultureAsync(session.Page, culture);
            }
            return session;
        }

        public ValueTask DisposeAsync() => _browser.DisposeAsync();
    }
}
