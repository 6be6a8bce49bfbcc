using System.Globalization;
using Ariadne.Core.DemoData;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// Questionnaires stored as data (issue 18, item 6) in a real browser (JavaScript off) on the demo data: the coordinator
/// opens the list from the follow-up, is told the line and field of a bad upload and imports a good file; the NGO's focal
/// point answers a question of the demo's national questionnaire assigned to the NGO and the police — for the NGO only —
/// and submits it; the coordinator sees which institution answered, approves it and opens the printable export — in
/// English and German.
/// </summary>
public sealed class QuestionnaireBrowserTests
{
    [Theory]
    [InlineData("en", "Submitted, awaiting approval", "Approved", "Answers", "Completed", "Not answered yet")]
    [InlineData("de", "Eingereicht, wartet auf Freigabe", "Freigegeben", "Antworten", "Abgeschlossen", "Noch nicht beantwortet")]
    public async Task Coordinator_Imports_FocalPointAnswersAssignedQuestion_CoordinatorApprovesAndExports(string culture, string submitted, string approved,
        string answersHeading, string completed, string unanswered)
    {
        await using var session = await BrowserSession.StartDemoAsync(cases: 20);
        var folder = Directory.CreateTempSubdirectory("ariadne-questionnaire-");
        try
        {
            var coordinator = await session.SignInDemoUserAsync("demo-coordinator", culture);
            await coordinator.GotoAsync("/FollowUp");
            await coordinator.Locator("#questionnaires-link").ClickAsync();
            await Assertions.Expect(coordinator.Locator("table#questionnaires")).ToContainTextAsync("greta-round-3");
            await Assertions.Expect(coordinator.Locator("table#questionnaires")).ToContainTextAsync(DemoFollowUpSeeder.QuestionnaireCode);

            var bad = Path.Combine(folder.FullName, "bad.json");
            await File.WriteAllTextAsync(bad, "{\n  \"code\": \"tip-demo\",\n  \"title\": \"TIP\"\n  \"titleDe\": \"TIP\"\n}\n", TestContext.Current.CancellationToken);
            await coordinator.Locator("#QuestionnaireFile").SetInputFilesAsync(bad);
            await coordinator.Locator("#questionnaire-import-form button[type=submit]").ClickAsync();
            await Assertions.Expect(coordinator.Locator(".error-summary")).ToContainTextAsync("Line 4, field 'title'");
            var good = Path.Combine(folder.FullName, "tip.json");
            await File.WriteAllTextAsync(good, """
                { "code": "tip-demo", "title": "TIP report questions (demo)", "titleDe": "Fragen zum TIP-Bericht (Demo)",
                  "sections": [ { "key": "p", "title": "Prosecution", "titleDe": "Strafverfolgung",
                    "questions": [ { "number": "P.1", "kind": "number", "text": "Convictions in the year?", "textDe": "Verurteilungen im Jahr?" } ] } ] }
                """, TestContext.Current.CancellationToken);
            await coordinator.Locator("#QuestionnaireFile").SetInputFilesAsync(good);
            await coordinator.Locator("#questionnaire-import-form button[type=submit]").ClickAsync();
            await Assertions.Expect(coordinator.Locator("table#questionnaires")).ToContainTextAsync("tip-demo");

            // Question 3 is in the section assigned to the NGO and the police: the NGO's focal point answers it for the NGO and
            // submits it; it has no form for the police's answer, and no approve button.
            var focal = await session.SignInDemoUserAsync("demo-caseworker", culture);
            await focal.GotoAsync("/FollowUp/Questionnaires");
            await focal.Locator("table#questionnaires a", new() { HasText = DemoFollowUpSeeder.QuestionnaireCode }).First.ClickAsync();
            var year = session.App.Time.GetUtcNow().UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
            await Assertions.Expect(focal.Locator("#questionnaire-cycle")).ToContainTextAsync(year);
            await Assertions.Expect(focal.Locator("#q-1 .answer")).ToContainTextAsync("(Synthetic demo answer.)");
            await Assertions.Expect(focal.Locator("#q-1-draws")).ToContainTextAsync(DemoFollowUpSeeder.ApprovedMeasure);
            await Assertions.Expect(focal.Locator("#q-1-draws")).ToContainTextAsync(completed);
            await Assertions.Expect(focal.Locator("#q-3-institutions table")).ToContainTextAsync(DemoOrganisations.Police.Name);
            await Assertions.Expect(focal.Locator("#q-3 form.answer-form")).ToHaveCountAsync(1);
            var ngo = focal.Locator("#q-3 .institution-answer", new() { HasText = DemoOrganisations.Ngo.Name });
            await ngo.Locator("input[name=Answer]").FillAsync("120");
            await ngo.Locator("input[name=Submit]").CheckAsync();
            await ngo.Locator("form.answer-form button[type=submit]").ClickAsync();
            var ngoRow = focal.Locator("#q-3-institutions tr", new() { HasText = DemoOrganisations.Ngo.Name });
            await Assertions.Expect(ngoRow).ToContainTextAsync(submitted);
            await Assertions.Expect(ngoRow).ToContainTextAsync("120");
            await Assertions.Expect(focal.Locator("#q-3 .decide-form")).ToHaveCountAsync(0);

            // The coordinator sees which institution answered, approves the NGO's answer and opens the printable export.
            await coordinator.GotoAsync($"/FollowUp/Questionnaire/{DemoFollowUpSeeder.QuestionnaireCode}?cycle={year}");
            await Assertions.Expect(coordinator.Locator("#assignment-list")).ToContainTextAsync(DemoOrganisations.Police.Name);
            await coordinator.Locator("#q-3 .institution-answer", new() { HasText = DemoOrganisations.Ngo.Name }).Locator("form[id$=-approve] button").ClickAsync();
            await Assertions.Expect(coordinator.Locator("#q-3-institutions tr", new() { HasText = DemoOrganisations.Ngo.Name })).ToContainTextAsync(approved);
            await Assertions.Expect(coordinator.Locator("#q-3-institutions tr", new() { HasText = DemoOrganisations.Police.Name })).ToContainTextAsync(unanswered);
            var export = await coordinator.Locator("#export-html").GetAttributeAsync("href");
            await coordinator.GotoAsync(export!);
            await Assertions.Expect(coordinator.Locator("h2", new() { HasText = answersHeading })).ToBeVisibleAsync();
            await Assertions.Expect(coordinator.Locator("body")).ToContainTextAsync("120");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
