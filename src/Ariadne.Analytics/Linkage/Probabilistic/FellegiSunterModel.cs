namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// A trained Fellegi–Sunter model: λ, the probability that two records drawn at random are the same person, and per
/// comparison and level the m-probability (the level's share among matching pairs) and the u-probability (its share
/// among non-matching pairs). A pair's match weight is log2(λ/(1 − λ)) + Σ log2(m/u) over its levels (a level of
/// <see cref="LevelTest.Null"/> adds 0), plus, for an exact match on a term-frequency comparison, log2(u_exact / tf)
/// where tf is the share of records with that value (Splink's term-frequency adjustment: rare values weigh more). The
/// match probability is 2^w / (1 + 2^w).
/// </summary>
/// <param name="Comparisons">The comparisons, in the order of the pattern's four-bit levels.</param>
/// <param name="Lambda">λ, the prior probability that two records are the same person.</param>
/// <param name="M">m[k][level]; index 0 (null) is unused.</param>
/// <param name="U">u[k][level]; index 0 (null) is unused.</param>
public sealed record FellegiSunterModel(IReadOnlyList<FieldComparison> Comparisons, double Lambda, IReadOnlyList<double[]> M, IReadOnlyList<double[]> U)
{
    private readonly double[][] _weights = [.. M.Select((m, k) => m.Select((mk, l) => l == 0 ? 0 : Math.Log2(mk / U[k][l])).ToArray())];

    /// <summary>log2(λ / (1 − λ)): the weight before any comparison.</summary>
    public double PriorWeight => Math.Log2(Lambda / (1 - Lambda));

    /// <summary>log2(m/u) of a level; 0 for the null level.</summary>
    public double LevelWeight(int k, int level) => _weights[k][level];

    /// <summary>The weight of the pair's levels without the prior and without term-frequency adjustments.</summary>
    public double PatternWeight(ulong pattern)
    {
        var weight = 0.0;
        for (var k = 0; k < _weights.Length; k++)
        {
            weight += _weights[k][PreparedRecords.LevelOf(pattern, k)];
        }
        return weight;
    }

    /// <summary>The term-frequency adjustment of comparison k for records a and b: log2(u_exact / tf) on an exact match, else 0.</summary>
    public double TermFrequencyWeight(PreparedRecords records, ulong pattern, int k, int a)
    {
        if (!Comparisons[k].TermFrequency || PreparedRecords.LevelOf(pattern, k) != 1)
        {
            return 0;
        }
        var tf = records.TermFrequency(k, a);
        return tf > 0 ? Math.Log2(U[k][1] / tf) : 0;
    }

    /// <summary>The evidence of the pair's own values: Σ level weights plus term-frequency adjustments (no prior).</summary>
    public double Evidence(PreparedRecords records, int a, int b) => Evidence(records, records.Pattern(a, b), a);

    internal double Evidence(PreparedRecords records, ulong pattern, int a)
    {
        var weight = PatternWeight(pattern);
        for (var k = 0; k < Comparisons.Count; k++)
        {
            weight += TermFrequencyWeight(records, pattern, k, a);
        }
        return weight;
    }

    public static double Probability(double matchWeight) => 1 / (1 + Math.Pow(2, -matchWeight));
}
