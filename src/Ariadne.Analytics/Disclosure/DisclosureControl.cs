using System.Globalization;
using Ariadne.Analytics.Statistics;

namespace Ariadne.Analytics.Disclosure;

public enum NoiseMechanism
{
    None = 0,
    Laplace = 1,
    Gaussian = 2,
}

/// <summary>The parameters of one release; recorded with it so that it can be reproduced exactly.</summary>
public sealed record DisclosureOptions
{
    /// <summary>Counts from 1 to <c>Threshold - 1</c> are suppressed and shown as "&lt;Threshold"; 0 or 1 turns suppression off.</summary>
    public int Threshold { get; init; } = 5;

    /// <summary>When set, every shown count is rounded to the nearest multiple (halves away from zero), totals independently.</summary>
    public int? RoundingBase { get; init; }

    public NoiseMechanism Noise { get; init; }

    /// <summary>The privacy-loss budget of the noise (ε &gt; 0).</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>The δ of the Gaussian mechanism (0 &lt; δ &lt; 1); unused by the Laplace mechanism.</summary>
    public double Delta { get; init; } = 1e-6;

    /// <summary>Seeds the noise; the same table, options and seed give the same release.</summary>
    public ulong Seed { get; init; }
}

/// <summary>Whether a cell is published and, if not, why.</summary>
public enum CellStatus
{
    Shown = 0,

    /// <summary>A small count (1 to threshold - 1), shown as "&lt;threshold".</summary>
    Primary = 1,

    /// <summary>Suppressed so that a primary cell cannot be recomputed from the margins; shown as "x".</summary>
    Secondary = 2,

    /// <summary>The whole table is withheld (no safe suppression pattern was found); shown as "..".</summary>
    Withheld = 3,
}

/// <summary>A table as it may be published: suppressed cells carry no value.</summary>
public sealed class ProtectedTable
{
    internal ProtectedTable(IReadOnlyList<TableDimension> dimensions, long?[] values, CellStatus[] status, string countingRule, DisclosureOptions options, string method)
    {
        Dimensions = dimensions;
        Values = values;
        Status = status;
        CountingRule = countingRule;
        Options = options;
        Method = method;
    }

    public IReadOnlyList<TableDimension> Dimensions { get; }

    /// <summary>The published counts (after noise and rounding), row-major as in <see cref="CrossTable"/>; null where suppressed.</summary>
    public IReadOnlyList<long?> Values { get; }

    public IReadOnlyList<CellStatus> Status { get; }

    public string CountingRule { get; }

    public DisclosureOptions Options { get; }

    /// <summary>What was done to the counts, in words, with every parameter: to be published beside the table.</summary>
    public string Method { get; }

    public int PrimaryCount => Status.Count(s => s == CellStatus.Primary);

    public int SecondaryCount => Status.Count(s => s == CellStatus.Secondary);

    /// <summary>The text of a cell: the count, "&lt;5" for a small count (threshold 5), "x" for a complementary suppression.</summary>
    public string Display(int index) => Status[index] switch
    {
        CellStatus.Primary => "<" + Options.Threshold.ToString(CultureInfo.InvariantCulture),
        CellStatus.Secondary => "x",
        CellStatus.Withheld => "..",
        _ => Values[index]!.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The position of cell <paramref name="index"/> along every dimension.</summary>
    public int[] Coordinates(int index)
    {
        var result = new int[Dimensions.Count];
        for (var d = result.Length - 1; d >= 0; d--)
        {
            result[d] = index % Dimensions[d].Size;
            index /= Dimensions[d].Size;
        }
        return result;
    }
}

/// <summary>
/// Disclosure control of count tables with subtotals: optional differential-privacy noise, small-cell suppression
/// with complementary suppression, optional rounding.
/// </summary>
/// <remarks>
/// <para>Complementary suppression is the hypercube method (Repsilber; τ-Argus "GHMITER"): for every small cell p a
/// box of 2^m cells is suppressed — p and, along each of the m additive dimensions, one partner position j_d ≠ p_d.
/// Along a dimension the additivity is "categories − total = 0", so moving the corners alternately by +δ and −δ
/// (the same sign when one of p_d, j_d is the total, opposite signs otherwise) keeps every row, column and subtotal
/// equal. The box is chosen only if one of the two directions keeps every corner within what a reader knows of it
/// from the table — a "&lt;t" cell within 1..t−1, an "x" cell at least t —, so every corner, and thus every suppressed
/// cell, can take at least two values consistent with the published margins. Among the feasible boxes the cheapest
/// (least newly suppressed count, totals weighted by how many dimensions they sum over) is taken; positions are
/// ranked per dimension and the search limited to about 4,096 boxes per cell. If no box is feasible the whole table
/// is withheld (every cell ".."). Adding suppressions only widens what is unknown, so later boxes never undo earlier ones.</para>
/// <para>A multi-valued dimension (forms of exploitation) has no additivity: each of its positions is protected as
/// a table of its own (the box does not extend along it). The inequality "a form ≤ its person total" is not used.</para>
/// <para>Noise is added to the cells that are not totals of an additive dimension, with sensitivity 1 (or the number
/// of positions of a multi-valued dimension, since one person may be counted in each); the noisy counts are rounded,
/// negatives set to 0, and every total is recomputed as the sum of the noisy cells (post-processing, which keeps
/// the guarantee). Gaussian noise is calibrated by the analytic Gaussian mechanism (<see cref="AnalyticGaussian"/>), valid
/// for every ε &gt; 0. The random numbers come from <see cref="SeededRandom"/> seeded with <see cref="DisclosureOptions.Seed"/>,
/// which is a secret of the release: it is never written into the method text.
/// Floating-point sampling is used (no snapping mechanism).</para>
/// </remarks>
public static class DisclosureControl
{
    private const int SearchBudget = 4096;

    /// <param name="table">The counts.</param>
    /// <param name="options">Threshold, rounding, noise.</param>
    /// <param name="protectAlso">
    /// Cells (indices into <paramref name="table"/>) that must not be shown although their count is not small, e.g.
    /// because they differ from a cell of an earlier release by a small count: each of at least the threshold is
    /// suppressed as "x" and protected by a box like a small count (a cell below the threshold is one already).
    /// </param>
    public static ProtectedTable Protect(CrossTable table, DisclosureOptions options, IReadOnlyCollection<int>? protectAlso = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var method = new List<string>();
        var counts = table.Cells;
        if (options.Noise != NoiseMechanism.None)
        {
            counts = AddNoise(table, options, method);
        }
        var status = new CellStatus[counts.Length];
        var threshold = options.Threshold;
        if (threshold > 1)
        {
            var shape = new CrossTable(table.Dimensions, counts, table.CountingRule);
            var forced = Suppress(shape, status, threshold, protectAlso ?? []);
            if (forced > 0)
            {
                method.Add($"{forced} further cells are suppressed (\"x\") because they differ from an earlier release's cell by fewer than {threshold} persons.");
            }
            method.Add($"Counts from 1 to {threshold - 1} are shown as \"<{threshold}\"; further cells (\"x\") are suppressed by the hypercube method so that no suppressed cell can be recomputed from the totals.");
        }
        var values = new long?[counts.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (status[i] != CellStatus.Shown)
            {
                continue;
            }
            var value = counts[i];
            if (options.RoundingBase is { } b and > 1)
            {
                value = (long)Math.Round(value / (double)b, MidpointRounding.AwayFromZero) * b;
            }
            values[i] = value;
        }
        if (options.RoundingBase is { } rb and > 1)
        {
            method.Add($"Shown counts are rounded to the nearest multiple of {rb}, totals independently, so they need not add up.");
        }
        method.Add(table.CountingRule);
        return new ProtectedTable(table.Dimensions, values, status, table.CountingRule, options, string.Join(" ", method));
    }

    private static long[] AddNoise(CrossTable table, DisclosureOptions options, List<string> method)
    {
        if (!(options.Epsilon > 0) || double.IsInfinity(options.Epsilon))
        {
            throw new ArgumentException("ε must be a positive number.", nameof(options));
        }
        var l1 = Sensitivity(table);
        var random = new SeededRandom(options.Seed);
        if (options.Noise == NoiseMechanism.Gaussian && !(options.Delta is > 0 and < 1))
        {
            throw new ArgumentException("δ must lie between 0 and 1.", nameof(options));
        }
        // The analytic Gaussian mechanism: valid for every ε, unlike the classic σ = Δ√(2 ln(1.25/δ))/ε (ε < 1 only).
        var sigma = options.Noise == NoiseMechanism.Gaussian ? GaussianSigma(Math.Sqrt(l1), options.Epsilon, options.Delta) : 0;
        double Draw() => options.Noise == NoiseMechanism.Laplace
            ? random.NextLaplace(l1 / options.Epsilon)
            : random.NextGaussian(sigma);
        var noisy = new long[table.Cells.Length];
        for (var i = 0; i < noisy.Length; i++)
        {
            if (IsInterior(table, i))
            {
                noisy[i] = Math.Max(0, (long)Math.Round(table.Cells[i] + Draw(), MidpointRounding.ToEven));
            }
        }
        var result = new CrossTable(table.Dimensions, noisy, table.CountingRule);
        Disaggregation.SumMargins(result);
        method.Add(options.Noise == NoiseMechanism.Laplace
            ? string.Create(CultureInfo.InvariantCulture, $"Laplace noise, ε = {options.Epsilon}, L1 sensitivity {l1}; noisy cells rounded, negatives set to 0, totals recomputed as sums.")
            : string.Create(CultureInfo.InvariantCulture, $"Gaussian noise (analytic Gaussian mechanism, Balle and Wang 2018), ε = {options.Epsilon}, δ = {options.Delta}, L2 sensitivity √{l1}, σ = {sigma:0.####}; noisy cells rounded, negatives set to 0, totals recomputed as sums."));
        return noisy;
    }

    /// <summary>
    /// The L1 sensitivity of <paramref name="table"/>'s interior cells: 1, or the number of positions of a multi-valued
    /// dimension (one person may be counted under each).
    /// </summary>
    public static double Sensitivity(CrossTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var multi = table.Dimensions.FirstOrDefault(d => d.IsMultiValued);
        return multi is null ? 1.0 : multi.Size;
    }

    /// <summary>
    /// The standard deviation of the Gaussian noise for L2 sensitivity <paramref name="l2Sensitivity"/> and (ε, δ): the one
    /// calibration point of the Gaussian mechanism, read by the privacy accounting (<see cref="PrivacyAccounting"/>) too.
    /// </summary>
    public static double GaussianSigma(double l2Sensitivity, double epsilon, double delta) =>
        AnalyticGaussian.Sigma(epsilon, delta, l2Sensitivity);

    private static bool IsInterior(CrossTable table, int index)
    {
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            var dimension = table.Dimensions[d];
            if (!dimension.IsMultiValued && index / table.Stride(d) % dimension.Size == dimension.TotalIndex)
            {
                return false;
            }
        }
        return true;
    }

    /// <returns>The number of <paramref name="protectAlso"/> cells suppressed.</returns>
    private static int Suppress(CrossTable table, CellStatus[] status, int threshold, IReadOnlyCollection<int> protectAlso)
    {
        var cells = table.Cells;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] > 0 && cells[i] < threshold)
            {
                status[i] = CellStatus.Primary;
            }
        }
        var forced = new List<int>();
        foreach (var i in protectAlso.Distinct().Order())
        {
            if (cells[i] >= threshold)
            {
                status[i] = CellStatus.Secondary;
                forced.Add(i);
            }
        }
        var additive = Enumerable.Range(0, table.Dimensions.Count).Where(d => !table.Dimensions[d].IsMultiValued).ToArray();
        // The small counts, then the cells suppressed for differencing: each gets its box.
        var targets = Enumerable.Range(0, cells.Length).Where(i => status[i] == CellStatus.Primary).Concat(forced).ToList();
        foreach (var i in targets)
        {
            if (additive.Length == 0 || !ProtectWithBox(table, status, threshold, additive, i))
            {
                // Every cell, zeros and small counts included, so that ".." says nothing about a value.
                Array.Fill(status, CellStatus.Withheld);
                return forced.Count;
            }
        }
        return forced.Count;
    }

    private static bool ProtectWithBox(CrossTable table, CellStatus[] status, int threshold, int[] dims, int primary)
    {
        var cells = table.Cells;
        var m = dims.Length;
        var at = table.Coordinates(primary);
        var perDimension = Math.Max(2, (int)Math.Floor(Math.Pow(SearchBudget, 1.0 / m)));
        // Candidate partner positions per dimension, cheapest first by the cell next to the primary along that line.
        var candidates = new int[m][];
        for (var k = 0; k < m; k++)
        {
            var d = dims[k];
            var stride = table.Stride(d);
            var size = table.Dimensions[d].Size;
            candidates[k] = [.. Enumerable.Range(0, size)
                .Where(j => j != at[d])
                .OrderBy(j => LineCost(cells, status, primary + (j - at[d]) * stride))
                .ThenBy(j => j)
                .Take(perDimension)];
            if (candidates[k].Length == 0)
            {
                return false;
            }
        }
        var choice = new int[m];
        var bestCost = double.PositiveInfinity;
        int[]? best = null;
        var corners = 1 << m;
        var cornerIndex = new int[corners];
        var cornerSign = new int[corners];
        while (true)
        {
            for (var c = 0; c < corners; c++)
            {
                var index = primary;
                var sign = 1;
                for (var k = 0; k < m; k++)
                {
                    if ((c & (1 << k)) == 0)
                    {
                        continue;
                    }
                    var d = dims[k];
                    var partner = candidates[k][choice[k]];
                    index += (partner - at[d]) * table.Stride(d);
                    var total = table.Dimensions[d].TotalIndex;
                    sign *= partner == total || at[d] == total ? 1 : -1;
                }
                cornerIndex[c] = index;
                cornerSign[c] = sign;
            }
            var cost = BoxCost(table, status, threshold, cornerIndex, cornerSign);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = [.. cornerIndex];
            }
            var k2 = 0;
            while (k2 < m && ++choice[k2] == candidates[k2].Length)
            {
                choice[k2] = 0;
                k2++;
            }
            if (k2 == m)
            {
                break;
            }
        }
        if (best is null)
        {
            return false;
        }
        foreach (var index in best)
        {
            if (status[index] == CellStatus.Shown)
            {
                status[index] = CellStatus.Secondary;
            }
        }
        return true;
    }

    private static double LineCost(long[] cells, CellStatus[] status, int index) =>
        status[index] != CellStatus.Shown ? 0 : cells[index] == 0 ? double.MaxValue : cells[index];

    /// <summary>The cost of suppressing the box, or +∞ when neither direction of movement is consistent with what is published.</summary>
    private static double BoxCost(CrossTable table, CellStatus[] status, int threshold, int[] corners, int[] signs)
    {
        var cells = table.Cells;
        bool up = true, down = true;
        var cost = 0.0;
        for (var c = 0; c < corners.Length; c++)
        {
            var index = corners[c];
            var value = cells[index];
            var suppressed = status[index] != CellStatus.Shown;
            if (!suppressed && value == 0)
            {
                return double.PositiveInfinity;
            }
            // What a reader knows of the cell once it is hidden: "<t" means 1..t-1; "x" means at least t.
            var primary = status[index] == CellStatus.Primary;
            var low = primary ? 1 : threshold;
            var high = primary ? threshold - 1 : long.MaxValue;
            var canRise = value + 1 <= high;
            var canFall = value - 1 >= low;
            if (signs[c] > 0)
            {
                up &= canRise;
                down &= canFall;
            }
            else
            {
                up &= canFall;
                down &= canRise;
            }
            if (!suppressed)
            {
                var totals = 0;
                for (var d = 0; d < table.Dimensions.Count; d++)
                {
                    if (index / table.Stride(d) % table.Dimensions[d].Size == table.Dimensions[d].TotalIndex)
                    {
                        totals++;
                    }
                }
                cost += value * (1.0 + totals);
            }
        }
        if (!up && !down)
        {
            return double.PositiveInfinity;
        }
        // Prefer boxes that let the cells move both ways: a reader then cannot even tell the direction.
        return up && down ? cost : cost + 1e15;
    }
}
