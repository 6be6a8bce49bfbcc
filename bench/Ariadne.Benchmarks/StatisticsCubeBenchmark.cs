using Ariadne.Analytics.Statistics;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Ariadne.Benchmarks;

/// <summary>
/// The disaggregation engine over 10,000,000 synthetic person records (generated in memory, fixed seed): a 3-dimension
/// table with every subtotal (year × sex × age band) and a 6-dimension cube with every subtotal (year × sex × age band
/// × form, multi-valued × region × transnationality). Targets: ≤ 1 s and ≤ 3 s on 2 cores. Peer: SQLite
/// <c>GROUP BY year, sex, age</c> over an in-memory table of 1,000,000 of the same records (10,000,000 rows take
/// minutes to load), timed in the same run; its time is scaled ×10 in the note.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class StatisticsCubeBenchmark
{
    private const int Persons = 10_000_000;
    private const int PeerRows = 1_000_000;

    private PersonRecords? _records;
    private SqliteConnection? _sqlite;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(BenchmarkData.Seed);
        var year = new ushort[Persons];
        var sex = new ushort[Persons];
        var age = new ushort[Persons];
        var region = new ushort[Persons];
        var transnational = new ushort[Persons];
        var forms = new uint[Persons];
        for (var i = 0; i < Persons; i++)
        {
            year[i] = (ushort)random.Next(10);
            sex[i] = (ushort)random.Next(3);
            age[i] = (ushort)random.Next(10);
            region[i] = (ushort)random.Next(6);
            transnational[i] = (ushort)random.Next(3);
            forms[i] = (uint)(1 << random.Next(8)) | (random.Next(5) == 0 ? 1u << random.Next(8) : 0);
        }
        _records = new PersonRecords([
            PersonColumn.FromCodes("year", [.. Enumerable.Range(2016, 10).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture))], year),
            PersonColumn.FromCodes("sex", ["female", "male", "unknown"], sex),
            PersonColumn.FromCodes("age", [.. Enumerable.Range(0, 10).Select(a => "band" + a)], age),
            PersonColumn.FromCodes("region", ["Africa", "Americas", "Asia", "Europe", "Oceania", "Unknown"], region),
            PersonColumn.FromCodes("transnationality", ["Domestic", "Transnational", "Unknown"], transnational),
            PersonColumn.FromMasks("form", [.. Enumerable.Range(0, 8).Select(f => "form" + f)], forms),
        ]);
        _sqlite = new SqliteConnection("Data Source=:memory:");
        _sqlite.Open();
        using var create = _sqlite.CreateCommand();
        create.CommandText = "CREATE TABLE persons (year INTEGER, sex INTEGER, age INTEGER)";
        create.ExecuteNonQuery();
        using var transaction = _sqlite.BeginTransaction();
        using var insert = _sqlite.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO persons VALUES ($y, $s, $a)";
        var py = insert.Parameters.Add("$y", SqliteType.Integer);
        var ps = insert.Parameters.Add("$s", SqliteType.Integer);
        var pa = insert.Parameters.Add("$a", SqliteType.Integer);
        for (var i = 0; i < PeerRows; i++)
        {
            py.Value = (int)year[i];
            ps.Value = (int)sex[i];
            pa.Value = (int)age[i];
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _sqlite?.Dispose();

    [Benchmark(Baseline = true, Description = "3 dimensions with subtotals, 10M persons")]
    public long ThreeDimensions() => Disaggregation.Count(_records!, ["year", "sex", "age"]).GrandTotal;

    [Benchmark(Description = "6-dimension cube with subtotals (form multi-valued), 10M persons")]
    public long SixDimensions() => Disaggregation.Count(_records!, ["year", "sex", "age", "form", "region", "transnationality"]).GrandTotal;

    [Benchmark(Description = "peer: SQLite GROUP BY year, sex, age (no subtotals), 1M rows in memory")]
    public long SqliteGroupBy()
    {
        using var command = _sqlite!.CreateCommand();
        command.CommandText = "SELECT year, sex, age, COUNT(*) FROM persons GROUP BY year, sex, age";
        using var reader = command.ExecuteReader();
        long total = 0;
        while (reader.Read())
        {
            total += reader.GetInt64(3);
        }
        return total;
    }
}
