using System.Text.Json;

namespace Ariadne.Core.DemoData;

/// <summary>
/// The published figures the demo data follows: sex × age shares, form-of-exploitation shares per sex × age group,
/// countries of detection and citizenship flows, derived from the UNODC GLOTIP workbook by
/// <c>scripts/derive_demo_marginals.py</c> (see <c>docs/demo-data.md</c>). Every list of shares sums to 1.
/// </summary>
public sealed record DemoMarginals(
    JsonElement Provenance,
    IReadOnlyList<SexAgeShare> SexAge,
    IReadOnlyList<FormShares> Forms,
    IReadOnlyDictionary<string, double> OtherFormsSplit,
    double DomesticServitudeShareOfForcedLabour,
    double DomesticShare,
    IReadOnlyList<CountryShare> DetectionCountries,
    IReadOnlyList<FlowShare> Flows,
    IReadOnlyList<CitizenshipShare> ForeignCitizenships)
{
    public const string ResourceName = "Ariadne.DemoData.marginals.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<DemoMarginals> Shipped = new(LoadShipped);

    /// <summary>The marginals shipped with this build (loaded once per process).</summary>
    public static DemoMarginals Default => Shipped.Value;

    /// <summary>The share of victims who are female (girls and women), from <see cref="SexAge"/>.</summary>
    public double FemaleShare => SexAge.Where(s => s.Sex == "female").Sum(s => s.Share);

    /// <summary>The share of victims who are children (0 to 17 years), from <see cref="SexAge"/>.</summary>
    public double MinorShare => SexAge.Where(s => s.AgeGroup == "minor").Sum(s => s.Share);

    /// <summary>The share of victims detected for sexual exploitation, over all sex × age groups.</summary>
    public double SexualExploitationShare =>
        SexAge.Sum(g => g.Share * Forms.Single(f => f.Sex == g.Sex && f.AgeGroup == g.AgeGroup).SexualExploitation);

    public static DemoMarginals Parse(Stream json) =>
        JsonSerializer.Deserialize<DemoMarginals>(json, JsonOptions)
        ?? throw new InvalidDataException("The demo marginals file is empty.");

    private static DemoMarginals LoadShipped()
    {
        using var stream = typeof(DemoMarginals).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"Resource {ResourceName} is missing.");
        return Parse(stream);
    }
}

/// <param name="Sex">female or male (codes of the <c>sex</c> list).</param>
/// <param name="AgeGroup">minor (0 to 17 years) or adult (18 years or over).</param>
/// <param name="Share">The share of detected victims in this group.</param>
public sealed record SexAgeShare(string Sex, string AgeGroup, double Share);

/// <summary>The GLOTIP form-of-exploitation shares within one sex × age group; the three shares sum to 1.</summary>
public sealed record FormShares(string Sex, string AgeGroup, double SexualExploitation, double ForcedLabour, double OtherForms);

/// <param name="Country">ISO 3166-1 alpha-2 code of the country of detection.</param>
/// <param name="Share">The country's share of detected victims.</param>
public sealed record CountryShare(string Country, double Share);

/// <summary>A citizenship's share among the victims detected in one country (the shares of a country sum to 1).</summary>
public sealed record FlowShare(string CountryOfExploitation, string Citizenship, double Share);

public sealed record CitizenshipShare(string Citizenship, double Share);
