using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Ariadne.Core.Statistics.Releases;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics;

/// <summary>
/// What the imported UNODC GLOTIP figures hold (countries, indicators), for the statistics pages and the API; the
/// figures themselves leave only as releases (<see cref="GlotipCountryProducer"/>, <see cref="GlotipTotalsProducer"/>).
/// Reads nothing about persons.
/// </summary>
public sealed class GlotipStatistics(AppDbContext db)
{
    /// <summary>The countries in the imported data (regional aggregates, which have no code, left out), by name; empty when none are imported.</summary>
    public async Task<IReadOnlyList<GlotipCountry>> CountriesAsync(CancellationToken cancellationToken)
    {
        var countries = await db.Set<GlotipStatistic>().AsNoTracking()
            .Where(s => s.Iso3 != "")
            .Select(s => new { s.Iso3, s.Country, s.Region, s.Subregion })
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. countries
            .GroupBy(c => c.Iso3, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Country, StringComparer.Ordinal).First())
            .Select(c => new GlotipCountry(c.Iso3, c.Country, c.Region, c.Subregion))
            .OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>True when any GLOTIP figures are imported.</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Set<GlotipStatistic>().AnyAsync(cancellationToken);

    /// <summary>The indicators and dimensions the imported data hold for <paramref name="iso3"/>.</summary>
    public async Task<IReadOnlyList<(string Indicator, string Dimension)>> IndicatorsAsync(string iso3, CancellationToken cancellationToken)
    {
        var pairs = await db.Set<GlotipStatistic>().AsNoTracking()
            .Where(s => s.Iso3 == iso3)
            .Select(s => new { s.Indicator, s.Dimension })
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. pairs.OrderBy(p => p.Indicator, StringComparer.Ordinal).ThenBy(p => p.Dimension, StringComparer.Ordinal).Select(p => (p.Indicator, p.Dimension))];
    }
}
