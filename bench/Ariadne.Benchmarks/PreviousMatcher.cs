using Ariadne.Analytics.Linkage;

namespace Ariadne.Benchmarks;

/// <summary>
/// The encoded matcher as it was before the linkperf work (serial, all pairs of a block, a set of seen pairs, a copy
/// of the keys per pass): the peer of <see cref="EncodedMatchBenchmark"/>. It calls the unrolled POPCNT kernel, the
/// product kernel of its time, so that the ratio includes the switch to the AVX2 kernel.
/// </summary>
internal static class PreviousMatcher
{
    public static int Match(IReadOnlyList<PartyEncodings> parties, MatchOptions options)
    {
        if (parties.Count is < 2 or > 64)
        {
            throw new ArgumentException("Matching needs 2 to 64 parties.", nameof(parties));
        }
        if (options.BitsPerBand is < 1 or > 64 || options.Bands < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BitsPerBand must be 1 to 64 and Bands at least 1.");
        }
        var offsets = new int[parties.Count + 1];
        for (var p = 0; p < parties.Count; p++)
        {
            offsets[p + 1] = offsets[p] + parties[p].Count;
        }
        var total = offsets[^1];
        var links = new List<(double Score, int A, int B)>();
        var seen = new HashSet<long>();
        long candidates = 0;
        var state = options.Seed;
        var threshold = (int)Math.Ceiling(options.Threshold * BloomFilterEncoder.EncodingBits / 2 - 1e-9);
        void Compare(int a, int b)
        {
            var partyA = PartyOf(offsets, a);
            var partyB = PartyOf(offsets, b);
            if (partyA == partyB)
            {
                return;
            }
            candidates++;
            var common = Dice.CommonBitsPopcnt(parties[partyA].Words, (a - offsets[partyA]) * BloomFilterEncoder.EncodingWords,
                parties[partyB].Words, (b - offsets[partyB]) * BloomFilterEncoder.EncodingWords);
            if (common >= threshold && seen.Add(Math.Min(a, b) * (long)total + Math.Max(a, b)))
            {
                links.Add((common * 2.0 / BloomFilterEncoder.EncodingBits, a, b));
            }
        }
        var keysPerRecord = parties.All(p => p.BlockKeys is not null) ? parties.Min(p => p.KeysPerRecord) : 0;
        var passes = keysPerRecord > 0 ? keysPerRecord : options.Bands;
        var keys = new ulong[total];
        for (var pass = 0; pass < passes; pass++)
        {
            if (keysPerRecord > 0)
            {
                for (var p = 0; p < parties.Count; p++)
                {
                    var blockKeys = parties[p].BlockKeys!;
                    for (var r = 0; r < parties[p].Count; r++)
                    {
                        keys[offsets[p] + r] = blockKeys[r * parties[p].KeysPerRecord + pass];
                    }
                }
            }
            else
            {
                var bits = SampleBits(ref state, options.BitsPerBand);
                for (var p = 0; p < parties.Count; p++)
                {
                    var words = parties[p].Words;
                    for (var r = 0; r < parties[p].Count; r++)
                    {
                        keys[offsets[p] + r] = BandKey(words, r * BloomFilterEncoder.EncodingWords, bits);
                    }
                }
            }
            // Sort the global record indexes by key; runs of equal keys are the pass's blocks (key 0: no block).
            var order = Enumerable.Range(0, total).ToArray();
            Array.Sort(keys.ToArray(), order);
            var start = 0;
            while (start < total)
            {
                var end = start + 1;
                while (end < total && keys[order[end]] == keys[order[start]])
                {
                    end++;
                }
                if (keysPerRecord == 0 || keys[order[start]] != 0)
                {
                    for (var i = start; i < end; i++)
                    {
                        for (var j = i + 1; j < end; j++)
                        {
                            Compare(order[i], order[j]);
                        }
                    }
                }
                start = end;
            }
        }
        var clusters = Solve(links, offsets, total);
        return clusters.Count;
    }

    /// <summary>Greedy: links from the best score down; a link joins two clusters unless the union would hold two records of one party.</summary>
    private static (int[][] Results, int Count, long Links) Solve(List<(double Score, int A, int B)> links, int[] offsets, int total)
    {
        links.Sort((x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        var parent = Enumerable.Range(0, total).ToArray();
        var partiesIn = new ulong[total];
        for (var r = 0; r < total; r++)
        {
            partiesIn[r] = 1UL << PartyOf(offsets, r);
        }
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        long accepted = 0;
        foreach (var (_, a, b) in links)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra == rb || (partiesIn[ra] & partiesIn[rb]) != 0)
            {
                continue;
            }
            parent[rb] = ra;
            partiesIn[ra] |= partiesIn[rb];
            accepted++;
        }
        // Cluster ids numbered by each cluster's first record in the global order: stable, and saying nothing about scores.
        var idOfRoot = new Dictionary<int, int>();
        var results = new int[offsets.Length - 1][];
        for (var p = 0; p < results.Length; p++)
        {
            results[p] = new int[offsets[p + 1] - offsets[p]];
            for (var r = 0; r < results[p].Length; r++)
            {
                var root = Find(offsets[p] + r);
                if (!idOfRoot.TryGetValue(root, out var id))
                {
                    id = idOfRoot.Count;
                    idOfRoot[root] = id;
                }
                results[p][r] = id;
            }
        }
        return (results, idOfRoot.Count, accepted);
    }

    private static int PartyOf(int[] offsets, int record)
    {
        var p = 0;
        while (record >= offsets[p + 1])
        {
            p++;
        }
        return p;
    }

    private static int[] SampleBits(ref ulong state, int count)
    {
        var chosen = new HashSet<int>();
        while (chosen.Count < count)
        {
            unchecked
            {
                state = state * 6364136223846793005UL + 1442695040888963407UL;
            }
            chosen.Add((int)(state >> 33) % BloomFilterEncoder.EncodingBits);
        }
        return [.. chosen.Order()];
    }

    private static ulong BandKey(ulong[] words, int offset, int[] bits)
    {
        var key = 0UL;
        for (var i = 0; i < bits.Length; i++)
        {
            var bit = bits[i];
            key |= (words[offset + (bit >> 6)] >> bit & 1UL) << i;
        }
        return key;
    }
}
