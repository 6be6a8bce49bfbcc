using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;

namespace Ariadne.Core.Referral.National;

/// <summary>What the national referral services share: the audit subject, new deadlines, and opening sealed texts.</summary>
internal static class NrmSupport
{
    public const string Subject = "nrm-case";

    public static NrmDeadline NewDeadline(Guid caseId, Guid organisationId, Deadline deadline, Guid? serviceReferralId) => new()
    {
        Id = Guid.CreateVersion7(),
        CaseId = caseId,
        OrganisationId = organisationId,
        Kind = deadline.Kind,
        DueDate = deadline.DueDate,
        DueAtUtc = deadline.DueAt.UtcDateTime,
        ServiceReferralId = serviceReferralId,
    };

    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static void Open(NrmEvent e, CaseTextKey? key)
    {
        if (key is null)
        {
            e.TextSealed = e.ReasonsCiphertext is not null;
            return;
        }
        // Opened after an earlier attempt without a key (the competent authority's evidence, opened by purpose): no longer sealed.
        e.TextSealed = false;
        e.Reasons = key.Open(SealedText.NrmEvent, e.Id, SealedText.Reasons, e.ReasonsCiphertext);
    }

    public static void Open(ServiceReferral r, CaseTextKey? key)
    {
        if (key is null)
        {
            r.TextSealed = r.SharedNoteCiphertext is not null || r.ReasonCiphertext is not null || r.OverrideReasonCiphertext is not null;
            return;
        }
        r.SharedNote = key.Open(SealedText.ServiceReferral, r.Id, SealedText.SharedNote, r.SharedNoteCiphertext);
        r.Reason = key.Open(SealedText.ServiceReferral, r.Id, SealedText.Reason, r.ReasonCiphertext);
        r.OverrideReason = key.Open(SealedText.ServiceReferral, r.Id, SealedText.OverrideReason, r.OverrideReasonCiphertext);
    }

    public static void Open(CooperationRecord c, CaseTextKey? key)
    {
        if (key is null)
        {
            c.TextSealed = c.NoteCiphertext is not null;
            return;
        }
        c.Note = key.Open(SealedText.Cooperation, c.Id, SealedText.Note, c.NoteCiphertext);
    }

    public static void Open(NonPunishmentFlag f, CaseTextKey? key)
    {
        if (key is null)
        {
            f.TextSealed = f.OffenceCiphertext is not null || f.BasisCiphertext is not null || f.ProceedingsReferenceCiphertext is not null;
            return;
        }
        f.Offence = key.Open(SealedText.NonPunishment, f.Id, SealedText.Offence, f.OffenceCiphertext);
        f.Basis = key.Open(SealedText.NonPunishment, f.Id, SealedText.Basis, f.BasisCiphertext);
        f.ProceedingsReference = key.Open(SealedText.NonPunishment, f.Id, SealedText.ProceedingsReference, f.ProceedingsReferenceCiphertext);
    }
}
