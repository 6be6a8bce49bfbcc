using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Consent;

/// <summary>On erasure, drops the sealed notes of the person's consents and the reasons of their best-interest decisions; the records stay.</summary>
internal sealed class ConsentErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        foreach (var consent in await db.Set<ConsentRecord>()
            .Where(r => subject.CaseIds.Contains(r.CaseId) && (r.NoteCiphertext != null || r.WithdrawalNoteCiphertext != null)).ToListAsync(cancellationToken))
        {
            consent.NoteCiphertext = null;
            consent.WithdrawalNoteCiphertext = null;
        }
        foreach (var decision in await db.Set<BestInterestDecision>().Where(r => subject.CaseIds.Contains(r.CaseId) && r.ReasonsCiphertext != null).ToListAsync(cancellationToken))
        {
            decision.ReasonsCiphertext = null;
        }
    }
}
