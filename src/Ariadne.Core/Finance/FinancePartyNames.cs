using System.Security.Cryptography;
using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Finance;

/// <summary>
/// The record-linkage engine's encoding of a party's name, stored beside the blind indexes so that entity resolution can
/// compare names fuzzily without opening them (<see cref="Analytics.Finance.SimilarNames"/>): a balanced, keyed
/// Bloom-filter encoding (<see cref="BloomFilterEncoder"/>; 1,024 bits, 128 bytes) of the name's bigrams.
/// </summary>
/// <remarks>
/// The key is derived (HKDF-SHA-256, info <c>ariadne-finance/party-name-encoding/v1</c>) from the installation's
/// blind-index secret, which, like the blind indexes, never changes with key rotation; so encodings of different imports
/// compare, and without the secret nobody can build a dictionary of encodings. It is not the agencies' shared linkage
/// secret of <c>linkage encode</c>: these encodings never leave the installation. The name is transliterated and
/// normalised as the engine does (<see cref="NameNormaliser"/>) and its words are put in alphabetical order first, so that
/// "Smith John" and "John Smith" encode alike; typos and missing diacritics change a few bigrams only.
/// </remarks>
public sealed class FinancePartyNames
{
    public const int EncodingBytes = BloomFilterEncoder.EncodingWords * sizeof(ulong);

    private static readonly byte[] KeyInfo = "ariadne-finance/party-name-encoding/v1"u8.ToArray();
    private static readonly EncodedField[] Fields = [new("name", TokenKind.Bigrams, 20)];

    private readonly BloomFilterEncoder _encoder;

    public FinancePartyNames(IKeyEncryptionKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var key = new byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.BlindIndexSecret, key, salt: [], info: KeyInfo);
            _encoder = new BloomFilterEncoder(key, Fields);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The name as encoded: transliterated, normalised, words in order ("Smith, Jóhn" → "john smith"); empty without a name.</summary>
    public static string Canonical(string? name) =>
        string.Join(' ', NameNormaliser.Normalise(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    /// <summary>The encoding (<see cref="EncodingBytes"/> bytes, little-endian words), or null without a name.</summary>
    public byte[]? Encode(string? name)
    {
        var canonical = Canonical(name);
        if (canonical.Length == 0)
        {
            return null;
        }
        Span<ulong> words = stackalloc ulong[BloomFilterEncoder.EncodingWords];
        _encoder.Encode([canonical], words);
        var bytes = new byte[EncodingBytes];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(words).CopyTo(bytes);
        return bytes;
    }

    /// <summary>Copies a stored encoding into <paramref name="words"/> at party <paramref name="index"/>; false (and nothing copied) for a missing or malformed one.</summary>
    public static bool Load(byte[]? encoding, ulong[] words, int index)
    {
        if (encoding is not { Length: EncodingBytes })
        {
            return false;
        }
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(encoding).CopyTo(words.AsSpan(index * BloomFilterEncoder.EncodingWords));
        return true;
    }
}
