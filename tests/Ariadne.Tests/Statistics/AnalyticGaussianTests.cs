using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;

namespace Ariadne.Tests.Statistics;

/// <summary>
/// The analytic Gaussian mechanism (Balle and Wang 2018) and the normal distribution function it rests on. Reference
/// values were computed once with mpmath 1.3.0 at 50 significant digits (Φ(x) = erfc(−x/√2)/2; σ by 300 bisection
/// steps on Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) ≤ δ), independently of the code under test.
/// </summary>
public sealed class AnalyticGaussianTests
{
    [Theory]
    [InlineData(-40.0, -804.60844201375379)]
    [InlineData(-10.0, -53.231285150512471)]
    [InlineData(-5.0, -15.064998393988726)]
    [InlineData(-1.0, -1.8410216450092635)]
    [InlineData(-0.3, -0.96210281816885066)]
    [InlineData(0.0, -0.69314718055994531)]
    [InlineData(0.3, -0.48141016158848121)]
    [InlineData(1.0, -0.17275377902344989)]
    [InlineData(3.0, -0.0013508099647481938)]
    [InlineData(5.0, -2.8665161296376359e-7)]
    public void LogCdf_MatchesHighPrecisionValues(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.LogCdf(x), Math.Abs(expected) * 1e-13 + 1e-300);

    [Theory]
    [InlineData(-10.0, 7.6198530241605261e-24)]
    [InlineData(-5.0, 2.8665157187919391e-7)]
    [InlineData(-1.0, 0.15865525393145705)]
    [InlineData(-0.3, 0.38208857781104737)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.3, 0.61791142218895263)]
    [InlineData(1.0, 0.84134474606854295)]
    [InlineData(3.0, 0.99865010196836991)]
    [InlineData(8.0, 0.99999999999999938)]
    public void Cdf_MatchesHighPrecisionValues(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x), expected * 1e-14);

    [Theory]
    [InlineData(1.0, 1e-5, 1.0, 3.7306316348159418)]
    [InlineData(0.1, 1e-6, 1.0, 36.304690426195783)]
    [InlineData(1.0, 1e-6, 1.0, 4.2246788893268353)]
    [InlineData(5.0, 1e-6, 1.0, 0.98004900030920991)]
    [InlineData(10.0, 1e-6, 1.0, 0.54108683181836598)]
    [InlineData(50.0, 1e-10, 1.0, 0.18029422294241373)]
    [InlineData(1.0, 1e-5, 1.7320508075688772, 6.4616435358249526)]
    public void Sigma_MatchesHighPrecisionValues(double epsilon, double delta, double sensitivity, double expected) =>
        Assert.Equal(expected, AnalyticGaussian.Sigma(epsilon, delta, sensitivity), expected * 1e-9);

    [Fact]
    public void Sigma_Epsilon1_IsBelowTheClassicFormula()
    {
        var classic = Math.Sqrt(2 * Math.Log(1.25 / 1e-5)) / 1.0;

        var sigma = AnalyticGaussian.Sigma(1.0, 1e-5, 1.0);

        Assert.Equal(4.8448, classic, 1e-4);
        Assert.True(sigma < classic, $"analytic σ {sigma} should be below the classic {classic}");
    }

    [Theory]
    [InlineData(1.0, 1e-5, 1.0)]
    [InlineData(0.5, 1e-6, 2.0)]
    [InlineData(3.0, 1e-6, 1.0)]
    [InlineData(10.0, 1e-6, 1.0)]
    [InlineData(200.0, 1e-8, 1.0)]
    [InlineData(1000.0, 1e-6, 1.0)]
    public void Sigma_MeetsTheConditionAndNothingSmallerDoes(double epsilon, double delta, double sensitivity)
    {
        var sigma = AnalyticGaussian.Sigma(epsilon, delta, sensitivity);

        Assert.True(double.IsFinite(sigma) && sigma > 0);
        Assert.True(AnalyticGaussian.Delta(sigma, epsilon, sensitivity) <= delta, "the δ condition holds at σ");
        Assert.True(AnalyticGaussian.Delta(sigma * (1 - 1e-6), epsilon, sensitivity) > delta, "the δ condition fails just below σ");
    }

    [Fact]
    public void ClassicFormula_AtEpsilon10_IsNotPrivate()
    {
        // The reason the classic σ is not used: for ε ≥ 1 it can be too small; at ε = 10 its δ exceeds the target.
        var classic = Math.Sqrt(2 * Math.Log(1.25 / 1e-6)) / 10;

        Assert.True(AnalyticGaussian.Delta(classic, 10, 1) > 1e-6);
        Assert.True(AnalyticGaussian.Sigma(10, 1e-6, 1) > classic);
    }

    [Theory]
    [InlineData(0.0, 1e-6)]
    [InlineData(-1.0, 1e-6)]
    [InlineData(double.PositiveInfinity, 1e-6)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 1.0)]
    public void Sigma_InvalidParameters_Throw(double epsilon, double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AnalyticGaussian.Sigma(epsilon, delta, 1));

    [Fact]
    public void Protect_GaussianNoise_UsesTheAnalyticSigmaForLargeEpsilon()
    {
        var column = PersonColumn.FromCodes("d", ["a", "b"], [.. Enumerable.Repeat((ushort)0, 40), .. Enumerable.Repeat((ushort)1, 60)]);
        var table = Disaggregation.Count(new PersonRecords([column]), ["d"]);

        var published = DisclosureControl.Protect(table, new DisclosureOptions { Noise = NoiseMechanism.Gaussian, Epsilon = 10, Delta = 1e-6, Seed = 7 });

        Assert.Contains("analytic Gaussian mechanism", published.Method, StringComparison.Ordinal);
        Assert.Contains("σ = 0.5411", published.Method, StringComparison.Ordinal);
    }
}
