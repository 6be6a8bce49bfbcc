using Ariadne.Analytics.Anonymisation;
using Ariadne.Analytics.Disclosure;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// Differentially private synthesis from noisy marginals (<see cref="DpMarginalSynthesizer"/>, ε = 1, order 2): UCI Adult
/// (30,162 records, 9 attributes, 8-edge tree; the peer) and 200,000 records shaped like the CTDC 2024 layout (27
/// attributes: year 25 values, gender 4, ageBroad 10, two region columns 7, three single-valued, 21 flags; a chain
/// tree), generated with a fixed seed. Target: 200,000 records well under a second.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DpSynthesisBenchmark
{
    private int[] _adultSizes = [];
    private List<int[]> _adult = [];
    private int[] _ctdcSizes = [];
    private List<int[]> _ctdc = [];

    [GlobalSetup]
    public void GlobalSetup()
    {
        var folder = KAnonymityBenchmark.TestDataFolder("adult");
        var lines = File.ReadAllLines(Path.Combine(folder, "adult.csv"));
        var columns = lines[0].Split(';');
        var domains = columns.Select(c => File.ReadAllLines(Path.Combine(folder, $"adult_hierarchy_{c}.csv"))
            .Where(l => l.Length > 0).Select(l => l.Split(';')[0]).Distinct(StringComparer.Ordinal)
            .Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();
        _adultSizes = [.. domains.Select(d => d.Count)];
        _adult = [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';').Select((v, a) => domains[a][v]).ToArray())];

        _ctdcSizes = [25, 4, 10, 7, 7, 1, .. Enumerable.Repeat(2, 15), 1, 1, 2, 2, 2, 2];
        var random = new SeededRandom(2024);
        _ctdc = [.. Enumerable.Range(0, 200_000).Select(_ => _ctdcSizes.Select(size => (int)(random.NextUInt64() % (ulong)size)).ToArray())];
    }

    [Benchmark(Baseline = true, Description = "Adult, 30,162 records, 9 attributes, ε = 1, order 2")]
    public int Adult() => DpMarginalSynthesizer.Synthesize(_adultSizes, _adult,
        new DpSynthesisOptions { Epsilon = 1, Seed = 1, Parents = [-1, 3, 5, 0, 8, -1, 7, 0, 3] }).Records.Count;

    [Benchmark(Description = "CTDC-shaped, 200,000 records, 27 attributes, ε = 1, order 2 (chain)")]
    public int Ctdc() => DpMarginalSynthesizer.Synthesize(_ctdcSizes, _ctdc, new DpSynthesisOptions { Epsilon = 1, Seed = 1 }).Records.Count;
}
