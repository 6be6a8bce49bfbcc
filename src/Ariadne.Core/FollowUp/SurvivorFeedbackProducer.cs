using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// <c>survivor-feedback</c>: the counts per question and answer of the released survivor-feedback answers of months
/// <c>from</c> to <c>to</c> (yyyy-MM) under instrument version <c>version</c>, as a statistics release (logged, audited,
/// reproducible, under the administrator's suppression floor). Rows: <c>question</c>, <c>answer</c> (an option's value,
/// "Total" last) and <c>count</c>.
/// </summary>
/// <remarks>
/// Each question is a table of one dimension protected by <see cref="DisclosureControl.Protect"/> (small counts "&lt;t",
/// complementary cells "x"). A question answered fewer than threshold times shows nothing: every cell, zeros and the
/// total included, carries the mark, since with few answers even a zero tells what the others said. Counted in the
/// database (<c>GROUP BY</c> question, answer); only released answers (of closed months) are counted.
/// </remarks>
public sealed class SurvivorFeedbackProducer(AppDbContext db) : IReleaseProducer
{
    public const string KindName = "survivor-feedback";

    public static readonly IReadOnlyList<string> Columns = ["question", "answer", "count"];

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var from = Month(parameters, "from");
        var to = Month(parameters, "to");
        if (string.CompareOrdinal(to, from) < 0)
        {
            throw new ReleaseParameterException("to", $"Parameter 'to': {to} is before {from}.");
        }
        var instrument = SurvivorFeedbackInstrument.Current;
        var version = ReleaseParameters.Int(parameters, "version") ?? instrument.Version;
        if (version != instrument.Version)
        {
            throw new ReleaseParameterException("version", $"Parameter 'version': {version} is not a shipped version of the instrument; use {instrument.Version}.");
        }
        var threshold = ReleaseParameters.Int(parameters, "threshold") ?? ReleaseService.DefaultThreshold;
        if (threshold < 0)
        {
            throw new ReleaseParameterException("threshold", "Parameter 'threshold' must be 0 (off) or more.");
        }
        var counts = await db.Set<FeedbackAnswer>().AsNoTracking()
            .Where(a => a.Released && a.Instrument == instrument.Code && a.InstrumentVersion == version
                && string.Compare(a.Period, from) >= 0 && string.Compare(a.Period, to) <= 0)
            .GroupBy(a => new { a.Question, a.Answer })
            .Select(g => new { g.Key.Question, g.Key.Answer, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var options = new DisclosureOptions { Threshold = threshold };
        var rows = new List<string[]>();
        var input = new StringBuilder();
        var method = "";
        foreach (var question in instrument.Questions)
        {
            var cells = question.Options.Select(o => (long)counts.Where(c => c.Question == question.Number && c.Answer == o.Value).Sum(c => c.Count)).ToList();
            cells.Add(cells.Sum());
            input.Append(question.Number).Append(':').AppendJoin(',', cells).Append(';');
            var table = new CrossTable([new TableDimension("answer", question.Options.Select(o => o.Value).ToList(), false)], [.. cells], "answers");
            var published = DisclosureControl.Protect(table, options);
            method = published.Method;
            var hidden = threshold > 1 && cells[^1] > 0 && cells[^1] < threshold;
            for (var i = 0; i < cells.Count; i++)
            {
                var display = hidden ? "<" + threshold.ToString(CultureInfo.InvariantCulture) : published.Display(i);
                rows.Add([question.Number.ToString(CultureInfo.InvariantCulture), table.Dimensions[0].Label(i), display]);
            }
        }
        var effective = new JsonObject { ["from"] = from, ["to"] = to, ["version"] = version, ["threshold"] = threshold };
        var text = $"Survivor feedback ({instrument.Code}, version {version}), answers given from {from} to {to}, counted after their month was over; "
            + "one count per question and answer (a skipped question is not counted). " + method
            + " A question answered fewer times than the threshold shows nothing (every cell carries the mark).";
        return new ReleaseTable([.. Columns], rows, text, effective, ReleaseTable.Sha256(Encoding.UTF8.GetBytes(input.ToString())));
    }

    private static string Month(JsonObject parameters, string name)
    {
        var value = ReleaseParameters.String(parameters, name)?.Trim();
        if (value is null || !SurvivorFeedbackService.IsMonth(value))
        {
            throw new ReleaseParameterException(name, $"Parameter '{name}' must be a month (yyyy-MM).");
        }
        return value;
    }
}
