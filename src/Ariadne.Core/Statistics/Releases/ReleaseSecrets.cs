using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// The secrets of a release: its noise seed, drawn from the system's cryptographic generator and stored only sealed
/// under the master key ring (AES-256-GCM through <see cref="IKeyEncryptionKeyProvider.Wrap"/>, the release id as
/// associated data, so a sealed seed copied to another release does not open), and its fingerprints, HMAC-SHA-256 under a
/// key derived (HKDF) from the ring's stable secret, so that nobody without the master keys can test a guessed table.
/// </summary>
public static class ReleaseSecrets
{
    private static readonly byte[] SeedContextPrefix = Encoding.ASCII.GetBytes("ariadne/release-seed/v1/");
    private static readonly byte[] FingerprintInfo = Encoding.ASCII.GetBytes("ariadne/release-fingerprint/v1");

    /// <summary>A seed from <see cref="RandomNumberGenerator"/>: unpredictable, so the noise cannot be replayed.</summary>
    public static ulong DrawSeed() => BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    /// <summary>Encrypts <paramref name="seed"/> under the active master key, bound to <paramref name="releaseId"/>.</summary>
    public static WrappedKey SealSeed(IKeyEncryptionKeyProvider keys, Guid releaseId, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, seed);
        try
        {
            return keys.Wrap(bytes, SeedContext(releaseId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The seed sealed by <see cref="SealSeed"/>.</summary>
    /// <exception cref="KeyUnavailableException">The master key it is under is not configured.</exception>
    /// <exception cref="ProtectedDataException">The sealed seed was altered or belongs to another release.</exception>
    public static ulong OpenSeed(IKeyEncryptionKeyProvider keys, Guid releaseId, string keyId, byte[] sealedSeed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var bytes = keys.Unwrap(keyId, sealedSeed, SeedContext(releaseId));
        try
        {
            if (bytes.Length != sizeof(ulong))
            {
                throw new ProtectedDataException($"The sealed seed of release {releaseId} has the wrong length.");
            }
            return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>HMAC-SHA-256 (lower-case hex) of <paramref name="purpose"/> and <paramref name="digest"/> under the release-fingerprint key.</summary>
    public static string Fingerprint(IKeyEncryptionKeyProvider keys, string purpose, string digest)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.BlindIndexSecret, key, salt: [], info: FingerprintInfo);
        try
        {
            return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\u001f" + digest)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] SeedContext(Guid releaseId) => [.. SeedContextPrefix, .. Encoding.ASCII.GetBytes(releaseId.ToString("D"))];
}
