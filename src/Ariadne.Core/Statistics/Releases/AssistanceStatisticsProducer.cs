using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Consent;
using Ariadne.Core.Referral.National;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// <c>assistance-statistics</c>: the assistance statistics of the referral mechanism (time to each decision, the share
/// within target, services per person) as a logged release, so that the page, <c>/api/v1/nrm/statistics</c> and
/// <c>ariadne referral statistics</c> can be reproduced from the log. Parameter: <c>threshold</c> (default 5; 0 turns
/// suppression off). Counts 1 … threshold−1 are shown as "&lt;threshold"; a median, mean or share is shown only for a
/// group of at least the threshold, otherwise it carries the group's mark.
/// </summary>
/// <remarks>
/// One row per figure: <c>measure</c>, <c>group</c>, <c>band</c>, <c>value</c> (see <see cref="Read"/>), so that what is
/// shown is read back from the released rows and nothing else.
/// </remarks>
public sealed class AssistanceStatisticsProducer(NrmReports referrals) : IReleaseProducer
{
    public const string KindName = "assistance-statistics";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var threshold = ReleaseParameters.Int(parameters, "threshold") ?? 5;
        if (threshold < 0)
        {
            throw new ReleaseParameterException("threshold", "Parameter 'threshold' must be 0 (off) or more.");
        }
        var (report, excluded) = await referrals.StatisticsAsync(threshold, cancellationToken);
        // The input fingerprint: the same figures unprotected.
        var (open, _) = await referrals.StatisticsAsync(0, cancellationToken);
        var rows = Rows(report);
        var method = string.Create(CultureInfo.InvariantCulture,
            $"Decisions of the referral mechanism by family: days from the question (entry into the state decided from) to the decision, in bands; " +
            $"the share of decisions with a target that met it; services delivered per person in the mechanism. ") +
            (threshold > 1
                ? string.Create(CultureInfo.InvariantCulture, $"Counts from 1 to {threshold - 1} are shown as \"<{threshold}\", with one more band of a distribution when only one is; a median, mean or share is shown only for a group of at least {threshold} (a share also not when those within or past the target are fewer). ")
                : "No suppression. ")
            + StatisticsConsent.Method(excluded);
        var input = ReleaseTable.Sha256(Encoding.UTF8.GetBytes(string.Join("\u001e", Rows(open).Select(r => string.Join('\u001f', r)))));
        return new ReleaseTable(Columns, rows, method, new JsonObject { ["threshold"] = threshold }, input) { ExcludedByConsent = excluded };
    }

    public static readonly IReadOnlyList<string> Columns = ["measure", "group", "band", "value"];

    /// <summary>Publishes the statistics through the release log (logged, audited) and reads back what was released.</summary>
    public static async Task<(StatisticsRelease Release, ReleaseTable Table, AssistanceReport Report)> PublishAsync(ReleaseService releases, int threshold, string format,
        CancellationToken cancellationToken)
    {
        var (release, table) = await releases.PublishAsync(KindName, new JsonObject { ["threshold"] = threshold }, format, cancellationToken);
        return (release, table, Read(table));
    }

    /// <summary>The report as released rows; a suppressed figure carries "&lt;threshold", a figure that does not exist is empty.</summary>
    public static List<string[]> Rows(AssistanceReport report)
    {
        var mark = "<" + report.Threshold.ToString(CultureInfo.InvariantCulture);
        string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? mark;
        var rows = new List<string[]>();
        foreach (var d in report.Decisions)
        {
            rows.Add(["decisions", d.Kind, "Total", Count(d.Decisions)]);
            rows.AddRange(d.Distribution.Select(b => new[] { "decisions", d.Kind, b.Band, Count(b.Count) }));
            // A group below the threshold has its median and share suppressed with it; an empty group has none.
            var hidden = d.Decisions is null ? mark : "";
            rows.Add(["median_days", d.Kind, "", d.MedianDays?.ToString("0.0", CultureInfo.InvariantCulture) ?? hidden]);
            rows.Add(["within_target_share", d.Kind, "", d.WithinTargetShare?.ToString("0.0000", CultureInfo.InvariantCulture) ?? hidden]);
        }
        var s = report.Services;
        var groupMark = s.People is null ? mark : "";
        rows.Add(["people", "", "Total", Count(s.People)]);
        rows.AddRange(s.Distribution.Select(b => new[] { "people", "", b.Band, Count(b.Count) }));
        rows.Add(["mean_services", "", "", s.MeanServices?.ToString("0.00", CultureInfo.InvariantCulture) ?? groupMark]);
        rows.Add(["median_services", "", "", s.MedianServices?.ToString("0.0", CultureInfo.InvariantCulture) ?? groupMark]);
        rows.AddRange(s.ByService.Select(b => new[] { "deliveries", b.Band, "", Count(b.Count) }));
        return rows;
    }

    /// <summary>Reads a released table back into the report the page, API and CLI show (a mark or empty cell → null).</summary>
    public static AssistanceReport Read(ReleaseTable table)
    {
        var threshold = ReleaseParameters.Int(table.EffectiveParameters, "threshold") ?? 5;
        int? Count(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        double? Number(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
        string Value(string measure, string group, string band = "") =>
            table.Rows.Single(r => r[0] == measure && r[1] == group && r[2] == band)[3];
        var decisions = table.Rows.Where(r => r[0] == "decisions" && r[2] == "Total").Select(r => r[1]).Select(kind => new DecisionSummary(
            kind,
            Count(Value("decisions", kind, "Total")),
            Number(Value("median_days", kind)),
            Number(Value("within_target_share", kind)),
            [.. table.Rows.Where(r => r[0] == "decisions" && r[1] == kind && r[2] != "Total").Select(r => new BandCount(r[2], Count(r[3])))])).ToList();
        var services = new ServiceSummary(
            Count(Value("people", "", "Total")),
            Number(Value("mean_services", "")),
            Number(Value("median_services", "")),
            [.. table.Rows.Where(r => r[0] == "people" && r[2] != "Total").Select(r => new BandCount(r[2], Count(r[3])))],
            [.. table.Rows.Where(r => r[0] == "deliveries").Select(r => new BandCount(r[1], Count(r[3])))]);
        return new AssistanceReport(decisions, services, threshold);
    }
}
