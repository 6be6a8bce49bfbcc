using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>A country in the imported GLOTIP data.</summary>
public sealed record GlotipCountry(string Iso3, string Name, string Region, string Subregion);

/// <summary>
/// <c>glotip-country</c>: the imported UNODC GLOTIP figures of one country, one indicator and one dimension, as in a
/// UNODC country profile. Parameters: <c>iso3</c> (required), <c>indicator</c> (default "Detected trafficking
/// victims"), <c>dimension</c> (default "Total"; e.g. "by form of exploitation"). Rows: year, category, sex, age,
/// value, in that order. Published figures: a value published as "&lt;5" stays "&lt;5" (never zero) and no further
/// suppression is applied.
/// </summary>
public sealed class GlotipCountryProducer(AppDbContext db) : IReleaseProducer
{
    public const string KindName = "glotip-country";

    public const string TotalDimension = "Total";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var iso3 = ReleaseParameters.String(parameters, "iso3");
        if (iso3 is null || iso3.Length != 3 || !iso3.All(char.IsAsciiLetterUpper))
        {
            throw new ReleaseParameterException("iso3", "Parameter 'iso3' must be an ISO 3166-1 alpha-3 code in capitals, e.g. DEU.");
        }
        var indicator = ReleaseParameters.String(parameters, "indicator") ?? GlotipTotalsProducer.DefaultIndicator;
        var dimension = ReleaseParameters.String(parameters, "dimension") ?? TotalDimension;
        var statistics = db.Set<GlotipStatistic>().AsNoTracking();
        if (!await statistics.AnyAsync(s => s.Iso3 == iso3, cancellationToken))
        {
            throw new ReleaseParameterException("iso3", $"The imported GLOTIP data have no figures for '{iso3}'.");
        }
        var found = await statistics
            .Where(s => s.Iso3 == iso3 && s.Indicator == indicator && s.Dimension == dimension)
            .Select(s => new { s.Year, s.Category, s.Sex, s.Age, s.Value, s.SuppressedBelow, s.SourceRow })
            .ToListAsync(cancellationToken);
        // Ordered here, not in SQL: string order must not depend on the database's collation.
        var rows = found
            .OrderBy(s => s.Year)
            .ThenBy(s => s.Category, StringComparer.Ordinal)
            .ThenBy(s => s.Sex, StringComparer.Ordinal)
            .ThenBy(s => s.Age, StringComparer.Ordinal)
            .ThenBy(s => s.SourceRow)
            .Select(s => new[]
            {
                s.Year.ToString(CultureInfo.InvariantCulture), s.Category, s.Sex, s.Age,
                s.SuppressedBelow is { } bound ? "<" + bound.ToString(CultureInfo.InvariantCulture) : s.Value!.Value.ToString(CultureInfo.InvariantCulture),
            })
            .ToList();
        var input = new StringBuilder().Append(iso3).Append('\u001f').Append(indicator).Append('\u001f').Append(dimension);
        foreach (var row in rows)
        {
            input.Append('\u001e').AppendJoin('\u001f', row);
        }
        return new ReleaseTable(
            ["year", "category", "sex", "age", "value"],
            rows,
            "Figures as published by UNODC in the Global Report on Trafficking in Persons country data (GLOTIP), imported unchanged; values published as \"<5\" stay suppressed and are never read as zero; no further disclosure control is applied to published figures.",
            new JsonObject { ["iso3"] = iso3, ["indicator"] = indicator, ["dimension"] = dimension },
            ReleaseTable.Sha256(Encoding.UTF8.GetBytes(input.ToString())));
    }
}
