using System.Net;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Cases;

/// <summary>Issue 15, the smaller points on the case pages.</summary>
public sealed class CasePagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Details_EraseIsADangerButtonApartFromEdit_RevealSaysUntilWhen(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput());
        // Revealing gives the grant whose end the page must state (15 minutes after TestApp.Now, 10:00 UTC).
        var revealed = await PageRenderingTests.PostFormAsync(client, $"/Cases/Details/{caseId}?handler=Reveal", new() { ["RevealReason"] = "page test" });
        Assert.Equal(HttpStatusCode.Redirect, revealed.StatusCode);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Cases/Details/{caseId}", ct));

        var erase = page.QuerySelector("#erase-link")!;
        Assert.Contains("danger", erase.ClassList);
        Assert.Null(erase.Closest(".page-actions"));
        Assert.NotNull(erase.Closest(".danger-zone"));
        Assert.Null(page.QuerySelector(".page-actions a[href*='/Cases/Erase/']"));
        Assert.Contains("10:15", page.QuerySelector("#revealed-until")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Consent_NoChoicesMade_RefusedWithErrorsNamingTheFieldsAndNothingRecorded(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "de");
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput());
        var path = $"/Cases/Consents/{caseId}";

        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.Equal("", form.QuerySelector("#Input_GivenOn")!.GetAttribute("value") ?? "");
        Assert.Equal("", form.QuerySelector("#Input_Purpose option[selected]")?.GetAttribute("value") ?? "");
        Assert.Equal("", form.QuerySelector("#Input_Method option[selected]")?.GetAttribute("value") ?? "");

        var response = await PageRenderingTests.PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "", ["Input.Method"] = "", ["Input.GivenOn"] = "" });

        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(ct));
        Assert.Contains("Zweck", page.QuerySelector("#Input_Purpose-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Art der Einholung", page.QuerySelector("#Input_Method-error")!.TextContent, StringComparison.Ordinal);
        await using var db = app.NewContext();
        Assert.Equal(0, await db.Set<ConsentRecord>().CountAsync(ct));

        var recorded = await PageRenderingTests.PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "Contact", ["Input.Method"] = "Oral", ["Input.GivenOn"] = "2026-06-01" });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var after = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync(path, ct));
        Assert.Single(after.QuerySelectorAll(".status-message"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateForm_MissingSex_MessageNamesTheField(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");

        var response = await PageRenderingTests.PostFormAsync(client, "/Cases/Create", new()
        {
            ["Input.Status"] = "active",
            ["Input.IdentificationDate"] = "2026-06-01",
            ["Input.DetectingOrganisationType"] = "ngo",
            ["Input.TraffickingStatus"] = "possible",
        });

        var page = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = page.QuerySelector("#Input_Sex-error")!.TextContent;
        Assert.Contains("Sex:", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Citizenship is chosen with up to three single selects (no Ctrl-click list of 250 countries, no script), each
    /// labelled, sorted by the country's name in the page's language; the form posts the same list of ISO codes as before.
    /// </summary>
    [Theory]
    [InlineData("en", "Second citizenship", "Germany")]
    [InlineData("de", "Zweite Staatsangehörigkeit", "Deutschland")]
    public async Task CreateForm_CitizenshipIsThreeLabelledSingleSelectsSortedInThePageLanguage(string culture, string secondLabel, string germany)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, culture);

        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Cases/Create", TestContext.Current.CancellationToken));

        var countries = app.Services.GetRequiredService<CodeListRegistry>()[CodeListIds.Country].Entries.Count;
        Assert.Empty(page.QuerySelectorAll("select[multiple]"));
        var selects = page.QuerySelectorAll("select[name='Input.Citizenships']").ToList();
        Assert.Equal(["Input_Citizenships", "Input_Citizenships_2", "Input_Citizenships_3"], selects.Select(s => s.Id));
        Assert.Equal(secondLabel, page.QuerySelector("label[for='Input_Citizenships_2']")!.TextContent.Trim());
        Assert.NotNull(selects[0].Closest("fieldset")!.QuerySelector("legend"));
        foreach (var select in selects)
        {
            Assert.NotNull(page.QuerySelector($"label[for='{select.Id}']"));
            var options = select.QuerySelectorAll("option").ToList();
            Assert.Equal("", options[0].GetAttribute("value"));
            Assert.Null(select.QuerySelector("option[selected]"));
            var labels = options.Skip(1).Select(o => o.TextContent).ToList();
            Assert.Equal(countries, labels.Count);
            Assert.Contains(germany, labels);
            Assert.Equal(labels.Order(StringComparer.Create(new System.Globalization.CultureInfo(culture), ignoreCase: true)), labels);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAndEdit_CitizenshipSelects_StoreTheListOfCodesAndShowItBack(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("page-worker", "NGO A", Roles.CaseWorker);
        var client = await PageRenderingTests.SignedInClientAsync(app, worker, "en");
        var form = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Cases/Create", ct));
        var token = form.QuerySelector("main form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        // The first and third select chosen, the second left at "not recorded".
        var response = await client.PostAsync("/Cases/Create", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Sex", "female"), new("Input.IdentificationDate", "2026-06-01"),
            new("Input.DetectingOrganisationType", "ngo"), new("Input.TraffickingStatus", "possible"),
            new("Input.Citizenships", "NG"), new("Input.Citizenships", ""), new("Input.Citizenships", "FR"),
        ]), ct);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(ct));
        await using var db = app.NewContext();
        var stored = await db.Cases.Include(c => c.Person).SingleAsync(ct);
        Assert.Equal(["NG", "FR"], stored.Person.Citizenships);
        var edit = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync($"/Cases/Edit/{stored.Id}", ct));
        Assert.Equal(["NG", "FR", ""], edit.QuerySelectorAll("select[name='Input.Citizenships']")
            .Select(s => s.QuerySelector("option[selected]")?.GetAttribute("value") ?? ""));
    }
}
