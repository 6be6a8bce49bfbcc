using System.Globalization;
using System.Security.Cryptography;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// The releases' sealed noise seeds (<see cref="ReleaseSecrets"/>) as secrets under the master keys: re-sealed by
/// rotation so that a release stays reproducible once the old key leaves the ring.
/// </summary>
public sealed class ReleaseSeedMasterKeys : IMasterKeyDependent
{
    public async Task<IReadOnlyList<string>> KeyIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.StatisticsReleases.AsNoTracking().Where(r => r.SeedKekId != null).Select(r => r.SeedKekId!).Distinct().ToListAsync(cancellationToken);

    public async Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken)
    {
        var row = await db.StatisticsReleases.AsNoTracking().Where(r => r.SealedSeed != null && r.SeedKekId == keyId).OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        try
        {
            _ = ReleaseSecrets.OpenSeed(keys, row.Id, row.SeedKekId!, row.SealedSeed!);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ProtectedDataException)
        {
            return false;
        }
    }

    public async Task<int> RewrapAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken)
    {
        var active = keys.ActiveKeyId;
        var rows = await db.StatisticsReleases.Where(r => r.SealedSeed != null && r.SeedKekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var seed = ReleaseSecrets.OpenSeed(keys, row.Id, row.SeedKekId!, row.SealedSeed!);
            var resealed = ReleaseSecrets.SealSeed(keys, row.Id, seed);
            row.SeedKekId = resealed.KeyId;
            row.SealedSeed = resealed.Wrapped;
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    public string Describe(int count, string activeKeyId) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} statistics release seeds re-sealed under '{activeKeyId}'.");
}
