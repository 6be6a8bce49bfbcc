using Ariadne.Analytics.Referral;

namespace Ariadne.Tests.Referral;

public sealed class AssistanceStatisticsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static DecisionTiming Rg(double days, double targetDays = 7) =>
        new("reasonable-grounds", Start, Start.AddDays(days), Start.AddDays(targetDays));

    [Fact]
    public void Decisions_MedianShareWithinTargetAndBands()
    {
        // Seven reasonable-grounds decisions after 1, 2, 3, 4, 8, 12 and 40 days, target 7 days: four within target.
        var decisions = new[] { 1.0, 2, 3, 4, 8, 12, 40 }.Select(d => Rg(d)).ToList();

        var report = AssistanceStatistics.Compute(decisions, [], threshold: 0);

        var rg = report.Decisions.Single(d => d.Kind == "reasonable-grounds");
        Assert.Equal(7, rg.Decisions);
        Assert.Equal(4.0, rg.MedianDays);
        Assert.Equal(4.0 / 7, rg.WithinTargetShare!.Value, 6);
        Assert.Equal([4, 1, 1, 1, 0], rg.Distribution.Select(b => b.Count));
        Assert.Equal(["reasonable-grounds", "conclusive-grounds", "reconsideration"], report.Decisions.Select(d => d.Kind));
        Assert.Equal(0, report.Decisions.Single(d => d.Kind == "conclusive-grounds").Decisions);
    }

    [Fact]
    public void SmallCounts_AreSuppressedWithOneComplementaryBand()
    {
        // Twelve decisions: ten within 5 days, two at 8 days (suppressed), so one more non-empty band must hide too.
        var decisions = Enumerable.Repeat(1.0, 10).Append(8).Append(8).Select(d => Rg(d)).Append(Rg(50)).Append(Rg(60)).Append(Rg(70)).Append(Rg(80)).Append(Rg(85)).ToList();
        var report = AssistanceStatistics.Compute(decisions, [], threshold: 5);

        var rg = report.Decisions.Single(d => d.Kind == "reasonable-grounds");
        Assert.Equal(17, rg.Decisions);
        Assert.Equal([10, null, 0, null, 0], rg.Distribution.Select(b => b.Count));

        // Three conclusive-grounds decisions: below the threshold, nothing is shown but the fact of suppression.
        var few = Enumerable.Range(0, 3).Select(_ => new DecisionTiming("conclusive-grounds", Start, Start.AddDays(40), null));
        var cg = AssistanceStatistics.Compute(few, [], threshold: 5).Decisions.Single(d => d.Kind == "conclusive-grounds");
        Assert.Equal((null, null, null), (cg.Decisions, cg.MedianDays, cg.WithinTargetShare));
        Assert.All(cg.Distribution, b => Assert.Null(b.Count));
    }

    [Fact]
    public void ServicesPerPerson_MeanMedianAndDistribution()
    {
        IReadOnlyCollection<string>[] people =
        [
            [], [], ["medical"], ["medical", "legal-aid"], ["medical", "legal-aid", "safe-accommodation"],
            ["medical", "safe-accommodation", "legal-aid", "psychological", "interpretation"],
        ];

        var services = AssistanceStatistics.Compute([], people, threshold: 0).Services;

        Assert.Equal(6, services.People);
        Assert.Equal(11.0 / 6, services.MeanServices!.Value, 6);
        Assert.Equal(1.5, services.MedianServices);
        Assert.Equal([2, 1, 1, 1, 1], services.Distribution.Select(b => b.Count));
        Assert.Equal([("interpretation", 1), ("legal-aid", 3), ("medical", 4), ("psychological", 1), ("safe-accommodation", 2)],
            services.ByService.Select(b => (b.Band, b.Count ?? -1)));

        var protectedServices = AssistanceStatistics.Compute([], people, threshold: 5).Services;
        Assert.Equal(6, protectedServices.People);
        Assert.All(protectedServices.Distribution, b => Assert.Null(b.Count));
    }

    [Theory]
    [InlineData("rg-positive", "reasonable-grounds")]
    [InlineData("rg-negative", "reasonable-grounds")]
    [InlineData("cg-negative", "conclusive-grounds")]
    [InlineData("reconsideration-upheld", "reconsideration")]
    [InlineData("refer", null)]
    [InlineData("withdraw", null)]
    public void KindOf_MapsDecisionStepsOnly(string transition, string? kind) => Assert.Equal(kind, AssistanceStatistics.KindOf(transition));
}
