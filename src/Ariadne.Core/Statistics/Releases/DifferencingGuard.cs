using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// Keeps a suppressed count suppressed across releases: two case tables with overlapping dimensions whose filters
/// differ by a small group (one organisation type with 1–4 cases, say) would, subtracted cell by cell, give that
/// group's counts. Before a <c>cases-table</c> is released, every earlier <c>cases-table</c> release (the most recent
/// <see cref="MaxPrior"/>) is re-run on the current data over the new table's dimensions; a cell of the new table
/// that the earlier table also publishes (its coordinates are totals on every dimension the earlier table lacks) and
/// that differs from it by 1 … threshold−1 is suppressed ("x") and protected like a small count
/// (<see cref="Analytics.Disclosure.DisclosureControl.Protect"/>). Cells that differ by 0 or by at least the threshold
/// reveal nothing below the threshold.
/// </summary>
/// <remarks>
/// <para>The newest release compared against is recorded as the parameter <c>differencingBefore</c> (its time), so that
/// a reproduction compares against the same releases and gives the same table. A caller cannot use the parameter to
/// skip releases: an older value is accepted only when a logged release with the same dimensions and filters carries it
/// (a reproduction); otherwise every release is compared against.</para>
/// <para>Not covered: noisy tables (their differences are noisy; the noise is the protection), differences through
/// other producers (SDG 16.2.2, GLOTIP), and changes of the data between releases.</para>
/// </remarks>
public static class DifferencingGuard
{
    public const int MaxPrior = 500;

    public const string CutoffParameter = "differencingBefore";

    /// <summary>An earlier release's dimensions, filters and counting mode (each person once, or every case).</summary>
    public sealed record Prior(IReadOnlyList<string> Dimensions, IReadOnlyList<PersonFilter> Filters, DateTime CreatedAtUtc, bool Deduplicate = false);

    /// <summary>
    /// The earlier case-table releases to compare against, and the cutoff to record. A given cutoff counts only when a
    /// logged release with the same dimensions, filters and counting mode (<paramref name="deduplicate"/>) carries it.
    /// </summary>
    public static async Task<(IReadOnlyList<Prior> Prior, DateTime? Cutoff)> LoadAsync(AppDbContext db, JsonObject parameters, IReadOnlyList<string> dimensions,
        IReadOnlyList<PersonFilter> filters, CancellationToken cancellationToken, bool deduplicate = false)
    {
        var query = db.Set<StatisticsRelease>().AsNoTracking().Where(r => r.Kind == CaseTableProducer.KindName);
        var given = ReleaseParameters.String(parameters, CutoffParameter);
        DateTime? cutoff = null;
        if (given is not null)
        {
            if (!DateTime.TryParseExact(given, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                throw new ReleaseParameterException(CutoffParameter, $"Parameter '{CutoffParameter}' must be a time in ISO 8601 round-trip form.");
            }
            cutoff = parsed;
        }
        var rows = await query.OrderByDescending(r => r.CreatedAtUtc).Take(MaxPrior)
            .Select(r => new { r.ParametersJson, r.CreatedAtUtc }).ToListAsync(cancellationToken);
        var prior = new List<Prior>();
        var reproduction = false;
        foreach (var row in rows)
        {
            if (JsonNode.Parse(row.ParametersJson) is not JsonObject p)
            {
                continue;
            }
            var (d, f, once) = Read(p);
            prior.Add(new Prior(d, f, row.CreatedAtUtc, once));
            reproduction |= given is not null && p[CutoffParameter]?.GetValue<string>() == given && once == deduplicate && Same(d, f, dimensions, filters);
        }
        if (cutoff is { } c && reproduction)
        {
            prior = [.. prior.Where(p => p.CreatedAtUtc <= c)];
        }
        var newest = prior.Count == 0 ? (DateTime?)null : prior.Max(p => p.CreatedAtUtc);
        return (prior, newest);
    }

    /// <summary>The cells of <paramref name="counts"/> that differ from a cell published by an earlier release by 1 … threshold−1.</summary>
    public static HashSet<int> CellsToProtect(PersonRecords records, CrossTable counts, IReadOnlyList<PersonFilter> filters, int threshold, IEnumerable<Prior> prior) =>
        CellsToProtect(_ => records, false, counts, filters, threshold, prior);

    /// <summary>
    /// The cells of <paramref name="counts"/> (counted each person once when <paramref name="deduplicate"/>) that differ
    /// from a cell published by an earlier release by 1 … threshold−1; an earlier release is re-counted in its own mode
    /// (<paramref name="records"/> of <see cref="Prior.Deduplicate"/>), so that a table counting each person once and one
    /// counting every case cannot be subtracted to give a small number of cases set aside.
    /// </summary>
    public static HashSet<int> CellsToProtect(Func<bool, PersonRecords> records, bool deduplicate, CrossTable counts, IReadOnlyList<PersonFilter> filters, int threshold,
        IEnumerable<Prior> prior)
    {
        var result = new HashSet<int>();
        if (threshold <= 1)
        {
            return result;
        }
        var dimensions = counts.Dimensions.Select(d => d.Name).ToList();
        var key = FilterKey(filters) + (deduplicate ? "|once" : "");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in prior)
        {
            var shared = dimensions.Where(d => p.Dimensions.Contains(d, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);
            var otherKey = FilterKey(p.Filters) + (p.Deduplicate ? "|once" : "");
            // The same filters give the same table; tables without a shared dimension share only their grand totals,
            // which are compared too (shared may be empty).
            if (otherKey == key || !seen.Add(string.Join(",", shared.Order(StringComparer.Ordinal)) + "|" + otherKey))
            {
                continue;
            }
            var other = Disaggregation.Count(records(p.Deduplicate), dimensions, p.Filters);
            for (var i = 0; i < counts.Cells.Length; i++)
            {
                var at = counts.Coordinates(i);
                var comparable = true;
                for (var d = 0; d < at.Length && comparable; d++)
                {
                    comparable = shared.Contains(dimensions[d]) || at[d] == counts.Dimensions[d].TotalIndex;
                }
                var difference = Math.Abs(other.Cells[i] - counts.Cells[i]);
                if (comparable && difference > 0 && difference < threshold)
                {
                    result.Add(i);
                }
            }
        }
        return result;
    }

    private static (IReadOnlyList<string> Dimensions, IReadOnlyList<PersonFilter> Filters, bool Deduplicate) Read(JsonObject parameters)
    {
        bool deduplicate;
        try
        {
            // Releases logged before the option counted every case.
            deduplicate = CaseTableProducer.ReadDeduplicate(parameters) ?? false;
        }
        catch (ReleaseParameterException)
        {
            deduplicate = false;
        }
        IReadOnlyList<string> dimensions;
        try
        {
            dimensions = ReleaseParameters.Strings(parameters, "dimensions");
        }
        catch (ReleaseParameterException)
        {
            dimensions = [];
        }
        var filters = new List<PersonFilter>();
        if (parameters["filters"] is JsonObject f)
        {
            foreach (var (column, values) in f)
            {
                if (values is JsonArray array && CaseStatistics.Dimensions.Contains(column, StringComparer.Ordinal))
                {
                    filters.Add(new PersonFilter(column, [.. array.Select(v => v?.GetValue<string>() ?? "")]));
                }
            }
        }
        return (dimensions, filters, deduplicate);
    }

    private static bool Same(IReadOnlyList<string> d1, IReadOnlyList<PersonFilter> f1, IReadOnlyList<string> d2, IReadOnlyList<PersonFilter> f2) =>
        d1.SequenceEqual(d2, StringComparer.Ordinal) && FilterKey(f1) == FilterKey(f2);

    private static string FilterKey(IReadOnlyList<PersonFilter> filters) =>
        string.Join(";", filters.Where(f => f.Values.Count > 0).OrderBy(f => f.Column, StringComparer.Ordinal)
            .Select(f => f.Column + "=" + string.Join(",", f.Values.Order(StringComparer.Ordinal))));
}
