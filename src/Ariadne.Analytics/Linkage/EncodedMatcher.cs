namespace Ariadne.Analytics.Linkage;

/// <summary>
/// One agency's encodings: <see cref="Count"/> records of <see cref="BloomFilterEncoder.EncodingWords"/> words each,
/// back to back, and, when the agencies agreed blocking rules, <see cref="KeysPerRecord"/> keyed blocking keys per record.
/// </summary>
public sealed record PartyEncodings(ulong[] Words, ulong[]? BlockKeys = null, int KeysPerRecord = 0)
{
    public int Count => Words.Length / BloomFilterEncoder.EncodingWords;
}

/// <param name="Threshold">The least Dice coefficient of a link (balanced encodings: 1 − h/512).</param>
/// <param name="Bands">LSH blocking, used when the encodings carry no blocking keys: the number of bands; a pair is compared when its encodings agree on every sampled bit of at least one band.</param>
/// <param name="BitsPerBand">Bits sampled per band (at most 64): more bits, fewer candidates and a lower chance that a true pair shares a band.</param>
/// <param name="Seed">Seeds the choice of the sampled bits; it protects nothing (the encodings are keyed) and only makes a run repeatable.</param>
public sealed record MatchOptions(double Threshold = 0.65, int Bands = 200, int BitsPerBand = 12, ulong Seed = 0x5EED);

/// <summary>The result of matching: for each party, each record's cluster id (shared across parties; a record without a link is a cluster of its own).</summary>
public sealed record MatchResult(IReadOnlyList<int[]> ClusterOfRecord, int Clusters, long CandidatePairs, long Links);

/// <summary>
/// The linkage operator's matching of N agencies' encodings, as anonlink does it. Pairs are blocked by the agencies'
/// keyed blocking keys (OR over the rules), or, without keys, by locality-sensitive hashing over sampled bits; each
/// candidate pair from two different agencies is scored by Dice. A greedy solver
/// then takes the links from the highest score down. With two agencies it links one-to-one. With more, it merges
/// clusters only while no cluster would hold two records of one agency. Only cluster ids leave the matcher, never scores.
/// </summary>
public static class EncodedMatcher
{
    /// <summary>Matches the parties' encodings; see the class remarks.</summary>
    /// <param name="parties">2 to 64 agencies' encodings.</param>
    /// <param name="options">Threshold and LSH parameters.</param>
    /// <param name="progress">Optional: the fraction done (0..1) and the stage ("Blocking", "Comparing", "Clustering"), reported a few dozen times per run.</param>
    public static MatchResult Match(IReadOnlyList<PartyEncodings> parties, MatchOptions options, IProgress<(double Fraction, string Stage)>? progress = null)
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
            offsets[p + 1] = checked(offsets[p] + parties[p].Count);
        }
        var total = offsets[^1];
        var partyOf = new byte[total];
        for (var p = 0; p < parties.Count; p++)
        {
            partyOf.AsSpan(offsets[p], parties[p].Count).Fill((byte)p);
        }
        var state = options.Seed;
        var threshold = (int)Math.Ceiling(options.Threshold * BloomFilterEncoder.EncodingBits / 2 - 1e-9);
        var keysPerRecord = parties.All(p => p.BlockKeys is not null) ? parties.Min(p => p.KeysPerRecord) : 0;
        var passes = keysPerRecord > 0 ? keysPerRecord : options.Bands;

        // One key buffer and one order buffer for all passes: each pass writes its keys, sorts them with the record
        // indexes, and the runs of equal keys are its blocks.
        var keys = new ulong[total];
        var order = new int[total];
        var blocks = new List<(int Start, int End)>();
        var linkLists = new System.Collections.Concurrent.ConcurrentBag<List<Link>>();
        long candidates = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            progress?.Report((0.9 * pass / passes, "Blocking"));
            var bits = keysPerRecord > 0 ? [] : SampleBits(ref state, options.BitsPerBand);
            var currentPass = pass;
            Parallel.For(0, parties.Count, p =>
            {
                var party = parties[p];
                var offset = offsets[p];
                if (keysPerRecord > 0)
                {
                    var blockKeys = party.BlockKeys!;
                    for (var r = 0; r < party.Count; r++)
                    {
                        keys[offset + r] = blockKeys[r * party.KeysPerRecord + currentPass];
                    }
                }
                else
                {
                    for (var r = 0; r < party.Count; r++)
                    {
                        keys[offset + r] = BandKey(party.Words, r * BloomFilterEncoder.EncodingWords, bits);
                    }
                }
            });
            for (var i = 0; i < total; i++)
            {
                order[i] = i;
            }
            Array.Sort(keys, order);

            // The pass's blocks that hold records of at least two parties (key 0 of a blocking rule: no block).
            blocks.Clear();
            var start = 0;
            while (start < total)
            {
                var end = start + 1;
                var mixed = false;
                while (end < total && keys[end] == keys[start])
                {
                    mixed |= partyOf[order[end]] != partyOf[order[start]];
                    end++;
                }
                if (mixed && (keysPerRecord == 0 || keys[start] != 0))
                {
                    blocks.Add((start, end));
                }
                start = end;
            }

            progress?.Report((0.9 * (pass + 0.5) / passes, "Comparing"));
            var blockArray = blocks.ToArray();
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, blockArray.Length, Math.Max(1, blockArray.Length / 256)),
                () => (Links: new List<Link>(), Compared: 0L),
                (range, _, local) =>
                {
                    for (var g = range.Item1; g < range.Item2; g++)
                    {
                        var (from, to) = blockArray[g];
                        // Members in record order, so each party's members are contiguous; compare across parties only.
                        Array.Sort(order, from, to - from);
                        var next = from;
                        for (var i = from; i < to; i++)
                        {
                            var a = order[i];
                            var partyA = partyOf[a];
                            if (next <= i)
                            {
                                next = i + 1;
                                while (next < to && partyOf[order[next]] == partyA)
                                {
                                    next++;
                                }
                            }
                            var wordsA = parties[partyA].Words;
                            var offsetA = (a - offsets[partyA]) * BloomFilterEncoder.EncodingWords;
                            for (var j = next; j < to; j++)
                            {
                                var b = order[j];
                                var partyB = partyOf[b];
                                var common = Dice.CommonBits(wordsA, offsetA, parties[partyB].Words, (b - offsets[partyB]) * BloomFilterEncoder.EncodingWords);
                                if (common >= threshold)
                                {
                                    local.Links.Add(new Link(a, b, common));
                                }
                            }
                            local.Compared += to - next;
                        }
                    }
                    return local;
                },
                local =>
                {
                    linkLists.Add(local.Links);
                    Interlocked.Add(ref candidates, local.Compared);
                });
        }
        progress?.Report((0.9, "Clustering"));
        var links = new Link[linkLists.Sum(l => l.Count)];
        var at = 0;
        foreach (var list in linkLists)
        {
            list.CopyTo(links, at);
            at += list.Count;
        }
        var clusters = Solve(links, offsets, partyOf);
        progress?.Report((1.0, "Clustering"));
        return new MatchResult(clusters.Results, clusters.Count, candidates, clusters.Links);
    }

    /// <summary>A candidate pair above the threshold: global record indexes (A &lt; B) and the number of common bits (the score).</summary>
    private readonly record struct Link(int A, int B, int Common);

    /// <summary>
    /// Greedy: links from the best score down (ties by A, then B: deterministic whatever the thread count); a link
    /// joins two clusters unless the union would hold two records of one party. A pair found in several passes appears
    /// several times; its repeats find both records in one cluster and change nothing.
    /// </summary>
    private static (int[][] Results, int Count, long Links) Solve(Link[] links, int[] offsets, byte[] partyOf)
    {
        var total = partyOf.Length;
        Array.Sort(links, static (x, y) => x.Common != y.Common ? y.Common.CompareTo(x.Common) : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        var parent = new int[total];
        var partiesIn = new ulong[total];
        for (var r = 0; r < total; r++)
        {
            parent[r] = r;
            partiesIn[r] = 1UL << partyOf[r];
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
        foreach (var (a, b, _) in links)
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
        var idOfRoot = new int[total];
        Array.Fill(idOfRoot, -1);
        var count = 0;
        var results = new int[offsets.Length - 1][];
        for (var p = 0; p < results.Length; p++)
        {
            results[p] = new int[offsets[p + 1] - offsets[p]];
            for (var r = 0; r < results[p].Length; r++)
            {
                var root = Find(offsets[p] + r);
                if (idOfRoot[root] < 0)
                {
                    idOfRoot[root] = count++;
                }
                results[p][r] = idOfRoot[root];
            }
        }
        return (results, count, accepted);
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
