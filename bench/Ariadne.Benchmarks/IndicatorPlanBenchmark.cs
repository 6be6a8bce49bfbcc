using System.Diagnostics;
using System.Globalization;
using Ariadne.Analytics.FollowUp;
using Ariadne.Cli;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ariadne.Benchmarks;

/// <summary>
/// Issue 18: computing every computed indicator of a plan with 50 indicators over 1,000,000 cases, reading from the
/// database, as <c>ariadne followup indicators compute --framework ID</c> does it (the command's host
/// <see cref="CliHost.Build"/>, one scope, <see cref="IndicatorPlanComputation"/>: 50 releases logged and audited, their
/// values stored). Data: the 1,000,000 imported demo cases (SQLite) and a referral mechanism seeded beside them (every
/// fifth case referred and decided, services for every tenth, non-punishment flags, guardians for children). The plan:
/// 27 persons indicators (persons identified and SDG 16.2.2 by every dimension and several pairs and triples), the
/// median days to a reasonable-grounds decision, the share assisted within 0 … 365 days, and the referral-mechanism
/// counts; period: 2022-01-01 to the benchmark's day (about 80 % of the cases). Peer (baseline): the same counts as
/// plain SQL <c>GROUP BY</c>/<c>COUNT</c> statements, one per indicator, on the same file in the same run (no
/// deduplication of persons, no consent rule, no disclosure control, no release). Target: ≤ 5 s on 2 cores.
/// </summary>
[Config(typeof(Config))]
public class IndicatorPlanBenchmark
{
    private const int Cases = 1_000_000;
    private static readonly DateOnly From = new(2022, 1, 1);
    private static readonly DateOnly To = DateOnly.FromDateTime(BenchmarkData.Now.UtcDateTime);

    private DatabaseOptions? _database;
    private IHost? _host;
    private SqliteConnection? _sql;
    private Guid _framework;
    private readonly List<string> _peer = [];

    /// <summary>One warm-up and five measured runs in process: a run is seconds long.</summary>
    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true)));
    }

    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        Environment.SetEnvironmentVariable(MasterKeyRing.KeysEnvironmentVariable,
            "bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, MasterKeyRing.KeySize).ToArray()));
        var clock = Stopwatch.StartNew();
        _database = BenchmarkData.CopyOfImportedSqlite(Cases, "indicators");
        Console.WriteLine($"// {Cases:N0} cases ready in {clock.Elapsed.TotalSeconds:F0} s");
        var seeded = await SeedReferralMechanismAsync(_database);
        Console.WriteLine($"// referral mechanism: {seeded}");
        _host = CliHost.Build(_database);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var followUp = scope.ServiceProvider.GetRequiredService<FollowUpService>();
            var viewer = CaseViewer.LocalOperator;
            _framework = (await followUp.CreateFrameworkAsync(new FrameworkInput(FrameworkKind.NationalActionPlan, "NAP-BENCH", "Benchmark plan"), viewer, CancellationToken.None))
                .Value!.Id;
            var item = (await followUp.CreateItemAsync(_framework, new ItemInput("1", "Identification and assistance"), viewer, CancellationToken.None)).Value;
            var number = 0;
            foreach (var (query, dimensions, parameters) in Plan())
            {
                var defined = await followUp.CreateIndicatorAsync(new IndicatorInput(item, null, $"I-{++number:00}", query, IndicatorKind.Computed,
                    Query: query, Dimensions: dimensions, QueryParameters: parameters), viewer, CancellationToken.None);
                if (defined.Problem is { } problem)
                {
                    throw new InvalidOperationException($"Indicator {number} ({query}): {string.Join("; ", problem.Errors.Select(e => e.Message))}");
                }
                _peer.Add(PeerSql(query, dimensions, parameters));
            }
        }
        _sql = new SqliteConnection(_database.ConnectionString);
        await _sql.OpenAsync();
        clock.Restart();
        var rows = await PlainSql();
        Console.WriteLine($"// peer: {_peer.Count} statements, {rows:N0} rows, first run {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var computed = await ComputePlan();
        Console.WriteLine($"// plan: {computed} indicators computed, first run {clock.Elapsed.TotalSeconds:F1} s");
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _sql?.Dispose();
        _host?.Dispose();
        SqliteConnection.ClearAllPools();
        BenchmarkData.DeleteSqlite(_database);
    }

    [Benchmark(Baseline = true, Description = "Plain SQL GROUP BY/COUNT, one statement per indicator (peer)")]
    public async Task<int> PlainSql()
    {
        var rows = 0;
        foreach (var statement in _peer)
        {
            await using var command = _sql!.CreateCommand();
            command.CommandText = statement;
            command.Parameters.AddWithValue("@from", From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("@to", To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("@start", From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00");
            command.Parameters.AddWithValue("@end", To.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }
        return rows;
    }

    [Benchmark(Description = "followup indicators compute --framework (50 indicators, 50 releases)")]
    public async Task<int> ComputePlan()
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        var results = (await scope.ServiceProvider.GetRequiredService<IndicatorPlanComputation>()
            .ComputeAsync(_framework, new ComputeInput(From, To), CaseViewer.LocalOperator, CancellationToken.None)).Value!;
        if (results.FirstOrDefault(r => r.Values.Problem is not null) is { } failed)
        {
            throw new InvalidOperationException($"{failed.Code}: {failed.Values.Problem}");
        }
        return results.Count;
    }

    /// <summary>The 50 indicators: query, dimensions and parameters.</summary>
    private static IEnumerable<(string Query, string[] Dimensions, Dictionary<string, int>? Parameters)> Plan()
    {
        string[][] persons =
        [
            [], ["sex"], ["ageGroup"], ["ageBroad"], ["form"], ["citizenship"], ["countryOfExploitation"], ["transnationality"],
            ["sex", "ageGroup"], ["sex", "form"], ["ageGroup", "form"], ["sex", "citizenship"], ["form", "countryOfExploitation"],
            ["sex", "ageGroup", "form"], ["transnationality", "form"], ["ageBroad", "sex"], ["citizenship", "form"], ["countryOfExploitation", "sex"],
            ["ageGroup", "transnationality"],
        ];
        foreach (var dimensions in persons)
        {
            yield return (IndicatorQueries.PersonsIdentified, dimensions, null);
        }
        string[][] rates = [[], ["sex"], ["ageGroup"], ["form"], ["sex", "ageGroup"], ["sex", "form"], ["ageGroup", "form"], ["sex", "ageGroup", "form"]];
        foreach (var dimensions in rates)
        {
            yield return (IndicatorQueries.Sdg1622Rate, dimensions, null);
        }
        yield return (IndicatorQueries.MedianWorkingDaysToReasonableGrounds, [], null);
        yield return (IndicatorQueries.MedianWorkingDaysToReasonableGrounds, [], null);
        foreach (var days in new[] { 0, 3, 7, 14, 30, 60, 90, 180, 365 })
        {
            yield return (IndicatorQueries.AssistedWithinDays, [], new Dictionary<string, int> { ["days"] = days });
        }
        foreach (var (query, times) in new[]
        {
            (IndicatorQueries.RecoveryPeriodsGranted, 3), (IndicatorQueries.NonPunishmentFlags, 3), (IndicatorQueries.GuardiansForPresumedChildren, 3),
            (IndicatorQueries.TransnationalReferralsReceived, 2), (IndicatorQueries.PersonsIdentifiedAgain, 1),
        })
        {
            for (var i = 0; i < times; i++)
            {
                yield return (query, [], null);
            }
        }
    }

    /// <summary>The peer's statement for one indicator: the same counts as a plain SQL GROUP BY or COUNT.</summary>
    private static string PeerSql(string query, string[] dimensions, Dictionary<string, int>? parameters)
    {
        const string Window = "c.\"IdentificationDate\" >= @from AND c.\"IdentificationDate\" <= @to AND c.\"TraffickingStatus\" <> 'not-a-victim'";
        switch (query)
        {
            case IndicatorQueries.PersonsIdentified or IndicatorQueries.Sdg1622Rate:
                var columns = dimensions.Select(d => d switch
                {
                    "sex" => "c.\"Sex\"",
                    "ageGroup" or "ageBroad" => "c.\"AgeAtIdentification\"",
                    "form" => "c.\"FormsKey\"",
                    "citizenship" => "c.\"CitizenshipsKey\"",
                    "countryOfExploitation" => "c.\"CountryOfExploitation\"",
                    "transnationality" => "c.\"Transnationality\"",
                    _ => throw new ArgumentException(d),
                }).Distinct().ToList();
                return columns.Count == 0
                    ? $"SELECT COUNT(*) FROM \"Cases\" c WHERE {Window}"
                    : $"SELECT {string.Join(", ", columns)}, COUNT(*) FROM \"Cases\" c WHERE {Window} GROUP BY {string.Join(", ", columns)}";
            case IndicatorQueries.MedianWorkingDaysToReasonableGrounds:
                return "SELECT \"CaseId\", MIN(CASE WHEN \"Transition\" = 'refer' THEN \"AtUtc\" END), MIN(CASE WHEN \"Transition\" <> 'refer' THEN \"AtUtc\" END) "
                    + "FROM \"NrmEvents\" WHERE \"Transition\" IN ('refer', 'rg-positive', 'rg-negative') GROUP BY \"CaseId\"";
            case IndicatorQueries.AssistedWithinDays:
                var days = parameters!["days"].ToString(CultureInfo.InvariantCulture);
                return "SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM \"NrmAssistance\" d WHERE d.\"CaseId\" = c.\"Id\" AND d.\"StartedOn\" >= c.\"IdentificationDate\" "
                    + $"AND d.\"StartedOn\" <= date(c.\"IdentificationDate\", '+{days} days'))) FROM \"Cases\" c WHERE {Window}";
            case IndicatorQueries.RecoveryPeriodsGranted:
                return "SELECT COUNT(*) FROM \"NrmEvents\" WHERE \"ToState\" = 'recovery' AND \"AtUtc\" >= @start AND \"AtUtc\" < @end";
            case IndicatorQueries.NonPunishmentFlags:
                return "SELECT COUNT(DISTINCT \"CaseId\") FROM \"NrmNonPunishment\" WHERE \"FlaggedOn\" >= @from AND \"FlaggedOn\" <= @to";
            case IndicatorQueries.GuardiansForPresumedChildren:
                return "SELECT COUNT(*) FROM \"NrmCases\" WHERE \"PresumedChild\" AND \"GuardianAppointedOn\" >= @from AND \"GuardianAppointedOn\" <= @to";
            case IndicatorQueries.TransnationalReferralsReceived:
                return "SELECT COUNT(*) FROM \"ReceivedReferralPackages\" WHERE \"ReceivedAtUtc\" >= @start AND \"ReceivedAtUtc\" < @end";
            case IndicatorQueries.PersonsIdentifiedAgain:
                return $"SELECT COUNT(DISTINCT c.\"PersonId\") FROM \"Cases\" c WHERE {Window} AND EXISTS (SELECT 1 FROM \"Cases\" e WHERE e.\"PersonId\" = c.\"PersonId\" "
                    + "AND e.\"Id\" <> c.\"Id\" AND e.\"IdentificationDate\" < c.\"IdentificationDate\" AND e.\"TraffickingStatus\" <> 'not-a-victim')";
            default:
                throw new ArgumentException(query);
        }
    }

    /// <summary>
    /// Every fifth case referred (a day after identification) and decided positively after 3–60 days (into the recovery
    /// period), a service for every tenth 0–120 days after identification, a non-punishment flag for every hundredth,
    /// and a guardian for the referred children.
    /// </summary>
    private static async Task<string> SeedReferralMechanismAsync(DatabaseOptions database)
    {
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.OrganisationId, c.IdentificationDate, c.AgeAtIdentification }).ToListAsync();
        var random = new Random(BenchmarkData.Seed);
        int referred = 0, services = 0, flags = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var identified = c.IdentificationDate.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
            if (i % 5 == 0)
            {
                var child = c.AgeAtIdentification < 18;
                var refer = identified.AddDays(1);
                var decided = refer.AddDays(random.Next(3, 61));
                db.Add(new NrmCase
                {
                    CaseId = c.Id,
                    OrganisationId = c.OrganisationId,
                    Jurisdiction = "generic",
                    State = "recovery",
                    EnteredStateAtUtc = decided,
                    PresumedChild = child,
                    GuardianAppointedOn = child ? DateOnly.FromDateTime(refer) : null,
                });
                db.Add(new NrmEvent { Id = Guid.CreateVersion7(), CaseId = c.Id, Transition = "refer", FromState = "identified", ToState = "referred", AtUtc = refer, ActorRoles = "CaseWorker" });
                db.Add(new NrmEvent
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = c.Id,
                    Transition = "rg-positive",
                    FromState = "referred",
                    ToState = "recovery",
                    AtUtc = decided,
                    ActorRoles = "CompetentAuthority",
                });
                referred++;
            }
            if (i % 10 == 0)
            {
                db.Add(new AssistanceDelivery
                {
                    Id = Guid.CreateVersion7(),
                    CaseId = c.Id,
                    Service = "shelter",
                    ProviderOrganisationId = c.OrganisationId,
                    StartedOn = c.IdentificationDate.AddDays(random.Next(0, 121)),
                });
                services++;
            }
            if (i % 100 == 0)
            {
                db.Add(new NonPunishmentFlag { Id = Guid.CreateVersion7(), CaseId = c.Id, FlaggedOn = c.IdentificationDate.AddDays(random.Next(0, 30)) });
                flags++;
            }
            if (i % 20_000 == 19_999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return $"{referred:N0} referred and decided, {services:N0} services delivered, {flags:N0} non-punishment flags";
    }
}
