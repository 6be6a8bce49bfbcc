using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// <c>ariadne import glotip</c> without the process start: reading the shared <c>data_glotip.xlsx</c> (58,769 rows) and
/// replacing the GLOTIP table in a migrated SQLite file. Target ≤ 5 s. Peer: reading and parsing the workbook only.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GlotipImportBenchmark
{
    private string _file = "";
    private DatabaseOptions? _database;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _file = Path.Combine(KAnonymityBenchmark.TestDataFolder("ctdc"), "data_glotip.xlsx");
        _database = BenchmarkData.NewSqliteDatabase("glotip");
    }

    [Benchmark(Baseline = true, Description = "peer: read and parse the workbook only")]
    public int ReadOnly() => GlotipFile.Read(_file).Rows.Count;

    [Benchmark(Description = "import 58,769 rows into SQLite (replace, one transaction)")]
    public int Import()
    {
        using var db = DataServiceCollectionExtensions.CreateContext(_database!);
        return new GlotipStore(db).ImportAsync(_file, CancellationToken.None).GetAwaiter().GetResult().Stored;
    }
}
