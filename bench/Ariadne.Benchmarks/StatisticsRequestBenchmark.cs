using System.Text.RegularExpressions;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;
using Ariadne.Core.Users;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// The statistics path as users meet it, over 100,000 demo cases in SQLite, through the real web application on a
/// loopback port (authentication, the release log, the audit entry, serialisation; <see cref="WebBenchmarkHost"/>):
/// <c>GET /api/v1/statistics/tables</c> for a two-dimension table (sex × year), the grouped read alone, and the
/// statistics page for the widest two-dimension table (citizenship × country of exploitation, with its map) and its
/// pager link. Peer (baseline): a plain SQL <c>GROUP BY</c> of the same sex × year counts on the same database, in the
/// same run. Targets (issue 15): the API within 2× of the <c>GROUP BY</c>; the page ≤ 500 ms and ≤ 300 KB of HTML (the
/// sizes are printed in the set-up).
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class StatisticsRequestBenchmark
{
    private const string WidePage = "/Statistics?dimensions=citizenship&dimensions=countryOfExploitation";

    private WebBenchmarkHost? _host;
    private string? _nextPage;

    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _host = await WebBenchmarkHost.StartAsync("statistics", [Roles.Analyst]);
        var api = await ApiTable();
        var page = await Page();
        var html = await _host.Client(Roles.Analyst).GetStringAsync(WidePage);
        var next = Regex.Match(html, "href=\"(/Statistics\\?[^\"]*page=2[^\"]*)\" rel=\"next\"");
        _nextPage = next.Success ? System.Net.WebUtility.HtmlDecode(next.Groups[1].Value) : null;
        var second = _nextPage is null ? 0 : await NextPage();
        Console.WriteLine($"// API sex × year: {api:N0} bytes; page citizenship × country of exploitation: {page:N0} bytes of HTML, its page 2: {second:N0} bytes ({_nextPage}); GROUP BY: {await GroupBy()} groups");
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Plain SQL GROUP BY sex, year (peer)")]
    public Task<int> GroupBy() => _host!.GroupByAsync();

    [Benchmark(Description = "GET /api/v1/statistics/tables sex × year")]
    public async Task<int> ApiTable()
    {
        var response = await _host!.Client(Roles.Analyst).GetAsync("/api/v1/statistics/tables?dimensions=sex,year");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "CaseStatistics.LoadAsync sex, year (Core grouped read only, no HTTP)")]
    public async Task<int> CoreGroupedRead()
    {
        using var db = DataServiceCollectionExtensions.CreateContext(_host!.Database);
        var (records, _) = await CaseStatistics.LoadAsync(db, CodeListRegistry.Default, CancellationToken.None, ["sex", "year"]);
        return records.Count;
    }

    [Benchmark(Description = "GET /Statistics citizenship × country, page 2 of the rows (pager link: the release delivered again)")]
    public async Task<int> NextPage()
    {
        var response = await _host!.Client(Roles.Analyst).GetAsync(_nextPage ?? throw new InvalidOperationException("The page has no pager."));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "GET /Statistics citizenship × country (page, map)")]
    public async Task<int> Page()
    {
        var response = await _host!.Client(Roles.Analyst).GetAsync(WidePage);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
