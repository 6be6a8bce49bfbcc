namespace Ariadne.Core.Cases;

/// <summary>
/// What a user, an API client or an import row supplies to create or update a case. Every surface validates it
/// with <see cref="CaseRules.Validate"/>, so the same input gets the same errors in the UI, the API and the CLI.
/// </summary>
public sealed record CaseInput
{
    /// <summary>Optional on create (a code is generated); ignored on update.</summary>
    public string? CaseCode { get; init; }

    public string? Status { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    /// <summary>Other names the person is known by. Identifying.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Sex { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public int? YearOfBirth { get; init; }

    /// <summary>The kind of identity document, free text (e.g. "passport").</summary>
    public string? DocumentType { get; init; }

    /// <summary>The identity document's number. Identifying.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>A telephone number. Identifying.</summary>
    public string? Phone { get; init; }

    /// <summary>An e-mail address. Identifying.</summary>
    public string? Email { get; init; }

    /// <summary>A postal or whereabouts address, free text. Identifying.</summary>
    public string? Address { get; init; }

    public int? AgeAtIdentification { get; init; }

    /// <summary>Whether the person was a minor when identified, when the age itself is not known. Checked against the age.</summary>
    public bool? MinorAtIdentification { get; init; }

    public IReadOnlyList<string> Citizenships { get; init; } = [];

    public DateOnly? IdentificationDate { get; init; }

    public string? TraffickingStatus { get; init; }

    public string? StatusDecidedBy { get; init; }

    public string? DetectingOrganisationType { get; init; }

    public string? CountryOfExploitation { get; init; }

    public int? AgeAtExploitationStart { get; init; }

    public IReadOnlyList<string> ExploitationForms { get; init; } = [];

    public IReadOnlyList<string> MeansOfControl { get; init; } = [];

    public IReadOnlyList<string> LabourTypes { get; init; } = [];

    public string? RecruitmentMethod { get; init; }

    public string? RecruiterRelationship { get; init; }

    public string? Narrative { get; init; }
}
