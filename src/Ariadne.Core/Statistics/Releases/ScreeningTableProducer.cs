using System.Text.Json.Nodes;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// <c>screenings-table</c>: stored screenings counted over <c>dimensions</c> (see <see cref="ScreeningStatistics.Dimensions"/>)
/// with every subtotal, after disclosure control; the disclosure parameters are those of <see cref="CaseTableProducer"/>.
/// </summary>
public sealed class ScreeningTableProducer(AppDbContext db, CodeListRegistry codes) : IReleaseProducer
{
    public const string KindName = "screenings-table";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var dimensions = ReleaseParameters.Strings(parameters, "dimensions");
        var unknown = dimensions.Where(d => !ScreeningStatistics.Dimensions.Contains(d, StringComparer.Ordinal)).ToList();
        if (dimensions.Count == 0 || unknown.Count > 0)
        {
            throw new ReleaseParameterException("dimensions", $"Unknown dimension(s) {string.Join(", ", unknown)}; use one or more of {string.Join(", ", ScreeningStatistics.Dimensions)}.");
        }
        var options = CaseTableProducer.ReadDisclosure(parameters);
        var (records, excluded) = await ScreeningStatistics.LoadAsync(db, codes, cancellationToken);
        CrossTable counts;
        try
        {
            counts = Disaggregation.Count(records, dimensions);
        }
        catch (ArgumentException e)
        {
            throw new ReleaseParameterException("dimensions", e.Message);
        }
        var published = DisclosureControl.Protect(counts, options);
        var rows = ReleaseTable.CellRows(published);
        var effective = new JsonObject { ["dimensions"] = new JsonArray([.. dimensions.Select(d => JsonValue.Create(d))]) };
        CaseTableProducer.WriteDisclosure(effective, options);
        return new ReleaseTable([.. dimensions, "screenings"], rows, published.Method + " " + Consent.StatisticsConsent.Method(excluded, "screenings"), effective, CaseTableProducer.Fingerprint(counts))
        {
            PrivacyLoss = CaseTableProducer.Loss(PrivacyDatasets.Screenings, counts, options),
            ExcludedByConsent = excluded,
        };
    }
}
