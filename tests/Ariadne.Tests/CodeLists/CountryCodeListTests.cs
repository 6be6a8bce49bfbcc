using System.Globalization;
using Ariadne.Core.CodeLists;

namespace Ariadne.Tests.CodeLists;

public sealed class CountryCodeListTests
{
    private static readonly CodeList Countries = CodeListRegistry.Default.Country;

    private static readonly string[] Regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"];

    [Fact]
    public void Country_Shipped_HasTheIso3166Entries()
    {
        Assert.Equal(249, Countries.Entries.Count);
    }

    [Fact]
    public void Country_Codes_AreUniqueAlpha2Alpha3AndNumeric()
    {
        AssertUniqueMatching(Countries.Entries.Select(e => e.Code), "^[A-Z]{2}$");
        AssertUniqueMatching(Countries.Entries.Select(e => e.Attribute("alpha3")), "^[A-Z]{3}$");
        AssertUniqueMatching(Countries.Entries.Select(e => e.Attribute("numeric")), "^[0-9]{3}$");
    }

    [Fact]
    public void Country_ExternalCodes_AreAlpha2ForCtdcAndAlpha3ForGlotip()
    {
        Assert.All(Countries.Entries, e =>
        {
            Assert.Equal(e.Code, e.Ctdc);
            Assert.Equal(e.Attribute("alpha3"), e.Glotip);
        });
    }

    [Fact]
    public void Country_EveryEntry_HasM49RegionAndSubregion()
    {
        var subregions = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Africa"] = ["Northern Africa", "Sub-Saharan Africa"],
            ["Americas"] = ["Latin America and the Caribbean", "Northern America"],
            ["Asia"] = ["Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"],
            ["Europe"] = ["Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"],
            ["Oceania"] = ["Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"],
            // Antarctica only: M49 assigns it no region.
            ["Other"] = ["Other"],
        };

        Assert.All(Countries.Entries, e =>
        {
            var region = e.Attribute("region");
            Assert.NotNull(region);
            Assert.Contains(region, subregions.Keys);
            Assert.Contains(e.Attribute("subregion"), subregions[region]);
        });
    }

    [Fact]
    public void Country_RegionOther_IsOnlyAntarctica()
    {
        var other = Assert.Single(Countries.Entries, e => !Regions.Contains(e.Attribute("region")));

        Assert.Equal("AQ", other.Code);
    }

    [Theory]
    [InlineData("DE", "DEU", "276", "Europe", "Western Europe", null)]
    [InlineData("NG", "NGA", "566", "Africa", "Sub-Saharan Africa", "Western Africa")]
    [InlineData("MX", "MEX", "484", "Americas", "Latin America and the Caribbean", "Central America")]
    [InlineData("VN", "VNM", "704", "Asia", "South-eastern Asia", null)]
    [InlineData("JE", "JEY", "832", "Europe", "Northern Europe", "Channel Islands")]
    [InlineData("ER", "ERI", "232", "Africa", "Sub-Saharan Africa", "Eastern Africa")]
    public void Find_KnownCountry_HasIsoCodesAndM49Region(
        string code, string alpha3, string numeric, string region, string subregion, string? intermediateRegion)
    {
        var entry = Countries.Find(code);

        Assert.NotNull(entry);
        Assert.Equal(alpha3, entry.Attribute("alpha3"));
        Assert.Equal(numeric, entry.Attribute("numeric"));
        Assert.Equal(region, entry.Attribute("region"));
        Assert.Equal(subregion, entry.Attribute("subregion"));
        Assert.Equal(intermediateRegion, entry.Attribute("intermediateRegion"));
    }

    [Theory]
    [InlineData("VN", "de", "Vietnam")]
    [InlineData("DE", "de", "Deutschland")]
    [InlineData("DE", "en", "Germany")]
    [InlineData("GB", "de", "Vereinigtes Königreich")]
    [InlineData("UM", "de", "Kleinere Amerikanische Überseeinseln")]
    public void Label_Culture_IsTheCountryNameInThatLanguage(string code, string language, string expected)
    {
        Assert.Equal(expected, Countries.Label(code, CultureInfo.GetCultureInfo(language)));
    }

    [Theory]
    [InlineData("NLD", "NL")]
    [InlineData("vnm", "VN")]
    [InlineData("Deutschland", "DE")]
    public void Resolve_ExternalCodeOrLabel_FindsTheCountry(string value, string expected)
    {
        Assert.Equal(expected, Countries.Resolve(value)?.Code);
    }

    [Fact]
    public void Country_GlotipName_OnlyWhereItDiffersFromTheEnglishLabel()
    {
        Assert.All(Countries.Entries.Where(e => e.Attribute("glotipName") is not null),
            e => Assert.NotEqual(e.Labels["en"], e.Attribute("glotipName")));
        Assert.Equal("Viet Nam", Countries.Find("VN")?.Attribute("glotipName"));
    }

    private static void AssertUniqueMatching(IEnumerable<string?> values, string pattern)
    {
        var list = values.ToList();
        Assert.All(list, v => Assert.Matches(pattern, v ?? ""));
        var duplicates = list.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }
}
