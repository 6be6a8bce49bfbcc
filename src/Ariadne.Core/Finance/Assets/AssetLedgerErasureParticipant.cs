using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Finance.Assets;

/// <summary>
/// On erasure (on request or by retention), drops the sealed descriptions of the asset-ledger entries of the person's
/// cases; destroying the person's data key has made them unreadable already, this removes the ciphertext too. The
/// entries themselves (kind, value, currency, holder reference, status history) stay: they are the authorities' record
/// of frozen, seized and confiscated proceeds, not about the person, and feed the statistics of confiscation. Deleting
/// the case deletes its entries (cascade).
/// </summary>
internal sealed class AssetLedgerErasureParticipant(AppDbContext db) : IErasureParticipant
{
    public async Task ShredAsync(ErasureSubject subject, CancellationToken cancellationToken)
    {
        foreach (var asset in await db.Set<CaseAsset>().Where(a => subject.CaseIds.Contains(a.CaseId) && a.DescriptionCiphertext != null).ToListAsync(cancellationToken))
        {
            asset.DescriptionCiphertext = null;
        }
    }
}
