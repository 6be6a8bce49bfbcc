using System.Globalization;
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
/// (<see cref="GetAsync"/>, <see cref="CaseReveal.RevealAsync"/>); lists and lookups never decrypt. Sealing is
/// <see cref="CaseSealing"/>, erasure and legal holds are the Erasure module.
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
    public async Task<Result<Case>> CreateAsync(CaseInput input, Guid organisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.CanEditCases)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseCreate, AuditOutcomes.Denied, CaseSubject), cancellationToken);
            return Problem.Forbidden();
        }
        var errors = Validate(input).ToList();
        if (!string.IsNullOrEmpty(input.CaseCode) && await db.Cases.AnyAsync(c => c.CaseCode == input.CaseCode, cancellationToken))
        {
            errors.Add(new(nameof(CaseInput.CaseCode), "Taken", $"The case code '{input.CaseCode}' is already in use.", input.CaseCode));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
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
        return entity;
    }

    /// <summary>
    /// Applies <paramref name="input"/> to the case if it is still at <paramref name="expectedVersion"/>;
    /// otherwise nothing is written and the result is a conflict. Only a case worker of the owning organisation may
    /// change a case. Input without any identifying value keeps the stored identity; input with identifying values
    /// needs an active reveal (<see cref="CaseReveal.RevealAsync"/>) and replaces it.
    /// </summary>
    public async Task<Result<Case>> UpdateAsync(Guid id, int expectedVersion, CaseInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).Include(c => c.Person).ThenInclude(p => p.Key).Include(c => c.Organisation)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (entity is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, entity.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseUpdate, AuditOutcomes.Denied, CaseSubject, id.ToString()), cancellationToken);
            return Problem.Forbidden();
        }
        if (entity.Version != expectedVersion)
        {
            return Result<Case>.Conflict(entity);
        }
        // You may change only what you can see. An update without any identifying value keeps the stored identity
        // (removing it is erasure, with its own reason and audit); one with identifying values needs a reveal and replaces
        // the identity as a whole.
        var revealed = await db.IsRevealedAsync(entity.Id, entity.OrganisationId, viewer, time.GetUtcNow().UtcDateTime, cancellationToken);
        var keepIdentity = !CaseRules.HasIdentifyingValues(input);
        if (!keepIdentity && !revealed)
        {
            return Problem.Invalid([new(nameof(CaseInput.GivenName), "RevealFirst",
                "The identifying fields are hidden: reveal them (with a reason) before changing them, or leave them all empty to keep them.")]);
        }
        if (keepIdentity)
        {
            CaseSealing.OpenIdentity(entity, vault);
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
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        CaseSealing.Apply(entity, input);
        CaseSealing.SealIdentity(entity, vault, now);
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
            return Result<Case>.Conflict(current);
        }
        if (!revealed)
        {
            CaseSealing.Hide(entity);
        }
        else
        {
            entity.IdentityRevealed = true;
        }
        await audit.AppendAsync(CaseAudit(AuditActions.CaseUpdate, entity), cancellationToken);
        return entity;
    }

    /// <summary>
    /// Reads one case; null when it does not exist or is not visible. Its identifying fields are opened only while the
    /// viewer holds a reveal for it (<see cref="CaseReveal.RevealAsync"/>) or is the local operator; otherwise they stay hidden
    /// (<see cref="Case.IdentityRevealed"/> is false).
    /// </summary>
    /// <exception cref="KeyUnavailableException">Revealed, and the person's master key is not configured.</exception>
    public async Task<Case?> GetAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.FindVisibleAsync(id, viewer, cancellationToken);
        if (found is not null && await db.IsRevealedAsync(found.Id, found.OrganisationId, viewer, time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            CaseSealing.OpenIdentity(found, vault);
        }
        return found;
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

    /// <summary>The id of the visible case with <paramref name="caseCode"/>, or null.</summary>
    public async Task<Guid?> FindIdByCodeAsync(string caseCode, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.CaseCode == caseCode.Trim().ToUpperInvariant())
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The codes of those of <paramref name="ids"/> the viewer may see, by id (for lists that name cases by id: deadlines, audit entries).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> CodesAsync(IReadOnlyCollection<Guid> ids, CaseViewer viewer, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Cases.AsNoTracking().Visible(viewer).Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.CaseCode }).ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);

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
        return new PagedResult<CaseSummary>(await SummariesAsync(ids, cancellationToken), page, pageSize, total);
    }

    /// <summary>
    /// The case-list rows of the visible cases whose person has this family name, given name and date of birth
    /// (<see cref="FindByNameAndDateOfBirthAsync"/>: blind index, audited, nothing decrypted), by case code.
    /// </summary>
    public async Task<IReadOnlyList<CaseSummary>> SearchPersonAsync(
        string familyName, string? givenName, DateOnly dateOfBirth, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await FindByNameAndDateOfBirthAsync(familyName, givenName, dateOfBirth, viewer, cancellationToken);
        return await SummariesAsync([.. found.Select(f => f.Id)], cancellationToken);
    }

    /// <summary>
    /// The cases the viewer may reveal whose person matches the new input through a blind index (family name, given name and
    /// date of birth; or document type and number): a possible duplicate to check before a second file is opened for the same
    /// person. Audited as a lookup (<c>by = duplicate-check</c>, the number of matches, never the values); nothing decrypted.
    /// Empty, and not audited, when the input gives neither a family name with a date of birth nor a document number.
    /// </summary>
    public async Task<IReadOnlyList<CaseReference>> FindPossibleDuplicatesAsync(CaseInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var nameIndex = vault.NameDobIndex(CaseSealing.Blank(input.FamilyName), CaseSealing.Blank(input.GivenName), input.DateOfBirth);
        var documentIndex = vault.DocumentIndex(CaseSealing.Blank(input.DocumentType), CaseSealing.Blank(input.DocumentNumber));
        if (nameIndex is null && documentIndex is null)
        {
            return [];
        }
        var found = await FindAsync(
            c => (nameIndex != null && c.Person.NameDobIndex == nameIndex) || (documentIndex != null && c.Person.DocumentIndex == documentIndex),
            viewer, cancellationToken);
        await AuditLookupAsync("duplicate-check", found.Count, cancellationToken);
        return found;
    }

    /// <summary>The case-list rows of <paramref name="ids"/>, in that order (ids not found are skipped).</summary>
    private async Task<IReadOnlyList<CaseSummary>> SummariesAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new CaseSummary(
                c.Id, c.CaseCode, c.Status, c.TraffickingStatus, c.Sex, c.AgeGroup, c.AgeAtIdentification,
                c.Person.Citizenships, c.Exploitation.CountryOfExploitation, c.Exploitation.Forms,
                c.IdentificationDate, c.Organisation!.Name,
                db.Users.Where(u => u.Id == c.AssignedUserId).Select(u => u.DisplayName ?? u.UserName).FirstOrDefault()))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id])];
    }

    /// <inheritdoc cref="CaseSealing.NewCase"/>
    public static Case NewCase(CaseInput input, Guid organisationId, DateTime nowUtc, IdentityVault vault) =>
        CaseSealing.NewCase(input, organisationId, nowUtc, vault);

    /// <inheritdoc cref="CaseSealing.OpenIdentity"/>
    public static void OpenIdentity(Case c, IdentityVault vault) => CaseSealing.OpenIdentity(c, vault);

    internal const string CaseSubject = "case";

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
            // Anywhere in the code, hyphens ignored on both sides: "7k3m9", "C-7K3M" and "M-9QX" all find C-7K3M-9QX2.
            // A scan either way (a substring cannot use the index); the Cases rows are narrow.
            var search = CaseCodes.SearchKey(q.Search);
            // ToUpper runs in the database (UPPER), not in .NET: the culture rule does not apply to this expression tree.
#pragma warning disable CA1304, CA1311
            cases = cases.Where(c => c.CaseCode.Replace("-", "").ToUpper().Contains(search));
#pragma warning restore CA1304, CA1311
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
