using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ariadne.Tests.Pages.PageRenderingTests;

namespace Ariadne.Tests.Pages;

public sealed class ScreeningPageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<Guid> CreateCaseAsync(TestApp app, Guid organisationId, CaseInput? input = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CaseService>()
            .CreateAsync(input ?? Cases.CaseApiTests.ValidInput(), organisationId, CaseViewer.LocalOperator, Token);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Id;
    }

    /// <summary>The result page names the screened case in its heading and links back to it by its code.</summary>
    private static async Task AssertNamesTheCaseAsync(TestApp app, IDocument result, Guid caseId, string heading)
    {
        await using var db = app.NewContext();
        var code = db.Cases.Single(c => c.Id == caseId).CaseCode;
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, heading, code), result.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Contains(code, result.QuerySelector($"main a[href='/Cases/Details/{caseId}']")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task ScreeningForm_GroupedByDimension_TranslatedAndEveryControlLabelled(string culture)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = await SignedInClientAsync(app, user, culture);
        var keys = ResourceKeys();

        var details = Parser.ParseDocument(await client.GetStringAsync($"/Cases/Details/{caseId}", Token));
        Assert.NotNull(details.QuerySelector($"a[href='/Screening/{caseId}']"));
        var response = await client.GetAsync($"/Screening/{caseId}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync(Token));

        Assert.Equal(culture, document.DocumentElement.GetAttribute("lang"));
        Assert.DoesNotContain(document.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()), keys.Contains);
        // The case records sexual exploitation and age 22 at the start: the adult sexual list, 7 dimensions, 72 indicators.
        var dimensions = document.QuerySelectorAll("fieldset.dimension").ToList();
        Assert.Equal(7, dimensions.Count);
        Assert.Equal(72, document.QuerySelectorAll("fieldset.indicator").Length);
        Assert.All(document.QuerySelectorAll("fieldset"), f => Assert.NotNull(f.QuerySelector("legend")));
        Assert.Equal(4, document.QuerySelectorAll("input[name='Answers[DR01]']").Length);
        Assert.Contains(culture == "de" ? "nicht verifiziert" : "unverified", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
        {
            Assert.True(control.Id is not null && document.QuerySelector($"label[for='{control.Id}']") is not null, $"control {control.GetAttribute("name")} has no label");
        }
        Assert.NotNull(document.QuerySelector("main")!.QuerySelectorAll("form").OfType<IHtmlFormElement>().Single(f => f.Method == "post").QuerySelector("input[name='__RequestVerificationToken']"));
    }

    [Fact]
    public async Task Screen_ThroughTheForm_ShowsTheExplainedRecommendationInGermanAndHistory()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = await SignedInClientAsync(app, user, "de");
        var fields = new Dictionary<string, string> { ["Form"] = "forced-labour", ["Child"] = "false", ["Notes[CD02]"] = "Synthetische Notiz" };
        foreach (var code in new[] { "DR01", "DR02", "EX01", "EX02", "CD01", "CD02" })
        {
            fields[$"Answers[{code}]"] = "yes";
        }
        fields["Answers[VD01]"] = "no";

        var posted = await PostFormAsync(client, $"/Screening/{caseId}", fields);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var result = Parser.ParseDocument(await client.GetStringAsync(posted.Headers.Location!.OriginalString, Token));
        var main = result.QuerySelector("main")!.TextContent;
        await AssertNamesTheCaseAsync(app, result, caseId, "Ergebnis des Screenings für Fall {0}");
        Assert.Equal("Als mutmaßliches Opfer an den nationalen Verweisungsmechanismus verweisen", result.QuerySelector(".recommendation")!.TextContent.Trim());
        Assert.Contains("nicht verifiziert", result.QuerySelector(".unverified")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Kombinationsregel für Erwachsene: (D1 or D2 or D3) and D4 and (D5 or D6); Ergebnis: positiv.", main, StringComparison.Ordinal);
        // Notes are case-file content: sealed until the identity is revealed, like the narrative.
        Assert.DoesNotContain("Synthetische Notiz", main, StringComparison.Ordinal);
        Assert.NotNull(result.QuerySelector("p.sealed"));
        var revealed = await PostFormAsync(client, $"/Cases/Details/{caseId}?handler=Reveal", new() { ["RevealReason"] = "page test" });
        Assert.True(revealed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, revealed.StatusCode.ToString());
        var open = Parser.ParseDocument(await client.GetStringAsync(posted.Headers.Location!.OriginalString, Token));
        Assert.Contains("Synthetische Notiz", open.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(open.QuerySelector("p.sealed"));
        var history = Parser.ParseDocument(await client.GetStringAsync($"/Screening/{caseId}", Token));
        Assert.Single(history.QuerySelectorAll("table tbody tr a"));
    }

    [Theory]
    [InlineData("en", "Screening instruments", "unverified (secondary source only)")]
    [InlineData("de", "Screening-Instrumente", "nicht verifiziert (nur Sekundärquelle)")]
    public async Task InstrumentsPage_ListsMarksInstallErrorsAndImpact(string culture, string title, string mark)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var admin = await app.AddUserAsync("instrument-admin", "Ministry", Roles.Administrator);
        var worker = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, worker.OrganisationId);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var answers = new[] { "DR01", "EX01", "CD01" }.ToDictionary(c => c, _ => new global::Ariadne.Analytics.Screening.IndicatorAnswer(global::Ariadne.Analytics.Screening.Answer.Yes));
            var screened = await scope.ServiceProvider.GetRequiredService<global::Ariadne.Core.Screening.ScreeningService>()
                .CreateAsync(caseId, new global::Ariadne.Core.Screening.ScreeningInput(null, "forced-labour", null, null, false, answers), CaseViewer.LocalOperator, Token);
            Assert.True(screened.Succeeded, screened.ToString());
        }
        var client = await SignedInClientAsync(app, admin, culture);
        var keys = ResourceKeys();

        var page = Parser.ParseDocument(await client.GetStringAsync("/Screening/Instruments", Token));
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(page.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()), keys.Contains);
        Assert.Contains("adult-labour: " + mark, page.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
        foreach (var control in page.QuerySelectorAll("main input, main select").Where(c => c.GetAttribute("type") != "hidden"))
        {
            Assert.NotNull(page.QuerySelector($"label[for='{control.Id}']"));
        }

        var national = System.Text.Json.Nodes.JsonNode.Parse(global::Ariadne.Core.Screening.ShippedInstruments.Json("ilo-ec-operational-indicators@1.0")!)!.AsObject();
        national["id"] = "national";
        national["version"] = "2026.1";
        national["rules"]!["combination"]!["adult"]!["expression"] = "D1 and D9";
        var invalid = await PostFileAsync(client, "Install", "InstrumentFile", national.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidPage = Parser.ParseDocument(await invalid.Content.ReadAsStringAsync(Token));
        Assert.Contains("rules.combination.adult.expression:", invalidPage.QuerySelector("#InstrumentFile-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(invalidPage.QuerySelector(".error-summary a[href='#InstrumentFile']"));

        national["rules"]!["combination"]!["adult"]!["expression"] = "(D1 or D2 or D3) and D4 and (D5 or D6)";
        national["rules"]!["dimension"]!["expression"] = "strong >= 1 or medium >= 2";
        var impact = await PostFileAsync(client, "Impact", "CandidateFile", national.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, impact.StatusCode);
        var impactPage = Parser.ParseDocument(await impact.Content.ReadAsStringAsync(Token));
        Assert.Equal(culture == "en" ? "1 stored screenings re-scored; 1 would change their recommendation." : "1 gespeicherte Screenings neu bewertet; bei 1 würde sich die Empfehlung ändern.",
            impactPage.QuerySelector("#impact-summary")!.TextContent.Trim());
        Assert.Single(impactPage.QuerySelectorAll("tr.changed"));

        var installed = await PostFileAsync(client, "Install", "InstrumentFile", national.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        Assert.Contains("national@2026.1", Parser.ParseDocument(await installed.Content.ReadAsStringAsync(Token)).QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Posts one JSON file to a handler of the instruments page, with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string handler, string field, string json)
    {
        var page = Parser.ParseDocument(await client.GetStringAsync("/Screening/Instruments", Token));
        var token = page.QuerySelector("main form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)), field, "instrument.json" },
        };
        return await client.PostAsync($"/Screening/Instruments?handler={handler}", content, Token);
    }

    [Theory]
    [InlineData("en", "from the case", "answered")]
    [InlineData("de", "Fallakte", "beantwortet")]
    public async Task ScreeningForm_PrefilledFromTheCase_WithProgressPerDimension_AndEveryFormOfTheInstrument(string culture, string prefilled, string progress)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        // The case records debt bondage and withheld documents, and recruitment by abduction.
        var caseId = await CreateCaseAsync(app, user.OrganisationId, Cases.CaseApiTests.ValidInput() with { RecruitmentMethod = "abduction" });
        var client = await SignedInClientAsync(app, user, culture);

        var page = Parser.ParseDocument(await client.GetStringAsync($"/Screening/{caseId}", Token));

        foreach (var code in new[] { "AC01", "CR02", "CD01", "CD02" })
        {
            Assert.True(page.QuerySelector($"#answer-{code}-yes")!.HasAttribute("checked"), code);
            Assert.Contains(prefilled, page.QuerySelector($"#answer-{code}-yes")!.Closest("fieldset")!.QuerySelector(".prefilled")!.TextContent, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(page.QuerySelector("#answer-DR01-not-asked")!.HasAttribute("checked"));
        // Progress per dimension: the act has one of its five answered, coercion at destination two.
        Assert.Equal("1", page.QuerySelector("#dimension-A progress")!.GetAttribute("value"));
        Assert.Equal("2", page.QuerySelector("#dimension-D5 progress")!.GetAttribute("value"));
        Assert.Contains(progress, page.QuerySelector("#progress-D5")!.TextContent, StringComparison.Ordinal);
        // Every form the instrument has a list for is offered.
        var instrumentForms = Ariadne.Core.Screening.InstrumentCatalogue.FindShipped(Ariadne.Core.Screening.ShippedInstruments.DefaultId)!.Instrument.Lists.Select(l => l.Form).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(instrumentForms, page.QuerySelectorAll("#Form option").Select(o => o.GetAttribute("value")!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("en", "nothing-answered", "at least one indicator")]
    [InlineData("de", "nothing-answered", "mindestens einen Indikator")]
    [InlineData("en", "note-too-long", "1001 characters; at most 1000")]
    [InlineData("de", "note-too-long", "1001 Zeichen; höchstens 1000")]
    public async Task Screen_InvalidSubmission_RefusedWithTheLocalisedMessage_NothingSaved(string culture, string submission, string words)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId, Cases.CaseApiTests.ValidInput() with { MeansOfControl = [] });
        var client = await SignedInClientAsync(app, user, culture);
        var fields = new Dictionary<string, string> { ["Form"] = "forced-labour", ["Child"] = "false" };
        if (submission == "nothing-answered")
        {
            fields["Answers[DR01]"] = "not-asked";
            fields["Answers[EX01]"] = "not-asked";
        }
        else
        {
            fields["Answers[DR01]"] = "yes";
            fields["Notes[DR01]"] = new string('n', 1001);
        }

        var posted = await PostFormAsync(client, $"/Screening/{caseId}", fields);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var page = Parser.ParseDocument(await posted.Content.ReadAsStringAsync(Token));
        Assert.Contains(words, page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        if (submission == "nothing-answered")
        {
            Assert.NotNull(page.QuerySelector(".error-summary a[href='#Answers']"));
            Assert.NotNull(page.QuerySelector("#Answers"));
        }
        await using var db = app.NewContext();
        Assert.Equal(0, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Ariadne.Core.Screening.ScreeningRecord>(), Token));
    }

    [Fact]
    public async Task Result_PlainWordsForCaseWorkers_RuleTextOnlyOnRequest()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("screen-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = await SignedInClientAsync(app, user, "en");
        var fields = new Dictionary<string, string> { ["Form"] = "forced-labour", ["Child"] = "false", ["Answers[DR01]"] = "yes" };

        var posted = await PostFormAsync(client, $"/Screening/{caseId}", fields);

        var result = Parser.ParseDocument(await client.GetStringAsync(posted.Headers.Location!.OriginalString, Token));
        await AssertNamesTheCaseAsync(app, result, caseId, "Screening result for case {0}");
        var plain = result.QuerySelector("ul.plain-explanation")!.TextContent;
        Assert.DoesNotContain(" or ", plain, StringComparison.Ordinal);
        Assert.Contains("sign", plain, StringComparison.Ordinal);
        // The rule syntax is inside a closed <details> element only.
        var rules = result.QuerySelector("details.rules")!;
        Assert.False(rules.HasAttribute("open"));
        Assert.Contains("(D1 or D2 or D3)", rules.TextContent, StringComparison.Ordinal);
        Assert.All(result.QuerySelectorAll("ul.explanation"), u => Assert.NotNull(u.Closest("details")));
    }

    [Fact]
    public async Task Screening_CaseOfAnotherOrganisation_404()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var owner = await app.AddUserAsync("owner", "NGO A", Roles.CaseWorker);
        var stranger = await app.AddUserAsync("stranger", "NGO B", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, owner.OrganisationId);
        var client = await SignedInClientAsync(app, stranger, "en");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Screening/{caseId}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Screening/Result/{caseId}/{Guid.NewGuid()}", Token)).StatusCode);
    }
}
