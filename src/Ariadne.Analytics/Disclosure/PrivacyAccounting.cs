using Ariadne.Analytics.Statistics;

namespace Ariadne.Analytics.Disclosure;

/// <summary>
/// Privacy loss of noisy releases in zero-concentrated differential privacy (zCDP, Bun &amp; Steinke 2016): releases
/// over the same records compose by adding their ρ. Pure ε-DP (the Laplace mechanism) is ε²/2-zCDP (Proposition 1.4);
/// the Gaussian mechanism with L2 sensitivity Δ and standard deviation σ is Δ²/(2σ²)-zCDP (Proposition 1.6); a total ρ
/// gives (ρ + 2√(ρ ln(1/δ)), δ)-DP for every δ &gt; 0 (Proposition 1.3).
/// </summary>
public static class PrivacyAccounting
{
    /// <summary>The ρ of pure ε-DP.</summary>
    public static double LaplaceRho(double epsilon) => epsilon * epsilon / 2;

    /// <summary>The ρ of Gaussian noise of standard deviation <paramref name="sigma"/> on a query of L2 sensitivity <paramref name="l2Sensitivity"/>.</summary>
    public static double GaussianRho(double l2Sensitivity, double sigma) => l2Sensitivity * l2Sensitivity / (2 * sigma * sigma);

    /// <summary>The ρ that <see cref="DisclosureControl.Protect"/> spends on <paramref name="table"/> with <paramref name="options"/>; 0 without noise.</summary>
    public static double Rho(CrossTable table, DisclosureOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Rho(options, DisclosureControl.Sensitivity(table));
    }

    /// <summary>The ρ of noise with <paramref name="options"/> on a table of L1 sensitivity <paramref name="l1Sensitivity"/> (1, or the number of forms); 0 without noise.</summary>
    public static double Rho(DisclosureOptions options, double l1Sensitivity)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Noise switch
        {
            NoiseMechanism.Laplace => LaplaceRho(options.Epsilon),
            // A person is in at most l1 cells of one multi-valued dimension, each by 1: L2 sensitivity √l1.
            NoiseMechanism.Gaussian => GaussianRho(Math.Sqrt(l1Sensitivity), DisclosureControl.GaussianSigma(Math.Sqrt(l1Sensitivity), options.Epsilon, options.Delta)),
            _ => 0,
        };
    }

    /// <summary>The ε of (ε, δ)-DP implied by a total <paramref name="rho"/>: ρ + 2√(ρ ln(1/δ)).</summary>
    public static double Epsilon(double rho, double delta) => rho + 2 * Math.Sqrt(rho * Math.Log(1 / delta));
}
