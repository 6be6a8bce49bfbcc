namespace Ariadne.Core.Protection;

/// <summary>
/// The key-encryption keys (KEKs) that wrap each person's data key. <see cref="MasterKeyRing"/> holds them in
/// process; a key-management service can implement the same contract without ever handing out key material.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The id of the key new data keys are wrapped under.</summary>
    string ActiveKeyId { get; }

    /// <summary>Every key id that can unwrap, for status reports (never the keys themselves).</summary>
    IReadOnlyList<string> KeyIds { get; }

    /// <summary>
    /// A stable secret for the blind indexes (HMAC keys). It must not change when <see cref="ActiveKeyId"/> changes,
    /// or every stored index would stop matching.
    /// </summary>
    ReadOnlySpan<byte> BlindIndexSecret { get; }

    /// <summary>
    /// A stable secret for the audit log's authentication codes (HMAC keys, see <see cref="Audit.AuditHash"/>). Like
    /// <see cref="BlindIndexSecret"/> it must not change when <see cref="ActiveKeyId"/> changes, and the database never
    /// holds it, so someone with the database alone can neither rewrite nor extend the audit chain.
    /// </summary>
    ReadOnlySpan<byte> AuditSecret { get; }

    /// <summary>
    /// A value computed from key <paramref name="keyId"/> over a fixed label (never the key itself, and no way back to
    /// it), stored in the database (<see cref="MasterKeyCheck"/>) the first time the key is used, so a wrong key under
    /// the same id is refused before it reads or writes anything.
    /// </summary>
    /// <exception cref="KeyUnavailableException">No key with that id is configured.</exception>
    byte[] CheckValue(string keyId);

    /// <summary>Encrypts <paramref name="dataKey"/> under the active key, bound to <paramref name="context"/>.</summary>
    WrappedKey Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context);

    /// <summary>Decrypts a data key wrapped under <paramref name="keyId"/> with the same <paramref name="context"/>.</summary>
    /// <exception cref="KeyUnavailableException">No key with that id is configured.</exception>
    /// <exception cref="ProtectedDataException">The wrapped key was altered or belongs to another context.</exception>
    byte[] Unwrap(string keyId, ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context);
}

/// <summary>A data key encrypted under the key-encryption key <paramref name="KeyId"/>.</summary>
public sealed record WrappedKey(string KeyId, byte[] Wrapped);

/// <summary>Data was protected under a key id that is not configured here. Nothing has been read or changed.</summary>
public sealed class KeyUnavailableException(string keyId)
    : Exception($"Key '{keyId}' is unavailable: the data was protected under a master key that is not configured (ARIADNE_MASTER_KEYS or ARIADNE_MASTER_KEY_FILE).")
{
    public string KeyId { get; } = keyId;
}

/// <summary>Protected data failed its integrity check: it was altered, or it belongs to another record.</summary>
public sealed class ProtectedDataException(string message, Exception? inner = null)
    : System.Security.Cryptography.CryptographicException(message, inner);

/// <summary>
/// The configured master keys do not fit this database: a key differs from the one the data was protected with (its
/// check value differs), or the database holds data under a key id that is not configured. Nothing was read or written.
/// </summary>
public sealed class MasterKeyMismatchException(IReadOnlyList<string> keyIds, string message) : Exception(message)
{
    /// <summary>The key ids at fault (never key material).</summary>
    public IReadOnlyList<string> KeyIds { get; } = keyIds;
}

/// <summary>The master-key configuration is missing or malformed; the message says what to set.</summary>
public sealed class KeyConfigurationException(string message) : Exception(message);
