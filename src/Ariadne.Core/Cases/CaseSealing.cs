using Ariadne.Core.Protection;

namespace Ariadne.Core.Cases;

/// <summary>
/// Builds case entities from input and seals or opens their identifying fields (the person's identity and the case's
/// narrative) under the person's data key, through <see cref="IdentitySealing"/>. Used by every writer of cases: the
/// service, imports, demo data and the transnational import.
/// </summary>
/// <remarks>
/// It stays in Cases rather than in Protection because it knows <see cref="Case"/> and <see cref="Person"/>; Protection
/// holds only the key handling, so that it depends on no module that uses it.
/// </remarks>
public static class CaseSealing
{
    /// <summary>
    /// Builds a new, untracked case from valid input (also used by imports and demo data), with a new data key for
    /// its person and every identifying field sealed by <paramref name="vault"/>. Adding the case adds the key row.
    /// </summary>
    public static Case NewCase(CaseInput input, Guid organisationId, DateTime nowUtc, IdentityVault vault)
    {
        var entity = new Case
        {
            Id = Guid.CreateVersion7(),
            CaseCode = input.CaseCode ?? "",
            OrganisationId = organisationId,
            Status = input.Status ?? "active",
            TraffickingStatus = input.TraffickingStatus!,
            DetectingOrganisationType = input.DetectingOrganisationType!,
            Person = new Person { Id = Guid.CreateVersion7(), Sex = input.Sex! },
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
            Version = 1,
        };
        Apply(entity, input);
        SealIdentity(entity, vault, nowUtc);
        return entity;
    }

    /// <summary>
    /// Seals <see cref="Person.Identity"/> and <see cref="Case.Narrative"/> into their ciphertext columns and
    /// recomputes the blind indexes. A person without a key gets one, unless it was erased and nothing is to be sealed.
    /// </summary>
    public static void SealIdentity(Case entity, IdentityVault vault, DateTime nowUtc)
    {
        var person = entity.Person;
        var identity = person.Identity is { IsEmpty: false } given ? given : null;
        if (person.Key is null && person.IdentityErasedAtUtc is not null && identity is null && entity.Narrative is null)
        {
            return;
        }
        using var dataKey = vault.OpenOrCreate(person.Key, person.Id, nowUtc, out var created);
        person.Key ??= created;
        person.IdentityCiphertext = identity is null ? null : vault.Seal(person.Id, identity, dataKey.Bytes);
        person.NameDobIndex = vault.NameDobIndex(identity?.FamilyName, identity?.GivenName, identity?.DateOfBirth);
        person.DocumentIndex = vault.DocumentIndex(identity?.DocumentType, identity?.DocumentNumber);
        entity.NarrativeCiphertext = entity.Narrative is null ? null : vault.SealNarrative(entity.Id, entity.Narrative, dataKey.Bytes);
    }

    /// <summary>
    /// Fills <see cref="Person.Identity"/> and <see cref="Case.Narrative"/> of a case loaded with its person's key
    /// (<c>Include(c =&gt; c.Person).ThenInclude(p =&gt; p.Key)</c>), e.g. by an export. After erasure both stay null.
    /// </summary>
    /// <exception cref="KeyUnavailableException">The person's master key is not configured.</exception>
    /// <exception cref="ProtectedDataException">A ciphertext was altered or belongs to another record.</exception>
    public static void OpenIdentity(Case c, IdentityVault vault)
    {
        var person = c.Person;
        if (person.Key is null)
        {
            // Erased: nothing to open, and nothing hidden either.
            person.Identity = null;
            c.Narrative = null;
            c.IdentityRevealed = true;
            return;
        }
        using var dataKey = vault.Open(person.Key);
        person.Identity = person.IdentityCiphertext is null ? new PersonIdentity() : vault.Open(person.Id, person.IdentityCiphertext, dataKey.Bytes);
        c.Narrative = c.NarrativeCiphertext is null ? null : vault.OpenNarrative(c.Id, c.NarrativeCiphertext, dataKey.Bytes);
        c.IdentityRevealed = true;
    }

    /// <summary>Clears the opened identity of a case the viewer may not see revealed.</summary>
    internal static void Hide(Case c)
    {
        c.Person.Identity = null;
        c.Narrative = null;
        c.IdentityRevealed = false;
    }

    /// <summary>Copies valid input onto the entity and recomputes the derived, non-identifying fields; seals nothing.</summary>
    internal static void Apply(Case entity, CaseInput input)
    {
        entity.Status = input.Status ?? entity.Status;
        entity.TraffickingStatus = input.TraffickingStatus!;
        entity.StatusDecidedBy = input.StatusDecidedBy;
        entity.IdentificationDate = input.IdentificationDate!.Value;
        entity.DetectingOrganisationType = input.DetectingOrganisationType!;
        entity.Narrative = Blank(input.Narrative);

        var person = entity.Person;
        person.Identity = new PersonIdentity
        {
            GivenName = Blank(input.GivenName),
            FamilyName = Blank(input.FamilyName),
            Aliases = [.. input.Aliases.Select(Blank).OfType<string>()],
            DateOfBirth = input.DateOfBirth,
            DocumentType = Blank(input.DocumentType),
            DocumentNumber = Blank(input.DocumentNumber),
            Phone = Blank(input.Phone),
            Email = Blank(input.Email),
            Address = Blank(input.Address),
        };
        person.Sex = input.Sex!;
        person.YearOfBirth = input.YearOfBirth ?? input.DateOfBirth?.Year;
        person.Citizenships = [.. input.Citizenships];

        var exploitation = entity.Exploitation;
        exploitation.CountryOfExploitation = input.CountryOfExploitation;
        exploitation.AgeAtStart = input.AgeAtExploitationStart;
        exploitation.Forms = [.. input.ExploitationForms];
        exploitation.MeansOfControl = [.. input.MeansOfControl];
        exploitation.LabourTypes = [.. input.LabourTypes];
        exploitation.RecruitmentMethod = input.RecruitmentMethod;
        exploitation.RecruiterRelationship = input.RecruiterRelationship;

        entity.Sex = person.Sex;
        entity.FormsKey = CaseService.ListKey(exploitation.Forms);
        entity.CitizenshipsKey = CaseService.ListKey(person.Citizenships);
        entity.AgeAtIdentification = CaseRules.AgeAtIdentification(input);
        entity.AgeGroup = CaseRules.ClassifyAge(entity.AgeAtIdentification, input.MinorAtIdentification);
        entity.Transnationality = CaseRules.ClassifyTransnationality(person.Citizenships, exploitation.CountryOfExploitation);
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
