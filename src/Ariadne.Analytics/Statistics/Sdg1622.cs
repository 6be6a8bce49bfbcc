using System.Globalization;

namespace Ariadne.Analytics.Statistics;

/// <summary>
/// SDG indicator 16.2.2: detected victims of trafficking per 100,000 population. The denominator is the total
/// resident population of the country and year (population by sex and age is not shipped, so a rate by sex, age or
/// form is the count in that cell per 100,000 of the whole population, as UNODC reports it).
/// </summary>
public static class Sdg1622
{
    /// <summary>Victims per 100,000 population, or null without a positive population.</summary>
    public static double? Rate(long victims, long? population) =>
        population is > 0 ? victims * 100_000.0 / population.Value : null;

    /// <summary>
    /// The rate for every cell of <paramref name="table"/>, which has a country and a year dimension (labels: the
    /// codes <paramref name="population"/> knows, and years). At a country total the denominator is the summed
    /// population of the table's countries that year; at a year total, or for an unknown country or year, the rate is null.
    /// </summary>
    public static double?[] Rates(CrossTable table, string countryDimension, string yearDimension, Func<string, int, long?> population)
    {
        var c = IndexOf(table, countryDimension);
        var y = IndexOf(table, yearDimension);
        var countries = table.Dimensions[c];
        var years = table.Dimensions[y];
        var denominators = new long?[countries.Size, years.Size];
        for (var j = 0; j < years.Labels.Count; j++)
        {
            if (!int.TryParse(years.Labels[j], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                continue;
            }
            var sum = 0L;
            for (var i = 0; i < countries.Labels.Count; i++)
            {
                var value = population(countries.Labels[i], year);
                denominators[i, j] = value;
                sum += value ?? 0;
            }
            denominators[countries.TotalIndex, j] = sum > 0 ? sum : null;
        }
        var rates = new double?[table.Cells.Length];
        for (var index = 0; index < rates.Length; index++)
        {
            var at = table.Coordinates(index);
            rates[index] = Rate(table.Cells[index], denominators[at[c], at[y]]);
        }
        return rates;
    }

    private static int IndexOf(CrossTable table, string name)
    {
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            if (string.Equals(table.Dimensions[d].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }
        throw new ArgumentException($"The table has no dimension '{name}'.", nameof(name));
    }
}
