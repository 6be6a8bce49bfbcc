using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Ariadne.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Audit;

/// <summary>The auditor's page, and what the web sign-in and sign-out write to the log (issue #3).</summary>
public sealed class AuditPageTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task AuditPage_Auditor_RendersTranslatedAndLabelled(string culture)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var signedIn = await app.AddUserAsync("page-auditor", "Synthetic Oversight", Roles.Auditor);
        var client = await PageRenderingTests.SignedInClientAsync(app, signedIn, culture);
        var keys = PageRenderingTests.ResourceKeys();

        foreach (var path in new[] { "/Audit", "/Audit?action=sign-in&outcome=success&from=2026-06-01&to=2026-06-30&actor=page&pageSize=1", "/Audit?from=not-a-date" })
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            var document = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            Assert.Equal(culture, document.DocumentElement.GetAttribute("lang"));
            var untranslated = document.Body!.GetDescendants().OfType<IText>().Select(t => t.Text.Trim()).Where(keys.Contains).ToList();
            Assert.True(untranslated.Count == 0, $"{path} shows resource keys: {string.Join(", ", untranslated)}");
            foreach (var control in document.QuerySelectorAll("input, select, textarea").Where(c => c.GetAttribute("type") is not ("hidden" or "submit")))
            {
                var labelled = (control.Id is not null && document.QuerySelector($"label[for='{control.Id}']") is not null) || control.HasAttribute("aria-label");
                Assert.True(labelled, $"{path}: control {control.GetAttribute("name")} has no label");
            }
            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>().Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
            }
            Assert.NotNull(document.QuerySelector("nav a[href='/Audit']"));
        }
        var filtered = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Audit?action=sign-in", TestContext.Current.CancellationToken));
        Assert.Contains("page-auditor", filtered.QuerySelector("table.audit tbody")!.TextContent, StringComparison.Ordinal);
        var invalid = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Audit?from=not-a-date", TestContext.Current.CancellationToken));
        Assert.NotNull(invalid.QuerySelector(".error-summary[role=alert]"));
    }

    [Fact]
    public async Task AuditPage_VerifyButton_ShowsTheChainIntact()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var signedIn = await app.AddUserAsync("page-auditor", "Synthetic Oversight", Roles.Auditor);
        var client = await PageRenderingTests.SignedInClientAsync(app, signedIn, "en");

        var response = await PageRenderingTests.PostFormAsync(client, "/Audit?handler=Verify", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = PageRenderingTests.Parser.ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("chain intact", document.QuerySelector(".verification")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_VerifyWithoutAntiforgeryToken_Rejected()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var signedIn = await app.AddUserAsync("page-auditor", "Synthetic Oversight", Roles.Auditor);
        var client = await PageRenderingTests.SignedInClientAsync(app, signedIn, "en");

        var response = await client.PostAsync("/Audit?handler=Verify", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.CaseWorker)]
    [InlineData(Roles.Administrator)]
    public async Task AuditPage_NotAnAuditor_AccessDenied(string role)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var signedIn = await app.AddUserAsync("page-user", "Synthetic NGO", role);
        var client = await PageRenderingTests.SignedInClientAsync(app, signedIn, "en");

        var response = await client.GetAsync("/Audit", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WebSignInFailureAndSignOut_Audited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var user = await app.AddUserAsync("page-worker", "Synthetic NGO", Roles.CaseWorker);
        var anonymous = PageRenderingTests.NewClient(app);
        await PageRenderingTests.PostFormAsync(anonymous, "/Account/Login", new() { ["Input.UserName"] = "page-worker", ["Input.Password"] = "not-the-password" });
        await PageRenderingTests.PostFormAsync(anonymous, "/Account/Login", new() { ["Input.UserName"] = "nobody-by-this-name", ["Input.Password"] = "not-the-password" });
        var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");
        var page = PageRenderingTests.Parser.ParseDocument(await client.GetStringAsync("/Cases", TestContext.Current.CancellationToken));
        var token = page.QuerySelector("form[action='/Account/Logout'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var signOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await using var db = app.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == "session").OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            [
                (AuditActions.SignInFailed, "page-worker", AuditOutcomes.Failed, (Guid?)user.Id),
                (AuditActions.SignInFailed, "nobody-by-this-name", AuditOutcomes.Failed, null),
                (AuditActions.SignIn, "page-worker", AuditOutcomes.Success, user.Id),
                (AuditActions.SignOut, "page-worker", AuditOutcomes.Success, user.Id),
            ],
            entries.Select(e => (e.Action, e.ActorName, e.Outcome, e.ActorUserId)));
        Assert.All(entries, e => Assert.Contains("\"channel\":\"web\"", e.Details, StringComparison.Ordinal));
    }
}
