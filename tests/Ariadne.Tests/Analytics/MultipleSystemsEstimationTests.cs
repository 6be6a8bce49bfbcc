using Ariadne.Analytics.Estimation;

namespace Ariadne.Tests.Analytics;

/// <summary>
/// Multiple systems estimation against what is known exactly (two lists: Lincoln–Petersen), against simulated
/// populations of known size (coverage of the intervals, the stepwise and BIC rules finding a planted dependence), and
/// on the tables whose estimate does not exist (no overlap).
/// </summary>
public sealed class MultipleSystemsEstimationTests
{
    private static InclusionPatternCounts Counts(string[] lists, params (string Pattern, long Count)[] cells) =>
        new(lists, cells.ToDictionary(c => Convert.ToInt32(new string([.. c.Pattern.Reverse()]), 2), c => c.Count));

    [Fact]
    public void TwoLists_MainEffects_IsLincolnPetersen()
    {
        // Pattern strings read list A first: "10" = on A only. n_A = 80, n_B = 60, both 20: N = 80·60/20 = 240.
        var result = MultipleSystemsEstimation.Estimate(Counts(["A", "B"], ("10", 60), ("01", 40), ("11", 20)), MseSelection.MainEffects);

        Assert.Equal(120, result.Observed);
        var fit = Assert.Single(result.Models);
        Assert.True(fit.Exists, fit.Reason);
        Assert.Equal(240, fit.Estimate!.Value, 6);
        Assert.Equal(120, fit.Undetected!.Value, 6);
        Assert.InRange(fit.Lower!.Value, 150, 240);
        Assert.InRange(fit.Upper!.Value, 240, 600);
        Assert.Same(fit, result.Selected);
    }

    [Fact]
    public void TwoListsWithoutOverlap_HaveNoEstimate_ReportedNotPrinted()
    {
        var result = MultipleSystemsEstimation.Estimate(Counts(["A", "B"], ("10", 60), ("01", 40)), MseSelection.MainEffects);

        Assert.Null(result.Selected);
        var fit = Assert.Single(result.Models);
        Assert.False(fit.Exists);
        Assert.Null(fit.Estimate);
        Assert.Contains("does not exist or is infinite", fit.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MseSelection.MainEffects)]
    [InlineData(MseSelection.Stepwise)]
    [InlineData(MseSelection.Bic)]
    public void ThreeListsThatNeverOverlap_NoModelIsAdmitted(MseSelection selection)
    {
        var result = MultipleSystemsEstimation.Estimate(Counts(["A", "B", "C"], ("100", 30), ("010", 20), ("001", 25)), selection);

        Assert.Null(result.Selected);
        Assert.All(result.Models, m => Assert.False(m.Exists));
    }

    [Fact]
    public void IndependentLists_TheIntervalsCoverTheTrueSizeAsOftenAsTheyShould()
    {
        const int size = 2000, runs = 200;
        var random = new Random(20261204);
        var covered = 0;
        var estimates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var counts = Simulate(random, size, [0.2, 0.3, 0.25], dependence: 0);
            var fit = MultipleSystemsEstimation.Estimate(counts, MseSelection.MainEffects).Selected!;
            estimates.Add(fit.Estimate!.Value);
            if (fit.Lower <= size && size <= fit.Upper)
            {
                covered++;
            }
        }

        Assert.InRange(covered / (double)runs, 0.90, 0.99);
        Assert.InRange(estimates.Average(), size * 0.98, size * 1.02);
    }

    [Fact]
    public void PlantedDependenceBetweenTwoLists_StepwiseAndBicFindIt_AndEstimateBetterThanMainEffects()
    {
        const int size = 5000;
        var counts = Simulate(new Random(7), size, [0.25, 0.2, 0.3, 0.15], dependence: 0.5);

        var main = MultipleSystemsEstimation.Estimate(counts, MseSelection.MainEffects).Selected!;
        var stepwise = MultipleSystemsEstimation.Estimate(counts, MseSelection.Stepwise);
        var bic = MultipleSystemsEstimation.Estimate(counts, MseSelection.Bic);

        Assert.Contains("L0:L1", stepwise.Selected!.Interactions);
        Assert.Contains("L0:L1", bic.Selected!.Interactions);
        Assert.Equal(64, bic.Models.Count);
        Assert.True(Math.Abs(stepwise.Selected.Estimate!.Value - size) < Math.Abs(main.Estimate!.Value - size),
            $"stepwise {stepwise.Selected.Estimate} main effects {main.Estimate}");
        Assert.InRange(size, stepwise.Selected.Lower!.Value, stepwise.Selected.Upper!.Value);
        Assert.All(stepwise.Models.Where(m => m.Interactions.Count > 0), m => Assert.NotNull(m.AddedPValue));
    }

    [Fact]
    public void TwoSidedNormal_MatchesTheTable()
    {
        Assert.Equal(0.05, MultipleSystemsEstimation.TwoSidedNormal(1.959964), 6);
        Assert.Equal(1, MultipleSystemsEstimation.TwoSidedNormal(0), 6);
        Assert.Equal(0.0026998, MultipleSystemsEstimation.TwoSidedNormal(-3), 6);
    }

    /// <summary>
    /// A population of <paramref name="size"/> persons, each on list i with probability p_i; with <paramref name="dependence"/> &gt; 0
    /// a person on list 0 is that much more likely (absolutely) to be on list 1 too.
    /// </summary>
    private static InclusionPatternCounts Simulate(Random random, int size, double[] probabilities, double dependence)
    {
        var counts = new Dictionary<int, long>();
        for (var person = 0; person < size; person++)
        {
            var pattern = 0;
            for (var list = 0; list < probabilities.Length; list++)
            {
                var p = list == 1 && (pattern & 1) == 1 ? probabilities[1] + dependence : probabilities[list];
                if (random.NextDouble() < p)
                {
                    pattern |= 1 << list;
                }
            }
            if (pattern != 0)
            {
                counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
            }
        }
        return new InclusionPatternCounts([.. Enumerable.Range(0, probabilities.Length).Select(i => $"L{i}")], counts);
    }
}
