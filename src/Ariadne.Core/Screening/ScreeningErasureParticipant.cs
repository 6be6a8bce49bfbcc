using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Screening;

/// <summary>On erasure, drops the sealed notes of every screening of the person's cases; the answers and results stay.</summary>
internal sealed class ScreeningErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        foreach (var screening in await db.Set<ScreeningRecord>().Where(s => subject.CaseIds.Contains(s.CaseId) && s.NotesCiphertext != null).ToListAsync(cancellationToken))
        {
            screening.NotesCiphertext = null;
        }
    }
}
