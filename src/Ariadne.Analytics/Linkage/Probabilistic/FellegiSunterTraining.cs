using Ariadne.Analytics.Disclosure;

namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>Counts of each comparison's levels over a random sample of record pairs (all pairs when there are few).</summary>
/// <param name="Counts">Counts[k][level], null level included.</param>
/// <param name="Sampled">The number of pairs sampled.</param>
/// <param name="TotalPairs">The number of pairs in the data, n(n − 1)/2.</param>
public sealed record PairSample(long[][] Counts, long Sampled, double TotalPairs);

/// <param name="MaxIterations">The iteration cap of EM.</param>
/// <param name="Tolerance">EM stops when no m, u or relative λ changes by more than this.</param>
public sealed record TrainingOptions(int MaxIterations = 100, double Tolerance = 1e-5);

/// <summary>The trained model and how training went.</summary>
public sealed record TrainingResult(FellegiSunterModel Model, int Iterations, bool Converged);

/// <summary>
/// Trains a Fellegi–Sunter model the way Splink recommends: u-probabilities from a random sample of record pairs
/// (almost all of which are non-matches), m-probabilities and λ by expectation maximisation (EM) over the blocked pairs.
/// </summary>
/// <remarks>
/// The EM is the textbook EM over <b>all</b> n(n − 1)/2 pairs, made tractable by two approximations: pairs outside the
/// blocks are taken as non-matches (their posterior is ~0; the blocking rules are there to catch the matches), and
/// their level counts are known only through the random sample, scaled up by N/S. So in each iteration
/// λ = Σ_blocked p / N; m_l = Σ_blocked p·[level l] / Σ_blocked p; and u_l ∝ c_l − (S/N)·Σ_blocked p·[level l], the
/// sample's count less the matches expected in it. That last correction matters in small files, where the sample is
/// every pair and the duplicates themselves would otherwise count as random agreement (a FEBRL file of 1,000 records
/// has as many exact date-of-birth agreements among its 500 true pairs as among its 499,000 others). Unlike Splink's
/// per-blocking-rule EM runs, no comparison has to be left out: the non-match class is anchored by the sample of all
/// pairs, not by the blocked ones. The work per iteration is over distinct patterns (a few hundred), not pairs.
/// Null levels carry no weight (m = u, as in Splink). Probabilities are floored (u at half a sample count, m at 10⁻⁶)
/// so that a level never seen gives a large but finite weight.
/// </remarks>
public static class FellegiSunterTraining
{
    private const double MinimumM = 1e-6;

    /// <summary>
    /// Counts the levels of about <paramref name="maxPairs"/> random pairs, or of every pair when there are no more
    /// than that. The pairs are every pair among m records drawn uniformly without replacement (seeded SplitMix64;
    /// m the least with m(m − 1)/2 ≥ <paramref name="maxPairs"/>, e.g. 2,001 records for 2,000,000 pairs), as Splink's
    /// <c>estimate_u_using_random_sampling</c> does: each such pair is a uniformly random pair of the file, so the
    /// level counts estimate u without bias, and the m records' values fit in the processor's cache, so the cost per
    /// pair does not grow with the file (pairs drawn one by one from a million records missed the cache on every
    /// value). The result does not depend on the thread count.
    /// </summary>
    public static PairSample SampleU(PreparedRecords records, long maxPairs, ulong seed)
    {
        var n = records.Count;
        var total = n * (n - 1.0) / 2;
        if (total <= maxPairs)
        {
            return new PairSample(CountAllPairs(records), (long)total, total);
        }
        var m = (int)Math.Ceiling((1 + Math.Sqrt(1 + 8.0 * maxPairs)) / 2);
        while ((long)(m - 1) * (m - 2) / 2 >= maxPairs)
        {
            m--;
        }
        var chosen = new HashSet<int>();
        var state = seed;
        while (chosen.Count < m)
        {
            chosen.Add((int)(SeededRandom.SplitMix(ref state) % (ulong)n));
        }
        int[] subset = [.. chosen.Order()];
        return new PairSample(CountAllPairs(records.Subset(subset)), (long)m * (m - 1) / 2, total);
    }

    /// <summary>The level counts of every pair (a &lt; b) of the records; rows in parallel, summed (independent of the thread count).</summary>
    private static long[][] CountAllPairs(PreparedRecords records)
    {
        var n = records.Count;
        var comparisons = records.Comparisons.Count;
        var counts = NewCounts(records.Comparisons);
        var gate = new Lock();
        Parallel.For(0, n, () => NewCounts(records.Comparisons), (a, _, local) =>
        {
            for (var b = a + 1; b < n; b++)
            {
                Add(local, records.Pattern(a, b), comparisons);
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                for (var k = 0; k < counts.Length; k++)
                {
                    for (var l = 0; l < counts[k].Length; l++)
                    {
                        counts[k][l] += local[k][l];
                    }
                }
            }
        });
        return counts;
    }

    /// <summary>EM over the blocked pairs' patterns (pattern → number of pairs) with the sample's counts; see the remarks.</summary>
    public static TrainingResult Train(IReadOnlyList<FieldComparison> comparisons, IReadOnlyDictionary<ulong, long> blocked, PairSample sample, double initialLambda, TrainingOptions options)
    {
        var k = comparisons.Count;
        var m = new double[k][];
        var u = new double[k][];
        var matchCounts = new double[k][];
        for (var c = 0; c < k; c++)
        {
            var levels = comparisons[c].Levels.Count;
            m[c] = new double[levels];
            matchCounts[c] = new double[levels];
            var sum = 0.0;
            for (var l = 1; l < levels; l++)
            {
                m[c][l] = Math.Pow(4, -(l - 1));
                sum += m[c][l];
            }
            for (var l = 1; l < levels; l++)
            {
                m[c][l] /= sum;
            }
            u[c] = UFromSample(sample, c, matchCounts[c]);
        }
        var lambda = Math.Clamp(initialLambda, 1 / Math.Max(sample.TotalPairs, 2), 0.5);
        var patterns = blocked.ToArray();
        Array.Sort(patterns, (x, y) => x.Key.CompareTo(y.Key)); // a fixed order of summation: the same model on every run
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations && !converged)
        {
            iterations++;
            foreach (var counts in matchCounts)
            {
                Array.Clear(counts);
            }
            var expectedMatches = 0.0;
            var priorOdds = lambda / (1 - lambda);
            foreach (var (pattern, count) in patterns)
            {
                var ratio = priorOdds;
                for (var c = 0; c < k; c++)
                {
                    var level = PreparedRecords.LevelOf(pattern, c);
                    if (level != 0)
                    {
                        ratio *= m[c][level] / u[c][level];
                    }
                }
                var posterior = double.IsPositiveInfinity(ratio) ? 1 : ratio / (1 + ratio);
                var weighted = posterior * count;
                expectedMatches += weighted;
                for (var c = 0; c < k; c++)
                {
                    matchCounts[c][PreparedRecords.LevelOf(pattern, c)] += weighted;
                }
            }
            var change = 0.0;
            var newLambda = Math.Clamp(expectedMatches / sample.TotalPairs, 1 / Math.Max(sample.TotalPairs, 2), 0.5);
            change = Math.Max(change, Math.Abs(newLambda - lambda) / lambda);
            lambda = newLambda;
            for (var c = 0; c < k; c++)
            {
                var present = matchCounts[c].Skip(1).Sum();
                if (present > 0)
                {
                    var levels = m[c].Length;
                    var floored = new double[levels];
                    for (var l = 1; l < levels; l++)
                    {
                        floored[l] = Math.Max(matchCounts[c][l] / present, MinimumM);
                    }
                    var sum = floored.Sum();
                    for (var l = 1; l < levels; l++)
                    {
                        change = Math.Max(change, Math.Abs(floored[l] / sum - m[c][l]));
                        m[c][l] = floored[l] / sum;
                    }
                }
                var newU = UFromSample(sample, c, matchCounts[c]);
                for (var l = 1; l < newU.Length; l++)
                {
                    change = Math.Max(change, Math.Abs(newU[l] - u[c][l]));
                }
                u[c] = newU;
            }
            converged = change < options.Tolerance;
        }
        return new TrainingResult(new FellegiSunterModel(comparisons, lambda, m, u), iterations, converged);
    }

    /// <summary>u per level from the sample, less the expected matches in it (blocked matches scaled by S/N), floored at half a count.</summary>
    private static double[] UFromSample(PairSample sample, int c, double[] matchCounts)
    {
        var counts = sample.Counts[c];
        var share = sample.Sampled / sample.TotalPairs;
        var u = new double[counts.Length];
        for (var l = 1; l < counts.Length; l++)
        {
            u[l] = Math.Max(counts[l] - share * matchCounts[l], 0.5);
        }
        var sum = u.Sum();
        for (var l = 1; l < counts.Length; l++)
        {
            u[l] /= sum;
        }
        return u;
    }

    private static long[][] NewCounts(IReadOnlyList<FieldComparison> comparisons) => [.. comparisons.Select(c => new long[c.Levels.Count])];

    private static void Add(long[][] counts, ulong pattern, int comparisons)
    {
        for (var k = 0; k < comparisons; k++)
        {
            counts[k][PreparedRecords.LevelOf(pattern, k)]++;
        }
    }
}
