using Ariadne.Core.Data;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Ariadne.Benchmarks;

/// <summary>
/// Imports 100,000 synthetic cases from CSV into a fresh SQLite file: the product's importer (prepared-statement bulk
/// path) against the same importer on the EF Core path (AddRange in batches of 2,000, SaveChanges, ChangeTracker.Clear).
/// Both read, parse and validate the same file; only the write path differs. Target: ≤ 10 s.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class CaseImportBenchmark
{
    private string _csv = "";
    private DatabaseOptions? _database;

    [Params(100_000)]
    public int Cases { get; set; }

    [GlobalSetup]
    public void GlobalSetup() => _csv = BenchmarkData.WriteCsv(Cases);

    [IterationSetup]
    public void IterationSetup() => _database = BenchmarkData.NewSqliteDatabase("import");

    [IterationCleanup]
    public void IterationCleanup() => BenchmarkData.DeleteSqlite(_database);

    [Benchmark(Baseline = true, Description = "Importer, bulk path (product)")]
    public Task<int> ImportBulk() => ImportAsync(CaseInsertMethod.Bulk);

    [Benchmark(Description = "Importer, EF Core path (peer)")]
    public Task<int> ImportEntityFramework() => ImportAsync(CaseInsertMethod.EntityFramework);

    private async Task<int> ImportAsync(CaseInsertMethod method)
    {
        await using var db = DataServiceCollectionExtensions.CreateContext(_database!);
        var result = await BenchmarkData.Importer(db).ImportAsync(_csv, new CaseImportOptions { Method = method }, null, CancellationToken.None);
        if (result.Stored != Cases)
        {
            throw new InvalidOperationException($"Stored {result.Stored} of {Cases}: {result.Errors.FirstOrDefault()}");
        }
        return result.Stored;
    }
}
