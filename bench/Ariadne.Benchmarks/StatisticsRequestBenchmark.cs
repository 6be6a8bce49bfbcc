using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Cases;
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
/// The statistics path as users meet it, over 100,000 demo cases in SQLite, through the real web application on a
/// loopback port (authentication, the release log, the audit entry, serialisation): <c>GET /api/v1/statistics/tables</c>
/// for a two-dimension table (sex × year) and the statistics page for a two-dimension table (citizenship × country of
/// exploitation, with its map). Peer (baseline): a plain SQL <c>GROUP BY</c> of the same sex × year counts on the same
/// database, in the same run. Targets (issue 15): the API within 2× of the <c>GROUP BY</c>; the page ≤ 500 ms and
/// ≤ 300 KB of HTML (the sizes are printed in the set-up).
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class StatisticsRequestBenchmark
{
    private const int Cases = 100_000;
    private const string Password = "statistics-benchmark-pass-1";

    private DatabaseOptions? _database;
    private WebApplication? _app;
    private HttpClient? _client;
    private SqliteConnection? _sql;
    private string? _nextPage;

    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        var keys = "bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, MasterKeyRing.KeySize).ToArray());
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable, keys);
        _database = BenchmarkData.CopyOfImportedSqlite(Cases, "statistics");
        Guid organisation;
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            organisation = await db.Cases.Select(c => c.OrganisationId).FirstAsync();
        }
        _app = AriadneWebApp.Build([], _database, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:ApiPerMinute"] = "1000000", ["Logging:LogLevel:Default"] = "Warning", ["Security:RequireTwoFactor"] = "false" });
        });
        await _app.StartAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountBootstrap>()
                .AddUserAsync("bench-analyst", Password, organisation, [Roles.Analyst], mustChangePassword: false, CancellationToken.None);
        }
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
        var token = await _client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "bench-analyst", password = Password });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        _sql = new SqliteConnection(_database.ConnectionString);
        await _sql.OpenAsync();

        var api = await ApiTable();
        var page = await Page();
        var html = await _client.GetStringAsync("/Statistics?dimensions=citizenship&dimensions=countryOfExploitation");
        var next = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/Statistics\\?[^\"]*page=2[^\"]*)\" rel=\"next\"");
        _nextPage = next.Success ? System.Net.WebUtility.HtmlDecode(next.Groups[1].Value) : null;
        var second = _nextPage is null ? 0 : await NextPage();
        Console.WriteLine($"// API sex × year: {api:N0} bytes; page citizenship × country of exploitation: {page:N0} bytes of HTML, its page 2: {second:N0} bytes ({_nextPage}); GROUP BY: {await GroupBy()} groups");
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _client?.Dispose();
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

    [Benchmark(Description = "GET /api/v1/statistics/tables sex × year")]
    public async Task<int> ApiTable()
    {
        var response = await _client!.GetAsync("/api/v1/statistics/tables?dimensions=sex,year");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "CaseStatistics.LoadAsync sex, year (Core grouped read only, no HTTP)")]
    public async Task<int> CoreGroupedRead()
    {
        using var db = DataServiceCollectionExtensions.CreateContext(_database!);
        var (records, _) = await Ariadne.Core.Statistics.CaseStatistics.LoadAsync(db, Ariadne.Core.CodeLists.CodeListRegistry.Default, CancellationToken.None, ["sex", "year"]);
        return records.Count;
    }

    [Benchmark(Description = "GET /Statistics citizenship × country, page 2 of the rows (pager link: the release delivered again)")]
    public async Task<int> NextPage()
    {
        var response = await _client!.GetAsync(_nextPage ?? throw new InvalidOperationException("The page has no pager."));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "GET /Statistics citizenship × country (page, map)")]
    public async Task<int> Page()
    {
        var response = await _client!.GetAsync("/Statistics?dimensions=citizenship&dimensions=countryOfExploitation");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
