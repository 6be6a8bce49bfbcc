using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>
/// On erasure, drops the sealed free text of the person's referral records: lifecycle step reasons, service referral
/// notes and reasons, cooperation notes, non-punishment offence, basis and reference. The records stay.
/// </summary>
internal sealed class ReferralErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        var cases = subject.CaseIds;
        foreach (var step in await db.Set<NrmEvent>().Where(r => cases.Contains(r.CaseId) && r.ReasonsCiphertext != null).ToListAsync(cancellationToken))
        {
            step.ReasonsCiphertext = null;
        }
        foreach (var referral in await db.Set<ServiceReferral>()
            .Where(r => cases.Contains(r.CaseId) && (r.SharedNoteCiphertext != null || r.ReasonCiphertext != null || r.OverrideReasonCiphertext != null))
            .ToListAsync(cancellationToken))
        {
            referral.SharedNoteCiphertext = null;
            referral.ReasonCiphertext = null;
            referral.OverrideReasonCiphertext = null;
        }
        foreach (var cooperation in await db.Set<CooperationRecord>().Where(r => cases.Contains(r.CaseId) && r.NoteCiphertext != null).ToListAsync(cancellationToken))
        {
            cooperation.NoteCiphertext = null;
        }
        foreach (var flag in await db.Set<NonPunishmentFlag>()
            .Where(r => cases.Contains(r.CaseId) && (r.OffenceCiphertext != null || r.BasisCiphertext != null || r.ProceedingsReferenceCiphertext != null))
            .ToListAsync(cancellationToken))
        {
            flag.OffenceCiphertext = null;
            flag.BasisCiphertext = null;
            flag.ProceedingsReferenceCiphertext = null;
        }
    }
}
