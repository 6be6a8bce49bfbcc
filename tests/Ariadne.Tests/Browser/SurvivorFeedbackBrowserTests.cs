using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Survivor feedback in a real browser (JavaScript off), in English and German: a case worker opens a code and hands
/// the device over (the kiosk page shows no navigation and no link into the case files); the survivor reads what is
/// asked and why, agrees and answers; another survivor declines on their own device; in the next month the coordinator
/// sees the counts with small counts hidden.
/// </summary>
public sealed class SurvivorFeedbackBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Why we ask", "Survivor feedback")]
    [InlineData("de", "Warum wir fragen", "Rückmeldungen Betroffener")]
    public async Task CaseWorkerOpensACode_SurvivorAnswersInTheKiosk_CoordinatorSeesCountsWithSmallOnesHidden(string culture, string why, string title)
    {
        var settings = new Dictionary<string, string?>(BrowserSession.ManySignIns) { ["Security:RequireTwoFactor"] = "false" };
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true, settings: settings);
        await app.AddUserAsync("fb-worker", "Harbour Light Counselling", twoFactor: false, Roles.CaseWorker);
        await app.AddUserAsync("fb-coordinator", "National Coordination", twoFactor: false, Roles.Coordinator);
        await using var session = await BrowserSession.StartAsync(app);

        // The case worker opens a code and hands the device over in the kiosk page.
        var worker = await session.NewPageAsync();
        await BrowserSession.SignInAsync(worker, "fb-worker", TestApp.Password);
        await BrowserSession.SwitchCultureAsync(worker, culture);
        await worker.GotoAsync("/FollowUp");
        await worker.Locator("#feedback-page-link").ClickAsync();
        await Assertions.Expect(worker.Locator("main h1")).ToHaveTextAsync(title);
        await Assertions.Expect(worker.Locator("#feedback-results")).ToHaveCountAsync(0);
        await worker.Locator("#feedback-open-form button").ClickAsync();
        await Assertions.Expect(worker.Locator("#feedback-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        await worker.Locator("#feedback-kiosk").ClickAsync();
        await Assertions.Expect(worker.Locator("#feedback-why")).ToHaveTextAsync(why);
        await Assertions.Expect(worker.Locator("nav")).ToHaveCountAsync(0);
        await Assertions.Expect(worker.Locator("a")).ToHaveCountAsync(0);
        await Assertions.Expect(worker.Locator("body")).Not.ToContainTextAsync("fb-worker");
        await Assertions.Expect(worker.Locator("#feedback-preview li")).ToHaveCountAsync(SurvivorFeedbackService.Instrument.Questions.Count);
        await worker.Locator("#feedback-agree").ClickAsync();
        await worker.Locator("#q1-5").CheckAsync();
        await worker.Locator("#q3-yes").CheckAsync();
        await worker.Locator("#q6").FillAsync("Synthetic words that are not stored.");
        await worker.Locator("#feedback-submit").ClickAsync();
        await Assertions.Expect(worker.Locator("#feedback-thanks")).ToBeVisibleAsync();

        // Another survivor, on their own device with the code typed in, declines: nothing is stored, the code is spent.
        await worker.GotoAsync("/FollowUp/Feedback");
        await worker.Locator("#feedback-open-form button").ClickAsync();
        var second = await worker.Locator("#feedback-code").InnerTextAsync();
        var survivor = await session.NewPageAsync();
        await survivor.GotoAsync("/Feedback");
        await BrowserSession.SwitchCultureAsync(survivor, culture);
        await survivor.Locator("#Code").FillAsync(second);
        await survivor.Locator("#feedback-code-form button").ClickAsync();
        await survivor.Locator("#feedback-decline").ClickAsync();
        await Assertions.Expect(survivor.Locator("#feedback-declined")).ToBeVisibleAsync();
        await survivor.GotoAsync("/Feedback?code=" + Uri.EscapeDataString(second));
        await Assertions.Expect(survivor.Locator("#feedback-code-form")).ToBeVisibleAsync();

        // Five more answers this month (through the same service), then the month closes.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var feedback = scope.ServiceProvider.GetRequiredService<SurvivorFeedbackService>();
            var organisation = Guid.NewGuid();
            for (var i = 0; i < 5; i++)
            {
                var code = (await feedback.OpenAsync(new Core.Cases.CaseViewer(Guid.NewGuid(), organisation, new HashSet<string> { Roles.CaseWorker }), Ct)).Value!;
                await feedback.SubmitAsync(code.Code, new Dictionary<int, string?> { [1] = i < 4 ? "5" : "4" }, Ct);
            }
        }
        app.Time.SetUtcNow(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero));

        var coordinator = await session.NewPageAsync();
        await BrowserSession.SignInAsync(coordinator, "fb-coordinator", TestApp.Password);
        await BrowserSession.SwitchCultureAsync(coordinator, culture);
        await coordinator.GotoAsync("/FollowUp/Feedback");
        await Assertions.Expect(coordinator.Locator("#From")).ToHaveValueAsync("2026-06");
        Task Shows(int question, string answer, string count) =>
            Assertions.Expect(coordinator.Locator($"#feedback-results tr[data-question='{question}'][data-answer='{answer}'] td").Nth(2)).ToHaveTextAsync(count);
        await Shows(1, "4", "<5");
        await Shows(3, "yes", "<5");
        await Shows(6, "given", "<5");
        await Assertions.Expect(coordinator.Locator("#feedback-results")).Not.ToContainTextAsync("Synthetic words");
        // Some count of question 1 is shown (the five "5"s or the total of six); no count from 1 to 4 is shown anywhere.
        var counts = await coordinator.Locator("#feedback-results tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.Contains(counts, c => int.TryParse(c, out var n) && n >= 5);
        Assert.DoesNotContain(counts, c => int.TryParse(c, out var n) && n is > 0 and < 5);
    }
}
