using System.Globalization;
using System.Security.Cryptography;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>The organisations' package-signing keys (<see cref="SigningKeys"/>) as secrets under the master keys: sampled by the key checks, re-wrapped by rotation.</summary>
public sealed class SigningKeyMasterKeys : IMasterKeyDependent
{
    public async Task<IReadOnlyList<string>> KeyIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<OrganisationSigningKey>().AsNoTracking().Select(k => k.KekId).Distinct().ToListAsync(cancellationToken);

    public async Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken)
    {
        var signing = await db.Set<OrganisationSigningKey>().AsNoTracking().Where(k => k.KekId == keyId).OrderBy(k => k.Id).FirstOrDefaultAsync(cancellationToken);
        if (signing is null)
        {
            return null;
        }
        try
        {
            SigningKeys.Open(keys, signing).Dispose();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>There are a handful, so one transaction.</summary>
    public async Task<int> RewrapAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken)
    {
        var active = keys.ActiveKeyId;
        var rows = await db.Set<OrganisationSigningKey>().Where(k => k.KekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            SigningKeys.Rewrap(keys, row);
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    public string Describe(int count, string activeKeyId) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} referral-package signing keys re-wrapped under '{activeKeyId}'.");
}
