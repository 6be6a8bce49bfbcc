using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Protection;

/// <summary>
/// Encrypts the ASP.NET Core Data Protection key ring at rest (the keys behind sign-in cookies, bearer tokens and
/// antiforgery tokens, stored in <c>DataProtectionKeys</c>) with AES-256-GCM under the master key ring, so a copy of the
/// database alone cannot forge a session. Each encrypted element records the id of the master key it is under, so
/// rotation works as for the data keys: older master keys keep decrypting, <c>ariadne keys rotate</c> re-encrypts.
/// </summary>
public static class KeyRingEncryption
{
    /// <summary>The associated data of every encrypted key element: a ciphertext cannot be moved to another purpose.</summary>
    internal static readonly byte[] Context = Encoding.ASCII.GetBytes("ariadne/data-protection-key-ring/v1");

    internal const string DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    internal const string EncryptedElement = "ariadneEncryptedKey";
    internal const string KekIdAttribute = "kekId";

    /// <summary>Has new keys of the ring encrypted under the active master key (<see cref="IKeyEncryptionKeyProvider"/>).</summary>
    public static IDataProtectionBuilder ProtectKeysWithMasterKeys(this IDataProtectionBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlEncryptor = new MasterKeyXmlEncryptor(services.GetRequiredService<IKeyEncryptionKeyProvider>())));
        return builder;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> (a key's secret element) under the active master key.</summary>
    public static XElement Encrypt(IKeyEncryptionKeyProvider keys, XElement plaintext)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        try
        {
            var wrapped = keys.Wrap(bytes, Context);
            return new XElement(EncryptedElement,
                new XComment(" AES-256-GCM under an Ariadne master key; see docs/field-encryption.md "),
                new XAttribute(KekIdAttribute, wrapped.KeyId),
                Convert.ToBase64String(wrapped.Wrapped));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The secret element encrypted by <see cref="Encrypt"/>.</summary>
    /// <exception cref="KeyUnavailableException">The master key it is under is not configured.</exception>
    /// <exception cref="ProtectedDataException">The element was altered.</exception>
    public static XElement Decrypt(IKeyEncryptionKeyProvider keys, XElement encrypted)
    {
        if (encrypted.Name.LocalName != EncryptedElement || encrypted.Attribute(KekIdAttribute)?.Value is not { Length: > 0 } kekId)
        {
            throw new ProtectedDataException("A Data Protection key is not in the form the master key ring encrypts.");
        }
        byte[] wrapped;
        try
        {
            wrapped = Convert.FromBase64String(encrypted.Value.Trim());
        }
        catch (FormatException e)
        {
            throw new ProtectedDataException("An encrypted Data Protection key is not valid base64.", e);
        }
        var plain = keys.Unwrap(kekId, wrapped, Context);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// Brings one stored key's XML under the active master key: secrets that the Data Protection system marks
    /// <c>requiresEncryption</c> but that are stored plain (written before this encryption existed) are encrypted, and
    /// secrets encrypted under an older master key are re-encrypted. Null when nothing changes.
    /// </summary>
    /// <exception cref="KeyUnavailableException">A secret is under a master key that is not configured.</exception>
    public static string? Reprotect(IKeyEncryptionKeyProvider keys, string xml)
    {
        var root = XElement.Parse(xml);
        XNamespace dp = DataProtectionNamespace;
        var changed = false;
        foreach (var secret in root.Descendants(dp + "encryptedSecret").ToList())
        {
            if (secret.Attribute("decryptorType")?.Value.StartsWith(typeof(MasterKeyXmlDecryptor).FullName!, StringComparison.Ordinal) != true
                || secret.Elements().FirstOrDefault() is not { } encrypted
                || encrypted.Attribute(KekIdAttribute)?.Value == keys.ActiveKeyId)
            {
                continue;
            }
            encrypted.ReplaceWith(Encrypt(keys, Decrypt(keys, encrypted)));
            changed = true;
        }
        foreach (var plain in root.Descendants().Where(e => (bool?)e.Attribute(dp + "requiresEncryption") == true).ToList())
        {
            plain.ReplaceWith(new XElement(dp + "encryptedSecret",
                new XAttribute("decryptorType", typeof(MasterKeyXmlDecryptor).AssemblyQualifiedName!),
                Encrypt(keys, plain)));
            changed = true;
        }
        return changed ? root.ToString(SaveOptions.DisableFormatting) : null;
    }
}

/// <summary>The Data Protection key-ring encryptor: see <see cref="KeyRingEncryption"/>.</summary>
public sealed class MasterKeyXmlEncryptor(IKeyEncryptionKeyProvider keys) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(KeyRingEncryption.Encrypt(keys, plaintextElement), typeof(MasterKeyXmlDecryptor));
}

/// <summary>
/// The Data Protection key-ring decryptor, created by the Data Protection system from the type name stored with each
/// key. Without a master key (or without the one a key is under) it throws, and the key is not used: fails closed.
/// </summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyRingEncryption.Decrypt(services.GetService<IKeyEncryptionKeyProvider>()
            ?? throw new KeyConfigurationException("The Data Protection key ring is encrypted under the master keys, but no master key provider is registered."),
            encryptedElement);
}
