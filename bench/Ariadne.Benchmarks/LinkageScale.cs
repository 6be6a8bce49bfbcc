using System.Diagnostics;
using System.Globalization;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;

namespace Ariadne.Benchmarks;

/// <summary>
/// The 1,000,000-scale linkage runs, too long for BenchmarkDotNet's repetitions here: one timed run each, as a console
/// mode of the benchmark program.
/// <code>
/// dotnet run -c Release --project bench/Ariadne.Benchmarks -- linkage-scale encoded 1000000 [threshold]
/// dotnet run -c Release --project bench/Ariadne.Benchmarks -- linkage-scale dedupe 1000000
/// </code>
/// <c>encoded N</c>: two agencies of N records each (B: corrupted copies of half of A's people, and new people),
/// encoded in parallel (cached under the temp folder, since encoding runs at the agencies, not at the operator), then
/// <see cref="EncodedMatcher.Match"/> on the blocking keys, timed; prints wall and CPU time, candidates, precision and
/// recall against the truth, and the process's peak working set. <c>dedupe N</c>: one file of 0.8·N people and 0.2·N
/// corrupted copies, <see cref="Deduplicator.Run"/> timed, pairwise precision and recall.
/// </summary>
public static class LinkageScale
{
    private static readonly byte[] Secret = "synthetic benchmark secret, never a real one"u8.ToArray();

    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "encoded";
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        Console.WriteLine($"// {mode} {count:N0}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        if (mode == "dice")
        {
            return DiceKernels();
        }
        return mode == "dedupe" ? Dedupe(count) : Encoded(count, args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : new MatchOptions().Threshold);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static int Encoded(int count, double threshold)
    {
        var generator = new SyntheticPeople(20261204);
        var (a, b, truth) = generator.TwoAgencies(count, count / 2);
        var cache = Path.Combine(Path.GetTempPath(), $"ariadne-linkperf-encoded-{count}.bin");
        PartyEncodings encA, encB;
        if (File.Exists(cache))
        {
            (encA, encB) = ReadCache(cache);
            Console.WriteLine($"// encodings read from {cache}");
        }
        else
        {
            var encode = Stopwatch.StartNew();
            encA = SyntheticPeople.Encode(Secret, a);
            encB = SyntheticPeople.Encode(Secret, b);
            Console.WriteLine($"// encoded {2 * count:N0} records in {encode.Elapsed.TotalSeconds:F1} s (agency side; cached at {cache})");
            WriteCache(cache, encA, encB);
        }
        a.Clear();
        b.Clear();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = EncodedMatcher.Match([encA, encB], new MatchOptions(Threshold: threshold));
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        long truePositives = 0, predicted = 0;
        var clusterOfA = result.ClusterOfRecord[0];
        var clusterOfB = result.ClusterOfRecord[1];
        var inA = new HashSet<int>(clusterOfA);
        for (var i = 0; i < count; i++)
        {
            if (inA.Contains(clusterOfB[i]))
            {
                predicted++;
                if (truth[i] >= 0 && clusterOfA[truth[i]] == clusterOfB[i])
                {
                    truePositives++;
                }
            }
        }
        var trueLinks = truth.Count(t => t >= 0);
        Console.WriteLine($"// match {count:N0} x {count:N0}: wall {watch.Elapsed.TotalSeconds:F1} s, CPU {cpuSeconds:F1} s (idle estimate on 2 cores: {cpuSeconds / 2:F1} s), "
            + $"{result.CandidatePairs:N0} candidate pairs, {result.Links:N0} links; precision {truePositives / (double)Math.Max(1, predicted):F4}, recall {truePositives / (double)trueLinks:F4} "
            + $"(threshold {threshold}); peak working set {process.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB; load average {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// The Dice kernels by CPU time, not wall time (the shared machine's load makes wall time meaningless): each kernel
    /// runs 1,000 × 1,000 comparisons per round on the same encodings, rounds interleaved, 7 rounds; the fastest round
    /// per kernel is reported as comparisons per CPU-second on one core.
    /// </summary>
    private static int DiceKernels()
    {
        var benchmark = new DiceBenchmark();
        benchmark.GlobalSetup();
        (string Name, Func<long> Run)[] kernels =
        [
            ("product kernel (AVX2 where supported)", benchmark.Product),
            ("span loop over BitOperations.PopCount (first kernel)", benchmark.SpanLoop),
            ("unrolled POPCNT (previous product kernel)", benchmark.Popcnt),
            ("Vector256 nibble lookup (AVX2)", benchmark.Avx2),
            ("Vector512 nibble lookup (AVX-512BW)", benchmark.Avx512),
            ("portable SWAR popcount (no POPCNT)", benchmark.Swar),
        ];
        var best = new double[kernels.Length];
        Array.Fill(best, double.MaxValue);
        var process = Process.GetCurrentProcess();
        for (var round = 0; round < 8; round++)
        {
            for (var k = 0; k < kernels.Length; k++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                var check = kernels[k].Run();
                process.Refresh();
                if (round > 0)
                {
                    best[k] = Math.Min(best[k], (process.TotalProcessorTime - before).TotalSeconds);
                }
                if (check < 0)
                {
                    best[k] = double.NaN;
                }
            }
        }
        for (var k = 0; k < kernels.Length; k++)
        {
            Console.WriteLine($"// Dice {kernels[k].Name}: {best[k] * 1000:F1} ms CPU per 1,000,000 comparisons = {1 / best[k]:F0} million a CPU-second; ratio to the span loop {best[k] / best[1]:F2}, to unrolled POPCNT {best[k] / best[2]:F2}");
        }
        Console.WriteLine($"// load average {LoadAverage()}");
        return 0;
    }

    private static void WriteCache(string path, PartyEncodings a, PartyEncodings b)
    {
        using var stream = new BinaryWriter(File.Create(path));
        foreach (var party in new[] { a, b })
        {
            stream.Write(party.Words.Length);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(party.Words.AsSpan()));
            stream.Write(party.BlockKeys!.Length);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(party.BlockKeys.AsSpan()));
            stream.Write(party.KeysPerRecord);
        }
    }

    private static (PartyEncodings A, PartyEncodings B) ReadCache(string path)
    {
        using var stream = new BinaryReader(File.OpenRead(path));
        PartyEncodings Read()
        {
            var words = new ulong[stream.ReadInt32()];
            stream.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
            var keys = new ulong[stream.ReadInt32()];
            stream.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys.AsSpan()));
            return new PartyEncodings(words, keys, stream.ReadInt32());
        }
        var first = Read();
        return (first, Read());
    }

    public static int Dedupe(int count)
    {
        var generator = new SyntheticPeople(20261205);
        var (records, entity) = generator.OneFile(count * 4 / 5, count / 5);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var stages = new StageClock("Preparing");
        var result = Deduplicator.Run(records, DedupeComparisons, SyntheticPeople.Rules, new DedupeOptions(), stages);
        watch.Stop();
        var stageTimes = stages.Finish();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        // Pairwise: every pair of records in one predicted cluster against every pair of one person. Counted by
        // sorting the keys: a GroupBy on the (cluster, person) key as a long hashed cluster XOR person, which is 0 or
        // small for most records (a record alone has a cluster number close to its person number), and took longer
        // than the dedupe itself at 500,000 records.
        static long Pairs(long[] keys)
        {
            Array.Sort(keys);
            long pairs = 0;
            for (int start = 0, end; start < keys.Length; start = end)
            {
                for (end = start + 1; end < keys.Length && keys[end] == keys[start]; end++)
                {
                }
                pairs += (long)(end - start) * (end - start - 1) / 2;
            }
            return pairs;
        }
        var predicted = Pairs([.. result.ClusterOfRecord.Select(c => (long)c)]);
        var actual = Pairs([.. entity.Select(e => (long)e)]);
        var both = Pairs([.. Enumerable.Range(0, records.Count).Select(i => ((long)result.ClusterOfRecord[i] << 32) | (uint)entity[i])]);
        Console.WriteLine($"// dedupe {records.Count:N0} records: wall {watch.Elapsed.TotalSeconds:F1} s, CPU {cpuSeconds:F1} s (idle estimate on 2 cores: {cpuSeconds / 2:F1} s), "
            + $"{result.ComparedPairs:N0} compared pairs, {result.Links:N0} links, {result.Clusters:N0} clusters, EM {result.Training.Iterations} iterations, {result.SkippedBlocks} skipped blocks; "
            + $"pairwise precision {both / (double)Math.Max(1, predicted):F4}, recall {both / (double)actual:F4}; peak working set {process.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB; load average {LoadAverage()}");
        foreach (var rule in result.RuleStatistics)
        {
            Console.WriteLine($"//   rule {rule.Rule}: {rule.Blocks:N0} blocks, largest {rule.LargestBlock:N0}, {rule.PairsInBlocks:N0} pairs in blocks, {rule.ComparedPairs:N0} compared first here, {rule.SkippedBlocks} skipped");
        }
        Console.WriteLine($"//   stages: {stageTimes}");
        return 0;
    }

    internal static readonly FieldComparison[] DedupeComparisons =
    [
        FieldComparison.Create("given_name", 0, ComparisonKind.Name, true),
        FieldComparison.Create("surname", 1, ComparisonKind.Name, true),
        FieldComparison.Create("date_of_birth", 2, ComparisonKind.Date, false),
        FieldComparison.Create("sex", 3, ComparisonKind.Exact, false),
        FieldComparison.Create("postcode", 4, ComparisonKind.Distance, false),
        FieldComparison.Create("town", 5, ComparisonKind.Text, false),
    ];
}
