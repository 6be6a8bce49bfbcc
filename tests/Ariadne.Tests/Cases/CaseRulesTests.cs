using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;

namespace Ariadne.Tests.Cases;

public sealed class CaseRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static IReadOnlyList<FieldError> Validate(CaseInput input) => CaseRules.Validate(input, CodeListRegistry.Default, Today);

    private static CaseInput Valid => CaseApiTests.ValidInput();

    [Fact]
    public void Validate_ValidInput_NoErrors() => Assert.Empty(Validate(Valid));

    public static TheoryData<string, CaseInput, string, string> Invalid => new()
    {
        { "unknown sex", Valid with { Sex = "robot" }, nameof(CaseInput.Sex), "UnknownCode" },
        { "missing sex", Valid with { Sex = null }, nameof(CaseInput.Sex), "Required" },
        { "unknown citizenship", Valid with { Citizenships = ["ZZ"] }, nameof(CaseInput.Citizenships), "UnknownCode" },
        { "duplicate citizenship", Valid with { Citizenships = ["NG", "NG"] }, nameof(CaseInput.Citizenships), "Duplicate" },
        { "unknown form", Valid with { ExploitationForms = ["fishing"] }, nameof(CaseInput.ExploitationForms), "UnknownCode" },
        { "identification in the future", Valid with { IdentificationDate = Today.AddDays(1) }, nameof(CaseInput.IdentificationDate), "FutureDate" },
        { "no identification date", Valid with { IdentificationDate = null }, nameof(CaseInput.IdentificationDate), "Required" },
        { "born in the future", Valid with { DateOfBirth = Today.AddDays(1), AgeAtExploitationStart = null }, nameof(CaseInput.DateOfBirth), "FutureDate" },
        { "identified before birth", Valid with { DateOfBirth = new DateOnly(2026, 5, 3), AgeAtExploitationStart = null }, nameof(CaseInput.IdentificationDate), "BeforeBirth" },
        { "identified before year of birth", Valid with { DateOfBirth = null, YearOfBirth = 2027 - 1, IdentificationDate = new DateOnly(2025, 1, 1), AgeAtExploitationStart = null }, nameof(CaseInput.IdentificationDate), "BeforeBirth" },
        { "year contradicts date of birth", Valid with { YearOfBirth = 1999 }, nameof(CaseInput.YearOfBirth), "Contradiction" },
        { "age contradicts date of birth", Valid with { AgeAtIdentification = 30 }, nameof(CaseInput.AgeAtIdentification), "Contradiction" },
        { "minor but 26", Valid with { MinorAtIdentification = true }, nameof(CaseInput.MinorAtIdentification), "Contradiction" },
        { "adult but 15", Valid with { DateOfBirth = null, AgeAtIdentification = 15, AgeAtExploitationStart = 14, MinorAtIdentification = false }, nameof(CaseInput.MinorAtIdentification), "Contradiction" },
        { "exploited later than identified", Valid with { AgeAtExploitationStart = 27 }, nameof(CaseInput.AgeAtExploitationStart), "Contradiction" },
        { "negative age", Valid with { DateOfBirth = null, AgeAtIdentification = -1, AgeAtExploitationStart = null }, nameof(CaseInput.AgeAtIdentification), "OutOfRange" },
        { "implausible age", Valid with { DateOfBirth = null, AgeAtIdentification = 121, AgeAtExploitationStart = null }, nameof(CaseInput.AgeAtIdentification), "OutOfRange" },
        { "over-long name", Valid with { FamilyName = new string('x', CaseRules.MaxNameLength + 1) }, nameof(CaseInput.FamilyName), "TooLong" },
        { "over-long narrative", Valid with { Narrative = new string('x', CaseRules.MaxNarrativeLength + 1) }, nameof(CaseInput.Narrative), "TooLong" },
        { "bad case code", Valid with { CaseCode = "C 12" }, nameof(CaseInput.CaseCode), "Format" },
        { "decided yet possible", Valid with { StatusDecidedBy = "police" }, nameof(CaseInput.StatusDecidedBy), "Contradiction" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidInput_NamesTheFieldAndTheRule(string because, CaseInput input, string field, string code)
    {
        var errors = Validate(input);
        Assert.True(errors.Any(e => e.Field == field && e.Code == code),
            $"{because}: expected {field}/{code}, got {string.Join("; ", errors.Select(e => $"{e.Field}/{e.Code}"))}");
    }

    [Theory]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    [InlineData("2000-06-15", "2026-06-14", 25)]
    [InlineData("2000-06-15", "2026-06-15", 26)]
    public void AgeOn_Birthdays_CountCompletedYears(string born, string on, int expected) =>
        Assert.Equal(expected, CaseRules.AgeOn(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(17, null, AgeGroup.Minor)]
    [InlineData(18, null, AgeGroup.Adult)]
    [InlineData(18, true, AgeGroup.Adult)]
    [InlineData(null, true, AgeGroup.Minor)]
    [InlineData(null, false, AgeGroup.Adult)]
    [InlineData(null, null, AgeGroup.Unknown)]
    public void ClassifyAge_AgeWinsOverRecordedMajority(int? age, bool? minor, AgeGroup expected) =>
        Assert.Equal(expected, CaseRules.ClassifyAge(age, minor));

    [Theory]
    [InlineData(new[] { "NG" }, "NG", Transnationality.Domestic)]
    [InlineData(new[] { "NG", "DE" }, "DE", Transnationality.Domestic)]
    [InlineData(new[] { "NG" }, "DE", Transnationality.Transnational)]
    [InlineData(new string[0], "DE", Transnationality.Unknown)]
    [InlineData(new[] { "NG" }, null, Transnationality.Unknown)]
    public void ClassifyTransnationality_ComparesCitizenshipsWithCountryOfExploitation(string[] citizenships, string? country, Transnationality expected) =>
        Assert.Equal(expected, CaseRules.ClassifyTransnationality(citizenships, country));
}
