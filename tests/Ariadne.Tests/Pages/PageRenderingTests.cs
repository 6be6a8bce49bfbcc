using System.Net;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Pages;

/// <summary>Every page, signed in, in both languages: it renders, is translated, and labels every control.</summary>
public sealed class PageRenderingTests
{
    internal static readonly HtmlParser Parser = new();

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task CasePages_SignedInCaseWorker_RenderTranslatedAndLabelled(string culture)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("page-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = await SignedInClientAsync(app, user, culture);
        var keys = ResourceKeys();

        foreach (var path in new[] { "/Cases", "/Cases?sex=female&sort=caseCode&desc=false", "/Cases/Create", "/Cases/FindPerson", "/Cases/MyTasks", $"/Cases/Work/{caseId}", $"/Cases/Details/{caseId}", $"/Cases/Edit/{caseId}", $"/Cases/Consents/{caseId}", $"/Cases/Erase/{caseId}", "/Account/ChangePassword", "/Account/TwoFactor", "/Account/Tokens" })
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            Assert.Equal(culture, document.DocumentElement.GetAttribute("lang"));
            var untranslated = document.Body!.GetDescendants().OfType<IText>()
                .Select(t => t.Text.Trim())
                .Where(keys.Contains)
                .ToList();
            Assert.True(untranslated.Count == 0, $"{path} shows resource keys: {string.Join(", ", untranslated)}");
            foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
            {
                var id = control.Id;
                var labelled = (id is not null && document.QuerySelector($"label[for='{id}']") is not null)
                    || control.HasAttribute("aria-label") || control.HasAttribute("aria-labelledby")
                    || control.Closest("label") is not null;
                Assert.True(labelled, $"{path}: control {control.GetAttribute("name")} has no label");
            }
            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>().Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
            }
        }
    }

    [Fact]
    public async Task ConsentPage_RecordThenWithdraw_ListedWithDates()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("consent-worker", "Synthetic NGO", Roles.CaseWorker);
        var caseId = await CreateCaseAsync(app, user.OrganisationId);
        var client = await SignedInClientAsync(app, user, "de");
        var path = $"/Cases/Consents/{caseId}";

        var invalid = await PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "Referral", ["Input.GivenOn"] = "2026-06-01", ["Input.Method"] = "Oral" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var invalidPage = Parser.ParseDocument(await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(invalidPage.QuerySelector("#Input_RecipientOrganisationId-error"));

        var recorded = await PostFormAsync(client, path + "?handler=Record", new() { ["Input.Purpose"] = "Contact", ["Input.GivenOn"] = "2026-06-01", ["Input.Method"] = "Written" });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var page = Parser.ParseDocument(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains("Kontaktaufnahme", page.QuerySelector("table tbody")!.TextContent, StringComparison.Ordinal);

        var withdrawForm = page.QuerySelector("form[action*='handler=Withdraw']")!.GetAttribute("action")!;
        var withdrawn = await PostFormAsync(client, path, new(), withdrawForm);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var after = Parser.ParseDocument(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
        Assert.Null(after.QuerySelector("form[action*='handler=Withdraw']"));
    }

    [Fact]
    public async Task CaseList_Analyst_AccessDenied()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var analyst = await app.AddUserAsync("page-analyst", "Statistics Office", Roles.Analyst);
        var client = await SignedInClientAsync(app, analyst, "en");

        var response = await client.GetAsync("/Cases", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnTheFormWithAnError()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await app.AddUserAsync("page-worker", "Synthetic NGO", Roles.CaseWorker);
        var client = NewClient(app);

        var response = await PostFormAsync(client, "/Account/Login", new() { ["Input.UserName"] = "page-worker", ["Input.Password"] = "not-the-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(document.QuerySelector("[role=alert]"));
        Assert.Equal("page-worker", document.QuerySelector("#Input_UserName")?.GetAttribute("value"));
    }

    private static async Task<Guid> CreateCaseAsync(TestApp app, Guid organisationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CaseService>()
            .CreateAsync(Cases.CaseApiTests.ValidInput(), organisationId, CaseViewer.LocalOperator, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Id;
    }

    internal static HttpClient NewClient(TestApp app)
    {
        var server = app.App.GetTestServer();
        return new HttpClient(new CookieContainerHandler { InnerHandler = server.CreateHandler() }) { BaseAddress = server.BaseAddress };
    }

    /// <summary>Signs in through the pages; with a key, answers the authenticator-code step as the user's phone would.</summary>
    internal static async Task<HttpClient> SignedInClientAsync(TestApp app, string userName, string culture, string? twoFactorKey = null)
    {
        var client = NewClient(app);
        client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
        var response = await PostFormAsync(client, "/Account/Login", new() { ["Input.UserName"] = userName, ["Input.Password"] = TestApp.Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in failed: {response.StatusCode}");
        if (response.Headers.Location?.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal) == true)
        {
            Assert.NotNull(twoFactorKey);
            response = await PostFormAsync(client, response.Headers.Location.OriginalString, new() { ["Code"] = app.TotpCode(twoFactorKey) });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"second factor failed: {response.StatusCode}");
        }
        return client;
    }

    internal static async Task<HttpClient> SignedInClientAsync(TestApp app, TestApp.TestUser user, string culture) =>
        await SignedInClientAsync(app, user.UserName, culture, user.AuthenticatorKey);

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields with it.</summary>
    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? postTo = null)
    {
        var formPage = path.Split('?')[0];
        var page = Parser.ParseDocument(await client.GetStringAsync(formPage, TestContext.Current.CancellationToken));
        var token = page.QuerySelector("main form input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{path} has no antiforgery token.");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(postTo ?? path, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    internal static HashSet<string> ResourceKeys()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ariadne.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        }
        var resx = XDocument.Load(Path.Combine(root, "src", "Ariadne", "Resources", "Localization", "SharedResource.resx"));
        return resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
    }
}
