using Ariadne.Core.CodeLists;

namespace Ariadne.Tests.CodeLists;

/// <summary>
/// Checks the CTDC and GLOTIP equivalents in the shipped code lists against the real reference files in the shared
/// folder, so that an export never writes a value the receiving standard does not know.
/// </summary>
public sealed class ExternalMappingTests
{
    private static readonly CodeListRegistry Registry = CodeListRegistry.Default;

    private static readonly string[] GlotipExploitationForms = ["Sexual exploitation", "Forced labour", "Other forms of exploitation"];

    [Fact]
    public void GlotipIso3Codes_EveryCode_MapsToExactlyOneCountry()
    {
        // Rows without a code (GLOTIP reports Sark, which has no ISO code) cannot be mapped and are not counted.
        var codes = ReferenceFiles.Glotip.Select(r => r.Iso3Code).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var misses = codes
            .Where(code => Registry.Country.Entries.Count(e => string.Equals(e.Glotip, code, StringComparison.Ordinal)) != 1)
            .ToList();

        Assert.True(codes.Count > 150, $"Only {codes.Count} GLOTIP country codes read: is the file complete?");
        Assert.True(misses.Count == 0, $"GLOTIP codes without exactly one country entry: {string.Join(", ", misses)}");
    }

    [Fact]
    public void GlotipRows_WithoutIso3Code_AreOnlySark()
    {
        var uncoded = ReferenceFiles.Glotip.Where(r => r.Iso3Code.Length == 0).Select(r => r.Country).Distinct(StringComparer.Ordinal);

        Assert.Equal(["Sark"], uncoded);
    }

    [Fact]
    public void GlotipSex_EveryValueExceptTotal_IsTheGlotipValueOfASex()
    {
        var sexes = DistinctGlotip(r => r.Sex).Where(s => s != "Total").ToList();
        var mapped = Registry.Sex.Entries.Select(e => e.Glotip).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(sexes);
        Assert.All(sexes, s => Assert.Contains(s, mapped));
    }

    [Fact]
    public void SexGlotipValues_Every_AppearsInGlotip()
    {
        var sexes = DistinctGlotip(r => r.Sex).ToHashSet(StringComparer.Ordinal);

        Assert.All(Registry.Sex.Entries, e => Assert.Contains(e.Glotip ?? $"(none for {e.Code})", sexes));
    }

    [Fact]
    public void GlotipExploitationCategories_EachForm_IsTheGlotipValueOfAnExploitationForm()
    {
        var categories = DistinctGlotip(r => r.Category, r =>
            r.Indicator == "Detected trafficking victims" && r.Dimension == "by form of exploitation");
        var forms = categories.Intersect(GlotipExploitationForms, StringComparer.Ordinal).ToList();
        var mapped = Registry.ExploitationForm.Entries.Select(e => e.Glotip).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(GlotipExploitationForms.Order(StringComparer.Ordinal), forms.Order(StringComparer.Ordinal));
        Assert.All(forms, f => Assert.Contains(f, mapped));
    }

    [Fact]
    public void ExploitationFormGlotipValues_Every_IsAGlotipForm()
    {
        Assert.All(Registry.ExploitationForm.Entries, e => Assert.Contains(e.Glotip ?? $"(none for {e.Code})", GlotipExploitationForms));
    }

    [Theory]
    [InlineData(CodeListIds.ExploitationForm)]
    [InlineData(CodeListIds.MeansOfControl)]
    [InlineData(CodeListIds.LabourType)]
    [InlineData(CodeListIds.RecruiterRelationship)]
    public void CtdcValues_FlagLists_AreVariablesOfTheDataDictionary(string listId)
    {
        // Column A of sheet "Main" lists the variable names; row 1 is its header.
        var variables = ReferenceFiles.Rows(ReferenceFiles.CtdcDictionaryPath, "Main")
            .Skip(1)
            .Select(r => r.GetValueOrDefault("A") ?? "")
            .Where(v => v.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        // The Global Dataset file has a column isSlaveryAndPractices (shared/reference/data-standards-and-systems.md
        // §1.2) that the 2018 dictionary predates.
        variables.Add("isSlaveryAndPractices");
        var misses = Registry[listId].Entries
            .Where(e => e.Ctdc is null || !variables.Contains(e.Ctdc))
            .Select(e => $"{e.Code} -> {e.Ctdc ?? "(none)"}")
            .ToList();

        Assert.True(variables.Count > 50, $"Only {variables.Count} variables read from sheet Main.");
        Assert.True(misses.Count == 0, $"{listId}: CTDC values not in the data dictionary: {string.Join(", ", misses)}");
    }

    [Fact]
    public void SexCtdcValues_Every_IsAGenderLookup()
    {
        var genders = CtdcLookup("Gender");

        Assert.Equal(["Male", "Female", "Transgender/NonConforming", "Unknown"], genders);
        Assert.All(Registry.Sex.Entries, e => Assert.Contains(e.Ctdc ?? $"(none for {e.Code})", genders));
    }

    [Fact]
    public void CtdcCountryLookup_EveryCurrentCode_IsTheCtdcValueOfACountry()
    {
        // "00" is CTDC's unknown country (null in our case record); AN (Netherlands Antilles) and ZR (Zaire) were
        // withdrawn from ISO 3166-1 before the 2018 dictionary and have no entry of their own.
        string[] notCountries = ["00", "AN", "ZR"];
        var codes = CtdcLookup("Country");
        var ours = Registry.Country.Entries.Select(e => e.Ctdc).ToHashSet(StringComparer.Ordinal);
        var misses = codes.Where(c => !ours.Contains(c) && !notCountries.Contains(c)).ToList();

        Assert.True(codes.Count > 200, $"Only {codes.Count} codes read from the CTDC country lookup.");
        Assert.True(misses.Count == 0, $"CTDC country codes without a country entry: {string.Join(", ", misses)}");
    }

    private static List<string> DistinctGlotip(Func<GlotipRow, string> value, Func<GlotipRow, bool>? where = null) =>
        [.. ReferenceFiles.Glotip.Where(where ?? (_ => true)).Select(value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The codes (column B) of one block of sheet "Lookups " (note the trailing space in the sheet name): a block starts
    /// with its name in column A and runs until the next name in column A; blank rows inside it are skipped.
    /// </summary>
    private static List<string> CtdcLookup(string name) =>
        [.. ReferenceFiles.Rows(ReferenceFiles.CtdcDictionaryPath, "Lookups ")
            .SkipWhile(r => r.GetValueOrDefault("A") != name)
            .Skip(1)
            .TakeWhile(r => string.IsNullOrEmpty(r.GetValueOrDefault("A")))
            .Select(r => r.GetValueOrDefault("B") ?? "")
            .Where(code => code.Length > 0)];
}
