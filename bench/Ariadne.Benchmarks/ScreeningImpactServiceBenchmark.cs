using System.Globalization;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using Ariadne.Core.Screening;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Benchmarks;

/// <summary>
/// The impact analysis through the service, as an administrator runs it: <see cref="ScreeningService.ImpactAsync(CompiledInstrument, CancellationToken)"/>
/// over 1,000,000 screenings stored in SQLite (compact answers), 1,000 per case of 1,000 imported cases, answered as in
/// <see cref="ScreeningRescoreBenchmark"/> (same seed and mix). Peer: the same rows read the same way, each decoded to a
/// dictionary and evaluated by the naive evaluator. Target: ≤ 10 s.
/// </summary>
/// <remarks>
/// In process (with a 30-minute limit: the setup writes 1,000,000 rows): on the shared machine the separate benchmark
/// build BenchmarkDotNet makes timed out after 15 minutes.
/// </remarks>
[Config(typeof(InProcessConfig))]
public class ScreeningImpactServiceBenchmark
{
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
    }

    private const int Count = 1_000_000;
    private const int Cases = 1_000;

    private DatabaseOptions? _database;
    private AppDbContext? _db;
    private ScreeningService? _service;
    private CompiledInstrument _instrument = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _instrument = InstrumentCatalogue.FindShipped(ShippedInstruments.DefaultId)!;
        _database = BenchmarkData.NewSqliteDatabase("screening-impact");
        using (var db = DataServiceCollectionExtensions.CreateContext(_database))
        {
            var result = BenchmarkData.Importer(db).ImportAsync(BenchmarkData.WriteCsv(Cases), new CaseImportOptions(), null, CancellationToken.None).GetAwaiter().GetResult();
            if (result.Stored != Cases)
            {
                throw new InvalidOperationException($"Stored {result.Stored}: {result.Errors.FirstOrDefault()}");
            }
        }
        Insert();
        _db = DataServiceCollectionExtensions.CreateContext(_database);
        var time = new FixedTime(BenchmarkData.Now);
        var audit = new AuditLog(_database, time, new LocalOperatorAuditContext(), BenchmarkData.Vault.Keys);
        _service = new ScreeningService(_db, time, new InstrumentCatalogue(_db, time, CodeListRegistry.Default, audit), audit, BenchmarkData.Vault);
        var report = Service();
        var naive = NaivePeer();
        Console.WriteLine($"// {report.Total:N0} screenings, {report.Changed} changed; {string.Join(", ", report.Changes.Select(c => $"{c.From}->{c.To}: {c.Count}"))}; naive {naive}");
        if (report.Total != Count || report.Changed != 0 || report.Changes.Single(c => c.From == "refer").Count != naive.Refer)
        {
            throw new InvalidOperationException("The service and the naive peer disagree.");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _db?.Dispose();
        BenchmarkData.DeleteSqlite(_database);
    }

    [Benchmark(Description = "ScreeningService.ImpactAsync, 1,000,000 stored (compact answers)")]
    public ImpactReport Service() => _service!.ImpactAsync(_instrument, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Naive peer: same rows, a dictionary per screening, rules as C#")]
    public (int None, int Continue, int Refer) NaivePeer()
    {
        var evaluators = _instrument.Instrument.Lists.ToDictionary(l => l.Id, l => new NaiveScreeningEvaluator(_instrument.Instrument, l), StringComparer.Ordinal);
        Span<int> counts = stackalloc int[3];
        foreach (var row in _db!.Set<ScreeningRecord>().AsNoTracking()
            .Select(s => new { s.InstrumentId, s.InstrumentVersion, s.Form, s.AgeAtStart, s.AgeUncertain, s.ReasonsToBelieveChild, s.Answers, s.Outcome }))
        {
            var age = ScreeningRequest.AgeCategoryOf(row.AgeAtStart, row.AgeUncertain, row.ReasonsToBelieveChild);
            var list = _instrument.Instrument.FindList(age, row.Form)!;
            var answers = CompactAnswers.Decode(_instrument, row.Answers).ToDictionary(a => a.Key, a => a.Value.Answer, StringComparer.Ordinal);
            counts[(int)evaluators[list.Id].Recommend(answers)]++;
        }
        return (counts[0], counts[1], counts[2]);
    }

    /// <summary>Writes the screenings with one prepared statement, 100,000 to a transaction.</summary>
    private void Insert()
    {
        using var db = DataServiceCollectionExtensions.CreateContext(_database!);
        var caseIds = db.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToList();
        var lists = _instrument.Instrument.Lists.Select(l => _instrument.List(l.Id)).ToArray();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        var random = new Random(20261128);
        var at = BenchmarkData.Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (var start = 0; start < Count; start += 100_000)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO "Screenings" ("Id", "CaseId", "InstrumentId", "InstrumentVersion", "List", "Form", "AgeAtStart", "AgeUncertain",
                    "ReasonsToBelieveChild", "Answers", "Age", "FormsKey", "ResultJson", "Outcome", "Unverified", "ScreenedAtUtc")
                VALUES ($id, $case, $instrument, $version, $list, $form, $age, 0, 0, $answers, $category, '||', '{}', $outcome, 1, $at)
                """;
            var parameters = new[] { "$id", "$case", "$instrument", "$version", "$list", "$form", "$age", "$answers", "$category", "$outcome", "$at" }
                .ToDictionary(n => n, n => { var p = command.CreateParameter(); p.ParameterName = n; command.Parameters.Add(p); return p; });
            parameters["$instrument"].Value = _instrument.Instrument.Id;
            parameters["$version"].Value = _instrument.Instrument.Version;
            parameters["$at"].Value = at;
            command.Prepare();
            for (var i = start; i < start + 100_000; i++)
            {
                var list = lists[random.Next(lists.Length)];
                var answers = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
                var aligned = new Answer[list.Codes.Count];
                for (var k = 0; k < aligned.Length; k++)
                {
                    var p = random.Next(100);
                    aligned[k] = p < 15 ? Answer.Yes : p < 50 ? Answer.No : p < 60 ? Answer.Unknown : Answer.NotAsked;
                    if (aligned[k] != Answer.NotAsked)
                    {
                        answers[list.Codes[k]] = new IndicatorAnswer(aligned[k]);
                    }
                }
                parameters["$id"].Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                parameters["$case"].Value = caseIds[i % caseIds.Count].ToString().ToUpperInvariant();
                parameters["$list"].Value = list.List.Id;
                parameters["$form"].Value = list.List.Form;
                parameters["$age"].Value = list.List.Age == AgeCategory.Child ? 15 : 30;
                parameters["$answers"].Value = CompactAnswers.Encode(_instrument, answers);
                parameters["$category"].Value = InstrumentLoader.Kebab(list.List.Age);
                parameters["$outcome"].Value = ScreeningSnapshot.Spell(list.Classify(aligned).Recommendation);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }
}
