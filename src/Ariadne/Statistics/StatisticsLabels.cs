using System.Globalization;
using Ariadne.Analytics.Statistics;
using Ariadne.Core.CodeLists;
using Ariadne.Localization;
using Microsoft.Extensions.Localization;

namespace Ariadne.Statistics;

/// <summary>Names of dimensions and columns and labels of categories, as the statistics pages show them in the UI language.</summary>
public sealed class StatisticsLabels(CodeListRegistry codes, IStringLocalizer<SharedResource> t)
{
    /// <summary>The name of a dimension or a released column (e.g. <c>sex</c>, <c>persons</c>, <c>rate_per_100000</c>).</summary>
    public string Column(string name)
    {
        var text = t["Statistics.Column." + name];
        return text.ResourceNotFound ? name : text.Value;
    }

    /// <summary>The label of a category of <paramref name="column"/>; codes through their code list, totals and unknowns translated.</summary>
    public string Category(string column, string label)
    {
        if (label == CrossTable.TotalLabel)
        {
            return t["Statistics.Total"];
        }
        if (label == "Unknown")
        {
            return t["Form.Unknown"];
        }
        var culture = CultureInfo.CurrentUICulture;
        return column switch
        {
            "sex" => codes.Sex.Label(label, culture),
            "form" => codes.ExploitationForm.Label(label, culture),
            "citizenship" or "countryOfExploitation" => codes.Country.Label(label, culture),
            "organisationType" => codes[CodeListIds.OrganisationType].Label(label, culture),
            "traffickingStatus" => codes[CodeListIds.TraffickingStatus].Label(label, culture),
            "transnationality" or "ageGroup" => Translated("Statistics.Category." + label, label),
            _ => label,
        };
    }

    /// <summary>A GLOTIP country by its name in the UI language (through the country code list), else as UNODC names it.</summary>
    public string Country(Core.Statistics.Releases.GlotipCountry country) =>
        codes.Country.Entries.FirstOrDefault(e => e.Glotip == country.Iso3 || e.Attribute("alpha3") == country.Iso3)?.Label(CultureInfo.CurrentUICulture) ?? country.Name;

    /// <summary>True for a column that is a dimension of a case table (not a count, a population or a rate).</summary>
    public bool IsDimension(string column) => Array.IndexOf(Core.Statistics.CaseStatistics.Dimensions, column) >= 0;

    /// <summary>A released cell under <paramref name="column"/>: a category label, or the released text of a count as it is.</summary>
    public string Cell(string column, string value) => IsDimension(column) ? Category(column, value) : value;

    private string Translated(string key, string fallback)
    {
        var text = t[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}
