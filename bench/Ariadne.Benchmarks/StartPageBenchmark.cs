using System.Net;
using System.Text.RegularExpressions;
using Ariadne.Core.CodeLists;
using Ariadne.Core.DemoData;
using Ariadne.Core.Users;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// The pages users meet first, over 100,000 demo cases in SQLite, through the real web application on a loopback port
/// (<see cref="WebBenchmarkHost"/>): each role's start page (<c>GET /</c>, target ≤ 200 ms) and the case list of a person
/// search (<c>POST /Cases/FindPerson</c>: family name, given name and date of birth through the blind index, target
/// ≤ 100 ms). Peer (baseline): the plain SQL <c>GROUP BY</c> sex, year of <see cref="StatisticsRequestBenchmark"/> on the
/// same file in the same run, so that a loaded machine shows as a ratio.
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class StartPageBenchmark
{
    private static readonly string[] BenchRoles =
        [Roles.CaseWorker, Roles.Coordinator, Roles.CompetentAuthority, Roles.SupportProvider, Roles.Analyst, Roles.Auditor, Roles.Administrator];

    private WebBenchmarkHost? _host;
    private Dictionary<string, string>? _searchFields;

    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        _host = await WebBenchmarkHost.StartAsync("start", BenchRoles);
        // A person of the data set with a full date of birth: the same generator, seed and day as the imported file.
        var person = new DemoCaseGenerator(BenchmarkData.Seed, DateOnly.FromDateTime(BenchmarkData.Now.UtcDateTime), CodeListRegistry.Default)
            .Generate(WebBenchmarkHost.Cases).Skip(WebBenchmarkHost.Cases / 2).First(c => c.FamilyName is not null && c.GivenName is not null && c.DateOfBirth is not null);
        var form = await _host.Client(Roles.CaseWorker).GetStringAsync("/Cases/FindPerson");
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
            var response = await _host.Client(role).GetAsync("/");
            Console.WriteLine($"// start page {role}: {(int)response.StatusCode}, {(await response.Content.ReadAsByteArrayAsync()).Length:N0} bytes");
            response.EnsureSuccessStatusCode();
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Plain SQL GROUP BY sex, year (peer)")]
    public Task<int> GroupBy() => _host!.GroupByAsync();

    [Benchmark(Description = "POST /Cases/FindPerson name + date of birth (case worker)")]
    public async Task<int> PersonSearch() => (await PostSearchAsync()).Length;

    private async Task<string> PostSearchAsync()
    {
        using var content = new FormUrlEncodedContent(_searchFields!);
        var response = await _host!.Client(Roles.CaseWorker).PostAsync("/Cases/FindPerson", content);
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
        var response = await _host!.Client(role).GetAsync("/");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
