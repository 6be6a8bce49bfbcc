using System.Globalization;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Screening;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Stored screenings as records for the disaggregation engine: one per screening, by recommendation, exploitation form
/// indicated, list age category, instrument version and year. Reads only the non-identifying screening columns (never
/// the answers or the sealed notes), so the published tables are aggregates only.
/// </summary>
public static class ScreeningStatistics
{
    /// <summary>The dimensions a screening table can be broken down by.</summary>
    public static readonly string[] Dimensions = ["outcome", "form", "list", "instrument", "year"];

    /// <summary>The recommendations in their order, as stored.</summary>
    private static readonly string[] OutcomeLabels = ["no-indicators-found", "continue-assessment", "refer"];

    public static async Task<PersonRecords> LoadAsync(AppDbContext db, CodeListRegistry codes, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ScreeningRecord>().AsNoTracking()
            .Select(s => new { s.Outcome, s.FormsKey, s.Age, s.InstrumentId, s.InstrumentVersion, s.ScreenedAtUtc })
            .ToListAsync(cancellationToken);
        var outcome = new PersonColumnBuilder("outcome", labels: OutcomeLabels);
        var form = new PersonColumnBuilder("form", multiValued: true, labels: codes.ExploitationForm.Entries.Select(e => e.Code));
        var list = new PersonColumnBuilder("list", labels: ["adult", "child"]);
        var instrument = new PersonColumnBuilder("instrument");
        var year = new PersonColumnBuilder("year");
        foreach (var r in rows.OrderBy(r => r.ScreenedAtUtc))
        {
            outcome.Add(r.Outcome);
            form.Add(r.FormsKey.Split('|', StringSplitOptions.RemoveEmptyEntries));
            list.Add(r.Age is { Length: > 0 } age ? age : null);
            instrument.Add($"{r.InstrumentId}@{r.InstrumentVersion}");
            year.Add(r.ScreenedAtUtc.Year.ToString(CultureInfo.InvariantCulture));
        }
        return new PersonRecords([outcome.Build(), form.Build(), list.Build(), instrument.Build(), year.Build()]);
    }

    /// <summary>
    /// The screenings counted by <paramref name="by"/> with every subtotal, after disclosure control (counts below
    /// <paramref name="threshold"/> suppressed, complementary cells too): a header row, then one row per cell.
    /// </summary>
    /// <exception cref="ArgumentException">No dimension, or one not in <see cref="Dimensions"/>.</exception>
    public static async Task<(List<string[]> Table, string Method)> TableAsync(
        AppDbContext db, CodeListRegistry codes, IReadOnlyList<string> by, int threshold, CancellationToken cancellationToken)
    {
        var unknown = by.Where(d => !Dimensions.Contains(d, StringComparer.Ordinal)).ToList();
        if (by.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown dimension(s) {string.Join(", ", unknown)}; use {string.Join(", ", Dimensions)}.", nameof(by));
        }
        var records = await LoadAsync(db, codes, cancellationToken);
        var published = DisclosureControl.Protect(Disaggregation.Count(records, [.. by]), new DisclosureOptions { Threshold = threshold });
        List<string[]> table = [[.. published.Dimensions.Select(d => d.Name), "screenings"]];
        for (var i = 0; i < published.Values.Count; i++)
        {
            var at = published.Coordinates(i);
            table.Add([.. at.Select((index, d) => published.Dimensions[d].Label(index)), published.Display(i)]);
        }
        return (table, published.Method);
    }
}
