using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Cases;
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
        Assert.Equal(CaseWriteOutcome.Success, result.Outcome);
        return result.Case!.Id;
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
        Assert.Equal("Als mutmaßliches Opfer an den nationalen Verweisungsmechanismus verweisen", result.QuerySelector(".recommendation")!.TextContent.Trim());
        Assert.Contains("nicht verifiziert", result.QuerySelector(".unverified")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Kombinationsregel für Erwachsene: (D1 or D2 or D3) and D4 and (D5 or D6); Ergebnis: positiv.", main, StringComparison.Ordinal);
        Assert.Contains("Synthetische Notiz", main, StringComparison.Ordinal);
        var history = Parser.ParseDocument(await client.GetStringAsync($"/Screening/{caseId}", Token));
        Assert.Single(history.QuerySelectorAll("table tbody tr a"));
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
