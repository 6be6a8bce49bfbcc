using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Attachments;

/// <summary>On erasure, deletes every attachment of the person's cases: content and name are identifying, and nothing of them is statistics.</summary>
internal sealed class AttachmentErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken) =>
        db.RemoveRange(await db.Set<CaseAttachment>().Where(a => subject.CaseIds.Contains(a.CaseId)).ToListAsync(cancellationToken));
}
