using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Consent;

/// <summary>What a user supplies to record a consent.</summary>
public sealed record ConsentInput(ConsentPurpose Purpose, Guid? RecipientOrganisationId, DateOnly? GivenOn, ConsentMethod Method, string? Note);

/// <summary>Records and withdraws consents on the cases a <see cref="CaseViewer"/> may edit, and answers consent checks.</summary>
public sealed class ConsentService(AppDbContext db, TimeProvider time)
{
    public const int MaxNoteLength = 1000;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The case's consents, newest first; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<ConsentRecord>?> ListAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var records = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        return [.. records.OrderByDescending(r => r.GivenOn).ThenByDescending(r => r.RecordedAtUtc)];
    }

    public async Task<ConsentWriteResult> RecordAsync(Guid caseId, ConsentInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return ConsentWriteResult.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return ConsentWriteResult.Forbidden();
        }
        var errors = new List<FieldError>();
        if (input.GivenOn is not { } given)
        {
            errors.Add(new(nameof(ConsentInput.GivenOn), "Required", "The date the consent was given is required."));
        }
        else if (given > Today)
        {
            errors.Add(new(nameof(ConsentInput.GivenOn), "FutureDate", "The date the consent was given is in the future."));
        }
        if (input.Purpose == ConsentPurpose.Referral && input.RecipientOrganisationId is null)
        {
            errors.Add(new(nameof(ConsentInput.RecipientOrganisationId), "Required", "A referral consent names the organisation the person agreed to be referred to."));
        }
        if (input.Purpose != ConsentPurpose.Referral && input.RecipientOrganisationId is not null)
        {
            errors.Add(new(nameof(ConsentInput.RecipientOrganisationId), "Contradiction", "Only a referral consent names a recipient organisation."));
        }
        if (input.RecipientOrganisationId is { } recipient && !await db.Organisations.AnyAsync(o => o.Id == recipient, cancellationToken))
        {
            errors.Add(new(nameof(ConsentInput.RecipientOrganisationId), "UnknownCode", "No such organisation."));
        }
        if (input.Note is { Length: > MaxNoteLength })
        {
            errors.Add(new(nameof(ConsentInput.Note), "TooLong", $"The note has {input.Note.Length} characters; at most {MaxNoteLength} are allowed.", input.Note.Length, MaxNoteLength));
        }
        if (!Enum.IsDefined(input.Purpose))
        {
            errors.Add(new(nameof(ConsentInput.Purpose), "UnknownCode", "Unknown purpose."));
        }
        if (!Enum.IsDefined(input.Method))
        {
            errors.Add(new(nameof(ConsentInput.Method), "UnknownCode", "Unknown method."));
        }
        if (errors.Count > 0)
        {
            return ConsentWriteResult.Invalid(errors);
        }
        var record = new ConsentRecord
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            Purpose = input.Purpose,
            RecipientOrganisationId = input.RecipientOrganisationId,
            GivenOn = input.GivenOn!.Value,
            Method = input.Method,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            RecordedByUserId = viewer.UserId,
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return ConsentWriteResult.Success(record);
    }

    /// <summary>Withdraws a consent from <paramref name="withdrawnOn"/> (default today); a withdrawn consent stays on record.</summary>
    public async Task<ConsentWriteResult> WithdrawAsync(Guid caseId, Guid consentId, DateOnly? withdrawnOn, string? note, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return ConsentWriteResult.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return ConsentWriteResult.Forbidden();
        }
        var record = await db.Set<ConsentRecord>().FirstOrDefaultAsync(c => c.Id == consentId && c.CaseId == caseId, cancellationToken);
        if (record is null)
        {
            return ConsentWriteResult.NotFound();
        }
        var day = withdrawnOn ?? Today;
        var errors = new List<FieldError>();
        if (record.WithdrawnOn is not null)
        {
            errors.Add(new("WithdrawnOn", "Contradiction", "This consent has already been withdrawn."));
        }
        if (day > Today)
        {
            errors.Add(new("WithdrawnOn", "FutureDate", "The withdrawal date is in the future."));
        }
        if (day < record.GivenOn)
        {
            errors.Add(new("WithdrawnOn", "Contradiction", "The withdrawal date is before the consent was given."));
        }
        if (note is { Length: > MaxNoteLength })
        {
            errors.Add(new("WithdrawalNote", "TooLong", $"The note has {note.Length} characters; at most {MaxNoteLength} are allowed.", note.Length, MaxNoteLength));
        }
        if (errors.Count > 0)
        {
            return ConsentWriteResult.Invalid(errors);
        }
        record.WithdrawnOn = day;
        record.WithdrawalNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return ConsentWriteResult.Success(record);
    }

    /// <summary>Whether <paramref name="purpose"/> may go ahead for the case today (see <see cref="ConsentRules.Decide"/>).</summary>
    public async Task<ConsentDecision> CheckAsync(Guid caseId, ConsentPurpose purpose, Guid? recipientOrganisationId, bool bestInterestDecisionRecorded,
        string? overrideReason, CancellationToken cancellationToken)
    {
        var ageGroup = await db.Cases.Where(c => c.Id == caseId).Select(c => c.AgeGroup).SingleAsync(cancellationToken);
        var records = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        return ConsentRules.Decide(records, purpose, recipientOrganisationId, Today, ageGroup == AgeGroup.Minor, bestInterestDecisionRecorded, overrideReason);
    }
}

public sealed record ConsentWriteResult(CaseWriteOutcome Outcome, ConsentRecord? Record, IReadOnlyList<FieldError> Errors)
{
    public static ConsentWriteResult Success(ConsentRecord record) => new(CaseWriteOutcome.Success, record, []);
    public static ConsentWriteResult Invalid(IReadOnlyList<FieldError> errors) => new(CaseWriteOutcome.Invalid, null, errors);
    public static ConsentWriteResult NotFound() => new(CaseWriteOutcome.NotFound, null, []);
    public static ConsentWriteResult Forbidden() => new(CaseWriteOutcome.Forbidden, null, []);
}
