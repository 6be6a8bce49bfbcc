using Ariadne.Analytics.Linkage;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// The operator's match of two agencies' encodings, 100,000 × 100,000 (B: corrupted copies of half of A's people and
/// new people; <see cref="SyntheticPeople"/>), on the agencies' keyed blocking keys (three rules), both cores. Peer in
/// the same run on the same encodings: the previous matcher (serial; every pair in a block compared, same-agency pairs
/// included; a hash set of seen pairs), kept here verbatim as <see cref="PreviousMatcher"/>. The 1,000,000 × 1,000,000
/// run is <see cref="LinkageScale"/> (one timed run).
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class EncodedMatchBenchmark
{
    private const int Count = 100_000;
    private PartyEncodings[] _parties = [];

    [GlobalSetup]
    public void GlobalSetup()
    {
        var (a, b, truth) = new SyntheticPeople(20261204).TwoAgencies(Count, Count / 2);
        var secret = "synthetic benchmark secret, never a real one"u8.ToArray();
        _parties = [SyntheticPeople.Encode(secret, a), SyntheticPeople.Encode(secret, b)];
        var result = EncodedMatcher.Match(_parties, new MatchOptions());
        var found = Enumerable.Range(0, Count).Count(i => truth[i] >= 0 && result.ClusterOfRecord[0][truth[i]] == result.ClusterOfRecord[1][i]);
        var linkedB = result.ClusterOfRecord[1].Intersect(result.ClusterOfRecord[0]).Count();
        Console.WriteLine($"// {Count} x {Count}: {result.CandidatePairs} candidate pairs, {result.Links} links, recall {found / (double)(Count / 2):F4}, precision {found / (double)Math.Max(1, linkedB):F4}");
    }

    [Benchmark(Description = "match 100,000 x 100,000, blocking keys (product)")]
    public int Product() => EncodedMatcher.Match(_parties, new MatchOptions()).Clusters;

    [Benchmark(Baseline = true, Description = "match 100,000 x 100,000, previous serial matcher (peer)")]
    public int Previous() => PreviousMatcher.Match(_parties, new MatchOptions());
}
