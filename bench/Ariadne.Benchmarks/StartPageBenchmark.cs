using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.DemoData;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Web;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Benchmarks;

/// <summary>
/// The pages users meet first, over 100,000 demo cases in SQLite, through the real web application on a loopback port:
/// each role's start page (<c>GET /</c>, target ≤ 200 ms) and the case list of a person search (<c>POST
/// /Cases/FindPerson</c>: family name, given name and date of birth through the blind index, target ≤ 100 ms). Peer
/// (baseline): the plain SQL <c>GROUP BY</c> sex, year of <see cref="StatisticsRequestBenchmark"/> on the same file in the
/// same run, so that a loaded machine shows as a ratio.
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class StartPageBenchmark
{
    private const int Cases = 100_000;
    private const string Password = "start-page-benchmark-pass-1";

    private static readonly string[] BenchRoles =
        [Roles.CaseWorker, Roles.Coordinator, Roles.CompetentAuthority, Roles.SupportProvider, Roles.Analyst, Roles.Auditor, Roles.Administrator];

    private DatabaseOptions? _database;
    private WebApplication? _app;
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private SqliteConnection? _sql;
    private Dictionary<string, string>? _searchFields;

    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        var keys = "bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, MasterKeyRing.KeySize).ToArray());
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, keys);
        _database = BenchmarkData.CopyOfImportedSqlite(Cases, "start");
        Guid organisation;
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            organisation = await db.Cases.Select(c => c.OrganisationId).FirstAsync();
        }
        _app = AriadneWebApp.Build([], _database, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RateLimits:ApiPerMinute"] = "1000000",
                ["RateLimits:PersonLookupPerMinute"] = "1000000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Security:RequireTwoFactor"] = "false",
            });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        foreach (var role in BenchRoles)
        {
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AccountBootstrap>()
                    .AddUserAsync("bench-" + role, Password, organisation, [role], mustChangePassword: false, CancellationToken.None);
            }
            // A cookie jar per user, for the antiforgery cookie of the person search form.
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
            var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "bench-" + role, password = Password });
            token.EnsureSuccessStatusCode();
            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c=en|uic=en");
            _clients[role] = client;
        }
        _sql = new SqliteConnection(_database.ConnectionString);
        await _sql.OpenAsync();

        // A person of the data set with a full date of birth: the same generator, seed and day as the imported file.
        var person = new DemoCaseGenerator(BenchmarkData.Seed, DateOnly.FromDateTime(BenchmarkData.Now.UtcDateTime), CodeListRegistry.Default)
            .Generate(Cases).Skip(Cases / 2).First(c => c.FamilyName is not null && c.GivenName is not null && c.DateOfBirth is not null);
        var form = await _clients[Roles.CaseWorker].GetStringAsync("/Cases/FindPerson");
        var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!antiforgery.Success)
        {
            antiforgery = Regex.Match(form, "value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"");
        }
        _searchFields = new Dictionary<string, string>
        {
            ["FamilyName"] = person.FamilyName!,
            ["GivenName"] = person.GivenName!,
            ["DateOfBirth"] = person.DateOfBirth!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        };
        var found = await PostSearchAsync();
        var rows = Regex.Matches(found, "<tr").Count;
        Console.WriteLine($"// person search: {found.Length:N0} bytes, {rows} table rows (header included)");
        foreach (var role in BenchRoles)
        {
            var response = await _clients[role].GetAsync("/");
            Console.WriteLine($"// start page {role}: {(int)response.StatusCode}, {(await response.Content.ReadAsByteArrayAsync()).Length:N0} bytes");
            response.EnsureSuccessStatusCode();
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        _sql?.Dispose();
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchmarkData.DeleteSqlite(_database);
    }

    [Benchmark(Baseline = true, Description = "Plain SQL GROUP BY sex, year (peer)")]
    public async Task<int> GroupBy()
    {
        await using var command = _sql!.CreateCommand();
        command.CommandText = "SELECT \"Sex\", strftime('%Y', \"IdentificationDate\"), COUNT(*) FROM \"Cases\" GROUP BY 1, 2";
        await using var reader = await command.ExecuteReaderAsync();
        var groups = 0;
        while (await reader.ReadAsync())
        {
            groups += reader.GetInt32(2) > 0 ? 1 : 0;
        }
        return groups;
    }

    [Benchmark(Description = "POST /Cases/FindPerson name + date of birth (case worker)")]
    public async Task<int> PersonSearch() => (await PostSearchAsync()).Length;

    private async Task<string> PostSearchAsync()
    {
        using var content = new FormUrlEncodedContent(_searchFields!);
        var response = await _clients[Roles.CaseWorker].PostAsync("/Cases/FindPerson", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Person search: {(int)response.StatusCode}");
        }
        return body;
    }

    [Benchmark(Description = "GET / case worker")]
    public Task<int> StartCaseWorker() => StartAsync(Roles.CaseWorker);

    [Benchmark(Description = "GET / coordinator")]
    public Task<int> StartCoordinator() => StartAsync(Roles.Coordinator);

    [Benchmark(Description = "GET / competent authority")]
    public Task<int> StartCompetentAuthority() => StartAsync(Roles.CompetentAuthority);

    [Benchmark(Description = "GET / support provider")]
    public Task<int> StartSupportProvider() => StartAsync(Roles.SupportProvider);

    [Benchmark(Description = "GET / analyst")]
    public Task<int> StartAnalyst() => StartAsync(Roles.Analyst);

    [Benchmark(Description = "GET / auditor")]
    public Task<int> StartAuditor() => StartAsync(Roles.Auditor);

    [Benchmark(Description = "GET / administrator")]
    public Task<int> StartAdministrator() => StartAsync(Roles.Administrator);

    private async Task<int> StartAsync(string role)
    {
        var response = await _clients[role].GetAsync("/");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
