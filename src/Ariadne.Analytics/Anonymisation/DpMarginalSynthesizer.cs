using System.Globalization;
using Ariadne.Analytics.Disclosure;

namespace Ariadne.Analytics.Anonymisation;

/// <summary>The parameters of one differentially private synthesis; recorded with a release so that it can be reproduced.</summary>
public sealed record DpSynthesisOptions
{
    /// <summary>The total privacy-loss budget ε (&gt; 0, finite) of the whole synthesis, record count included.</summary>
    public required double Epsilon { get; init; }

    /// <summary>The total δ (0 &lt; δ &lt; 1) of the whole synthesis.</summary>
    public double Delta { get; init; } = 1e-6;

    /// <summary>Seeds every random draw (noise and sampling); the same input, options and seed give the same records.</summary>
    public ulong Seed { get; init; }

    /// <summary>1: only the 1-way marginals are measured and the attributes are sampled independently; 2 (default): the 2-way marginals of <see cref="Parents"/> too.</summary>
    public int MaxOrder { get; init; } = 2;

    /// <summary>
    /// The fixed, data-independent tree (forest) of attribute pairs: <c>Parents[i]</c> is the attribute from which
    /// attribute i is sampled conditionally, or -1 for a root. Null means the chain 0 → 1 → … → d-1 (each attribute's
    /// parent is the previous one). Must not contain a cycle. Unused when <see cref="MaxOrder"/> is 1.
    /// </summary>
    public IReadOnlyList<int>? Parents { get; init; }

    /// <summary>The share of the budget (as zCDP ρ) spent on the noisy record count; default 5 %.</summary>
    public double CountShare { get; init; } = 0.05;

    /// <summary>Noisy cell counts below this many σ are set to 0 (default 2).</summary>
    public double ThresholdSigmas { get; init; } = 2.0;
}

/// <summary>What one synthesis spent and used; every figure depends only on the options and the domain, except <see cref="NoisyCount"/> (itself differentially private).</summary>
/// <param name="Epsilon">The total ε spent.</param>
/// <param name="Delta">The total δ spent.</param>
/// <param name="Rho">The zCDP budget ρ equivalent to (ε, δ) and spent in full.</param>
/// <param name="NoisyCount">N′, the number of synthetic records: the true count plus Laplace noise, rounded, at least 0.</param>
/// <param name="CountScale">The scale b of the Laplace noise on the count.</param>
/// <param name="Sigma">The standard deviation of the Gaussian noise on every cell of every measured marginal.</param>
/// <param name="Threshold">Noisy cells below this count were set to 0.</param>
/// <param name="MeasuredAttributes">The attributes whose 1-way marginal was measured (those with more than one value).</param>
/// <param name="MeasuredPairs">The (parent, child) attribute pairs whose 2-way marginal was measured.</param>
public sealed record DpSynthesisReport(
    double Epsilon,
    double Delta,
    double Rho,
    int NoisyCount,
    double CountScale,
    double Sigma,
    double Threshold,
    IReadOnlyList<int> MeasuredAttributes,
    IReadOnlyList<(int Parent, int Child)> MeasuredPairs);

/// <summary>The synthetic records (values are indices into each attribute's domain) and the report.</summary>
public sealed record DpSynthesisResult(IReadOnlyList<int[]> Records, DpSynthesisReport Report);

/// <summary>
/// Differentially private synthetic microdata from noisy marginals: a simplified form of the "DP marginals" mode of
/// Microsoft's synthetic-data-showcase and of MST (McKenna et al.) — measure a fixed set of low-order marginals with
/// Gaussian noise, post-process them, then sample records from them.
/// </summary>
/// <remarks>
/// <para><b>Input.</b> Records are arrays of categorical values, each an index into a fixed domain of its attribute
/// (<c>domainSizes[a]</c> values). The domain must come from code lists or the layout's value sets and never from the
/// data: the noisy histogram is differentially private only because every cell of the domain gets noise, empty or not,
/// so that which cells occur in the data is not revealed by which cells are reported. A value outside its domain is an
/// error (<see cref="ArgumentException"/>).</para>
/// <para><b>Neighbouring data sets</b> differ by adding or removing one record. <b>Accounting</b> is in zero-concentrated
/// DP (Bun &amp; Steinke 2016): the target (ε, δ) is turned into ρ = (√(ln(1/δ) + ε) − √(ln(1/δ)))², the largest ρ with
/// ρ + 2√(ρ ln(1/δ)) ≤ ε (their Proposition 1.3), and ρ composes additively over the measurements below, so the whole
/// synthesis is (ε, δ)-DP for every ε (no ε &lt; 1 restriction as in the classic Gaussian σ formula).</para>
/// <list type="number">
/// <item><b>Record count</b>: <see cref="DpSynthesisOptions.CountShare"/> of ρ (ρ_N) buys N′ = round(N + Laplace(b)),
/// b = 1/ε_N with ε_N = √(2ρ_N) (an ε_N-DP measurement with sensitivity 1 is ε_N²/2-zCDP); negative N′ becomes 0.</item>
/// <item><b>Marginals</b>: the rest of ρ is split equally over the M measured marginals — the 1-way marginal of every
/// attribute with more than one value, and (order 2) the 2-way marginal of every (parent, child) pair of the fixed
/// tree whose attributes both have more than one value. One record is in exactly one cell of each marginal, so each
/// has L2 (and L1) sensitivity 1; Gaussian noise with σ = √(M / (2 (1 − share) ρ)) is added to every cell
/// (each marginal is 1/(2σ²)-zCDP). Attributes with a single value are not measured and spend nothing.</item>
/// <item><b>Post-processing</b> (keeps the guarantee): noisy cells below <see cref="DpSynthesisOptions.ThresholdSigmas"/>·σ
/// (2σ by default) are set to 0 — negatives included —, so that combinations the noise alone fabricates are rarely
/// emitted. Each 2-way table is then fitted to the two noisy 1-way marginals of its attributes by ten rounds of iterative
/// proportional fitting (cells at 0 stay 0), and normalised. A 1-way marginal with nothing left is taken as uniform; a row of a
/// 2-way marginal with nothing left falls back to the child's 1-way marginal.</item>
/// <item><b>Sampling</b> (post-processing): N′ records, each attribute drawn in a parent-before-child order — a root
/// from its 1-way marginal, a child from its 2-way marginal conditioned on the parent's drawn value (a Chow–Liu-like
/// tree with a fixed shape, not learnt from the data). Single-valued attributes take their only value.</item>
/// </list>
/// <para>Every random draw comes from one <see cref="SeededRandom"/> seeded with <see cref="DpSynthesisOptions.Seed"/>, in a
/// fixed order (count, 1-way cells, 2-way cells, then records), so the output depends only on the marginal counts, the
/// options and the seed: it is reproducible and does not depend on the order of the input records. Floating-point
/// sampling is used (no snapping mechanism). Utility measures (<see cref="TotalVariation"/>) compare against the true
/// data and would themselves leak: they are for tests and documentation, never for a release.</para>
/// </remarks>
public static class DpMarginalSynthesizer
{
    private const int FittingRounds = 10;

    /// <summary>Synthesises records over the given domain; see the class remarks for the mechanism.</summary>
    /// <exception cref="ArgumentException">An option is out of range, the tree has a cycle, or a value lies outside its domain.</exception>
    public static DpSynthesisResult Synthesize(IReadOnlyList<int> domainSizes, IReadOnlyList<int[]> records, DpSynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(domainSizes);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var d = domainSizes.Count;
        var sizes = new int[d];
        for (var a = 0; a < d; a++)
        {
            sizes[a] = domainSizes[a] >= 1 ? domainSizes[a] : throw new ArgumentException($"Attribute {a} has an empty domain.", nameof(domainSizes));
        }
        var parents = EffectiveParents(sizes, options);
        var order = SamplingOrder(parents);

        // Counting: one pass over the records, hand-written.
        var oneWay = new long[d][];
        var twoWay = new long[d][];
        for (var a = 0; a < d; a++)
        {
            oneWay[a] = new long[sizes[a]];
            if (parents[a] >= 0)
            {
                twoWay[a] = new long[sizes[parents[a]] * sizes[a]];
            }
        }
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            if (record.Length != d)
            {
                throw new ArgumentException($"Record {r} has {record.Length} values; the domain has {d} attributes.", nameof(records));
            }
            for (var a = 0; a < d; a++)
            {
                var v = record[a];
                if ((uint)v >= (uint)sizes[a])
                {
                    throw new ArgumentException($"Record {r}: value {v} of attribute {a} lies outside its domain (0..{sizes[a] - 1}).", nameof(records));
                }
                oneWay[a][v]++;
                if (parents[a] >= 0)
                {
                    twoWay[a][record[parents[a]] * sizes[a] + v]++;
                }
            }
        }

        var measuredAttributes = new List<int>();
        var measuredPairs = new List<(int Parent, int Child)>();
        for (var a = 0; a < d; a++)
        {
            if (sizes[a] > 1)
            {
                measuredAttributes.Add(a);
            }
        }
        for (var a = 0; a < d; a++)
        {
            if (parents[a] >= 0)
            {
                measuredPairs.Add((parents[a], a));
            }
        }
        var m = measuredAttributes.Count + measuredPairs.Count;
        var rho = Rho(options.Epsilon, options.Delta);
        var countScale = 1 / Math.Sqrt(2 * options.CountShare * rho);
        var sigma = m == 0 ? 0 : Math.Sqrt(m / (2 * (1 - options.CountShare) * rho));
        var threshold = options.ThresholdSigmas * sigma;

        var random = new SeededRandom(options.Seed);
        var noisyCount = (int)Math.Clamp(Math.Round(records.Count + random.NextLaplace(countScale), MidpointRounding.ToEven), 0, int.MaxValue);
        var oneWayNoisy = new double[d][];
        foreach (var a in measuredAttributes)
        {
            oneWayNoisy[a] = Noisy(oneWay[a], sigma, threshold, random);
        }
        var twoWayNoisy = new double[d][];
        foreach (var (_, child) in measuredPairs)
        {
            twoWayNoisy[child] = Noisy(twoWay[child], sigma, threshold, random);
        }

        foreach (var (parent, child) in measuredPairs)
        {
            Fit(twoWayNoisy[child], oneWayNoisy[parent], oneWayNoisy[child]);
        }

        // Cumulative distributions to sample from.
        var marginal = new double[d][];
        var conditional = new double[d][][];
        for (var a = 0; a < d; a++)
        {
            if (sizes[a] == 1)
            {
                continue;
            }
            marginal[a] = Cumulative(oneWayNoisy[a], 0, sizes[a]) ?? Uniform(sizes[a]);
            if (parents[a] >= 0)
            {
                var rows = sizes[parents[a]];
                conditional[a] = new double[rows][];
                for (var pv = 0; pv < rows; pv++)
                {
                    conditional[a][pv] = Cumulative(twoWayNoisy[a], pv * sizes[a], sizes[a]) ?? marginal[a];
                }
            }
        }

        var synthetic = new int[noisyCount][];
        for (var r = 0; r < noisyCount; r++)
        {
            var record = new int[d];
            foreach (var a in order)
            {
                if (sizes[a] > 1)
                {
                    var cumulative = parents[a] >= 0 ? conditional[a][record[parents[a]]] : marginal[a];
                    record[a] = Draw(cumulative, random);
                }
            }
            synthetic[r] = record;
        }
        var report = new DpSynthesisReport(options.Epsilon, options.Delta, rho, noisyCount, countScale, sigma, threshold, measuredAttributes, measuredPairs);
        return new DpSynthesisResult(synthetic, report);
    }

    /// <summary>The zCDP ρ whose conversion ρ + 2√(ρ ln(1/δ)) equals ε (Bun &amp; Steinke 2016, Proposition 1.3).</summary>
    public static double Rho(double epsilon, double delta)
    {
        var log = Math.Log(1 / delta);
        var root = Math.Sqrt(log + epsilon) - Math.Sqrt(log);
        return root * root;
    }

    /// <summary>
    /// The total variation distance (½ Σ |p − q|, between 0 and 1) between the 1-way marginal of attribute
    /// <paramref name="first"/> (or, with <paramref name="second"/> ≥ 0, the 2-way marginal of the two) in two record
    /// sets over the same domain. A utility measure for tests and documentation only: against the true data it is not private.
    /// </summary>
    public static double TotalVariation(IReadOnlyList<int> domainSizes, IReadOnlyList<int[]> a, IReadOnlyList<int[]> b, int first, int second = -1)
    {
        ArgumentNullException.ThrowIfNull(domainSizes);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return a.Count == b.Count ? 0 : 1;
        }
        var cells = domainSizes[first] * (second >= 0 ? domainSizes[second] : 1);
        var p = Histogram(a, cells, domainSizes, first, second);
        var q = Histogram(b, cells, domainSizes, first, second);
        var sum = 0.0;
        for (var i = 0; i < cells; i++)
        {
            sum += Math.Abs(p[i] / a.Count - q[i] / b.Count);
        }
        return sum / 2;
    }

    /// <summary>The mechanism in words, with every figure: to be published beside the synthetic records.</summary>
    public static string Describe(DpSynthesisReport report, DpSynthesisOptions options, IReadOnlyList<string> attributeNames)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attributeNames);
        var ones = string.Join(", ", report.MeasuredAttributes.Select(a => attributeNames[a]));
        var twos = report.MeasuredPairs.Count == 0 ? "none" : string.Join(", ", report.MeasuredPairs.Select(p => $"{attributeNames[p.Parent]}×{attributeNames[p.Child]}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"Differentially private synthetic records (noisy marginals, then sampling; after the DP marginals mode of Microsoft's " +
            $"synthetic-data-showcase). (ε, δ) = ({report.Epsilon}, {report.Delta}) in total, accounted as ρ = {report.Rho:G6} zero-concentrated DP " +
            $"(ρ + 2√(ρ ln(1/δ)) = ε), neighbours differ by one record. Record count: Laplace noise of scale {report.CountScale:G6} " +
            $"({options.CountShare:P0} of ρ); N′ = {report.NoisyCount}. Gaussian noise σ = {report.Sigma:G6} on every cell of the fixed, data-independent domain " +
            $"of {report.MeasuredAttributes.Count + report.MeasuredPairs.Count} marginals (sensitivity 1 each, the rest of ρ split equally): " +
            $"1-way {ones}; 2-way {twos}. Noisy counts below {report.Threshold:G6} ({options.ThresholdSigmas}σ) set to 0, each 2-way table fitted to its two 1-way marginals " +
            $"(iterative proportional fitting), then normalised; records sampled from " +
            $"the 1-way marginals of roots and the 2-way marginals conditioned on the parent's value. No record is a real case.");
    }

    private static void Validate(DpSynthesisOptions options)
    {
        if (!(options.Epsilon > 0) || double.IsInfinity(options.Epsilon))
        {
            throw new ArgumentException("ε must be a positive number.", nameof(options));
        }
        if (!(options.Delta is > 0 and < 1))
        {
            throw new ArgumentException("δ must lie between 0 and 1.", nameof(options));
        }
        if (options.MaxOrder is not (1 or 2))
        {
            throw new ArgumentException("The marginal order must be 1 or 2.", nameof(options));
        }
        if (!(options.CountShare is > 0 and < 1))
        {
            throw new ArgumentException("The share of the budget for the count must lie between 0 and 1.", nameof(options));
        }
        if (!(options.ThresholdSigmas >= 0) || double.IsInfinity(options.ThresholdSigmas))
        {
            throw new ArgumentException("The threshold must be 0 or more standard deviations.", nameof(options));
        }
    }

    /// <summary>The parent of each attribute whose pair is measured, -1 for roots (order 1: all roots; single-valued attributes never pair).</summary>
    private static int[] EffectiveParents(int[] sizes, DpSynthesisOptions options)
    {
        var d = sizes.Length;
        var parents = new int[d];
        if (options.Parents is { } given && given.Count != d)
        {
            throw new ArgumentException($"The tree names {given.Count} parents for {d} attributes.", nameof(options));
        }
        for (var a = 0; a < d; a++)
        {
            var p = options.Parents is { } tree ? tree[a] : a - 1;
            if (p < -1 || p >= d || p == a)
            {
                throw new ArgumentException($"Attribute {a} has parent {p}, which is not another attribute or -1.", nameof(options));
            }
            parents[a] = options.MaxOrder == 2 && p >= 0 && sizes[a] > 1 && sizes[p] > 1 ? p : -1;
        }
        if (options.Parents is { } check)
        {
            // Cycle check on the tree as given (before single-valued attributes are cut out of it).
            for (var a = 0; a < d; a++)
            {
                var p = check[a];
                for (var steps = 0; p >= 0; steps++)
                {
                    if (steps >= d)
                    {
                        throw new ArgumentException($"The tree of attribute pairs has a cycle through attribute {a}.", nameof(options));
                    }
                    p = check[p];
                }
            }
        }
        return parents;
    }

    /// <summary>Parents before children; among the ready attributes, lowest index first.</summary>
    private static int[] SamplingOrder(int[] parents)
    {
        var d = parents.Length;
        var placed = new bool[d];
        var order = new int[d];
        var n = 0;
        while (n < d)
        {
            for (var a = 0; a < d; a++)
            {
                if (!placed[a] && (parents[a] < 0 || placed[parents[a]]))
                {
                    placed[a] = true;
                    order[n++] = a;
                }
            }
        }
        return order;
    }

    private static double[] Noisy(long[] counts, double sigma, double threshold, SeededRandom random)
    {
        var noisy = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            var value = counts[i] + random.NextGaussian(sigma);
            noisy[i] = value < threshold || value <= 0 ? 0 : value;
        }
        return noisy;
    }

    /// <summary>
    /// Iterative proportional fitting of a noisy 2-way table (parent rows × child columns) to the two noisy 1-way
    /// marginals, all taken as shares: cells cut to 0 stay 0, rows and columns with no mass are left alone. Makes the
    /// sampled child follow its own 1-way marginal as well as its pair, which the independently noised tables alone do not.
    /// </summary>
    private static void Fit(double[] table, double[] rowTarget, double[] columnTarget)
    {
        var rows = rowTarget.Length;
        var columns = columnTarget.Length;
        var rowTotal = Sum(rowTarget);
        var columnTotal = Sum(columnTarget);
        if (rowTotal <= 0 || columnTotal <= 0 || Sum(table) <= 0)
        {
            return;
        }
        var tableTotal = Sum(table);
        for (var i = 0; i < table.Length; i++)
        {
            table[i] /= tableTotal;
        }
        var sums = new double[Math.Max(rows, columns)];
        for (var round = 0; round < FittingRounds; round++)
        {
            Array.Clear(sums);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    sums[r] += table[r * columns + c];
                }
            }
            for (var r = 0; r < rows; r++)
            {
                if (sums[r] > 0)
                {
                    var factor = rowTarget[r] / rowTotal / sums[r];
                    for (var c = 0; c < columns; c++)
                    {
                        table[r * columns + c] *= factor;
                    }
                }
            }
            Array.Clear(sums);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    sums[c] += table[r * columns + c];
                }
            }
            for (var c = 0; c < columns; c++)
            {
                if (sums[c] > 0)
                {
                    var factor = columnTarget[c] / columnTotal / sums[c];
                    for (var r = 0; r < rows; r++)
                    {
                        table[r * columns + c] *= factor;
                    }
                }
            }
        }
    }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
        }
        return sum;
    }

    /// <summary>The running sums of <paramref name="length"/> cells from <paramref name="offset"/>; null when they are all 0.</summary>
    private static double[]? Cumulative(double[] weights, int offset, int length)
    {
        var cumulative = new double[length];
        var sum = 0.0;
        for (var i = 0; i < length; i++)
        {
            sum += weights[offset + i];
            cumulative[i] = sum;
        }
        return sum > 0 ? cumulative : null;
    }

    private static double[] Uniform(int size)
    {
        var cumulative = new double[size];
        for (var i = 0; i < size; i++)
        {
            cumulative[i] = i + 1;
        }
        return cumulative;
    }

    /// <summary>The first index whose running sum exceeds a uniform draw over the total (binary search).</summary>
    private static int Draw(double[] cumulative, SeededRandom random)
    {
        var u = random.NextOpenUnit() * cumulative[^1];
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (cumulative[mid] > u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static double[] Histogram(IReadOnlyList<int[]> records, int cells, IReadOnlyList<int> sizes, int first, int second)
    {
        var counts = new double[cells];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            counts[second >= 0 ? record[first] * sizes[second] + record[second] : record[first]]++;
        }
        return counts;
    }
}
