using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ariadne.Core.Tokens;

/// <summary>
/// The token string: <c>ari_</c>, 16 hex digits of public identifier, <c>_</c>, and 43 base64url characters of a
/// 256-bit random secret (64 characters in all). The fixed lengths make the parse unambiguous although base64url
/// itself may contain <c>_</c>.
/// </summary>
public static class TokenFormat
{
    public const string Prefix = "ari_";
    public const int IdentifierLength = 16;
    public const int SecretBytes = 32;
    private const int SecretLength = 43;
    public const int Length = 4 + IdentifierLength + 1 + SecretLength;

    /// <summary>A new identifier, token string and the hash to store.</summary>
    public static (string Identifier, string Token, byte[] SecretHash) Generate()
    {
        var identifier = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdentifierLength / 2));
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var token = Prefix + identifier + "_" + Base64Url.EncodeToString(secret);
        var hash = SHA256.HashData(secret);
        CryptographicOperations.ZeroMemory(secret);
        return (identifier, token, hash);
    }

    /// <summary>Whether a bearer value looks like a personal access token (and so belongs to that scheme).</summary>
    public static bool LooksLikeToken(ReadOnlySpan<char> value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Splits a token string into its identifier and the SHA-256 of its secret; false when malformed.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? identifier, [NotNullWhen(true)] out byte[]? secretHash)
    {
        identifier = null;
        secretHash = null;
        if (token is null || token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + IdentifierLength] != '_')
        {
            return false;
        }
        var id = token.AsSpan(Prefix.Length, IdentifierLength);
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        var encoded = token.AsSpan(Prefix.Length + IdentifierLength + 1);
        foreach (var c in encoded)
        {
            // Checked first: the decoder throws, rather than returning false, on characters outside the alphabet.
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }
        Span<byte> secret = stackalloc byte[SecretBytes + 2];
        if (!Base64Url.TryDecodeFromChars(encoded, secret, out var written) || written != SecretBytes)
        {
            return false;
        }
        identifier = id.ToString();
        secretHash = SHA256.HashData(secret[..SecretBytes]);
        CryptographicOperations.ZeroMemory(secret);
        return true;
    }
}
