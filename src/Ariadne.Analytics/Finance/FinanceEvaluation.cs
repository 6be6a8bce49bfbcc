namespace Ariadne.Analytics.Finance;

/// <summary>Precision, recall and F1 of one typology (or overall); null precision when no alert carries that typology's name.</summary>
public sealed record TypologyScore(string Typology, int Labelled, int Detected, double Recall, int AlertedAccounts, double? Precision, double? F1);

/// <summary>
/// Account-level evaluation of a run against ground truth. An account is positive when any labelled pattern contains
/// it; predicted positive when the run flags it. Overall: precision = flagged ∩ labelled / flagged, recall = flagged ∩
/// labelled / labelled. Per typology T: recall = labelled accounts of T that are flagged (by any rule) / labelled
/// accounts of T; precision = accounts named by alerts of typology T that are labelled (with any typology) / accounts
/// named by alerts of typology T — the precision of that detector's alerts.
/// </summary>
public static class FinanceEvaluation
{
    public static (TypologyScore Overall, IReadOnlyList<TypologyScore> ByTypology) Evaluate(
        IReadOnlySet<string> flagged, IReadOnlyDictionary<string, HashSet<string>> alertAccountsByTypology, IReadOnlyDictionary<string, HashSet<string>> labelledByTypology)
    {
        var labelled = labelledByTypology.Values.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        var rows = new List<TypologyScore>();
        foreach (var typology in labelledByTypology.Keys.Union(alertAccountsByTypology.Keys).Order(StringComparer.Ordinal))
        {
            var truth = labelledByTypology.GetValueOrDefault(typology) ?? [];
            var detected = truth.Count(flagged.Contains);
            var recall = truth.Count == 0 ? double.NaN : detected / (double)truth.Count;
            double? precision = null;
            var alerted = 0;
            if (alertAccountsByTypology.TryGetValue(typology, out var accounts) && accounts.Count > 0)
            {
                alerted = accounts.Count;
                precision = accounts.Count(labelled.Contains) / (double)accounts.Count;
            }
            rows.Add(new TypologyScore(typology, truth.Count, detected, recall, alerted, precision, F1(precision, recall)));
        }
        var hits = flagged.Count(labelled.Contains);
        var overallPrecision = flagged.Count == 0 ? 0 : hits / (double)flagged.Count;
        var overallRecall = labelled.Count == 0 ? double.NaN : hits / (double)labelled.Count;
        return (new TypologyScore("overall", labelled.Count, hits, overallRecall, flagged.Count, overallPrecision, F1(overallPrecision, overallRecall)), rows);
    }

    private static double? F1(double? precision, double recall) =>
        precision is not { } p || double.IsNaN(recall) ? null : p + recall == 0 ? 0 : 2 * p * recall / (p + recall);
}
