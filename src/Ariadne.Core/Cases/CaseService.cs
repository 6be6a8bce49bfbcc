using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Cases;

/// <summary>Creates, changes, reads and lists case records for a <see cref="CaseViewer"/>; the one path every surface uses.</summary>
public sealed class CaseService(AppDbContext db, TimeProvider time, CodeListRegistry codes, IAuditLog audit)
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
        var entity = NewCase(input, organisationId, time.GetUtcNow().UtcDateTime);
        if (string.IsNullOrEmpty(input.CaseCode))
        {
            entity.CaseCode = await FreeCaseCodeAsync(cancellationToken);
        }
        db.Cases.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(CaseAudit(AuditActions.CaseCreate, entity), cancellationToken);
        return CaseWriteResult.Success(entity);
    }

    /// <summary>
    /// Applies <paramref name="input"/> to the case if it is still at <paramref name="expectedVersion"/>;
    /// otherwise nothing is written and the result is a conflict.
    /// </summary>
    public async Task<CaseWriteResult> UpdateAsync(Guid id, int expectedVersion, CaseInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var entity = await db.Cases.Visible(viewer).Include(c => c.Person).Include(c => c.Organisation)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (entity is null)
        {
            return CaseWriteResult.NotFound();
        }
        if (!viewer.CanEditCases)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.CaseUpdate, AuditOutcomes.Denied, CaseSubject, id.ToString()), cancellationToken);
            return CaseWriteResult.Forbidden();
        }
        if (entity.Version != expectedVersion)
        {
            return CaseWriteResult.Conflict(entity);
        }
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return CaseWriteResult.Invalid(errors);
        }
        Apply(entity, input);
        entity.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
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
        await audit.AppendAsync(CaseAudit(AuditActions.CaseUpdate, entity), cancellationToken);
        return CaseWriteResult.Success(entity);
    }

    public Task<Case?> GetAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken) =>
        db.Cases.Visible(viewer).AsNoTracking()
            .Include(c => c.Person).Include(c => c.Organisation).Include(c => c.Perpetrators)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<PagedResult<CaseSummary>> ListAsync(CaseQuery query, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CaseQuery.MaxPageSize);
        var page = Math.Max(query.Page, 1);
        var filtered = Filter(db.Cases.AsNoTracking().Visible(viewer), query);
        var total = await filtered.CountAsync(cancellationToken);
        // Two steps: page through the narrow Cases rows for the ids, then join persons and organisations for those only.
        var ids = await Sort(filtered, query)
            .Skip((page - 1) * pageSize)
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

    /// <summary>Builds a new, untracked case from valid input (also used by imports and demo data).</summary>
    public static Case NewCase(CaseInput input, Guid organisationId, DateTime nowUtc)
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
        return entity;
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
        person.GivenName = Blank(input.GivenName);
        person.FamilyName = Blank(input.FamilyName);
        person.Sex = input.Sex!;
        person.DateOfBirth = input.DateOfBirth;
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
    private static AuditRecord CaseAudit(string action, Case entity) => new(
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

    private async Task<string> FreeCaseCodeAsync(CancellationToken cancellationToken)
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
