using System.Globalization;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;
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

    /// <summary>Every screening except those of cases whose person refused or withdrew consent to statistics (<see cref="StatisticsConsent"/>).</summary>
    public static async Task<StatisticsInput<PersonRecords>> LoadAsync(AppDbContext db, CodeListRegistry codes, CancellationToken cancellationToken)
    {
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var all = await db.Set<ScreeningRecord>().AsNoTracking()
            .Select(s => new { s.CaseId, s.Outcome, s.FormsKey, s.Age, s.InstrumentId, s.InstrumentVersion, s.ScreenedAtUtc })
            .ToListAsync(cancellationToken);
        var rows = all.Where(r => !refused.Contains(r.CaseId)).ToList();
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
        return new(new PersonRecords([outcome.Build(), form.Build(), list.Build(), instrument.Build(), year.Build()]), all.Count - rows.Count);
    }
}
