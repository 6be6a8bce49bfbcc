using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Erasure;

/// <summary>
/// On erasure, deletes the dated notes of the person's cases (a note is its text and the day it is about; without the
/// text nothing of it is left to keep) and drops the sealed titles of their tasks (the task, its due date, assignee and
/// done state stay: they are the organisation's workload and the case's timeline, not about the person).
/// </summary>
/// <remarks>
/// It lives in Erasure rather than in Cases, which owns the two records: Erasure already depends on Cases, and a
/// participant in Cases would close the cycle Cases → Erasure → Cases.
/// </remarks>
internal sealed class CaseWorkErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        db.RemoveRange(await db.Set<CaseNote>().Where(n => subject.CaseIds.Contains(n.CaseId)).ToListAsync(cancellationToken));
        foreach (var task in await db.Set<CaseTask>().Where(t => subject.CaseIds.Contains(t.CaseId) && t.TitleCiphertext != null).ToListAsync(cancellationToken))
        {
            task.TitleCiphertext = null;
        }
    }
}
