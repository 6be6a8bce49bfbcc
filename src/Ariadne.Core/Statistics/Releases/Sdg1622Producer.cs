using System.Globalization;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// <c>sdg-16-2-2</c>: detected victims per 100,000 population (SDG indicator 16.2.2) from the case records, by country
/// of exploitation and year, optionally broken down <c>by</c> sex, ageGroup or form. Parameters: <c>by</c> (none, sex,
/// ageGroup, form; default none), <c>country</c> (ISO alpha-2 code; default every country), and the disclosure
/// parameters of <see cref="CaseTableProducer"/>.
/// </summary>
/// <remarks>
/// Disclosure rule: the counts are protected first (small-cell and complementary suppression, rounding, noise as for a
/// case table); a rate is computed only from a published count. A suppressed count has its rate suppressed with the
/// same mark, since the shipped population would turn the rate back into the count.
/// </remarks>
public sealed class Sdg1622Producer(AppDbContext db, CodeListRegistry codes) : IReleaseProducer
{
    public const string KindName = "sdg-16-2-2";

    public static readonly IReadOnlyList<string> Breakdowns = ["none", "sex", "ageGroup", "form"];

    private const string CountryDimension = "countryOfExploitation";

    public string Kind => KindName;

    public async Task<ReleaseTable> ProduceAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var by = ReleaseParameters.String(parameters, "by") ?? "none";
        if (!Breakdowns.Contains(by, StringComparer.Ordinal))
        {
            throw new ReleaseParameterException("by", $"Parameter 'by' is '{by}'; use {string.Join(", ", Breakdowns)}.");
        }
        var country = ReleaseParameters.String(parameters, "country");
        if (country is not null && !codes.Country.Contains(country))
        {
            throw new ReleaseParameterException("country", $"Parameter 'country' is '{country}', not an ISO 3166-1 alpha-2 code.");
        }
        var options = CaseTableProducer.ReadDisclosure(parameters);

        string[] dimensions = by == "none" ? [CountryDimension, "year"] : [CountryDimension, "year", by];
        var (records, excluded) = await CaseStatistics.LoadAsync(db, codes, cancellationToken, dimensions);
        PersonFilter[] filters = country is null ? [] : [new PersonFilter(CountryDimension, [country])];
        var counts = Disaggregation.Count(records, dimensions, filters);
        var published = DisclosureControl.Protect(counts, options);

        var countries = counts.Dimensions[0];
        var years = counts.Dimensions[1];
        var rows = new List<string[]>(published.Values.Count);
        for (var i = 0; i < published.Values.Count; i++)
        {
            var at = published.Coordinates(i);
            var population = Population(countries, years, at[0], at[1]);
            var rate = published.Status[i] == CellStatus.Shown ? Sdg1622.Rate(published.Values[i]!.Value, population) : null;
            var rateText = published.Status[i] == CellStatus.Shown
                ? rate?.ToString("0.000", CultureInfo.InvariantCulture) ?? ""
                : published.Display(i);
            rows.Add([.. at.Select((index, d) => published.Dimensions[d].Label(index)), published.Display(i),
                population?.ToString(CultureInfo.InvariantCulture) ?? "", rateText]);
        }
        var effective = new JsonObject { ["by"] = by };
        if (country is not null)
        {
            effective["country"] = country;
        }
        CaseTableProducer.WriteDisclosure(effective, options);
        var method = published.Method
            + " Rates: victims per 100,000 resident population (World Bank SP.POP.TOTL, shipped with Ariadne), computed from the published counts;"
            + " a suppressed count has its rate suppressed too; a country total is divided by the summed population of the countries in the table; no rate over years or where the population is unknown. "
            + Consent.StatisticsConsent.Method(excluded);
        return new ReleaseTable([.. dimensions, "victims", "population", "rate_per_100000"], rows, method, effective, CaseTableProducer.Fingerprint(counts))
        {
            PrivacyLoss = CaseTableProducer.Loss(PrivacyDatasets.Cases, counts, options),
            ExcludedByConsent = excluded,
        };

        long? Population(TableDimension countryDimension, TableDimension yearDimension, int c, int y)
        {
            if (y == yearDimension.TotalIndex || !int.TryParse(yearDimension.Labels[y], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                return null;
            }
            if (c != countryDimension.TotalIndex)
            {
                return Of(countryDimension.Labels[c], year);
            }
            var sum = countryDimension.Labels.Sum(label => Of(label, year) ?? 0);
            return sum > 0 ? sum : null;
        }

        long? Of(string code, int year) =>
            codes.Country.Find(code)?.Attribute("alpha3") is { } alpha3 ? PopulationTable.Default.Find(alpha3, year) : null;
    }
}
