using System.Collections.Concurrent;

namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <param name="Threshold">The least match probability of a link between two records.</param>
/// <param name="ChainGuard">The least evidence (bits, no prior) between any two members of a cluster; see <see cref="PairClustering"/>.</param>
/// <param name="PairsFloor">Scored pairs at or above this probability are returned (for review and explanation); the others are only counted.</param>
/// <param name="SamplePairs">How many random pairs estimate the u-probabilities (all pairs when there are fewer).</param>
/// <param name="MaxBlockSize">A block with more records than this (a blocking key shared by too many records, e.g. an empty-looking default) is skipped and counted, since it would cost its size squared.</param>
/// <param name="Training">The EM's iteration cap and tolerance (defaults when null).</param>
/// <param name="Seed">Seeds the random sample; the same seed gives the same model and clusters.</param>
public sealed record DedupeOptions(
    double Threshold = 0.9,
    double ChainGuard = 0,
    double PairsFloor = 0.01,
    long SamplePairs = 2_000_000,
    int MaxBlockSize = 5_000,
    ulong Seed = 0x5EED,
    TrainingOptions? Training = null);

/// <summary>What one blocking rule contributed: its blocks (of two or more records), the largest, the pairs inside its blocks, the pairs it compared first (not blocked by an earlier rule) and its skipped blocks.</summary>
public sealed record BlockingRuleStatistics(int Rule, int Blocks, int LargestBlock, long PairsInBlocks, long ComparedPairs, int SkippedBlocks);

/// <summary>A compared pair (record indexes, Left &lt; Right) with its levels, match weight and probability.</summary>
public sealed record ScoredPair(int Left, int Right, ulong Pattern, double MatchWeight, double Probability);

/// <summary>One comparison's part of a pair's match weight (Splink's waterfall).</summary>
public sealed record WeightPart(string Comparison, string Level, double Weight, double TermFrequencyWeight);

/// <summary>
/// The outcome of a deduplication: each record's cluster (0-based; a record without a link is alone in its cluster),
/// the scored pairs at or above <see cref="DedupeOptions.PairsFloor"/>, the trained model and the work done.
/// </summary>
public sealed record DedupeResult(
    int[] ClusterOfRecord,
    int Clusters,
    IReadOnlyList<ScoredPair> Pairs,
    TrainingResult Training,
    long ComparedPairs,
    long Links,
    int SkippedBlocks,
    PreparedRecords Records)
{
    public FellegiSunterModel Model => Training.Model;

    /// <summary>Per blocking rule: blocks, largest block, pairs; in the rules' order.</summary>
    public IReadOnlyList<BlockingRuleStatistics> RuleStatistics { get; init; } = [];

    /// <summary>Why a pair scored what it did: the prior, then each comparison's level and weight.</summary>
    public IReadOnlyList<WeightPart> Explain(ScoredPair pair)
    {
        var parts = new List<WeightPart> { new("prior", "λ", Model.PriorWeight, 0) };
        for (var k = 0; k < Model.Comparisons.Count; k++)
        {
            var level = PreparedRecords.LevelOf(pair.Pattern, k);
            parts.Add(new(Model.Comparisons[k].Name, Model.Comparisons[k].Levels[level].Label, Model.LevelWeight(k, level),
                Model.TermFrequencyWeight(Records, pair.Pattern, k, pair.Left)));
        }
        return parts;
    }
}

/// <summary>
/// Fellegi–Sunter deduplication of one file or database (an agency that may see the identities): prepare the
/// records, block (union of the rules, each pair compared once), compare, train (u by sampling, m and λ by EM), score,
/// cluster with the chain guard. Records in (values by column), clusters and scored pairs out; pure, no I/O.
/// </summary>
public static class Deduplicator
{
    public static DedupeResult Run(IReadOnlyList<IReadOnlyList<string?>> records, IReadOnlyList<FieldComparison> comparisons, IReadOnlyList<BlockingRule> rules,
        DedupeOptions options, IProgress<(double Fraction, string Stage)>? progress = null)
    {
        var prepared = new PreparedRecords(records, comparisons);
        progress?.Report((0.05, "Blocking"));
        var keys = BlockKeys(records, rules, options.MaxBlockSize, out var blocks, out var skipped, out var ruleStatistics);
        progress?.Report((0.10, "Comparing"));
        var comparedByRule = new long[rules.Count];

        // Compare every blocked pair once (a pair is skipped by rule r when an earlier rule already blocks it).
        var ruleCount = rules.Count;
        var results = new ConcurrentBag<(List<long> Pairs, List<ulong> Patterns, Dictionary<ulong, long> Counts)>();
        var done = 0;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, blocks.Count, Math.Max(1, blocks.Count / 64)),
            () => (Pairs: new List<long>(), Patterns: new List<ulong>(), Counts: new Dictionary<ulong, long>()),
            (range, _, local) =>
            {
                for (var g = range.Item1; g < range.Item2; g++)
                {
                    var (rule, members) = blocks[g];
                    long comparedHere = 0;
                    for (var i = 0; i < members.Length; i++)
                    {
                        for (var j = i + 1; j < members.Length; j++)
                        {
                            var a = Math.Min(members[i], members[j]);
                            var b = Math.Max(members[i], members[j]);
                            if (EarlierRuleBlocks(keys, ruleCount, rule, a, b))
                            {
                                continue;
                            }
                            comparedHere++;
                            var pattern = prepared.Pattern(a, b);
                            local.Pairs.Add((long)a << 32 | (uint)b);
                            local.Patterns.Add(pattern);
                            local.Counts[pattern] = local.Counts.GetValueOrDefault(pattern) + 1;
                        }
                    }
                    Interlocked.Add(ref comparedByRule[rule], comparedHere);
                }
                progress?.Report((0.10 + 0.5 * Interlocked.Add(ref done, range.Item2 - range.Item1) / Math.Max(1, blocks.Count), "Comparing"));
                return local;
            },
            local => results.Add(local));
        var patternCounts = new Dictionary<ulong, long>();
        long compared = 0;
        foreach (var (pairs, _, counts) in results)
        {
            compared += pairs.Count;
            foreach (var (pattern, count) in counts)
            {
                patternCounts[pattern] = patternCounts.GetValueOrDefault(pattern) + count;
            }
        }

        progress?.Report((0.60, "Sampling"));
        var sample = FellegiSunterTraining.SampleU(prepared, options.SamplePairs, options.Seed);
        progress?.Report((0.70, "Training"));
        var n = Math.Max(prepared.Count, 2);
        var training = FellegiSunterTraining.Train(comparisons, patternCounts, sample, 1.0 / (n - 1), options.Training ?? new TrainingOptions());
        var model = training.Model;
        progress?.Report((0.75, "Scoring"));

        // Score: the pattern's weight once per pattern, the term-frequency adjustment per pair.
        var patternWeight = patternCounts.Keys.ToDictionary(p => p, model.PatternWeight);
        var floor = Math.Min(options.PairsFloor, options.Threshold);
        // Each thread's pairs scored in parallel, then one list in (left, right) order: the same on every run.
        var parts = results.ToArray();
        var keptParts = new List<ScoredPair>[parts.Length];
        Parallel.For(0, parts.Length, part =>
        {
            var (pairs, patterns, _) = parts[part];
            var kept = keptParts[part] = [];
            for (var i = 0; i < pairs.Count; i++)
            {
                var a = (int)(pairs[i] >> 32);
                var b = (int)(pairs[i] & 0xFFFF_FFFF);
                var weight = model.PriorWeight + patternWeight[patterns[i]];
                for (var k = 0; k < comparisons.Count; k++)
                {
                    weight += model.TermFrequencyWeight(prepared, patterns[i], k, a);
                }
                var probability = FellegiSunterModel.Probability(weight);
                if (probability >= floor)
                {
                    kept.Add(new ScoredPair(a, b, patterns[i], weight, probability));
                }
            }
        });
        var kept = new List<ScoredPair>(keptParts.Sum(p => p.Count));
        foreach (var part in keptParts)
        {
            kept.AddRange(part);
        }
        kept.Sort((x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        progress?.Report((0.85, "Clustering"));

        var links = kept.Where(p => p.Probability >= options.Threshold).Select(p => (p.Left, p.Right, p.Probability)).ToList();
        var clusters = PairClustering.Cluster(prepared.Count, links, (x, y) => model.Evidence(prepared, x, y), options.ChainGuard);
        progress?.Report((1.0, "Clustering"));
        var pairsOut = options.PairsFloor <= options.Threshold ? kept : kept.Where(p => p.Probability >= options.PairsFloor).ToList();
        return new DedupeResult(clusters, clusters.Length == 0 ? 0 : clusters.Max() + 1, pairsOut, training, compared, links.Count, skipped, prepared)
        {
            RuleStatistics = [.. ruleStatistics.Select((r, i) => r with { ComparedPairs = Interlocked.Read(ref comparedByRule[i]) })],
        };
    }

    private static bool EarlierRuleBlocks(ulong[] keys, int ruleCount, int rule, int a, int b)
    {
        for (var r = 0; r < rule; r++)
        {
            var key = keys[(long)a * ruleCount + r];
            if (key != 0 && key == keys[(long)b * ruleCount + r])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Each record's key per rule (64-bit FNV-1a of the reduced, transliterated values; 0 when a part is empty, or when
    /// the block is larger than <paramref name="maxBlockSize"/>), and the blocks of two or more records.
    /// </summary>
    private static ulong[] BlockKeys(IReadOnlyList<IReadOnlyList<string?>> records, IReadOnlyList<BlockingRule> rules, int maxBlockSize,
        out List<(int Rule, int[] Members)> blocks, out int skipped, out BlockingRuleStatistics[] statistics)
    {
        var n = records.Count;
        var keys = new ulong[(long)n * rules.Count];
        var normalised = new Dictionary<int, string[]>();
        foreach (var field in rules.SelectMany(r => r.Parts).Select(p => p.Field).Distinct())
        {
            var column = new string[n];
            Parallel.For(0, n, r => column[r] = NameNormaliser.Normalise(records[r][field]));
            normalised[field] = column;
        }
        blocks = [];
        skipped = 0;
        statistics = new BlockingRuleStatistics[rules.Count];
        for (var rule = 0; rule < rules.Count; rule++)
        {
            var ruleKeys = new ulong[n];
            var parts = rules[rule].Parts;
            Parallel.For(0, n, r =>
            {
                var hash = 14695981039346656037UL;
                foreach (var part in parts)
                {
                    var reduced = BlockingKeys.Reduce(normalised[part.Field][r], part.Transform);
                    if (reduced.Length == 0)
                    {
                        hash = 0;
                        break;
                    }
                    foreach (var c in reduced)
                    {
                        hash = unchecked((hash ^ c) * 1099511628211UL);
                    }
                    hash = unchecked((hash ^ 0x1F) * 1099511628211UL);
                }
                ruleKeys[r] = hash == 0 ? 0 : hash | 1;
            });
            var order = Enumerable.Range(0, n).ToArray();
            var sorted = (ulong[])ruleKeys.Clone();
            Array.Sort(sorted, order);
            var start = 0;
            var (ruleBlocks, largest, pairsInBlocks, ruleSkipped) = (0, 0, 0L, 0);
            while (start < n)
            {
                var end = start + 1;
                while (end < n && sorted[end] == sorted[start])
                {
                    end++;
                }
                if (sorted[start] != 0 && end - start >= 2)
                {
                    largest = Math.Max(largest, end - start);
                    if (end - start > maxBlockSize)
                    {
                        ruleSkipped++;
                        skipped++;
                        for (var i = start; i < end; i++)
                        {
                            ruleKeys[order[i]] = 0;
                        }
                    }
                    else
                    {
                        var members = order[start..end];
                        Array.Sort(members);
                        blocks.Add((rule, members));
                        ruleBlocks++;
                        pairsInBlocks += (long)members.Length * (members.Length - 1) / 2;
                    }
                }
                start = end;
            }
            for (var r = 0; r < n; r++)
            {
                keys[(long)r * rules.Count + rule] = ruleKeys[r];
            }
            statistics[rule] = new BlockingRuleStatistics(rule, ruleBlocks, largest, pairsInBlocks, 0, ruleSkipped);
        }
        return keys;
    }
}
