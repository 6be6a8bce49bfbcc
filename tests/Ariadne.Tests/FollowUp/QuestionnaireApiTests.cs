using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Statistics;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Tests.FollowUp;

/// <summary>
/// Questionnaires stored as data (issue 18, item 6) through <c>/api/v1/followup/questionnaires</c> on both databases: a
/// malformed file, an unknown indicator and a repeated question number are refused naming line and field with nothing
/// stored; versions; answers per cycle that keep their version, honour the answer kind and draw on the indicator values
/// of the period (suppressed cells stay suppressed) and the measures' status; four eyes; exports; audit and history.
/// </summary>
public sealed class QuestionnaireApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private const string Good = """
        {
          "code": "nat-2023",
          "title": "National questionnaire",
          "titleDe": "Nationaler Fragebogen",
          "summaries": true,
          "sections": [
            { "key": "a", "title": "Identification", "titleDe": "Identifizierung",
              "questions": [
                { "number": "1", "kind": "number", "text": "How many persons were identified?", "textDe": "Wie viele Personen wurden identifiziert?",
                  "indicators": [ "ID-1" ], "items": [ { "framework": "NAP-Q", "number": "1" } ] },
                { "number": "2", "kind": "yes-no", "text": "Is there a national referral mechanism?", "textDe": "Gibt es einen nationalen Verweismechanismus?" }
              ] }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_RefusesNamingLineAndField_Versions_AnswersDrawOnSuppressedValues_FourEyes_Exports(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ClientAsAsync("q-coordinator", "National Coordination", Roles.Coordinator);
        var analyst = await app.ClientAsAsync("q-analyst", "Rapporteur Office", Roles.Analyst);
        var focalUser = await app.AddUserAsync("q-focal", "Labour Inspectorate", Roles.CaseWorker);
        var focal = await app.BearerClientAsync(focalUser);
        await StatisticsFixtures.SeedCasesAsync(app, focalUser.OrganisationId);
        var framework = await Read<FrameworkSummary>(await coordinator.PostAsJsonAsync("/api/v1/followup/frameworks",
            new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP-Q", "Plan"), Json, ct));
        var item = await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/frameworks/{framework.Id}/items", new ItemInput("1", "Identify victims"), Json, ct));
        await Read<Guid>(await coordinator.PostAsJsonAsync($"/api/v1/followup/items/{item}/measures",
            new MeasureInput("Inspect farms", focalUser.OrganisationId, Status: MeasureStatus.InProgress), Json, ct));

        // Refused, nothing stored: not JSON (line and path of the break); an unknown indicator and a repeated number (their lines).
        var broken = await Import(coordinator, Good.Replace("\"kind\": \"yes-no\",", "\"kind\": \"yes-no\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("Line 11, field 'sections[0].questions[1]", await broken.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var unknown = await Import(coordinator, Good.Replace("\"number\": \"2\"", "\"number\": \"1\"", StringComparison.Ordinal));
        var errors = await unknown.Content.ReadAsStringAsync(ct);
        Assert.Contains("Line 11, field 'sections[0].questions[1].number': the question number 1 is used twice (first at line 9).", errors, StringComparison.Ordinal);
        Assert.Contains("Line 10, field 'sections[0].questions[0].indicators[0]': there is no indicator with the code 'ID-1'.", errors, StringComparison.Ordinal);
        var badKind = await Import(coordinator, Good.Replace("\"kind\": \"number\"", "\"kind\": \"stars\"", StringComparison.Ordinal));
        Assert.Contains("Line 9, field 'sections[0].questions[0].kind': 'stars' is not one of", await badKind.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await using (var db = app.NewContext())
        {
            Assert.Equal(0, await db.Set<QuestionnaireVersion>().CountAsync(ct));
        }

        // The indicator exists now, computed for 2023 (10 persons: female "x", male "<5"); version 1, unchanged, version 2.
        var computed = await Read<Guid>(await coordinator.PostAsJsonAsync("/api/v1/followup/indicators", new IndicatorInput(item, null, "ID-1", "Persons identified",
            IndicatorKind.Computed, Query: IndicatorQueries.PersonsIdentified, Dimensions: ["sex"]), Json, ct));
        await Read<List<IndicatorValueView>>(await coordinator.PostAsJsonAsync($"/api/v1/followup/indicators/{computed}/compute",
            new ComputeInput(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), Json, ct));
        Assert.Equal((1, true), Version(await Read<QuestionnaireImportResult>(await Import(coordinator, Good))));
        Assert.Equal((1, false), Version(await Read<QuestionnaireImportResult>(await Import(coordinator, Good))));
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(analyst, Good)).StatusCode);

        // The focal point answers 2023 (binding it to version 1); the answer kind is honoured.
        var url = "/api/v1/followup/questionnaires/nat-2023";
        var maybe = await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "2", "maybe"), Json, ct);
        Assert.Contains("Answer (question 2): 'maybe' is not yes or no.", await maybe.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "1", "ten"), Json, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("23", "1", "10"), Json, ct)).StatusCode);
        var draft = await Read<AnswerView>(await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "1", "9"), Json, ct));
        var submitted = await Read<AnswerView>(await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "1", "10", Submit: true), Json, ct));
        Assert.Equal((draft.Id, AnswerState.Submitted, 2), (submitted.Id, submitted.State, submitted.Version));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "2", "yes"), Json, ct)).StatusCode);

        var changed = Good.Replace("Is there a national referral mechanism?", "Is there a national referral mechanism in law?", StringComparison.Ordinal);
        Assert.Equal((2, true), Version(await Read<QuestionnaireImportResult>(await Import(coordinator, changed))));
        var year = await Read<QuestionnaireCycleView>(await analyst.GetAsync(url + "?cycle=2023", ct));
        Assert.Equal((1, 2, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)), (year.Version, year.LatestVersion, year.From, year.To));
        Assert.Equal("Is there a national referral mechanism?", year.Questions[1].Question.Text);
        Assert.Equal(2, (await Read<QuestionnaireCycleView>(await analyst.GetAsync(url + "?cycle=2024", ct))).Version);

        // What the answer draws on: the period's values as published (no small count) and the measure's status.
        var first = year.Questions[0];
        Assert.Equal([("Total", "10"), ("sex=female", "x"), ("sex=male", "<5")], Assert.Single(first.Indicators).Values.Select(v => (v.Cell, v.Display)));
        Assert.All(first.Indicators[0].Values, v => Assert.NotNull(v.ReleaseId));
        Assert.Equal(("Inspect farms", MeasureStatus.InProgress, "Labour Inspectorate"), (Assert.Single(Assert.Single(first.Items).Measures).Title, first.Items[0].Measures[0].Status, first.Items[0].Measures[0].Lead));
        Assert.Empty((await Read<QuestionnaireCycleView>(await analyst.GetAsync(url + "?cycle=2024", ct))).Questions[0].Indicators[0].Values);

        // Four eyes: the focal point may not decide; a coordinator approves; a coordinator's own submission goes to another one.
        Assert.Equal(HttpStatusCode.Forbidden, (await focal.PostAsync($"/api/v1/followup/questionnaire-answers/{submitted.Id}/approve", null, ct)).StatusCode);
        var returned = await coordinator.PostAsJsonAsync($"/api/v1/followup/questionnaire-answers/{submitted.Id}/return", new DecisionInput(""), Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, returned.StatusCode);
        var approved = await Read<AnswerView>(await coordinator.PostAsync($"/api/v1/followup/questionnaire-answers/{submitted.Id}/approve", null, ct));
        Assert.Equal((AnswerState.Approved, "q-coordinator"), (approved.State, approved.DecidedBy));
        Assert.Equal(["approved", "submitted", "created"], approved.History.Select(h => h.Event));
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/v1/followup/questionnaire-answers/{submitted.Id}/approve", null, ct)).StatusCode);
        var own = await Read<AnswerView>(await coordinator.PostAsJsonAsync(url + "/answers", new AnswerInput("2023", "2", "yes", Submit: true), Json, ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await coordinator.PostAsync($"/api/v1/followup/questionnaire-answers/{own.Id}/approve", null, ct)).StatusCode);

        // Exports: JSON (the model), XLSX and CSV with German headings, printable HTML; the suppressed marks travel with them.
        var export = url + "/export?cycle=2023";
        using (var json = JsonDocument.Parse(await (await analyst.GetAsync(export + "&format=json&language=en", ct)).Content.ReadAsStringAsync(ct)))
        {
            Assert.Equal("10", json.RootElement.GetProperty("questionnaire").GetProperty("questions")[0].GetProperty("answer").GetProperty("answer").GetString());
        }
        using var xlsx = new MemoryStream(await (await analyst.GetAsync(export + "&format=xlsx&language=de", ct)).Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(["Fragebogen", "Antworten", "Datengrundlage"], xlsx.GetSheetNames());
        var answers = xlsx.Query(useHeaderRow: true, sheetName: "Antworten").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(("10", "Freigegeben", "Ja", "Eingereicht"), ((string?)answers[0]["Antwort"], (string?)answers[0]["Status"], (string?)answers[1]["Antwort"], (string?)answers[1]["Status"]));
        var csv = (await (await analyst.GetAsync(export + "&format=csv", ct)).Content.ReadAsStringAsync(ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(csv, l => l.StartsWith("drawsOn,", StringComparison.Ordinal) && l.Contains(",sex=male,<5,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("drawsOn,", StringComparison.Ordinal) && l.Contains("Inspect farms (Labour Inspectorate)", StringComparison.Ordinal) && l.Contains(",In progress,", StringComparison.Ordinal));
        var html = await (await analyst.GetAsync(export + "&format=html&language=de", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("<h2>Datengrundlage</h2>", html, StringComparison.Ordinal);

        await using var check = app.NewContext();
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireImport && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(3, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireImport && e.Outcome == AuditOutcomes.Failed, ct));
        Assert.Equal(3, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireAnswer && e.Outcome == AuditOutcomes.Success, ct));
        Assert.Equal(4, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireExport, ct));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireDecide && e.Outcome == AuditOutcomes.Success, ct));

        await AnswersPerInstitution(app, coordinator, analyst, focal, focalUser.OrganisationId);
    }

    /// <summary>
    /// Questions assigned to responsible institutions (a whole section, one question): each institution's focal point
    /// answers for it, another institution's question is refused and audited, the coordinator approves each answer, and
    /// the cycle view and the export name the institution.
    /// </summary>
    private static async Task AnswersPerInstitution(TestApp app, HttpClient coordinator, HttpClient analyst, HttpClient focal, Guid labour)
    {
        var ct = TestContext.Current.CancellationToken;
        var shelterUser = await app.AddUserAsync("q-shelter", "Shelter House", Roles.CaseWorker);
        var shelter = await app.BearerClientAsync(shelterUser);
        var url = "/api/v1/followup/questionnaires/nat-2023";
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync(url + "/assignments", new AssignmentInput("a", null, "Shelter House"), Json, ct)).StatusCode);
        var unknown = await coordinator.PostAsJsonAsync(url + "/assignments", new AssignmentInput(null, "9", "Shelter House"), Json, ct);
        Assert.Contains("Question: version 2 of nat-2023 has no question '9'.", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var nobody = await coordinator.PostAsJsonAsync(url + "/assignments", new AssignmentInput("a", null, "Nobody"), Json, ct);
        Assert.Contains("Institution: 'Nobody' is not an organisation", await nobody.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await Read<List<AssignmentView>>(await coordinator.PostAsJsonAsync(url + "/assignments", new AssignmentInput("a", null, labour.ToString()), Json, ct));
        var assignments = await Read<List<AssignmentView>>(await coordinator.PostAsJsonAsync(url + "/assignments", new AssignmentInput(null, "2", "shelter house"), Json, ct));
        // Ordered by section, then question (a question's own assignment has no section and comes first).
        Assert.Equal([(null, "2", "Shelter House"), ("a", null, "Labour Inspectorate")], assignments.Select(a => (a.Section, a.Question, a.Institution.Name)));

        // 2025: the labour inspectorate's focal point answers both (its own organisation by default); the shelter's question 2 is not its to answer.
        var own = await Read<AnswerView>(await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "2", "no"), Json, ct));
        Assert.Equal("Labour Inspectorate", own.Institution?.Name);
        var other = await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "2", "yes", Institution: "Shelter House"), Json, ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("not assigned to your institution", await other.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await coordinator.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "1", "4"), Json, ct)).StatusCode);
        var misnamed = await focal.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "1", "4", Institution: "Nobody"), Json, ct);
        Assert.Contains("Institution: question 1 is answered by Labour Inspectorate; name one of them.", await misnamed.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var byShelter = await Read<AnswerView>(await shelter.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "2", "yes", Submit: true), Json, ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await shelter.PostAsJsonAsync(url + "/answers", new AnswerInput("2025", "1", "3"), Json, ct)).StatusCode);
        var approved = await Read<AnswerView>(await coordinator.PostAsync($"/api/v1/followup/questionnaire-answers/{byShelter.Id}/approve", null, ct));
        Assert.Equal((AnswerState.Approved, "Shelter House"), (approved.State, approved.Institution?.Name));

        var year = await Read<QuestionnaireCycleView>(await focal.GetAsync(url + "?cycle=2025", ct));
        Assert.Null(year.Questions[1].Answer);
        Assert.Equal([("Labour Inspectorate", true, AnswerState.Draft, true), ("Shelter House", false, AnswerState.Approved, false)],
            year.Questions[1].Institutions.Select(i => (i.Institution.Name, i.ThroughSection, i.Answer!.State, i.MayAnswer)));
        Assert.Equal([("Labour Inspectorate", (AnswerState?)null)], year.Questions[0].Institutions.Select(i => (i.Institution.Name, i.Answer?.State)));
        var csv = (await (await analyst.GetAsync(url + "/export?cycle=2025&format=csv&language=en", ct)).Content.ReadAsStringAsync(ct)).Split("\r\n");
        Assert.Contains(csv, l => l.StartsWith("answers,", StringComparison.Ordinal) && l.Contains(",Shelter House,Yes,Approved,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("answers,", StringComparison.Ordinal) && l.Contains(",Labour Inspectorate,No,Draft,", StringComparison.Ordinal));

        // The review report of 2023 holds the approved answer with the values it drew on, suppression marks kept; 2025's the shelter's answer.
        using (var report = JsonDocument.Parse(await (await analyst.GetAsync("/api/v1/followup/reports?from=2023-01-01&to=2023-12-31&format=json", ct)).Content.ReadAsStringAsync(ct)))
        {
            var answer = Assert.Single(report.RootElement.GetProperty("answers").EnumerateArray());
            Assert.Equal(("nat-2023", "2023", "1", "10"), (answer.GetProperty("questionnaire").GetString(), answer.GetProperty("cycle").GetString(),
                answer.GetProperty("number").GetString(), answer.GetProperty("answer").GetString()));
            Assert.Equal(["10", "x", "<5"], answer.GetProperty("drawsOn").EnumerateArray().Select(v => v.GetProperty("display").GetString()));
        }
        var reportCsv = (await (await analyst.GetAsync("/api/v1/followup/reports?from=2025-01-01&to=2025-12-31&format=csv&language=de", ct)).Content.ReadAsStringAsync(ct)).Split("\r\n");
        Assert.Contains(reportCsv, l => l.StartsWith("answers,", StringComparison.Ordinal) && l.Contains(",Shelter House,Ja,q-coordinator,", StringComparison.Ordinal));
        Assert.DoesNotContain(reportCsv, l => l.StartsWith("answers,", StringComparison.Ordinal) && l.Contains("Labour Inspectorate", StringComparison.Ordinal));

        await using var check = app.NewContext();
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireAssign && e.Outcome == AuditOutcomes.Success, ct));
        // The analyst's answer (no focal point at all) and the three answers for another institution.
        Assert.Equal(4, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.FollowUpQuestionnaireAnswer && e.Outcome == AuditOutcomes.Denied, ct));
    }

    private static (int, bool) Version(QuestionnaireImportResult result) => (result.Questionnaire.Version, result.Created);

    private static Task<HttpResponseMessage> Import(HttpClient client, string file) =>
        client.PostAsync("/api/v1/followup/questionnaires", new StringContent(file, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
