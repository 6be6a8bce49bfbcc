using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Consent;

/// <summary>What a user supplies to record a consent.</summary>
public sealed record ConsentInput(ConsentPurpose Purpose, Guid? RecipientOrganisationId, DateOnly? GivenOn, ConsentMethod Method, string? Note);

/// <summary>
/// What a user supplies to record a child's best-interest decision: its date, outcome and reasons (required), whether a
/// guardian took part and the guardian's role (required exactly when one took part), and optionally the organisation a
/// referral to which it is about (null: any).
/// </summary>
public sealed record BestInterestInput(DateOnly? DecidedOn, BestInterestOutcome? Outcome, string? Reasons, bool GuardianInvolved, GuardianType? GuardianType,
    Guid? RecipientOrganisationId = null);

/// <summary>Records and withdraws consents on the cases a <see cref="CaseViewer"/> may edit, and answers consent checks.</summary>
/// <remarks>Notes are sealed under the person's data key (<see cref="CaseTextVault"/>) and opened only with a reveal.</remarks>
public sealed class ConsentService(AppDbContext db, TimeProvider time, CaseTextVault texts, IAuditLog audit, IEnumerable<IChildPresumption> presumptions,
    IEnumerable<IConsentWithdrawal> withdrawals)
{
    public const int MaxNoteLength = 1000;
    public const int MaxReasonsLength = 4000;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The case's consents, newest first; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<ConsentRecord>?> ListAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var records = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        using (var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken))
        {
            foreach (var record in records)
            {
                Open(record, key);
            }
        }
        return [.. records.OrderByDescending(r => r.GivenOn).ThenByDescending(r => r.RecordedAtUtc)];
    }

    /// <summary>Fills the notes of <paramref name="record"/> with <paramref name="key"/>, or marks them sealed without one.</summary>
    internal static void Open(ConsentRecord record, CaseTextKey? key)
    {
        if (key is null)
        {
            record.TextSealed = record.NoteCiphertext is not null || record.WithdrawalNoteCiphertext is not null;
            return;
        }
        record.Note = key.Open(SealedText.Consent, record.Id, SealedText.Note, record.NoteCiphertext);
        record.WithdrawalNote = key.Open(SealedText.Consent, record.Id, SealedText.WithdrawalNote, record.WithdrawalNoteCiphertext);
    }

    public async Task<Result<ConsentRecord>> RecordAsync(Guid caseId, ConsentInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return Problem.Forbidden();
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
            return Problem.Invalid(errors);
        }
        var id = Guid.CreateVersion7();
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var record = new ConsentRecord
        {
            Id = id,
            CaseId = caseId,
            Purpose = input.Purpose,
            RecipientOrganisationId = input.RecipientOrganisationId,
            GivenOn = input.GivenOn!.Value,
            Method = input.Method,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            NoteCiphertext = key.Seal(SealedText.Consent, id, SealedText.Note, input.Note),
            RecordedByUserId = viewer.UserId,
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>Withdraws a consent from <paramref name="withdrawnOn"/> (default today); a withdrawn consent stays on record.</summary>
    public async Task<Result<ConsentRecord>> WithdrawAsync(Guid caseId, Guid consentId, DateOnly? withdrawnOn, string? note, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return Problem.Forbidden();
        }
        var record = await db.Set<ConsentRecord>().FirstOrDefaultAsync(c => c.Id == consentId && c.CaseId == caseId, cancellationToken);
        if (record is null)
        {
            return Problem.NotFound();
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
            return Problem.Invalid(errors);
        }
        record.WithdrawnOn = day;
        using (var key = await texts.ForWritingAsync(caseId, cancellationToken))
        {
            record.WithdrawalNoteCiphertext = key.Seal(SealedText.Consent, record.Id, SealedText.WithdrawalNote, note);
        }
        // What the consent allowed ends with it (e.g. the competent authority's share of the case), in the same save.
        var others = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId && c.Id != consentId).ToListAsync(cancellationToken);
        var ended = new List<AuditRecord>();
        foreach (var withdrawal in withdrawals)
        {
            ended.AddRange(await withdrawal.OnWithdrawnAsync(record, others, cancellationToken));
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var entry in ended)
        {
            await audit.AppendAsync(entry, cancellationToken);
        }
        // The author sees what they wrote; the earlier note opens only with a reveal.
        using (var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken))
        {
            Open(record, key);
        }
        record.WithdrawalNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        return record;
    }

    /// <summary>Whether any module presumes the person a child (<see cref="IChildPresumption"/>).</summary>
    private async Task<bool> PresumedChildAsync(Guid caseId, CancellationToken cancellationToken)
    {
        foreach (var presumption in presumptions)
        {
            if (await presumption.IsPresumedChildAsync(caseId, cancellationToken))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="purpose"/> may go ahead for the case today without an override (see
    /// <see cref="ConsentRules.Decide"/>), reading the case's consents and recorded best-interest decisions.
    /// </summary>
    public async Task<ConsentDecision> CheckAsync(Guid caseId, ConsentPurpose purpose, Guid? recipientOrganisationId, CancellationToken cancellationToken)
    {
        var ageGroup = await db.Cases.Where(c => c.Id == caseId).Select(c => c.AgeGroup).SingleAsync(cancellationToken);
        var presumed = await PresumedChildAsync(caseId, cancellationToken);
        var records = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        var decisions = await db.Set<BestInterestDecision>().AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(cancellationToken);
        return ConsentRules.Decide(records, purpose, recipientOrganisationId, Today, ageGroup == AgeGroup.Minor || presumed, decisions, null, false);
    }

    /// <summary>The case's best-interest decisions, newest first, reasons opened only with a reveal; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<BestInterestDecision>?> ListBestInterestAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var decisions = await db.Set<BestInterestDecision>().AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(cancellationToken);
        using (var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken))
        {
            foreach (var decision in decisions)
            {
                if (key is null)
                {
                    decision.TextSealed = decision.ReasonsCiphertext is not null;
                }
                else
                {
                    decision.Reasons = key.Open(SealedText.BestInterest, decision.Id, SealedText.Reasons, decision.ReasonsCiphertext);
                }
            }
        }
        return [.. decisions.OrderByDescending(d => d.DecidedOn).ThenByDescending(d => d.RecordedAtUtc)];
    }

    /// <summary>
    /// Records a child's best-interest decision (a case worker of the owning organisation): date, outcome, reasons
    /// (required, sealed under the person's key), whether a guardian took part and in what role. Audited without the reasons.
    /// </summary>
    public async Task<Result<BestInterestDecision>> RecordBestInterestAsync(Guid caseId, BestInterestInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, c.AgeGroup, c.CaseCode }).FirstOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, @case.OrganisationId))
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.BestInterestDecision, AuditOutcomes.Denied, "case", caseId.ToString()), cancellationToken);
            return Problem.Forbidden();
        }
        var presumed = await PresumedChildAsync(caseId, cancellationToken);
        var errors = new List<FieldError>();
        if (@case.AgeGroup == AgeGroup.Adult && !presumed)
        {
            errors.Add(new("Case", "NotAChild", "A best-interest decision is recorded for a child (or a person presumed to be one); this person is recorded as an adult."));
        }
        if (input.DecidedOn is not { } decided)
        {
            errors.Add(new(nameof(BestInterestInput.DecidedOn), "Required", "The date of the decision is required."));
        }
        else if (decided > Today)
        {
            errors.Add(new(nameof(BestInterestInput.DecidedOn), "FutureDate", "The date of the decision is in the future."));
        }
        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            errors.Add(new(nameof(BestInterestInput.Outcome), input.Outcome is null ? "Required" : "UnknownCode", "Give the outcome: ReferralInBestInterest or ReferralNotInBestInterest."));
        }
        if (string.IsNullOrWhiteSpace(input.Reasons))
        {
            errors.Add(new(nameof(BestInterestInput.Reasons), "Required", "The reasons for the decision are required."));
        }
        else if (input.Reasons.Length > MaxReasonsLength)
        {
            errors.Add(new(nameof(BestInterestInput.Reasons), "TooLong", $"The text has {input.Reasons.Length} characters; at most {MaxReasonsLength} are allowed.", input.Reasons.Length, MaxReasonsLength));
        }
        if (input.GuardianInvolved && input.GuardianType is null)
        {
            errors.Add(new(nameof(BestInterestInput.GuardianType), "Required", "Give the role of the guardian who took part."));
        }
        else if (!input.GuardianInvolved && input.GuardianType is not null)
        {
            errors.Add(new(nameof(BestInterestInput.GuardianType), "Contradiction", "A guardian's role is given only when a guardian took part."));
        }
        else if (input.GuardianType is { } type && !Enum.IsDefined(type))
        {
            errors.Add(new(nameof(BestInterestInput.GuardianType), "UnknownCode", "Unknown guardian role."));
        }
        if (input.RecipientOrganisationId is { } recipient && !await db.Organisations.AnyAsync(o => o.Id == recipient, cancellationToken))
        {
            errors.Add(new(nameof(BestInterestInput.RecipientOrganisationId), "UnknownCode", "No such organisation."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var id = Guid.CreateVersion7();
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var record = new BestInterestDecision
        {
            Id = id,
            CaseId = caseId,
            RecipientOrganisationId = input.RecipientOrganisationId,
            DecidedOn = input.DecidedOn!.Value,
            Outcome = input.Outcome!.Value,
            GuardianInvolved = input.GuardianInvolved,
            GuardianType = input.GuardianType,
            Reasons = input.Reasons!.Trim(),
            ReasonsCiphertext = key.Seal(SealedText.BestInterest, id, SealedText.Reasons, input.Reasons),
            RecordedByUserId = viewer.UserId,
            RecordedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.BestInterestDecision, AuditOutcomes.Success, "case", caseId.ToString(), null, new Dictionary<string, string>
        {
            ["caseCode"] = @case.CaseCode,
            ["decision"] = id.ToString(),
            ["outcome"] = record.Outcome.ToString(),
            ["decidedOn"] = record.DecidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["guardian"] = record.GuardianType?.ToString() ?? "none",
        }), cancellationToken);
        return record;
    }
}
