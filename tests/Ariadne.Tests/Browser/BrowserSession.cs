using System.Text.RegularExpressions;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The browser journeys' shared set-up: Debian's Chromium driven by Playwright (headless, JavaScript off, as some users
/// run it) against a <see cref="TestApp"/> on a real loopback port, with the sign-in and language-switch steps every
/// journey begins with. Each <see cref="NewPageAsync"/> is a fresh browser context, i.e. another user's browser.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Journeys sign in many times within a minute; the sign-in rate limit would refuse them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ManySignIns = new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" };

    private readonly bool _ownsApp;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private BrowserSession(TestApp app, bool ownsApp)
    {
        App = app;
        _ownsApp = ownsApp;
    }

    public TestApp App { get; }

    /// <summary>The first browser's page.</summary>
    public IPage Page { get; private set; } = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A browser on <paramref name="app"/>; the caller disposes the app.</summary>
    public static Task<BrowserSession> StartAsync(TestApp app) => LaunchAsync(app, ownsApp: false);

    /// <summary>
    /// An installation as <c>serve --demo</c> makes it: <paramref name="cases"/> demo cases with seed 42, the demo
    /// organisations, users (<see cref="DemoOrganisations.Users"/>, published passwords, no second factor enforced),
    /// the referral mechanism's demo states, the partner abroad, the GLOTIP figures and the record-linkage demo
    /// (<see cref="DemoLinkageSeeder"/>: the three linkage agencies with their coordinators and cases). The session owns the app.
    /// </summary>
    public static async Task<BrowserSession> StartDemoAsync(int cases = 80)
    {
        var settings = new Dictionary<string, string?>(ManySignIns) { ["Security:RequireTwoFactor"] = "false" };
        var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true, settings: settings);
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedCasesAsync(cases, 42, null, Token);
            }
            return await LaunchAsync(app, ownsApp: true);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A fresh browser context (no cookies): another user's browser; <paramref name="viewport"/> sets its window size
    /// (Playwright's default 1280×720 otherwise), <paramref name="javaScript"/> turns page scripts on for a measurement.
    /// </summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, bool javaScript = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            AcceptDownloads = true,
            ViewportSize = viewport,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new browser with the demo user <paramref name="userName"/> signed in and the language set to <paramref name="culture"/>:
    /// one of <see cref="DemoOrganisations.Users"/> or of the linkage agencies' coordinators (<see cref="DemoLinkageSeeder.Users"/>).
    /// </summary>
    public async Task<IPage> SignInDemoUserAsync(string userName, string culture, ViewportSize? viewport = null, bool javaScript = false)
    {
        var user = DemoOrganisations.Users.Concat(DemoLinkageSeeder.Users).Single(u => u.UserName == userName);
        var page = await NewPageAsync(viewport, javaScript);
        await SignInAsync(page, user.UserName, user.Password);
        await SwitchCultureAsync(page, culture);
        return page;
    }

    /// <summary>
    /// Signs in on the sign-in page; with <paramref name="authenticatorKey"/> it answers the second-factor prompt with
    /// the code the user's authenticator app shows now. Returns once the browser has left the sign-in pages.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password, string? authenticatorKey = null)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_UserName").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("main button[type=submit]").ClickAsync();
        if (authenticatorKey is not null)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa"));
            await page.Locator("#Code").FillAsync(Totp.Code(authenticatorKey, DateTimeOffset.UtcNow));
            await page.Locator("main button[type=submit]").ClickAsync();
        }
        try
        {
            // Polls the address (an assertion retries) instead of waiting for a navigation's load event: a wait for the
            // event timed out once under load although the browser had already arrived on the start page.
            await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"), new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            // A refused sign-in stays on the sign-in page: name the user and what the page said instead of a bare timeout.
            var said = await page.Locator("main").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2_000 });
            throw new TimeoutException($"Sign-in of '{userName}' did not leave {page.Url}; the page says: {said.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>
    /// Options for <c>page.WaitForURLAsync</c> after a click that navigates: returns once the browser has committed to the
    /// new address instead of waiting for the page's load event, which timed out once under CI load although the page
    /// had arrived. What the test does next (a locator, an assertion) waits for the content itself.
    /// </summary>
    public static PageWaitForURLOptions Arrived => new() { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 };

    /// <summary>Presses the language button in the header and waits for the page to come back in that language.</summary>
    public static async Task SwitchCultureAsync(IPage page, string culture)
    {
        await page.Locator($"button[name=culture][value={culture}]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }

    /// <summary>Debian's Chromium; required on CI, skipped locally when it is not installed.</summary>
    public static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("ARIADNE_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (File.Exists(path))
        {
            return path;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"Chromium not found at {path}: browser tests are required on CI. Run ./test.sh.");
        }
        Assert.Skip($"Chromium not found at {path}; run ./test.sh to install it.");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (_ownsApp)
        {
            await App.DisposeAsync();
        }
    }

    private static async Task<BrowserSession> LaunchAsync(TestApp app, bool ownsApp)
    {
        var chromium = ChromiumPath();
        var session = new BrowserSession(app, ownsApp) { _playwright = await Playwright.CreateAsync() };
        session._browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        session.Page = await session.NewPageAsync();
        return session;
    }
}
