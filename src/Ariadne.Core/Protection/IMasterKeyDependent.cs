using Ariadne.Core.Data;

namespace Ariadne.Core.Protection;

/// <summary>
/// A module that keeps secrets of its own wrapped under the master keys, beside the persons' data keys (the referral
/// module's signing keys, the statistics module's sealed noise seeds). The module registers an implementation as a
/// singleton; the master-key checks sample its secrets and key rotation re-wraps them, without Protection knowing the
/// module (the dependency points from the module to Protection).
/// </summary>
public interface IMasterKeyDependent
{
    /// <summary>The master key ids the module holds secrets under.</summary>
    Task<IReadOnlyList<string>> KeyIdsAsync(AppDbContext db, CancellationToken cancellationToken);

    /// <summary>Whether one secret stored under <paramref name="keyId"/> opens with the configured key; null when the module holds none under it.</summary>
    Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken);

    /// <summary>Re-wraps every secret not under the active master key, in one transaction; returns how many.</summary>
    Task<int> RewrapAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken);

    /// <summary>The line <c>keys rotate</c> prints for <paramref name="count"/> re-wrapped secrets.</summary>
    string Describe(int count, string activeKeyId);
}
