using System.Net;
using AngleSharp.Dom;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Pages;

/// <summary>
/// No dead ends: every role lands on its own start page after signing in, every page its navigation (and its start
/// page) links to opens for it, and "access denied" leads back to the start page instead of to itself.
/// </summary>
public sealed class StartPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// For every role in <see cref="Roles.All"/> (a role added later is covered without a change here): sign in, land on
    /// "/" with the role's section, then GET every link of the header navigation and of the start page: each must answer
    /// 200 — not 403, 404, a redirect to "access denied" or the sign-in page, nor an error.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryRole_SignsInToItsStartPage_AndEveryLinkedPageOpens(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" });
        var failures = new List<string>();
        foreach (var role in Roles.All)
        {
            var user = await app.AddUserAsync("start-" + role.ToLowerInvariant(), role + " Office", role);
            // Signing in without a requested page leads to the start page (directly, or after the second factor).
            var signIn = await PageRenderingTests.PostFormAsync(PageRenderingTests.NewClient(app), "/Account/Login",
                new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = TestApp.Password });
            var landing = signIn.Headers.Location?.OriginalString;
            if (landing != "/" && landing?.StartsWith("/Account/LoginWith2fa?returnUrl=%2F", StringComparison.Ordinal) != true)
            {
                failures.Add($"{role}: sign-in leads to {landing}");
            }
            var client = await PageRenderingTests.SignedInClientAsync(app, user, "en");
            var start = await client.GetAsync("/", Ct);
            if (start.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{role}: / answered {(int)start.StatusCode} {start.Headers.Location}");
                continue;
            }
            var document = PageRenderingTests.Parser.ParseDocument(await start.Content.ReadAsStringAsync(Ct));
            if (document.QuerySelector($"#start-{role.ToLowerInvariant()}") is null && role is Roles.Administrator or Roles.Coordinator or Roles.CaseWorker or Roles.Analyst or Roles.Auditor)
            {
                failures.Add($"{role}: the start page has no section for the role");
            }
            var links = document.QuerySelectorAll("header nav a[href], main a[href]")
                .Select(a => a.GetAttribute("href")!)
                .Where(href => href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            Assert.NotEmpty(links);
            foreach (var href in links)
            {
                if (await OpenAsync(client, href) is { } problem)
                {
                    failures.Add($"{role}: {href} {problem}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// GETs <paramref name="href"/> and follows redirects within the site (the API reference adds a slash), but not to
    /// the sign-in or "access denied" pages; null when a page answers 200, else what went wrong.
    /// </summary>
    private static async Task<string?> OpenAsync(HttpClient client, string href)
    {
        for (var hop = 0; hop < 3; hop++)
        {
            var response = await client.GetAsync(href, Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return null;
            }
            var location = response.Headers.Location?.OriginalString;
            if (response.StatusCode != HttpStatusCode.Redirect || location is null || location.Contains("/Account/", StringComparison.Ordinal))
            {
                return $"answered {(int)response.StatusCode} {location}";
            }
            href = new Uri(new Uri("http://localhost" + href), location).PathAndQuery;
        }
        return "redirects in a loop";
    }

    [Theory]
    [InlineData(Roles.Analyst, "en", true)]
    [InlineData(Roles.Auditor, "de", true)]
    [InlineData(Roles.Administrator, "en", false)]
    public async Task AccessDenied_LinksToTheStartPage_AndNeverTellsAnAdministratorToAskOne(string role, string culture, bool asksAdministrator)
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var user = await app.AddUserAsync("denied-" + role.ToLowerInvariant(), "Some Office", role);
        var client = await PageRenderingTests.SignedInClientAsync(app, user, culture);

        var refused = await client.GetAsync("/Cases", Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var denied = await client.GetAsync(refused.Headers.Location!.OriginalString, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var document = PageRenderingTests.Parser.ParseDocument(await denied.Content.ReadAsStringAsync(Ct));

        var back = document.QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/"], back);
        // The link leads somewhere that opens, not back to "access denied".
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        var text = document.QuerySelector("main")!.TextContent;
        Assert.Equal(asksAdministrator, text.Contains(culture == "de" ? "Administration" : "administrator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartPage_Anonymous_GoesToSignIn()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var response = await PageRenderingTests.NewClient(app).GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
