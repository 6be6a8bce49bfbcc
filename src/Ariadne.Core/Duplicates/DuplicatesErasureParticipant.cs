using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Duplicates;

/// <summary>
/// On erasure, removes the person's candidate pairs (pending and decided): their waterfalls say how the person's
/// identity compared with another's. Merge records keep only ids and cluster keys, and stay, so that counts and
/// un-merges remain exact.
/// </summary>
internal sealed class DuplicatesErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        var pairs = await db.Set<DuplicatePair>().Where(p => p.LeftPersonId == subject.PersonId || p.RightPersonId == subject.PersonId).ToListAsync(cancellationToken);
        db.Set<DuplicatePair>().RemoveRange(pairs);
    }
}
