using System.Security.Cryptography;

namespace Ariadne.Core.Protection;

/// <summary>
/// A person's data key in memory, unwrapped from its <see cref="PersonKey"/> row: every seal and open under it goes
/// through this holder, which zeroes the key on dispose. The one place of the "open key, seal or open, zero memory"
/// sequence that the identity, the narrative, screening notes and every sealed free text share.
/// </summary>
public sealed class DataKey : IDisposable
{
    private readonly byte[] _key;

    internal DataKey(IdentityVault vault, byte[] key)
    {
        Vault = vault;
        _key = key;
    }

    public IdentityVault Vault { get; }

    /// <summary>The raw key, for the vault's seal and open calls; valid until <see cref="Dispose"/>.</summary>
    public byte[] Bytes => _key;

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}

/// <summary>Opens and creates the data keys of persons; pure key handling, no knowledge of the records sealed under them.</summary>
public static class IdentitySealing
{
    /// <summary>The data key stored in <paramref name="row"/>; dispose it to zero the key.</summary>
    /// <exception cref="KeyUnavailableException">The row's master key is not configured.</exception>
    public static DataKey Open(this IdentityVault vault, PersonKey row) => new(vault, vault.KeyFor(row));

    /// <summary>
    /// The data key to seal with: <paramref name="row"/>'s, or — when the person has none (never had one, or it was
    /// erased) — a fresh one whose new row is returned in <paramref name="created"/> for the caller to store.
    /// </summary>
    public static DataKey OpenOrCreate(this IdentityVault vault, PersonKey? row, Guid personId, DateTime nowUtc, out PersonKey? created)
    {
        if (row is not null)
        {
            created = null;
            return vault.Open(row);
        }
        var (fresh, key) = vault.NewKeyFor(personId, nowUtc);
        created = fresh;
        return new DataKey(vault, key);
    }
}
