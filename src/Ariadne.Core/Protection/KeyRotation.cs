using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Protection;

/// <summary>
/// Re-wraps every person's data key under the active master key, in batches of one transaction each, while the
/// application keeps running: a key not yet re-wrapped is still opened with its old master key. Data keys and
/// ciphertexts do not change, so a rotation is cheap and can be interrupted and resumed at any point.
/// </summary>
public sealed class KeyRotation(AppDbContext db, IdentityVault vault)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// Brings every stored ASP.NET Core Data Protection key under the active master key (see
    /// <see cref="KeyRingEncryption.Reprotect"/>): plaintext secrets from before the key-ring encryption are encrypted,
    /// secrets under an older master key re-encrypted. Run by <c>serve</c>, <c>migrate</c> and <c>keys rotate</c>.
    /// </summary>
    /// <returns>How many stored keys were rewritten.</returns>
    public async Task<int> ProtectKeyRingAsync(CancellationToken cancellationToken)
    {
        var rows = await db.DataProtectionKeys.ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var row in rows)
        {
            if (row.Xml is { Length: > 0 } xml && KeyRingEncryption.Reprotect(vault.Keys, xml) is { } protectedXml)
            {
                row.Xml = protectedXml;
                changed++;
            }
        }
        if (changed > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        return changed;
    }

    /// <summary>
    /// Re-wraps every organisation's package-signing key (<see cref="Referral.Transnational.SigningKeys"/>) not under the active master
    /// key. There are a handful, so one transaction; run by <c>keys rotate</c> after the data keys.
    /// </summary>
    /// <returns>How many signing keys were re-wrapped.</returns>
    public async Task<int> RotateSigningKeysAsync(CancellationToken cancellationToken)
    {
        var active = vault.Keys.ActiveKeyId;
        var rows = await db.Set<Referral.Transnational.OrganisationSigningKey>().Where(k => k.KekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            Referral.Transnational.SigningKeys.Rewrap(vault.Keys, row);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>
    /// Re-seals every statistics release's noise seed (<see cref="Statistics.Releases.ReleaseSecrets"/>) not under the
    /// active master key, so that a release stays reproducible once the old key leaves the ring. Run by <c>keys rotate</c>.
    /// </summary>
    /// <returns>How many seeds were re-sealed.</returns>
    public async Task<int> RotateReleaseSeedsAsync(CancellationToken cancellationToken)
    {
        var active = vault.Keys.ActiveKeyId;
        var rows = await db.StatisticsReleases.Where(r => r.SealedSeed != null && r.SeedKekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var seed = Statistics.Releases.ReleaseSecrets.OpenSeed(vault.Keys, row.Id, row.SeedKekId!, row.SealedSeed!);
            var resealed = Statistics.Releases.ReleaseSecrets.SealSeed(vault.Keys, row.Id, seed);
            row.SeedKekId = resealed.KeyId;
            row.SealedSeed = resealed.Wrapped;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    /// <summary>How many data keys are wrapped under each master key id.</summary>
    public async Task<IReadOnlyList<(string KeyId, int Count)>> StatusAsync(CancellationToken cancellationToken) =>
        (await db.PersonKeys.AsNoTracking().GroupBy(k => k.KekId).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken))
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => (g.Key, g.Count))
        .ToList();

    /// <summary>Re-wraps every data key not under <see cref="IKeyEncryptionKeyProvider.ActiveKeyId"/>.</summary>
    /// <param name="batchSize">Keys per transaction.</param>
    /// <param name="progress">Receives (re-wrapped so far, total to re-wrap) after each batch.</param>
    /// <param name="cancellationToken">Stops after the current batch's rollback; committed batches stay.</param>
    /// <returns>How many keys were re-wrapped.</returns>
    /// <exception cref="KeyUnavailableException">A key is wrapped under a master key that is not configured; the batch is rolled back.</exception>
    public async Task<int> RotateAsync(int batchSize, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var active = vault.Keys.ActiveKeyId;
        var total = await db.PersonKeys.CountAsync(k => k.KekId != active, cancellationToken);
        var done = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.PersonKeys.Where(k => k.KekId != active).OrderBy(k => k.PersonId).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return done;
            }
            foreach (var row in batch)
            {
                vault.Rewrap(row);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += batch.Count;
            progress?.Report((done, Math.Max(total, done)));
        }
    }
}
