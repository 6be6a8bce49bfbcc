using System.Globalization;
using Ariadne.Core.Cases;

namespace Ariadne.Pages.Cases;

/// <summary>
/// What the create and edit form posts: the <see cref="CaseInput"/> fields under the same names, with mutable
/// lists so that model binding can fill them. Dates come from <c>type=date</c> inputs (yyyy-MM-dd).
/// </summary>
public sealed class CaseForm
{
    public string? CaseCode { get; set; }
    public string? Status { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }

    /// <summary>One alias per line.</summary>
    public string? Aliases { get; set; }
    public string? Sex { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public int? YearOfBirth { get; set; }
    public string? DocumentType { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public int? AgeAtIdentification { get; set; }
    public bool? MinorAtIdentification { get; set; }
    /// <summary>One entry per citizenship select, in order; empty entries are selects left at "not recorded".</summary>
    public List<string> Citizenships { get; set; } = [];

    /// <summary>How many citizenship selects the form shows (more when a stored case has more).</summary>
    public const int CitizenshipSlots = 3;
    public DateOnly? IdentificationDate { get; set; }
    public string? TraffickingStatus { get; set; }
    public string? StatusDecidedBy { get; set; }
    public string? DetectingOrganisationType { get; set; }
    public string? CountryOfExploitation { get; set; }
    public int? AgeAtExploitationStart { get; set; }
    public List<string> ExploitationForms { get; set; } = [];
    public List<string> MeansOfControl { get; set; } = [];
    public List<string> LabourTypes { get; set; } = [];
    public string? RecruitmentMethod { get; set; }
    public string? RecruiterRelationship { get; set; }
    public string? Narrative { get; set; }

    /// <summary>The names of the fields that hold whole numbers, for binding-error messages.</summary>
    public static readonly IReadOnlySet<string> NumberFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(YearOfBirth), nameof(AgeAtIdentification), nameof(AgeAtExploitationStart),
    };

    public static CaseForm From(CaseInput input) => new()
    {
        CaseCode = input.CaseCode,
        Status = input.Status,
        GivenName = input.GivenName,
        FamilyName = input.FamilyName,
        Aliases = input.Aliases.Count == 0 ? null : string.Join("\n", input.Aliases),
        Sex = input.Sex,
        DateOfBirth = input.DateOfBirth,
        YearOfBirth = input.YearOfBirth,
        DocumentType = input.DocumentType,
        DocumentNumber = input.DocumentNumber,
        Phone = input.Phone,
        Email = input.Email,
        Address = input.Address,
        AgeAtIdentification = input.AgeAtIdentification,
        MinorAtIdentification = input.MinorAtIdentification,
        Citizenships = [.. input.Citizenships],
        IdentificationDate = input.IdentificationDate,
        TraffickingStatus = input.TraffickingStatus,
        StatusDecidedBy = input.StatusDecidedBy,
        DetectingOrganisationType = input.DetectingOrganisationType,
        CountryOfExploitation = input.CountryOfExploitation,
        AgeAtExploitationStart = input.AgeAtExploitationStart,
        ExploitationForms = [.. input.ExploitationForms],
        MeansOfControl = [.. input.MeansOfControl],
        LabourTypes = [.. input.LabourTypes],
        RecruitmentMethod = input.RecruitmentMethod,
        RecruiterRelationship = input.RecruiterRelationship,
        Narrative = input.Narrative,
    };

    public CaseInput ToInput() => new()
    {
        CaseCode = Trimmed(CaseCode),
        Status = Status,
        GivenName = GivenName,
        FamilyName = FamilyName,
        Aliases = Lines(Aliases),
        Sex = Sex,
        DateOfBirth = DateOfBirth,
        YearOfBirth = YearOfBirth,
        DocumentType = DocumentType,
        DocumentNumber = DocumentNumber,
        Phone = Phone,
        Email = Email,
        Address = Address,
        AgeAtIdentification = AgeAtIdentification,
        MinorAtIdentification = MinorAtIdentification,
        Citizenships = Codes(Citizenships),
        IdentificationDate = IdentificationDate,
        TraffickingStatus = TraffickingStatus,
        StatusDecidedBy = StatusDecidedBy,
        DetectingOrganisationType = DetectingOrganisationType,
        CountryOfExploitation = CountryOfExploitation,
        AgeAtExploitationStart = AgeAtExploitationStart,
        ExploitationForms = Codes(ExploitationForms),
        MeansOfControl = Codes(MeansOfControl),
        LabourTypes = Codes(LabourTypes),
        RecruitmentMethod = RecruitmentMethod,
        RecruiterRelationship = RecruiterRelationship,
        Narrative = Narrative,
    };

    /// <summary>The value as the form shows it when nothing was posted: ISO dates, invariant numbers.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Lines(string? value) =>
        value is null ? [] : [.. value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static List<string> Codes(List<string> values) => [.. values.Where(v => !string.IsNullOrWhiteSpace(v))];
}
