using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Core.Data;
using Ariadne.Core.ImportExport.Glotip;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// <c>glotip-year-totals</c>: per-year sums of the GLOTIP country totals of one <c>indicator</c> (default "Detected
/// trafficking victims") with the number of countries reporting. Published figures, so no further suppression.
/// </summary>
public sealed class GlotipTotalsProducer(AppDbContext db) : IReleaseProducer
{
    public const string KindName = "glotip-year-totals";

    public const string DefaultIndicator = "Detected trafficking victims";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var indicator = ReleaseParameters.String(parameters, "indicator") ?? DefaultIndicator;
        var totals = await new GlotipStore(db).YearTotalsAsync(indicator, cancellationToken);
        var rows = totals.Select(t => new[] { Invariant(t.Year), Invariant(t.Sum), Invariant(t.CountriesReporting), Invariant(t.SuppressedCountries) }).ToList();
        var input = new StringBuilder(indicator);
        foreach (var row in rows)
        {
            input.Append('\u001e').AppendJoin('\u001f', row);
        }
        return new ReleaseTable(
            ["year", "total", "countries_reporting", "countries_suppressed"],
            rows,
            "Sum of the published country totals (dimension, category, sex and age 'Total'); countries published as <5 are counted as reporting but not in the total.",
            new JsonObject { ["indicator"] = indicator },
            ReleaseTable.Sha256(Encoding.UTF8.GetBytes(input.ToString())));
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
