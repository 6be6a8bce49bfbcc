using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Protection;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>
/// Creates, wraps and opens organisations' package-signing keys. A private key exists in plaintext only inside
/// <see cref="Open"/>'s result; at rest it is the PKCS#8 bytes wrapped under the active master key and bound to its row
/// (organisation and key id), so a wrapped key copied to another row or organisation does not open. Without the
/// master key it was wrapped under, <see cref="Open"/> throws <see cref="KeyUnavailableException"/>: fails closed.
/// </summary>
public static class SigningKeys
{
    private static readonly byte[] ContextPrefix = Encoding.ASCII.GetBytes("ariadne/referral-signing-key/v1/");

    /// <summary>A new P-256 key for <paramref name="organisationId"/>, its private half wrapped under the active master key.</summary>
    public static OrganisationSigningKey Create(IKeyEncryptionKeyProvider keys, Guid organisationId, DateTime nowUtc)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var row = new OrganisationSigningKey
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            KeyId = ReferralPackage.KeyId(publicKey),
            PublicKey = publicKey,
            KekId = "",
            WrappedPrivateKey = [],
            CreatedAtUtc = nowUtc,
        };
        var privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            Wrap(keys, row, privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
        return row;
    }

    /// <summary>The signing key of <paramref name="row"/>; the caller disposes it.</summary>
    /// <exception cref="KeyUnavailableException">The master key it is wrapped under is not configured.</exception>
    /// <exception cref="ProtectedDataException">The wrapped key was altered or belongs to another row.</exception>
    public static ECDsa Open(IKeyEncryptionKeyProvider keys, OrganisationSigningKey row)
    {
        var privateKey = keys.Unwrap(row.KekId, row.WrappedPrivateKey, Context(row));
        try
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(privateKey, out _);
            if (!CryptographicOperations.FixedTimeEquals(key.ExportSubjectPublicKeyInfo(), row.PublicKey))
            {
                key.Dispose();
                throw new ProtectedDataException("A signing key does not match the public key stored with it.");
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Re-wraps the private key under the active master key (key rotation); the key itself does not change.</summary>
    public static void Rewrap(IKeyEncryptionKeyProvider keys, OrganisationSigningKey row)
    {
        var privateKey = keys.Unwrap(row.KekId, row.WrappedPrivateKey, Context(row));
        try
        {
            Wrap(keys, row, privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>The public key in PEM (<c>-----BEGIN PUBLIC KEY-----</c>), as partners register it.</summary>
    public static string PublicKeyPem(byte[] subjectPublicKeyInfo) => PemEncoding.WriteString("PUBLIC KEY", subjectPublicKeyInfo);

    /// <summary>
    /// Reads a partner's public key from PEM (or base64 DER) and checks it is an ECDSA P-256 key. Returns null with a
    /// message saying what is wrong.
    /// </summary>
    public static byte[]? ParsePublicKey(string text, out string? error)
    {
        byte[] der;
        var trimmed = text.Trim();
        try
        {
            if (trimmed.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                var fields = PemEncoding.Find(trimmed);
                if (trimmed[fields.Label] is not "PUBLIC KEY")
                {
                    error = $"The PEM block is a '{trimmed[fields.Label]}', not a 'PUBLIC KEY'. Never send or accept a private key.";
                    return null;
                }
                der = Convert.FromBase64String(trimmed[fields.Base64Data]);
            }
            else
            {
                der = Convert.FromBase64String(trimmed);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            error = "The public key is not PEM ('-----BEGIN PUBLIC KEY-----') or base64.";
            return null;
        }
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                error = "The public key is not an ECDSA P-256 key.";
                return null;
            }
        }
        catch (CryptographicException)
        {
            error = "The public key is not an ECDSA P-256 key.";
            return null;
        }
        error = null;
        return der;
    }

    private static void Wrap(IKeyEncryptionKeyProvider keys, OrganisationSigningKey row, byte[] privateKey)
    {
        var wrapped = keys.Wrap(privateKey, Context(row));
        row.KekId = wrapped.KeyId;
        row.WrappedPrivateKey = wrapped.Wrapped;
    }

    private static byte[] Context(OrganisationSigningKey row) =>
        [.. ContextPrefix, .. row.OrganisationId.ToByteArray(), .. Encoding.ASCII.GetBytes(row.KeyId)];
}
