namespace Ariadne.Core.Cases;

/// <summary>A case as read through the API and written by exports: the input fields plus what the system keeps.</summary>
public sealed record CaseDto
{
    public required Guid Id { get; init; }
    public required string CaseCode { get; init; }
    public required int Version { get; init; }
    public required Guid OrganisationId { get; init; }
    public string? OrganisationName { get; init; }

    /// <summary>The case worker the case is assigned to; null while unassigned.</summary>
    public Guid? AssignedUserId { get; init; }
    public required string Status { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string Sex { get; init; }
    public DateOnly? DateOfBirth { get; init; }
    public int? YearOfBirth { get; init; }
    public string? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public int? AgeAtIdentification { get; init; }
    public required AgeGroup AgeGroup { get; init; }
    public required IReadOnlyList<string> Citizenships { get; init; }
    public required DateOnly IdentificationDate { get; init; }
    public required string TraffickingStatus { get; init; }
    public string? StatusDecidedBy { get; init; }
    public required string DetectingOrganisationType { get; init; }
    public string? CountryOfExploitation { get; init; }
    public int? AgeAtExploitationStart { get; init; }
    public required IReadOnlyList<string> ExploitationForms { get; init; }
    public required IReadOnlyList<string> MeansOfControl { get; init; }
    public required IReadOnlyList<string> LabourTypes { get; init; }
    public string? RecruitmentMethod { get; init; }
    public string? RecruiterRelationship { get; init; }
    public required Transnationality Transnationality { get; init; }
    public string? Narrative { get; init; }

    /// <summary>While true, the identifying data may not be erased.</summary>
    public bool LegalHold { get; init; }

    /// <summary>
    /// True when the identifying fields of this answer were opened (after a reveal, or for the local operator); false
    /// when they are hidden, in which case empty does not mean unknown.
    /// </summary>
    public bool IdentityRevealed { get; init; }

    /// <summary>When the identifying data was destroyed on request; null while it exists.</summary>
    public DateTime? IdentityErasedAtUtc { get; init; }
    public required DateTime CreatedAtUtc { get; init; }
    public required DateTime UpdatedAtUtc { get; init; }

    /// <summary>
    /// The case as read; the identifying fields are those <see cref="CaseService"/> opened into
    /// <see cref="Person.Identity"/> and <see cref="Case.Narrative"/> (empty when it did not).
    /// </summary>
    public static CaseDto From(Case c) => new()
    {
        Id = c.Id,
        CaseCode = c.CaseCode,
        Version = c.Version,
        OrganisationId = c.OrganisationId,
        OrganisationName = c.Organisation?.Name,
        AssignedUserId = c.AssignedUserId,
        Status = c.Status,
        GivenName = c.Person.Identity?.GivenName,
        FamilyName = c.Person.Identity?.FamilyName,
        Aliases = c.Person.Identity?.Aliases ?? [],
        Sex = c.Person.Sex,
        DateOfBirth = c.Person.Identity?.DateOfBirth,
        YearOfBirth = c.Person.YearOfBirth,
        DocumentType = c.Person.Identity?.DocumentType,
        DocumentNumber = c.Person.Identity?.DocumentNumber,
        Phone = c.Person.Identity?.Phone,
        Email = c.Person.Identity?.Email,
        Address = c.Person.Identity?.Address,
        AgeAtIdentification = c.AgeAtIdentification,
        AgeGroup = c.AgeGroup,
        Citizenships = c.Person.Citizenships,
        IdentificationDate = c.IdentificationDate,
        TraffickingStatus = c.TraffickingStatus,
        StatusDecidedBy = c.StatusDecidedBy,
        DetectingOrganisationType = c.DetectingOrganisationType,
        CountryOfExploitation = c.Exploitation.CountryOfExploitation,
        AgeAtExploitationStart = c.Exploitation.AgeAtStart,
        ExploitationForms = c.Exploitation.Forms,
        MeansOfControl = c.Exploitation.MeansOfControl,
        LabourTypes = c.Exploitation.LabourTypes,
        RecruitmentMethod = c.Exploitation.RecruitmentMethod,
        RecruiterRelationship = c.Exploitation.RecruiterRelationship,
        Transnationality = c.Transnationality,
        Narrative = c.Narrative,
        LegalHold = c.LegalHold,
        IdentityRevealed = c.IdentityRevealed,
        IdentityErasedAtUtc = c.Person.IdentityErasedAtUtc,
        CreatedAtUtc = c.CreatedAtUtc,
        UpdatedAtUtc = c.UpdatedAtUtc,
    };

    /// <summary>The editable part, for pre-filling an edit form.</summary>
    public CaseInput ToInput() => new()
    {
        CaseCode = CaseCode,
        Status = Status,
        GivenName = GivenName,
        FamilyName = FamilyName,
        Aliases = Aliases,
        Sex = Sex,
        DateOfBirth = DateOfBirth,
        // Derived values are left empty so that changing the date of birth does not contradict a stale derivation.
        YearOfBirth = DateOfBirth is null ? YearOfBirth : null,
        DocumentType = DocumentType,
        DocumentNumber = DocumentNumber,
        Phone = Phone,
        Email = Email,
        Address = Address,
        AgeAtIdentification = DateOfBirth is null ? AgeAtIdentification : null,
        MinorAtIdentification = DateOfBirth is not null || AgeAtIdentification is not null ? null : AgeGroup switch
        {
            AgeGroup.Minor => true,
            AgeGroup.Adult => false,
            AgeGroup.Unknown => null,
            _ => null,
        },
        Citizenships = Citizenships,
        IdentificationDate = IdentificationDate,
        TraffickingStatus = TraffickingStatus,
        StatusDecidedBy = StatusDecidedBy,
        DetectingOrganisationType = DetectingOrganisationType,
        CountryOfExploitation = CountryOfExploitation,
        AgeAtExploitationStart = AgeAtExploitationStart,
        ExploitationForms = ExploitationForms,
        MeansOfControl = MeansOfControl,
        LabourTypes = LabourTypes,
        RecruitmentMethod = RecruitmentMethod,
        RecruiterRelationship = RecruiterRelationship,
        Narrative = Narrative,
    };
}
