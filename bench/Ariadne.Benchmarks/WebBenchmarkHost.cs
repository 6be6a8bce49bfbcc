using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Web;
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
/// The shared set-up of the request-path benchmarks (<see cref="StatisticsRequestBenchmark"/>, <see cref="StartPageBenchmark"/>):
/// a copy of the cached import of the 100,000 demo cases, the real web application on a loopback port
/// (<c>Security:RequireTwoFactor=false</c>, rate limits raised), one user per asked-for role in the organisation that holds
/// the cases with a bearer-token client each (its own cookie jar, English UI), and an open connection for the peer: the
/// plain SQL <c>GROUP BY</c> sex, year that both benchmarks time as their baseline.
/// </summary>
internal sealed class WebBenchmarkHost : IAsyncDisposable
{
    public const int Cases = 100_000;
    private const string Password = "web-benchmark-pass-1";

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    private WebBenchmarkHost(DatabaseOptions database, WebApplication app, SqliteConnection sql)
    {
        Database = database;
        App = app;
        Sql = sql;
    }

    public DatabaseOptions Database { get; }

    public WebApplication App { get; }

    /// <summary>An open connection to the same file, for the peer.</summary>
    public SqliteConnection Sql { get; }

    /// <summary>The bearer-token client of the user with <paramref name="role"/>.</summary>
    public HttpClient Client(string role) => _clients[role];

    /// <summary>Starts the application over a fresh copy of the imported cases, with one user per role of <paramref name="roles"/>.</summary>
    public static async Task<WebBenchmarkHost> StartAsync(string name, IReadOnlyList<string> roles)
    {
        var keys = "bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, MasterKeyRing.KeySize).ToArray());
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, keys);
        var database = BenchmarkData.CopyOfImportedSqlite(Cases, name);
        Guid organisation;
        using (var db = DataServiceCollectionExtensions.CreateContext(database))
        {
            organisation = await db.Cases.Select(c => c.OrganisationId).FirstAsync();
        }
        var app = AriadneWebApp.Build([], database, builder =>
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
        await app.StartAsync();
        var sql = new SqliteConnection(database.ConnectionString);
        await sql.OpenAsync();
        var host = new WebBenchmarkHost(database, app, sql);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        foreach (var role in roles)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AccountBootstrap>()
                    .AddUserAsync("bench-" + role, Password, organisation, [role], mustChangePassword: false, CancellationToken.None);
            }
            // A cookie jar per user, for the antiforgery cookie of a form.
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
            var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "bench-" + role, password = Password });
            token.EnsureSuccessStatusCode();
            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c=en|uic=en");
            host._clients[role] = client;
        }
        return host;
    }

    /// <summary>The peer: <c>SELECT "Sex", strftime('%Y', "IdentificationDate"), COUNT(*) FROM "Cases" GROUP BY 1, 2</c>; the number of groups.</summary>
    public async Task<int> GroupByAsync()
    {
        await using var command = Sql.CreateCommand();
        command.CommandText = "SELECT \"Sex\", strftime('%Y', \"IdentificationDate\"), COUNT(*) FROM \"Cases\" GROUP BY 1, 2";
        await using var reader = await command.ExecuteReaderAsync();
        var groups = 0;
        while (await reader.ReadAsync())
        {
            groups += reader.GetInt32(2) > 0 ? 1 : 0;
        }
        return groups;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        await Sql.DisposeAsync();
        await App.StopAsync();
        await App.DisposeAsync();
        BenchmarkData.DeleteSqlite(Database);
    }
}
