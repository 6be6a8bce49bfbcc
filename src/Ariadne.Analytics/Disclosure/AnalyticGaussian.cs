using Ariadne.Analytics.Statistics;

namespace Ariadne.Analytics.Disclosure;

/// <summary>
/// The analytic Gaussian mechanism (B. Balle and Y.-X. Wang, "Improving the Gaussian Mechanism for Differential
/// Privacy: Analytical Calibration and Optimal Denoising", ICML 2018, Theorem 8 / Algorithm 1): the smallest σ for
/// which Gaussian noise N(0, σ²) on a query of L2 sensitivity Δ is (ε, δ)-differentially private, for every ε &gt; 0.
/// </summary>
/// <remarks>
/// The mechanism is (ε, δ)-DP exactly when
/// Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ) ≤ δ; the left side falls strictly as σ grows, so σ is found by bisection
/// (to a relative width of 1e-12) and the upper end, where the condition holds, is returned. The classic
/// σ = Δ·√(2 ln(1.25/δ))/ε (Dwork and Roth, Theorem A.1) is proved only for ε &lt; 1 and is larger than needed; the
/// analytic σ is valid for every ε. e^ε·Φ(·) is evaluated as exp(ε + ln Φ(·)) so that a large ε does not overflow.
/// </remarks>
public static class AnalyticGaussian
{
    /// <summary>The δ of Gaussian noise with standard deviation <paramref name="sigma"/>: the left side of the condition.</summary>
    public static double Delta(double sigma, double epsilon, double sensitivity)
    {
        var a = sensitivity / (2 * sigma);
        var b = epsilon * sigma / sensitivity;
        var first = NormalDistribution.Cdf(a - b);
        var second = Math.Exp(epsilon + NormalDistribution.LogCdf(-a - b));
        return first - second;
    }

    /// <summary>The smallest σ (to 1e-12 relative) for which <see cref="Delta"/> ≤ <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε or Δ not a positive finite number, or δ outside (0, 1).</exception>
    public static double Sigma(double epsilon, double delta, double sensitivity)
    {
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be a positive number.");
        }
        if (!(delta is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie between 0 and 1.");
        }
        if (!(sensitivity > 0) || double.IsInfinity(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be a positive number.");
        }
        // Bracket: a σ that meets the condition (found by doubling) and one below it that does not.
        var high = sensitivity;
        while (!(Delta(high, epsilon, sensitivity) <= delta))
        {
            high *= 2;
        }
        var low = high / 2;
        while (Delta(low, epsilon, sensitivity) <= delta && low > sensitivity * 1e-12)
        {
            high = low;
            low /= 2;
        }
        for (var i = 0; i < 200 && high - low > high * 1e-12; i++)
        {
            var middle = low + (high - low) / 2;
            if (Delta(middle, epsilon, sensitivity) <= delta)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        return high;
    }
}
