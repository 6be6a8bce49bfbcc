using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ariadne.Cli;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Infrastructure;

/// <summary>
/// The whole web application, in-process, on a database of its own. Each test owns one (house style §10):
/// no test sees another's rows. Time is a <see cref="FakeTimeProvider"/> set to <see cref="Now"/>.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);
    public const string Password = "correct-horse-battery-staple";

    private readonly bool _ownsDatabase;

    private TestApp(TestDatabase database, WebApplication app, FakeTimeProvider time, bool ownsDatabase)
    {
        Database = database;
        App = app;
        Time = time;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts the app on the in-memory test server, or on a real loopback port for browser tests.</summary>
    /// <param name="provider">The database provider.</param>
    /// <param name="realServer">Listen on a loopback port instead of the in-memory test server.</param>
    /// <param name="keys">The master keys; <see cref="TestKeys.Default"/> when null.</param>
    /// <param name="settings">Configuration values to set, e.g. <c>RateLimits:SignInPerMinute</c>.</param>
    /// <param name="sharedDatabase">A database another app also uses (a second web node); it outlives this app.</param>
    /// <param name="storedKeyRing">Keep the Data Protection key ring in the database, encrypted, as in production, instead of in memory.</param>
    public static async Task<TestApp> StartAsync(DatabaseProvider provider, bool realServer = false, IKeyEncryptionKeyProvider? keys = null,
        IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? sharedDatabase = null, bool storedKeyRing = false)
    {
        var database = sharedDatabase ?? await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Now);
        var app = AriadneWebApp.Build([], database.Options, builder =>
        {
            if (realServer)
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
            }
            else
            {
                builder.WebHost.UseTestServer();
            }
            // Queued jobs are run by the test itself (RunJobsAsync), never by a timer.
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration,
                new Dictionary<string, string?> { ["Jobs:RunOnThisNode"] = "false" });
            if (settings is not null)
            {
                Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, settings);
            }
            builder.Services.AddSingleton<TimeProvider>(time);
            // Thousands of users are created and signed in across the suite; the production work factor (100,000
            // PBKDF2 rounds) would spend minutes of CI time on hashing alone. The stored hash names its rounds.
            builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            builder.Services.AddSingleton<IKeyEncryptionKeyProvider>(keys ?? TestKeys.Default);
            if (!storedKeyRing)
            {
                builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            }
        });
        await ServeCommand.PrepareAsync(app.Services, demo: false, demoCases: 0, TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(database, app, time, ownsDatabase: sharedDatabase is null);
    }

    /// <summary>The base address of a real-server app (for the browser).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Creates a user in <paramref name="organisation"/> with the given roles, with an authenticator app enrolled.</summary>
    public Task<TestUser> AddUserAsync(string userName, string organisation, params string[] roles) =>
        AddUserAsync(userName, organisation, twoFactor: true, roles);

    /// <summary>Creates a user; with <paramref name="twoFactor"/> an authenticator key is set and two-factor sign-in is on.</summary>
    public async Task<TestUser> AddUserAsync(string userName, string organisation, bool twoFactor, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var bootstrap = scope.ServiceProvider.GetRequiredService<AccountBootstrap>();
        var org = await bootstrap.EnsureOrganisationAsync(organisation, "ngo", null, TestContext.Current.CancellationToken);
        var user = await bootstrap.AddUserAsync(userName, Password, org.Id, roles, mustChangePassword: false, TestContext.Current.CancellationToken);
        string? key = null;
        if (twoFactor)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return new TestUser(user.Id, user.OrganisationId, userName, key);
    }

    /// <summary>
    /// The code the user's authenticator app shows now. Identity's authenticator provider reads the system clock, not
    /// the injected <see cref="TimeProvider"/>, so the phone uses the real time too.
    /// </summary>
    public string TotpCode(string authenticatorKey) => Totp.Code(authenticatorKey, DateTimeOffset.UtcNow);

    /// <summary>An API client signed in (bearer token) as a new user with the given roles.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string organisation, params string[] roles) =>
        await BearerClientAsync(await AddUserAsync(userName, organisation, roles));

    /// <summary>An API client signed in (bearer token, with the second factor when enrolled) as <paramref name="user"/>.</summary>
    public async Task<HttpClient> BearerClientAsync(TestUser user)
    {
        var client = AnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token",
            new { userName = user.UserName, password = Password, twoFactorCode = user.AuthenticatorKey is { } key ? TotpCode(key) : null }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// <summary>Runs every queued background job to its end, as a web node's worker would (the app's own worker is off in tests).</summary>
    /// <returns>How many jobs were run.</returns>
    public async Task<int> RunJobsAsync()
    {
        var runner = Services.GetRequiredService<Ariadne.Core.Jobs.JobRunner>();
        var count = 0;
        while (await runner.RunNextAsync(TestContext.Current.CancellationToken))
        {
            count++;
        }
        return count;
    }

    public HttpClient AnonymousClient() => App.GetTestClient();

    public AppDbContext NewContext() => Database.NewContext();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>A user made by the test, with the authenticator key when two-factor sign-in is on.</summary>
    public sealed record TestUser(Guid Id, Guid OrganisationId, string UserName, string? AuthenticatorKey);

    private sealed record TokenResponse(string AccessToken, int ExpiresIn);
}
