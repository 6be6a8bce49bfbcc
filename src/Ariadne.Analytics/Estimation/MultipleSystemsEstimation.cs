using System.Globalization;

namespace Ariadne.Analytics.Estimation;

/// <summary>
/// The counts of persons per inclusion pattern of K agency lists. A pattern is a bit mask: bit i set when the person
/// is on list i. Pattern 0 (on no list) is what the estimation is for; it is never given.
/// </summary>
/// <param name="Lists">The lists' names, in bit order.</param>
/// <param name="Counts">The count of each observed pattern (1 … 2^K − 1); a pattern that is absent counts 0.</param>
public sealed record InclusionPatternCounts(IReadOnlyList<string> Lists, IReadOnlyDictionary<int, long> Counts)
{
    /// <summary>The number of persons on at least one list.</summary>
    public long Observed => Counts.Values.Sum();
}

/// <summary>How the model whose estimate is reported is chosen.</summary>
public enum MseSelection
{
    /// <summary>Main effects only: the lists are taken as independent.</summary>
    MainEffects,

    /// <summary>SparseMSE's stepwise rule: from main effects, add the two-way interaction with the smallest p-value while p &lt; 0.02, never admitting a model whose estimate does not exist.</summary>
    Stepwise,

    /// <summary>The lowest BIC among the main-effects models with any set of two-way interactions whose estimate exists.</summary>
    Bic,
}

/// <summary>One fitted log-linear model and what it estimates.</summary>
/// <param name="Model">"main effects", or "main effects + A:B + …".</param>
/// <param name="Interactions">The two-way interactions, as "A:B".</param>
/// <param name="Exists">Whether the maximum-likelihood estimate exists and is finite; when false the numbers are null and <paramref name="Reason"/> says why.</param>
/// <param name="Reason">Why there is no estimate; null when there is one.</param>
/// <param name="Undetected">The estimated number of persons on no list.</param>
/// <param name="Estimate">Observed plus undetected.</param>
/// <param name="Lower">The 95 % profile-likelihood interval's lower end of the total.</param>
/// <param name="Upper">Its upper end; null (with <paramref name="Exists"/> true) when the likelihood does not fall far enough: the interval is unbounded above.</param>
/// <param name="Deviance">The residual deviance against the saturated model.</param>
/// <param name="Parameters">The number of parameters, intercept included.</param>
/// <param name="DegreesOfFreedom">Observed cells minus parameters.</param>
/// <param name="Aic">Akaike's criterion, −2 log L + 2p.</param>
/// <param name="Bic">The Bayesian criterion, −2 log L + p log(observed cells).</param>
/// <param name="AddedPValue">For a stepwise step, the Wald p-value of the interaction just added.</param>
public sealed record MseModelFit(
    string Model,
    IReadOnlyList<string> Interactions,
    bool Exists,
    string? Reason,
    double? Undetected,
    double? Estimate,
    double? Lower,
    double? Upper,
    double? Deviance,
    int Parameters,
    int DegreesOfFreedom,
    double? Aic,
    double? Bic,
    double? AddedPValue = null);

/// <param name="Observed">Persons on at least one list.</param>
/// <param name="Lists">The lists' names.</param>
/// <param name="Selection">The rule that chose <paramref name="Selected"/>.</param>
/// <param name="Selected">The model chosen by the rule; null when no model's estimate exists.</param>
/// <param name="Models">Every model fitted on the way, in the order fitted.</param>
public sealed record MseResult(long Observed, IReadOnlyList<string> Lists, MseSelection Selection, MseModelFit? Selected, IReadOnlyList<MseModelFit> Models);

/// <summary>
/// Multiple systems estimation (capture–recapture over K ≥ 2 lists) with Poisson log-linear models, as UNODC recommends
/// for SDG 16.2.2 and as the SparseMSE R package (Chan, Silverman &amp; Vincent) does it: the observed cells of the
/// 2^K contingency table are fitted with main effects and chosen two-way interactions; the fitted intercept is the
/// log of the unobserved cell. Models whose estimate does not exist (zero cells fitted as zero: a coefficient diverges)
/// or that cannot be identified are reported as such, never as numbers. Intervals are 95 % profile likelihood over the
/// intercept.
/// </summary>
public static class MultipleSystemsEstimation
{
    /// <summary>SparseMSE's threshold for admitting an interaction in the stepwise rule.</summary>
    public const double StepwiseThreshold = 0.02;

    /// <summary>Exhaustive BIC search up to this many lists (2^(K(K−1)/2) models); beyond, a forward search by BIC.</summary>
    public const int ExhaustiveBicLists = 5;

    /// <summary>The χ² (1 df) quantile at 95 %: the profile log-likelihood drops by half of it at the interval's ends.</summary>
    private const double ChiSquare95 = 3.841458820694124;

    /// <summary>A coefficient beyond this (e^25 ≈ 7·10^10) or a zero cell fitted below <see cref="VanishingFit"/> means the estimate does not exist.</summary>
    private const double DivergentCoefficient = 25;

    private const double VanishingFit = 1e-8;

    /// <summary>How far (in log units) above the estimate the upper end is sought before the interval is called unbounded.</summary>
    private const double UpperSearch = 15;

    public static MseResult Estimate(InclusionPatternCounts counts, MseSelection selection)
    {
        var k = counts.Lists.Count;
        if (k < 2)
        {
            throw new ArgumentException("Multiple systems estimation needs at least two lists.", nameof(counts));
        }
        var problem = new Problem(counts);
        var models = new List<MseModelFit>();
        MseModelFit? selected;
        switch (selection)
        {
            case MseSelection.MainEffects:
                selected = problem.Fit([]);
                models.Add(selected);
                break;
            case MseSelection.Stepwise:
                selected = Stepwise(problem, models);
                break;
            default:
                selected = Bic(problem, models);
                break;
        }
        return new MseResult(counts.Observed, counts.Lists, selection, selected is { Exists: true } ? selected : null, models);
    }

    private static MseModelFit? Stepwise(Problem problem, List<MseModelFit> models)
    {
        var terms = new List<(int, int)>();
        var current = problem.Fit(terms);
        models.Add(current);
        if (!current.Exists)
        {
            return null;
        }
        while (true)
        {
            (MseModelFit Fit, (int, int) Term, double P)? best = null;
            foreach (var pair in problem.Pairs.Except(terms))
            {
                var candidate = problem.Fit([.. terms, pair], withPValueOfLast: true);
                models.Add(candidate);
                if (candidate.Exists && candidate.AddedPValue is { } p && (best is null || p < best.Value.P))
                {
                    best = (candidate, pair, p);
                }
            }
            if (best is not { } step || step.P >= StepwiseThreshold)
            {
                return current;
            }
            terms.Add(step.Term);
            current = step.Fit;
        }
    }

    private static MseModelFit? Bic(Problem problem, List<MseModelFit> models)
    {
        var pairs = problem.Pairs;
        if (problem.Lists <= ExhaustiveBicLists)
        {
            for (var mask = 0; mask < 1 << pairs.Count; mask++)
            {
                models.Add(problem.Fit([.. pairs.Where((_, i) => (mask >> i & 1) == 1)]));
            }
            return models.Where(m => m.Exists).MinBy(m => m.Bic);
        }
        // Forward search: add the interaction that lowers BIC most, while one does.
        var terms = new List<(int, int)>();
        var current = problem.Fit(terms);
        models.Add(current);
        if (!current.Exists)
        {
            return null;
        }
        while (true)
        {
            MseModelFit? best = null;
            (int, int) bestPair = default;
            foreach (var pair in pairs.Except(terms))
            {
                var candidate = problem.Fit([.. terms, pair]);
                models.Add(candidate);
                if (candidate.Exists && candidate.Bic < (best?.Bic ?? current.Bic))
                {
                    best = candidate;
                    bestPair = pair;
                }
            }
            if (best is null)
            {
                return current;
            }
            terms.Add(bestPair);
            current = best;
        }
    }

    /// <summary>The observed cells and the lists, with the designs built per model.</summary>
    private sealed class Problem
    {
        private readonly int[] _patterns;
        private readonly double[] _counts;
        private readonly IReadOnlyList<string> _names;

        public Problem(InclusionPatternCounts counts)
        {
            _names = counts.Lists;
            Lists = counts.Lists.Count;
            _patterns = [.. Enumerable.Range(1, (1 << Lists) - 1)];
            _counts = [.. _patterns.Select(p => (double)counts.Counts.GetValueOrDefault(p))];
            Observed = counts.Observed;
            Pairs = [.. from a in Enumerable.Range(0, Lists) from b in Enumerable.Range(a + 1, Lists - a - 1) select (a, b)];
        }

        public int Lists { get; }

        public long Observed { get; }

        public IReadOnlyList<(int A, int B)> Pairs { get; }

        public MseModelFit Fit(IReadOnlyList<(int A, int B)> terms, bool withPValueOfLast = false)
        {
            var interactions = terms.Select(t => $"{_names[t.A]}:{_names[t.B]}").ToList();
            var name = interactions.Count == 0 ? "main effects" : "main effects + " + string.Join(" + ", interactions);
            var design = Design(terms, intercept: true);
            var parameters = design[0].Length;
            var degrees = _counts.Length - parameters;
            MseModelFit Missing(string reason) => new(name, interactions, false, reason, null, null, null, null, null, parameters, degrees, null, null);
            if (degrees < 0)
            {
                return Missing("not identifiable: more parameters than observed cells");
            }
            var fit = PoissonLogLinear.Estimate(design, _counts);
            if (!fit.Identifiable)
            {
                return Missing("not identifiable: the observed cells cannot separate the model's parameters");
            }
            if (Diverges(fit))
            {
                return Missing("the estimate does not exist or is infinite: cells with no persons are fitted as zero, a parameter diverges (the lists overlap too little for this model)");
            }
            var undetected = Math.Exp(fit.Coefficients[0]);
            var (lower, upper) = Interval(terms, fit);
            double? pValue = null;
            if (withPValueOfLast && terms.Count > 0)
            {
                var last = parameters - 1;
                pValue = fit.StandardErrors[last] > 0 ? TwoSidedNormal(fit.Coefficients[last] / fit.StandardErrors[last]) : 1;
            }
            var aic = -2 * fit.LogLikelihood + 2 * parameters;
            var bic = -2 * fit.LogLikelihood + parameters * Math.Log(_counts.Length);
            return new MseModelFit(name, interactions, true, null, undetected, Observed + undetected, Observed + lower, upper is { } u ? Observed + u : null,
                fit.Deviance, parameters, degrees, aic, bic, pValue);
        }

        private bool Diverges(PoissonLogLinear.Fit fit) =>
            !fit.Converged || fit.Coefficients.Any(c => double.IsNaN(c) || Math.Abs(c) > DivergentCoefficient)
            || _counts.Where((count, i) => count == 0 && fit.Fitted[i] < VanishingFit).Any();

        /// <summary>The 95 % profile-likelihood interval of the undetected count: the intercept is fixed on a grid and the other parameters refitted.</summary>
        private (double Lower, double? Upper) Interval(IReadOnlyList<(int A, int B)> terms, PoissonLogLinear.Fit fit)
        {
            var design = Design(terms, intercept: false);
            var estimate = fit.Coefficients[0];
            var target = fit.LogLikelihood - ChiSquare95 / 2;
            var rest = fit.Coefficients[1..];
            double Profile(double intercept)
            {
                var profiled = PoissonLogLinear.Estimate(design, _counts, intercept, rest);
                return profiled.Identifiable ? profiled.LogLikelihood : double.NegativeInfinity;
            }
            var step = Math.Max(fit.StandardErrors[0], 0.05);
            var upper = Search(estimate, +step, estimate + UpperSearch, Profile, target);
            // Below, the undetected count can only shrink to zero: once it is below a thousandth of a person the end is 0.
            var lower = Search(estimate, -step, Math.Log(1e-3), Profile, target);
            return (lower is { } l ? Math.Exp(l) : 0, upper is { } u ? Math.Exp(u) : null);
        }

        /// <summary>Where the profile log-likelihood crosses <paramref name="target"/> going from <paramref name="from"/> towards <paramref name="limit"/>; null when it does not before the limit.</summary>
        private static double? Search(double from, double step, double limit, Func<double, double> profile, double target)
        {
            var inside = from;
            var distance = Math.Abs(step);
            var direction = Math.Sign(step);
            while (true)
            {
                var probe = from + direction * distance;
                if (direction > 0 ? probe > limit : probe < limit)
                {
                    probe = limit;
                }
                if (profile(probe) < target)
                {
                    var outside = probe;
                    for (var i = 0; i < 60 && Math.Abs(outside - inside) > 1e-7; i++)
                    {
                        var middle = (inside + outside) / 2;
                        if (profile(middle) < target)
                        {
                            outside = middle;
                        }
                        else
                        {
                            inside = middle;
                        }
                    }
                    return (inside + outside) / 2;
                }
                if (probe == limit)
                {
                    return null;
                }
                inside = probe;
                distance *= 2;
            }
        }

        private double[][] Design(IReadOnlyList<(int A, int B)> terms, bool intercept)
        {
            var first = intercept ? 1 : 0;
            var design = new double[_patterns.Length][];
            for (var i = 0; i < _patterns.Length; i++)
            {
                var pattern = _patterns[i];
                var row = new double[first + Lists + terms.Count];
                if (intercept)
                {
                    row[0] = 1;
                }
                for (var list = 0; list < Lists; list++)
                {
                    row[first + list] = pattern >> list & 1;
                }
                for (var t = 0; t < terms.Count; t++)
                {
                    row[first + Lists + t] = (pattern >> terms[t].A & 1) * (pattern >> terms[t].B & 1);
                }
                design[i] = row;
            }
            return design;
        }
    }

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z, by the complementary error function (Numerical Recipes' erfcc, relative error below 1.2·10⁻⁷).</summary>
    internal static double TwoSidedNormal(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.5 * x);
        var erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return Math.Clamp(erfc, 0, 1);
    }

    /// <summary>A short human-readable line of a fit, for logs and the command line.</summary>
    public static string Describe(MseModelFit fit) => fit.Exists
        ? string.Create(CultureInfo.InvariantCulture, $"{fit.Model}: {fit.Estimate:F0} ({fit.Lower:F0}–{(fit.Upper is { } u ? u.ToString("F0", CultureInfo.InvariantCulture) : "unbounded")}), BIC {fit.Bic:F2}")
        : $"{fit.Model}: no estimate ({fit.Reason})";
}
