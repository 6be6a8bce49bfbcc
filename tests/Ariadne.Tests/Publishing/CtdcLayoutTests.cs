using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.ImportExport.Ctdc;
using Ariadne.Core.Publishing;

namespace Ariadne.Tests.Publishing;

public sealed class CtdcLayoutTests
{
    // The published header of the k-anonymised Global Dataset (fidelgarz67/HumanTraffickingDashboard, 05ede75b), as quoted in the reference note.
    private const string GlobalDatasetHeader =
        "yearOfRegistration; Datasource; gender; ageBroad; majorityStatus; majorityStatusAtExploit; majorityEntry; citizenship; meansOfControlDebtBondage; meansOfControlTakesEarnings; meansOfControlRestrictsFinancialAccess; meansOfControlThreats; meansOfControlPsychologicalAbuse; meansOfControlPhysicalAbuse; meansOfControlSexualAbuse; meansOfControlFalsePromises; meansOfControlPsychoactiveSubstances; meansOfControlRestrictsMovement; meansOfControlRestrictsMedicalCare; meansOfControlExcessiveWorkingHours; meansOfControlUsesChildren; meansOfControlThreatOfLawEnforcement; meansOfControlWithholdsNecessities; meansOfControlWithholdsDocuments; meansOfControlOther; meansOfControlNotSpecified; meansOfControlConcatenated; isForcedLabour; isSexualExploit; isOtherExploit; isSexAndLabour; isForcedMarriage; isForcedMilitary; isOrganRemoval; isSlaveryAndPractices; typeOfExploitConcatenated; typeOfLabourAgriculture; typeOfLabourAquafarming; typeOfLabourBegging; typeOfLabourConstruction; typeOfLabourDomesticWork; typeOfLabourHospitality; typeOfLabourIllicitActivities; typeOfLabourManufacturing; typeOfLabourMiningOrDrilling; typeOfLabourPeddling; typeOfLabourTransportation; typeOfLabourOther; typeOfLabourNotSpecified; typeOfLabourConcatenated; typeOfSexProstitution; typeOfSexPornography; typeOfSexRemoteInteractiveServices; typeOfSexPrivateSexualServices; typeOfSexConcatenated; isAbduction; RecruiterRelationship; CountryOfExploitation; recruiterRelationIntimatePartner; recruiterRelationFriend; recruiterRelationFamily; recruiterRelationOther; recruiterRelationUnknown";

    // The 2024 codebook §5, numbered 1 to 27.
    private const string Synthetic2024Variables =
        "yearOfRegistration gender ageBroad citizenship CountryOfExploitation traffickMonths meansDebtBondageEarnings meansThreats meansAbusePsyPhySex meansFalsePromises meansDrugsAlcohol meansDenyBasicNeeds meansExcessiveWorkHours meansWithholdDocs isForcedLabour isSexualExploit isOtherExploit typeOfLabourAgriculture typeOfLabourConstruction typeOfLabourDomesticWork typeOfLabourHospitality typeOfSexProstitution typeOfSexPornography recruiterRelationIntimatePartner recruiterRelationFriend recruiterRelationFamily recruiterRelationOther";

    private static readonly CodeListRegistry Codes = CodeListRegistry.Default;

    private static CtdcCase Case(
        string sex = "female", int? age = 25, string[]? citizenships = null, string? country = "DE", string[]? forms = null,
        string[]? means = null, string[]? labour = null, string? recruitment = null, string? recruiter = null) =>
        new(2024, sex, age, age is null ? AgeGroup.Unknown : age < 18 ? AgeGroup.Minor : AgeGroup.Adult, age, citizenships ?? ["NG"], country,
            forms ?? ["sexual-exploitation"], means ?? [], labour ?? [], recruitment, recruiter, "ngo", "possible", Transnationality.Transnational);

    [Fact]
    public void Columns_AreTheSixtyThreeAndTwentySevenPublishedNamesInOrder()
    {
        Assert.Equal(63, CtdcLayouts.KAnonymisedColumns.Count);
        Assert.Equal(GlobalDatasetHeader.Split("; "), CtdcLayouts.KAnonymisedColumns);
        Assert.Equal(27, CtdcLayouts.Synthetic2024Columns.Count);
        Assert.Equal(Synthetic2024Variables.Split(' '), CtdcLayouts.Synthetic2024Columns);
    }

    [Fact]
    public void ToKAnonymised_MapsCodesThroughTheCodeListsAndMarksUnrecordedGroupsMissing()
    {
        var row = Cell(CtdcLayouts.ToKAnonymised(
            Case(age: 16, forms: ["sexual-exploitation", "domestic-servitude"], means: ["debt-bondage", "takes-earnings", "threats"],
                recruitment: "abduction", recruiter: "stranger"), Codes), CtdcLayouts.KAnonymisedColumns);

        Assert.Equal("2024", row("yearOfRegistration"));
        Assert.Equal("Case Management", row("Datasource"));
        Assert.Equal("Female", row("gender"));
        Assert.Equal("9--17", row("ageBroad"));
        Assert.Equal("Minor", row("majorityStatus"));
        Assert.Equal("Minor", row("majorityStatusAtExploit"));
        Assert.Equal("-99", row("majorityEntry"));
        Assert.Equal("NG", row("citizenship"));
        Assert.Equal("DE", row("CountryOfExploitation"));
        Assert.Equal("1", row("meansOfControlDebtBondage"));
        Assert.Equal("1", row("meansOfControlThreats"));
        Assert.Equal("0", row("meansOfControlPhysicalAbuse"));
        Assert.Equal("Debt bondage;Takes earnings;Threats", row("meansOfControlConcatenated"));
        // Domestic servitude is CTDC forced labour; sexual exploitation and forced labour together also set isSexAndLabour.
        Assert.Equal("1", row("isForcedLabour"));
        Assert.Equal("1", row("isSexualExploit"));
        Assert.Equal("1", row("isSexAndLabour"));
        Assert.Equal("0", row("isForcedMarriage"));
        Assert.Equal("Forced labour;Sex and labour;Sexual exploitation", row("typeOfExploitConcatenated"));
        Assert.Equal("1", row("typeOfLabourNotSpecified"));
        Assert.Equal("0", row("typeOfLabourAgriculture"));
        Assert.Equal("-99", row("typeOfSexProstitution"));
        Assert.Equal("-99", row("typeOfSexConcatenated"));
        Assert.Equal("1", row("isAbduction"));
        Assert.Equal("1", row("recruiterRelationOther"));
        Assert.Equal("0", row("recruiterRelationFamily"));
        Assert.Equal("Other", row("RecruiterRelationship"));
    }

    [Fact]
    public void ToKAnonymised_NothingRecorded_IsMinusNinetyNine()
    {
        var row = Cell(CtdcLayouts.ToKAnonymised(Case(sex: "unknown", age: null, citizenships: [], country: null, forms: []), Codes), CtdcLayouts.KAnonymisedColumns);

        Assert.Equal("Unknown", row("gender"));
        Assert.Equal("-99", row("ageBroad"));
        Assert.Equal("-99", row("majorityStatus"));
        Assert.Equal("-99", row("citizenship"));
        Assert.Equal("-99", row("CountryOfExploitation"));
        Assert.Equal("-99", row("isForcedLabour"));
        Assert.Equal("-99", row("meansOfControlThreats"));
        Assert.Equal("-99", row("typeOfLabourNotSpecified"));
        Assert.Equal("-99", row("isAbduction"));
        Assert.Equal("-99", row("recruiterRelationUnknown"));
    }

    [Fact]
    public void ToSynthetic2024_MergesMeansUsesAlphaThreeAndWritesFlagsAsOneOrEmpty()
    {
        var row = Cell(CtdcLayouts.ToSynthetic2024(
            Case(sex: "male", age: 34, citizenships: ["RO"], forms: ["forced-marriage"], means: ["uses-children", "restricts-movement"],
                labour: ["hospitality"], recruiter: "family"), Codes), CtdcLayouts.Synthetic2024Columns);

        Assert.Equal("Man", row("gender"));
        Assert.Equal("30--38", row("ageBroad"));
        Assert.Equal("ROU", row("citizenship"));
        Assert.Equal("DEU", row("CountryOfExploitation"));
        Assert.Equal("", row("traffickMonths"));
        Assert.Equal("1", row("meansThreats"));
        Assert.Equal("1", row("meansDenyBasicNeeds"));
        Assert.Equal("", row("meansDebtBondageEarnings"));
        // Forced marriage counts as "other" exploitation in the 2024 layout.
        Assert.Equal("1", row("isOtherExploit"));
        Assert.Equal("", row("isForcedLabour"));
        Assert.Equal("1", row("typeOfLabourHospitality"));
        Assert.Equal("1", row("recruiterRelationFamily"));
        Assert.Equal("", row("typeOfSexProstitution"));
        Assert.DoesNotContain("-99", CtdcLayouts.ToSynthetic2024(Case(age: null, forms: [], country: null), Codes));
        Assert.DoesNotContain("0", CtdcLayouts.ToSynthetic2024(Case(age: null, forms: [], country: null), Codes).Skip(6));
    }

    [Fact]
    public void Hierarchies_GeneraliseYearAgeAndCountryStepByStep()
    {
        var year = MicrodataHierarchies.Build(MicrodataHierarchies.Shape.Year, ["2023", "2026"], Codes);
        var age = MicrodataHierarchies.Build(MicrodataHierarchies.Shape.AgeBroad, ["9--17", "48+", "-99"], Codes);
        var country = MicrodataHierarchies.Build(MicrodataHierarchies.Shape.Country, ["DE", "NGA", "-99"], Codes);

        Assert.Equal(["2023", "2020-2024", "*"], Enumerable.Range(0, 3).Select(l => year.Generalise("2023", l)));
        Assert.Equal("2025-2029", year.Generalise("2026", 1));
        Assert.Equal(["9--17", "Minor", "*"], Enumerable.Range(0, 3).Select(l => age.Generalise("9--17", l)));
        Assert.Equal("Adult", age.Generalise("48+", 1));
        Assert.Equal("-99", age.Generalise("-99", 1));
        Assert.Equal(["DE", "Western Europe", "Europe", "*"], Enumerable.Range(0, 4).Select(l => country.Generalise("DE", l)));
        Assert.Equal("Africa", country.Generalise("NGA", 2));
        Assert.Equal("-99", country.Generalise("-99", 2));
    }

    private static Func<string, string> Cell(string[] row, IReadOnlyList<string> columns) => name =>
    {
        var i = columns.ToList().IndexOf(name);
        Assert.True(i >= 0, $"no column {name}");
        return row[i];
    };
}
