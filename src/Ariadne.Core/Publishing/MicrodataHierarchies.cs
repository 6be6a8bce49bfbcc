using System.Globalization;
using Ariadne.Analytics.Anonymisation;
using Ariadne.Core.CodeLists;

namespace Ariadne.Core.Publishing;

/// <summary>
/// Generalisation hierarchies for the quasi-identifiers of case microdata, built over the values present:
/// year → five-year period → "*"; CTDC ageBroad band → Minor/Adult → "*"; country (alpha-2 or alpha-3) → UN M49
/// subregion → region → "*"; anything else → "*". Unknown values ("-99", "", "Unknown") stay themselves until "*".
/// </summary>
public static class MicrodataHierarchies
{
    public const string Suppressed = "*";

    /// <summary>The kind of hierarchy a column gets.</summary>
    public enum Shape
    {
        Flat,
        Year,
        AgeBroad,
        Country,
    }

    public static GeneralisationHierarchy Build(Shape shape, IEnumerable<string> values, CodeListRegistry codes) =>
        GeneralisationHierarchy.FromLevels(values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(v => (IReadOnlyList<string>)(shape switch
            {
                Shape.Year => [v, Period(v), Suppressed],
                Shape.AgeBroad => [v, Majority(v), Suppressed],
                Shape.Country => Country(v, codes),
                _ => [v, Suppressed],
            })));

    /// <summary>"2023" → "2020-2024"; a value that is not a year stays itself.</summary>
    public static string Period(string year)
    {
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            return year;
        }
        var from = y - (y % 5);
        return string.Create(CultureInfo.InvariantCulture, $"{from}-{from + 4}");
    }

    /// <summary>CTDC's ageBroad bands: the two below 18 are "Minor", the others "Adult".</summary>
    public static string Majority(string band) => band switch
    {
        "0--8" or "9--17" => "Minor",
        "18--20" or "21--23" or "24--26" or "27--29" or "30--38" or "39--47" or "48+" => "Adult",
        _ => band,
    };

    private static string[] Country(string value, CodeListRegistry codes)
    {
        var entry = value.Length switch
        {
            2 => codes.Country.Find(value),
            3 => codes.Country.Entries.FirstOrDefault(e => e.Attribute("alpha3") == value),
            _ => null,
        };
        return entry is null
            ? [value, value, value, Suppressed]
            : [value, entry.Attribute("subregion") ?? value, entry.Attribute("region") ?? value, Suppressed];
    }
}
