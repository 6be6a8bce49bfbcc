namespace Ariadne.Analytics.Linkage;

/// <summary>
/// Progress of the long linkage runs (<see cref="EncodedMatcher.Match"/>, <see cref="Probabilistic.Deduplicator.Run"/>):
/// the fraction done (0..1) and the stage, a short invariant word ("Preparing", "Blocking", "Comparing", "Sampling",
/// "Training", "Scoring", "Clustering") that a surface may turn into a resource key. Reports are synchronous, from any
/// thread, a few dozen per run; a receiver must be cheap and thread-safe.
/// </summary>
public static class LinkageProgress
{
    /// <summary>Adapts a fraction-only receiver (a console bar) to the staged progress; null stays null.</summary>
    public static IProgress<(double Fraction, string Stage)>? FractionOnly(IProgress<double>? progress) =>
        progress is null ? null : new Adapter(progress);

    private sealed class Adapter(IProgress<double> inner) : IProgress<(double Fraction, string Stage)>
    {
        public void Report((double Fraction, string Stage) value) => inner.Report(value.Fraction);
    }
}
