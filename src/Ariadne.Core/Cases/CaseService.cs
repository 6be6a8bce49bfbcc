using System.Globalization;
using System.Security.Cryptography;
using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>
/// Creates, changes, reads and lists case records for a <see cref="CaseViewer"/>; the one path every surface uses.
/// Identifying fields are sealed before every save and opened only where a single case is read on purpose
/// (<see cref="GetAsync"/>, <see cref="OpenIdentity(Case)"/>); lists and lookups never decrypt.
/// </summary>
/// <remarks>
/// Reads and writes of a person whose master key is not configured throw <see cref="KeyUnavailableException"/>
/// before anything is written.
/// </remarks>
public sealed class CaseService(AppDbContext db, TimeProvider time, CodeListRegistry codes, IdentityVault vault, IAuditLog audit)
{
    private const int CaseCodeAttempts = 5;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public IReadOnlyList<FieldError> Validate(CaseInput input) => CaseRules.Validate(input, codes, Today);

    /// <summary>Validates and stores a new case owned by <paramref name="organisationId"/>.</summary>
    public async Task<CaseWriteResult> CreateAsync(CaseInput input, Guid organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.CanEditCases)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseCreate, AuditOutcomes.Denied, CaseSubject), cancellationToken);
            return CaseWriteResult.Forbidden();
        }
        var errors = Validate(input).ToList();
        if (!string.IsNullOrEmpty(input.CaseCode) && await db.Cases.AnyAsync(c => c.CaseCode == input.CaseCode, cancellationToken))
        {
            errors.Add(new(nameof(CaseInput.CaseCode), "Taken", $"The case code '{input.CaseCode}' is already in use.", input.CaseCode));
        }
        if (errors.Count > 0)
        {
            return CaseWriteResult.Invalid(errors);
        }
        var entity = NewCase(input, organisationId, time.GetUtcNow().UtcDateTime, vault);
        if (string.IsNullOrEmpty(input.CaseCode))
        {
            entity.CaseCode = await FreeCaseCodeAsync(cancellationToken);
        }
        db.Cases.Add(entity);
        if (viewer.UserId is { } userId)
        {
            // The author entered the identity: it stays open to them for the usual reveal time, as if revealed (the
            // creation is audited, the reveal needs no second entry).
            db.RevealGrants.Add(RevealGrant.For(userId, entity.Id, time.GetUtcNow().UtcDateTime));
        }
        await db.SaveChangesAsync(cancellationToken);
        entity.IdentityRevealed = true;
        await audit.AppendAsync(CaseAudit(AuditActions.CaseCreate, entity), cancellationToken);
        return CaseWriteResult.Success(entity);
    }

    /// <summary>
    /// Applies <paramref name="input"/> to the case if it is still at <paramref name="expectedVersion"/>;
    /// otherwise nothing is written and the result is a conflict. Only a case worker of the owning organisation may
    /// change a case. Input without any identifying value keeps the stored identity; input with identifying values
    /// needs an active reveal (<see cref="RevealAsync"/>) and replaces it.
    /// </summary>
    public async Task<CaseWriteResult> UpdateAsync(Guid id, int expectedVersion, CaseInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).Include(c => c.Person).ThenInclude(p => p.Key).Include(c => c.Organisation)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (entity is null)
        {
            return CaseWriteResult.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, entity.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseUpdate, AuditOutcomes.Denied, CaseSubject, id.ToString()), cancellationToken);
            return CaseWriteResult.Forbidden();
        }
        if (entity.Version != expectedVersion)
        {
            return CaseWriteResult.Conflict(entity);
        }
        // You may change only what you can see. An update without any identifying value keeps the stored identity
        // (removing it is erasure, with its own reason and audit); one with identifying values needs a reveal and replaces
        // the identity as a whole.
        var revealed = await IsRevealedAsync(entity, viewer, cancellationToken);
        var keepIdentity = !CaseRules.HasIdentifyingValues(input);
        if (!keepIdentity && !revealed)
        {
            return CaseWriteResult.Invalid([new(nameof(CaseInput.GivenName), "RevealFirst",
                "The identifying fields are hidden: reveal them (with a reason) before changing them, or leave them all empty to keep them.")]);
        }
        if (keepIdentity)
        {
            OpenIdentity(entity);
            input = CaseRules.WithIdentityOf(input, entity.Person.Identity, entity.Narrative);
        }
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            if (keepIdentity && !revealed)
            {
                // The input was checked against the sealed identity the caller cannot see: the messages name the failed
                // rules only (CaseRules), and each such refusal is audited, so probing the hidden fields leaves a trail.
                await audit.AppendAsync(new AuditRecord(AuditActions.CaseUpdate, AuditOutcomes.Failed, CaseSubject, id.ToString(), null,
                    new Dictionary<string, string>
                    {
                        ["caseCode"] = entity.CaseCode,
                        ["rules"] = string.Join(",", errors.Select(e => e.Field + ":" + e.Code).Distinct(StringComparer.Ordinal)),
                    }), cancellationToken);
            }
            return CaseWriteResult.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        Apply(entity, input);
        SealIdentity(entity, vault, now);
        entity.UpdatedAtUtc = now;
        entity.Version = expectedVersion + 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another writer got in between our read and our write: the version check in the UPDATE caught it.
            db.ChangeTracker.Clear();
            var current = await db.Cases.Include(c => c.Person).FirstAsync(c => c.Id == id, cancellationToken);
            return CaseWriteResult.Conflict(current);
        }
        if (!revealed)
        {
            Hide(entity);
        }
        else
        {
            entity.IdentityRevealed = true;
        }
        await audit.AppendAsync(CaseAudit(AuditActions.CaseUpdate, entity), cancellationToken);
        return CaseWriteResult.Success(entity);
    }

    /// <summary>
    /// Reads one case; null when it does not exist or is not visible. Its identifying fields are opened only while the
    /// viewer holds a reveal for it (<see cref="RevealAsync"/>) or is the local operator; otherwise they stay hidden
    /// (<see cref="Case.IdentityRevealed"/> is false).
    /// </summary>
    /// <exception cref="KeyUnavailableException">Revealed, and the person's master key is not configured.</exception>
    public async Task<Case?> GetAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await FindVisibleAsync(id, viewer, cancellationToken);
        if (found is not null && await IsRevealedAsync(found, viewer, cancellationToken))
        {
            OpenIdentity(found);
        }
        return found;
    }

    /// <summary>
    /// Shows the identifying fields of one case on purpose: the viewer must be allowed to (<see cref="CaseAccess.MayReveal"/>)
    /// and give a reason, which goes to the audit log. The reveal lasts <see cref="RevealGrant.Duration"/> for this user
    /// and case, on every node. Refusals are audited too.
    /// </summary>
    /// <exception cref="KeyUnavailableException">The person's master key is not configured.</exception>
    public async Task<RevealResult> RevealAsync(Guid id, CaseViewer viewer, string? reason, CancellationToken cancellationToken)
    {
        var found = await FindVisibleAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            return new(RevealOutcome.NotFound, null);
        }
        if (!CaseAccess.MayReveal(viewer, found.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseReveal, AuditOutcomes.Denied, CaseSubject, id.ToString(), Blank(reason),
                new Dictionary<string, string> { ["caseCode"] = found.CaseCode }), cancellationToken);
            return new(RevealOutcome.Forbidden, null);
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > CaseRules.MaxRevealReasonLength)
        {
            return new(RevealOutcome.ReasonRequired, null);
        }
        OpenIdentity(found);
        var now = time.GetUtcNow().UtcDateTime;
        if (viewer.UserId is { } userId)
        {
            db.RevealGrants.Add(RevealGrant.For(userId, id, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.CaseReveal, AuditOutcomes.Success, CaseSubject, id.ToString(), reason.Trim(),
            new Dictionary<string, string>
            {
                ["caseCode"] = found.CaseCode,
                ["until"] = (now + RevealGrant.Duration).ToString("O", CultureInfo.InvariantCulture),
            }), cancellationToken);
        return new(RevealOutcome.Revealed, found);
    }

    /// <summary>One visible case with its person, key, organisation and perpetrators, untracked; identity not opened.</summary>
    private Task<Case?> FindVisibleAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken) =>
        db.Cases.Visible(viewer).AsNoTracking()
            .Include(c => c.Person).ThenInclude(p => p.Key).Include(c => c.Organisation).Include(c => c.Perpetrators)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Whether the identifying fields of <paramref name="c"/> are open to <paramref name="viewer"/> right now.</summary>
    private async Task<bool> IsRevealedAsync(Case c, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!CaseAccess.MayReveal(viewer, c.OrganisationId))
        {
            return false;
        }
        if (viewer.UserId is not { } userId)
        {
            return true;
        }
        var now = time.GetUtcNow().UtcDateTime;
        return await db.RevealGrants.AnyAsync(g => g.UserId == userId && g.CaseId == c.Id && g.ExpiresAtUtc > now, cancellationToken);
    }

    private static void Hide(Case c)
    {
        c.Person.Identity = null;
        c.Narrative = null;
        c.IdentityRevealed = false;
    }

    /// <summary>
    /// Fills <see cref="Person.Identity"/> and <see cref="Case.Narrative"/> of a case loaded with its person's key
    /// (<c>Include(c =&gt; c.Person).ThenInclude(p =&gt; p.Key)</c>), e.g. by an export. After erasure both stay null.
    /// </summary>
    /// <exception cref="KeyUnavailableException">The person's master key is not configured.</exception>
    /// <exception cref="ProtectedDataException">A ciphertext was altered or belongs to another record.</exception>
    public void OpenIdentity(Case c) => OpenIdentity(c, vault);

    /// <inheritdoc cref="OpenIdentity(Case)"/>
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
        var dataKey = vault.KeyFor(person.Key);
        try
        {
            person.Identity = person.IdentityCiphertext is null ? new PersonIdentity() : vault.Open(person.Id, person.IdentityCiphertext, dataKey);
            c.Narrative = c.NarrativeCiphertext is null ? null : vault.OpenNarrative(c.Id, c.NarrativeCiphertext, dataKey);
            c.IdentityRevealed = true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The visible cases whose person has exactly this family name, given name and date of birth, compared through
    /// the blind index (insensitive to case, diacritics, punctuation and spacing); nothing is decrypted.
    /// </summary>
    public async Task<IReadOnlyList<CaseReference>> FindByNameAndDateOfBirthAsync(
        string familyName, string? givenName, DateOnly dateOfBirth, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var index = vault.NameDobIndex(familyName, givenName, dateOfBirth);
        var found = index is null ? [] : await FindAsync(c => c.Person.NameDobIndex == index, viewer, cancellationToken);
        await AuditLookupAsync("name-and-date-of-birth", found.Count, cancellationToken);
        return found;
    }

    /// <summary>The visible cases whose person holds this identity document, compared through the blind index.</summary>
    public async Task<IReadOnlyList<CaseReference>> FindByDocumentAsync(
        string? documentType, string documentNumber, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var index = vault.DocumentIndex(documentType, documentNumber);
        var found = index is null ? [] : await FindAsync(c => c.Person.DocumentIndex == index, viewer, cancellationToken);
        await AuditLookupAsync("document", found.Count, cancellationToken);
        return found;
    }

    /// <summary>
    /// Audits a lookup: who (the audit context), by what kind of key and how many cases matched; never the values looked
    /// up, which identify the person whether or not they are known.
    /// </summary>
    private Task AuditLookupAsync(string by, int matches, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(AuditActions.PersonLookup, AuditOutcomes.Success, "person", null, null, new Dictionary<string, string>
        {
            ["by"] = by,
            ["matches"] = matches.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);

    private async Task<IReadOnlyList<CaseReference>> FindAsync(
        System.Linq.Expressions.Expression<Func<Case, bool>> predicate, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Revealable(viewer).Where(predicate)
            .OrderBy(c => c.CaseCode)
            .Select(c => new CaseReference(c.Id, c.CaseCode))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Destroys the identifying data of the case's person on request (crypto-shredding): the data key, the sealed
    /// identity, the sealed narrative and the blind indexes are deleted; every non-identifying field stays, so the
    /// statistics do not change. Refused while <see cref="Case.LegalHold"/> is set.
    /// </summary>
    /// <remarks>
    /// On SQLite the deleted rows are overwritten (secure_delete) and the write-ahead log is checkpointed. Copies made
    /// before the erasure (backups, PostgreSQL pages not yet vacuumed) keep the wrapped key until they are gone.
    /// </remarks>
    public async Task<ErasureOutcome> EraseIdentityAsync(Guid caseId, CaseViewer viewer, string reason, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).Include(c => c.Person).ThenInclude(p => p.Key)
            .FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return ErasureOutcome.NotFound;
        }
        if (!CaseAccess.MayReveal(viewer, entity.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseErase, AuditOutcomes.Denied, CaseSubject, caseId.ToString()), cancellationToken);
            return ErasureOutcome.Forbidden;
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > CaseRules.MaxErasureReasonLength)
        {
            return ErasureOutcome.ReasonRequired;
        }
        if (entity.LegalHold)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseErase, AuditOutcomes.Denied, CaseSubject, caseId.ToString(), reason.Trim(),
                new Dictionary<string, string> { ["caseCode"] = entity.CaseCode, ["refusal"] = "legal-hold" }), cancellationToken);
            return ErasureOutcome.LegalHold;
        }
        if (!await ShredAsync(db, entity, reason.Trim(), time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return ErasureOutcome.Conflict;
        }
        await audit.AppendAsync(CaseAudit(AuditActions.CaseErase, entity) with { Reason = reason.Trim() }, cancellationToken);
        return ErasureOutcome.Erased;
    }

    /// <summary>
    /// Destroys the identifying data of <paramref name="entity"/>'s person (loaded tracked, with its person and key) and
    /// saves: the data key, the sealed identity and narrative, the sealed free text of every record about the person
    /// (screening notes, consent notes, decision reasons, referral notes and reasons, cooperation notes, non-punishment
    /// offence, basis and reference, best-interest reasons) and the blind indexes are deleted, the erasure time and
    /// reason recorded, the version incremented. Shared by erasure on request and the retention policy; writes no audit.
    /// </summary>
    /// <returns>False when another writer changed the case in between (nothing was written).</returns>
    internal static async Task<bool> ShredAsync(AppDbContext db, Case entity, string reason, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var person = entity.Person;
        if (person.Key is not null)
        {
            db.PersonKeys.Remove(person.Key);
            person.Key = null;
        }
        person.IdentityCiphertext = null;
        person.NameDobIndex = null;
        person.DocumentIndex = null;
        person.Identity = null;
        person.IdentityErasedAtUtc ??= nowUtc;
        person.IdentityErasureReason = reason;
        entity.NarrativeCiphertext = null;
        entity.Narrative = null;
        entity.UpdatedAtUtc = nowUtc;
        entity.Version++;
        // Screening notes are sealed under the same key; drop their ciphertext too, for every case of the person.
        var casesOfPerson = db.Cases.Where(c => c.Person.Id == person.Id).Select(c => c.Id);
        foreach (var screening in await db.Set<Screening.ScreeningRecord>().Where(s => casesOfPerson.Contains(s.CaseId) && s.NotesCiphertext != null).ToListAsync(cancellationToken))
        {
            screening.NotesCiphertext = null;
        }
        // So is every free text of the person's records (CaseTextVault): without the key it is unreadable anyway; the
        // ciphertexts go too, so that nothing of it is left to a future key compromise.
        foreach (var consent in await db.Set<Consent.ConsentRecord>()
            .Where(r => casesOfPerson.Contains(r.CaseId) && (r.NoteCiphertext != null || r.WithdrawalNoteCiphertext != null)).ToListAsync(cancellationToken))
        {
            consent.NoteCiphertext = null;
            consent.WithdrawalNoteCiphertext = null;
        }
        foreach (var step in await db.Set<Referral.National.NrmEvent>().Where(r => casesOfPerson.Contains(r.CaseId) && r.ReasonsCiphertext != null).ToListAsync(cancellationToken))
        {
            step.ReasonsCiphertext = null;
        }
        foreach (var referral in await db.Set<Referral.National.ServiceReferral>()
            .Where(r => casesOfPerson.Contains(r.CaseId) && (r.SharedNoteCiphertext != null || r.ReasonCiphertext != null || r.OverrideReasonCiphertext != null))
            .ToListAsync(cancellationToken))
        {
            referral.SharedNoteCiphertext = null;
            referral.ReasonCiphertext = null;
            referral.OverrideReasonCiphertext = null;
        }
        foreach (var cooperation in await db.Set<Referral.National.CooperationRecord>().Where(r => casesOfPerson.Contains(r.CaseId) && r.NoteCiphertext != null).ToListAsync(cancellationToken))
        {
            cooperation.NoteCiphertext = null;
        }
        foreach (var flag in await db.Set<Referral.National.NonPunishmentFlag>()
            .Where(r => casesOfPerson.Contains(r.CaseId) && (r.OffenceCiphertext != null || r.BasisCiphertext != null || r.ProceedingsReferenceCiphertext != null))
            .ToListAsync(cancellationToken))
        {
            flag.OffenceCiphertext = null;
            flag.BasisCiphertext = null;
            flag.ProceedingsReferenceCiphertext = null;
        }
        foreach (var decision in await db.Set<Consent.BestInterestDecision>().Where(r => casesOfPerson.Contains(r.CaseId) && r.ReasonsCiphertext != null).ToListAsync(cancellationToken))
        {
            decision.ReasonsCiphertext = null;
        }

        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What an erasure page shows before erasing: nothing identifying. Null unless the viewer may reveal (and so erase) the identity.</summary>
    public Task<ErasureState?> GetErasureStateAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking().Revealable(viewer).Where(c => c.Id == caseId)
            .Select(c => new ErasureState(c.CaseCode, c.LegalHold, c.Person.IdentityErasedAtUtc))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sets or releases the legal hold that blocks erasure.</summary>
    public async Task<CaseWriteOutcome> SetLegalHoldAsync(Guid caseId, bool hold, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (entity is null)
        {
            return CaseWriteOutcome.NotFound;
        }
        if (!CaseAccess.MayEdit(viewer, entity.OrganisationId))
        {
            return CaseWriteOutcome.Forbidden;
        }
        if (entity.LegalHold != hold)
        {
            entity.LegalHold = hold;
            entity.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            entity.Version++;
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(CaseAudit(hold ? AuditActions.LegalHoldSet : AuditActions.LegalHoldRelease, entity), cancellationToken);
        }
        return CaseWriteOutcome.Success;
    }

    /// <summary>The id of the visible case with <paramref name="caseCode"/>, or null.</summary>
    public async Task<Guid?> FindIdByCodeAsync(string caseCode, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.CaseCode == caseCode.Trim().ToUpperInvariant())
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<PagedResult<CaseSummary>> ListAsync(CaseQuery query, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CaseQuery.MaxPageSize);
        var page = Math.Max(query.Page, 1);
        var filtered = Filter(db.Cases.AsNoTracking().Visible(viewer), query);
        var total = await filtered.CountAsync(cancellationToken);
        // Two steps: page through the narrow Cases rows for the ids, then join persons and organisations for those only.
        var ids = await Sort(filtered, query)
            .Skip(Paging.Offset(page, pageSize))
            .Take(pageSize)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var rows = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new CaseSummary(
                c.Id, c.CaseCode, c.Status, c.TraffickingStatus, c.Sex, c.AgeGroup, c.AgeAtIdentification,
                c.Person.Citizenships, c.Exploitation.CountryOfExploitation, c.Exploitation.Forms,
                c.IdentificationDate, c.Organisation!.Name))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        return new PagedResult<CaseSummary>([.. ids.Select(id => rows[id])], page, pageSize, total);
    }

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
        byte[] dataKey;
        if (person.Key is { } row)
        {
            dataKey = vault.KeyFor(row);
        }
        else if (person.IdentityErasedAtUtc is null || identity is not null || entity.Narrative is not null)
        {
            (person.Key, dataKey) = vault.NewKeyFor(person.Id, nowUtc);
        }
        else
        {
            return;
        }
        try
        {
            person.IdentityCiphertext = identity is null ? null : vault.Seal(person.Id, identity, dataKey);
            person.NameDobIndex = vault.NameDobIndex(identity?.FamilyName, identity?.GivenName, identity?.DateOfBirth);
            person.DocumentIndex = vault.DocumentIndex(identity?.DocumentType, identity?.DocumentNumber);
            entity.NarrativeCiphertext = entity.Narrative is null ? null : vault.SealNarrative(entity.Id, entity.Narrative, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static void Apply(Case entity, CaseInput input)
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
        entity.FormsKey = ListKey(exploitation.Forms);
        entity.CitizenshipsKey = ListKey(person.Citizenships);
        entity.AgeAtIdentification = CaseRules.AgeAtIdentification(input);
        entity.AgeGroup = CaseRules.ClassifyAge(entity.AgeAtIdentification, input.MinorAtIdentification);
        entity.Transnationality = CaseRules.ClassifyTransnationality(person.Citizenships, exploitation.CountryOfExploitation);
    }

    private const string CaseSubject = "case";

    /// <summary>The audit record of a stored case: its id, code and version, never a field about the person.</summary>
    internal static AuditRecord CaseAudit(string action, Case entity) => new(
        action,
        AuditOutcomes.Success,
        CaseSubject,
        entity.Id.ToString(),
        Details: new Dictionary<string, string>
        {
            ["caseCode"] = entity.CaseCode,
            ["version"] = entity.Version.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>Codes as <c>|a|b|</c>: every code, including the first and last, is enclosed in bars for substring search.</summary>
    internal static string ListKey(IEnumerable<string> codes) => "|" + string.Concat(codes.Select(c => c + "|"));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal async Task<string> FreeCaseCodeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < CaseCodeAttempts; attempt++)
        {
            var code = CaseCodes.New();
            if (!await db.Cases.AnyAsync(c => c.CaseCode == code, cancellationToken))
            {
                return code;
            }
        }
        throw new InvalidOperationException("No free case code found; the code space is unexpectedly crowded.");
    }

    private static IQueryable<Case> Filter(IQueryable<Case> cases, CaseQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var search = q.Search.Trim().ToUpperInvariant();
            cases = cases.Where(c => c.CaseCode.StartsWith(search));
        }
        if (q.Status is not null)
        {
            cases = cases.Where(c => c.Status == q.Status);
        }
        if (q.TraffickingStatus is not null)
        {
            cases = cases.Where(c => c.TraffickingStatus == q.TraffickingStatus);
        }
        if (q.Sex is not null)
        {
            cases = cases.Where(c => c.Sex == q.Sex);
        }
        if (q.AgeGroup is { } ageGroup)
        {
            cases = cases.Where(c => c.AgeGroup == ageGroup);
        }
        if (q.Form is not null)
        {
            var key = "|" + q.Form + "|";
            cases = cases.Where(c => c.FormsKey.Contains(key));
        }
        if (q.Citizenship is not null)
        {
            var key = "|" + q.Citizenship + "|";
            cases = cases.Where(c => c.CitizenshipsKey.Contains(key));
        }
        if (q.CountryOfExploitation is not null)
        {
            cases = cases.Where(c => c.Exploitation.CountryOfExploitation == q.CountryOfExploitation);
        }
        if (q.IdentifiedFrom is { } from)
        {
            cases = cases.Where(c => c.IdentificationDate >= from);
        }
        if (q.IdentifiedTo is { } to)
        {
            cases = cases.Where(c => c.IdentificationDate <= to);
        }
        return cases;
    }

    private static IQueryable<Case> Sort(IQueryable<Case> cases, CaseQuery q) => (q.Sort, q.Descending) switch
    {
        (CaseSort.IdentificationDate, true) => cases.OrderByDescending(c => c.IdentificationDate).ThenByDescending(c => c.Id),
        (CaseSort.IdentificationDate, false) => cases.OrderBy(c => c.IdentificationDate).ThenBy(c => c.Id),
        (CaseSort.CaseCode, true) => cases.OrderByDescending(c => c.CaseCode),
        (CaseSort.CaseCode, false) => cases.OrderBy(c => c.CaseCode),
        (CaseSort.Status, true) => cases.OrderByDescending(c => c.Status).ThenByDescending(c => c.Id),
        (CaseSort.Status, false) => cases.OrderBy(c => c.Status).ThenBy(c => c.Id),
        (CaseSort.UpdatedAt, true) => cases.OrderByDescending(c => c.UpdatedAtUtc).ThenByDescending(c => c.Id),
        (CaseSort.UpdatedAt, false) => cases.OrderBy(c => c.UpdatedAtUtc).ThenBy(c => c.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(q), q.Sort, "Unknown sort."),
    };
}

/// <summary>A case found by a lookup: its id and pseudonymous code, nothing identifying.</summary>
public sealed record CaseReference(Guid Id, string CaseCode);

/// <summary>Whether a case's identifying data may be, or has been, erased.</summary>
public sealed record ErasureState(string CaseCode, bool LegalHold, DateTime? IdentityErasedAtUtc);

/// <summary>What <see cref="CaseService.RevealAsync"/> did; <see cref="Case"/> has its identity opened when revealed.</summary>
public sealed record RevealResult(RevealOutcome Outcome, Case? Case);

public enum RevealOutcome
{
    Revealed,
    NotFound,
    Forbidden,
    ReasonRequired,
}

/// <summary>What <see cref="CaseService.EraseIdentityAsync"/> did.</summary>
public enum ErasureOutcome
{
    Erased,
    NotFound,
    Forbidden,
    ReasonRequired,
    LegalHold,
    Conflict,
}

public enum CaseWriteOutcome
{
    Success,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>The outcome of a create or update: the stored case, the validation errors, or why nothing was written.</summary>
public sealed record CaseWriteResult(CaseWriteOutcome Outcome, Case? Case, IReadOnlyList<FieldError> Errors)
{
    public static CaseWriteResult Success(Case c) => new(CaseWriteOutcome.Success, c, []);
    public static CaseWriteResult Invalid(IReadOnlyList<FieldError> errors) => new(CaseWriteOutcome.Invalid, null, errors);
    public static CaseWriteResult NotFound() => new(CaseWriteOutcome.NotFound, null, []);
    public static CaseWriteResult Forbidden() => new(CaseWriteOutcome.Forbidden, null, []);
    public static CaseWriteResult Conflict(Case current) => new(CaseWriteOutcome.Conflict, current, []);
}
