namespace Ariadne.Analytics.Referral;

/// <summary>
/// One decision of the referral mechanism for the statistics: when the question was put (entry into the state the
/// decision was taken from), when it was decided, and the target it had, if any.
/// </summary>
/// <param name="Kind">The decision family: <c>reasonable-grounds</c>, <c>conclusive-grounds</c> or <c>reconsideration</c>.</param>
/// <param name="AskedAt">When the case entered the state the decision was taken from.</param>
/// <param name="DecidedAt">When the decision was recorded.</param>
/// <param name="TargetAt">The deadline the decision had to meet (e.g. the reasonable-grounds target), or null when none applies.</param>
public sealed record DecisionTiming(string Kind, DateTimeOffset AskedAt, DateTimeOffset DecidedAt, DateTimeOffset? TargetAt);

/// <summary>How long one family of decisions took: counts are already protected (null = suppressed).</summary>
/// <param name="Kind">The decision family.</param>
/// <param name="Decisions">The number of decisions, or null when fewer than the threshold.</param>
/// <param name="MedianDays">Median days from question to decision; null when suppressed.</param>
/// <param name="WithinTargetShare">Share of the decisions with a target that met it (0–1); null when none had a target, or when the decisions with a target, those within it or those past it are a small count.</param>
/// <param name="Distribution">Decisions per band of days (<see cref="AssistanceStatistics.DayBands"/>); a null count is suppressed.</param>
public sealed record DecisionSummary(string Kind, int? Decisions, double? MedianDays, double? WithinTargetShare, IReadOnlyList<BandCount> Distribution);

/// <summary>A count in one band of a distribution; null when suppressed.</summary>
public sealed record BandCount(string Band, int? Count);

/// <summary>Services delivered per person in the mechanism, protected.</summary>
/// <param name="People">People (cases) in the mechanism, or null when fewer than the threshold.</param>
/// <param name="MeanServices">Mean services delivered per person; null when suppressed.</param>
/// <param name="MedianServices">Median services delivered per person; null when suppressed.</param>
/// <param name="Distribution">People by number of services (<c>0</c>, <c>1</c>, <c>2</c>, <c>3</c>, <c>4+</c>).</param>
/// <param name="ByService">Deliveries per service code; null counts are suppressed.</param>
public sealed record ServiceSummary(int? People, double? MeanServices, double? MedianServices, IReadOnlyList<BandCount> Distribution, IReadOnlyList<BandCount> ByService);

/// <summary>The assistance statistics of the referral mechanism (§12: monitor and evaluate assistance).</summary>
public sealed record AssistanceReport(IReadOnlyList<DecisionSummary> Decisions, ServiceSummary Services, int Threshold);

/// <summary>
/// Aggregates of the assistance record: time to each decision (median and distribution), the share of decisions within
/// target, and services per person. Pure; every count from 1 to <c>threshold − 1</c> is suppressed, and in each
/// distribution one more band is suppressed when exactly one is, so that it cannot be recomputed from the total.
/// </summary>
public static class AssistanceStatistics
{
    /// <summary>The decision families in report order.</summary>
    public static readonly IReadOnlyList<string> DecisionKinds = ["reasonable-grounds", "conclusive-grounds", "reconsideration"];

    /// <summary>Bands of days from question to decision: upper bounds inclusive, the last open.</summary>
    public static readonly IReadOnlyList<(string Band, double UpTo)> DayBands =
        [("0-5", 5), ("6-10", 10), ("11-30", 30), ("31-90", 90), ("91+", double.PositiveInfinity)];

    /// <summary>The decision family of a lifecycle step, or null when the step is not a decision.</summary>
    public static string? KindOf(string transition) => transition switch
    {
        "rg-positive" or "rg-negative" => "reasonable-grounds",
        "cg-positive" or "cg-negative" => "conclusive-grounds",
        "reconsideration-positive" or "reconsideration-upheld" => "reconsideration",
        _ => null,
    };

    /// <param name="decisions">Every decision in scope.</param>
    /// <param name="servicesPerPerson">For every person (case) in scope, the service codes delivered (empty when none).</param>
    /// <param name="threshold">The disclosure threshold (<c>DisclosureOptions.Threshold</c>, 5 by default); 0 or 1 turns suppression off.</param>
    public static AssistanceReport Compute(IEnumerable<DecisionTiming> decisions, IEnumerable<IReadOnlyCollection<string>> servicesPerPerson, int threshold)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(servicesPerPerson);
        var byKind = decisions.GroupBy(d => d.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var summaries = new List<DecisionSummary>();
        foreach (var kind in DecisionKinds.Concat(byKind.Keys.Where(k => !DecisionKinds.Contains(k)).Order(StringComparer.Ordinal)))
        {
            var list = byKind.GetValueOrDefault(kind) ?? [];
            var days = list.Select(d => (d.DecidedAt - d.AskedAt).TotalDays).ToArray();
            var bands = new int[DayBands.Count];
            foreach (var value in days)
            {
                bands[BandOf(value)]++;
            }
            var distribution = Protect([.. DayBands.Select(b => b.Band)], bands, threshold);
            if (Suppressed(list.Count, threshold))
            {
                summaries.Add(new DecisionSummary(kind, null, null, null, [.. distribution.Select(b => b with { Count = null })]));
                continue;
            }
            var targeted = list.Where(d => d.TargetAt is not null).ToList();
            var met = targeted.Count(d => d.DecidedAt <= d.TargetAt);
            // A share gives its numerator back from the count; it is shown only when neither those within target nor
            // those past it are a small count.
            double? share = targeted.Count == 0 || Suppressed(targeted.Count, threshold) || Suppressed(met, threshold) || Suppressed(targeted.Count - met, threshold)
                ? null
                : (double)met / targeted.Count;
            // A median is shown only for a group of at least the threshold (a suppressed count above).
            summaries.Add(new DecisionSummary(kind, list.Count, days.Length == 0 ? null : Median(days), share, distribution));
        }

        var people = servicesPerPerson.ToList();
        var perPerson = people.Select(p => (double)p.Count).ToArray();
        var countBands = new int[5];
        foreach (var n in perPerson)
        {
            countBands[Math.Min((int)n, 4)]++;
        }
        var byService = people.SelectMany(p => p).GroupBy(s => s, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var serviceCounts = Protect([.. byService.Select(g => g.Key)], [.. byService.Select(g => g.Count())], threshold);
        var services = Suppressed(people.Count, threshold)
            ? new ServiceSummary(null, null, null, [.. Protect(["0", "1", "2", "3", "4+"], countBands, threshold).Select(b => b with { Count = null })], serviceCounts)
            : new ServiceSummary(people.Count, perPerson.Length == 0 ? null : perPerson.Average(), perPerson.Length == 0 ? null : Median(perPerson),
                Protect(["0", "1", "2", "3", "4+"], countBands, threshold), serviceCounts);
        return new AssistanceReport(summaries, services, threshold);
    }

    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int BandOf(double days)
    {
        for (var i = 0; i < DayBands.Count; i++)
        {
            if (days <= DayBands[i].UpTo)
            {
                return i;
            }
        }
        return DayBands.Count - 1;
    }

    private static bool Suppressed(int count, int threshold) => count > 0 && count < threshold;

    /// <summary>Primary suppression of small counts, and one secondary band when only one is suppressed (so the total does not give it away).</summary>
    private static List<BandCount> Protect(string[] bands, int[] counts, int threshold)
    {
        var hidden = new bool[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            hidden[i] = Suppressed(counts[i], threshold);
        }
        if (hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, counts.Length).Where(i => !hidden[i] && counts[i] > 0).OrderBy(i => counts[i]).ThenBy(i => i).FirstOrDefault(-1);
            if (next >= 0)
            {
                hidden[next] = true;
            }
        }
        return [.. bands.Select((b, i) => new BandCount(b, hidden[i] ? null : counts[i]))];
    }
}
