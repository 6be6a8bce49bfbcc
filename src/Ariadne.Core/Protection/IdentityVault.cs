using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ariadne.Core.Protection;

/// <summary>
/// Seals and opens identifying data with envelope encryption: each person has a random 256-bit data key (DEK),
/// stored only wrapped under a master key (<see cref="IKeyEncryptionKeyProvider"/>); identity and narrative are
/// AES-256-GCM ciphertexts under that DEK, bound to their record by the associated data. Also computes the blind
/// indexes for exact lookup without decrypting. Thread-safe; one instance per process.
/// </summary>
/// <remarks>
/// Ciphertext layout: one format-version byte (1), a random 96-bit nonce, the encrypted UTF-8 payload, a 128-bit tag.
/// Callers that write in bulk (imports) use <see cref="NewKeyFor"/>, <see cref="Seal"/> and the index methods directly.
/// </remarks>
public sealed class IdentityVault(IKeyEncryptionKeyProvider keys)
{
    public const int DataKeySize = 32;
    public const int BlindIndexSize = 16;
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lazy<byte[]> _indexKey = new(() => keys.BlindIndexSecret.ToArray());

    public IKeyEncryptionKeyProvider Keys => keys;

    /// <summary>A fresh data key for <paramref name="personId"/> and its wrapped form to store.</summary>
    public (PersonKey Row, byte[] DataKey) NewKeyFor(Guid personId, DateTime nowUtc)
    {
        var dataKey = RandomNumberGenerator.GetBytes(DataKeySize);
        var wrapped = keys.Wrap(dataKey, KeyContext(personId));
        return (new PersonKey { PersonId = personId, KekId = wrapped.KeyId, WrappedKey = wrapped.Wrapped, CreatedAtUtc = nowUtc }, dataKey);
    }

    /// <summary>The data key stored in <paramref name="row"/>.</summary>
    /// <exception cref="KeyUnavailableException">The row's master key is not configured.</exception>
    /// <exception cref="ProtectedDataException">The row was altered or belongs to another person.</exception>
    public byte[] KeyFor(PersonKey row) => keys.Unwrap(row.KekId, row.WrappedKey, KeyContext(row.PersonId));

    /// <summary>Re-wraps the row's data key under the active master key; the data key itself does not change.</summary>
    /// <returns>False when the row was already under the active key.</returns>
    public bool Rewrap(PersonKey row)
    {
        if (row.KekId == keys.ActiveKeyId)
        {
            return false;
        }
        var dataKey = KeyFor(row);
        try
        {
            var wrapped = keys.Wrap(dataKey, KeyContext(row.PersonId));
            row.KekId = wrapped.KeyId;
            row.WrappedKey = wrapped.Wrapped;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public byte[] Seal(Guid personId, PersonIdentity identity, byte[] dataKey) =>
        Encrypt(JsonSerializer.SerializeToUtf8Bytes(identity, Json), dataKey, IdentityContext(personId));

    /// <exception cref="ProtectedDataException">The ciphertext was altered or sealed for another person.</exception>
    public PersonIdentity Open(Guid personId, byte[] ciphertext, byte[] dataKey) =>
        JsonSerializer.Deserialize<PersonIdentity>(Decrypt(ciphertext, dataKey, IdentityContext(personId), "identity of a person"), Json)
        ?? throw new ProtectedDataException("A sealed identity is empty.");

    public byte[] SealNarrative(Guid caseId, string narrative, byte[] dataKey) =>
        Encrypt(Encoding.UTF8.GetBytes(narrative), dataKey, NarrativeContext(caseId));

    /// <exception cref="ProtectedDataException">The ciphertext was altered or sealed for another case.</exception>
    public string OpenNarrative(Guid caseId, byte[] ciphertext, byte[] dataKey) =>
        Encoding.UTF8.GetString(Decrypt(ciphertext, dataKey, NarrativeContext(caseId), "narrative of a case"));

    /// <summary>Seals the notes of a screening (by indicator code) under the data key of the case's person.</summary>
    public byte[] SealScreeningNotes(Guid screeningId, IReadOnlyDictionary<string, string> notes, byte[] dataKey) =>
        Encrypt(JsonSerializer.SerializeToUtf8Bytes(notes, Json), dataKey, ScreeningNotesContext(screeningId));

    /// <exception cref="ProtectedDataException">The ciphertext was altered or sealed for another screening.</exception>
    public Dictionary<string, string> OpenScreeningNotes(Guid screeningId, byte[] ciphertext, byte[] dataKey) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(Decrypt(ciphertext, dataKey, ScreeningNotesContext(screeningId), "notes of a screening"), Json)
        ?? throw new ProtectedDataException("Sealed screening notes are empty.");

    /// <summary>
    /// Seals one free-text field of a record about a person (a consent note, decision reasons, an offence …) under the
    /// person's data key; the associated data binds it to <paramref name="recordType"/>, <paramref name="recordId"/> and
    /// <paramref name="field"/>, so a ciphertext moved to another row or field does not open.
    /// </summary>
    public byte[] SealText(string recordType, Guid recordId, string field, string text, byte[] dataKey) =>
        Encrypt(Encoding.UTF8.GetBytes(text), dataKey, TextContext(recordType, recordId, field));

    /// <exception cref="ProtectedDataException">The ciphertext was altered or sealed for another record or field.</exception>
    public string OpenText(string recordType, Guid recordId, string field, byte[] ciphertext, byte[] dataKey) =>
        Encoding.UTF8.GetString(Decrypt(ciphertext, dataKey, TextContext(recordType, recordId, field), $"{field} of a {recordType} record"));

    /// <summary>
    /// Seals binary content of a record about a person (an attachment's bytes) like <see cref="SealText"/>, bound to
    /// <paramref name="recordType"/>, <paramref name="recordId"/> and <paramref name="field"/>. Zeroes <paramref name="content"/>
    /// afterwards, so that no plaintext copy stays in memory.
    /// </summary>
    public byte[] SealBytes(string recordType, Guid recordId, string field, byte[] content, byte[] dataKey) =>
        Encrypt(content, dataKey, TextContext(recordType, recordId, field));

    /// <exception cref="ProtectedDataException">The ciphertext was altered or sealed for another record or field.</exception>
    public byte[] OpenBytes(string recordType, Guid recordId, string field, byte[] ciphertext, byte[] dataKey) =>
        Decrypt(ciphertext, dataKey, TextContext(recordType, recordId, field), $"{field} of a {recordType} record");

    /// <summary>The blind index of family name, given name and date of birth; null without a family name or date of birth.</summary>
    public byte[]? NameDobIndex(string? familyName, string? givenName, DateOnly? dateOfBirth) =>
        string.IsNullOrWhiteSpace(familyName) || dateOfBirth is null
            ? null
            : BlindIndex(NormaliseName(familyName) + "|" + NormaliseName(givenName) + "|"
                + dateOfBirth.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The blind index of a document's type and number; null without a number.</summary>
    public byte[]? DocumentIndex(string? documentType, string? documentNumber) =>
        string.IsNullOrWhiteSpace(documentNumber)
            ? null
            : BlindIndex(NormaliseDocument(documentType) + "|" + NormaliseDocument(documentNumber));

    /// <summary>
    /// The blind index of one identifier of kind <paramref name="kind"/> ("phone", "email" …) already normalised by the
    /// caller; null when empty. The kind is part of the input, so equal strings of different kinds do not collide.
    /// </summary>
    public byte[]? IdentifierIndex(string kind, string? normalised) =>
        string.IsNullOrEmpty(normalised) ? null : BlindIndex(kind + "|" + normalised);

    /// <summary>
    /// Unicode NFKD, diacritics removed, upper case (invariant), punctuation and symbols removed, runs of white space
    /// collapsed to one space; so " Müller-Lüdenscheidt " and "mullerludenscheidt" both become "MULLERLUDENSCHEIDT".
    /// </summary>
    public static string NormaliseName(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Normalize(NormalizationForm.FormKD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                || char.IsPunctuation(c) || char.IsSymbol(c) || (char.IsControl(c) && !char.IsWhiteSpace(c)))
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(char.ToUpperInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>Like <see cref="NormaliseName"/>, and white space removed too: "qx 9876-5432" is "QX98765432".</summary>
    public static string NormaliseDocument(string? value) => NormaliseName(value).Replace(" ", "", StringComparison.Ordinal);

    private byte[] BlindIndex(string normalised)
    {
        var mac = HMACSHA256.HashData(_indexKey.Value, Encoding.UTF8.GetBytes(normalised));
        return mac[..BlindIndexSize];
    }

    private static byte[] Encrypt(byte[] plaintext, byte[] dataKey, byte[] context)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length), context);
        CryptographicOperations.ZeroMemory(plaintext);
        return output;
    }

    private static byte[] Decrypt(byte[] ciphertext, byte[] dataKey, byte[] context, string what)
    {
        if (ciphertext.Length < 1 + NonceSize + TagSize || ciphertext[0] != FormatVersion)
        {
            throw new ProtectedDataException($"The sealed {what} has an unknown format.");
        }
        var body = ciphertext.AsSpan(1);
        var plaintext = new byte[body.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(body[..NonceSize], body[NonceSize..^TagSize], body[^TagSize..], plaintext, context);
        }
        catch (CryptographicException e)
        {
            throw new ProtectedDataException($"The sealed {what} failed its integrity check (altered, or sealed for another record).", e);
        }
        return plaintext;
    }

    private static byte[] KeyContext(Guid personId) => personId.ToByteArray();

    private static byte[] IdentityContext(Guid personId) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"person:{personId:D}:v1"));

    private static byte[] ScreeningNotesContext(Guid screeningId) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"screening:{screeningId:D}:notes:v1"));

    private static byte[] TextContext(string recordType, Guid recordId, string field) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{recordType}:{recordId:D}:{field}:v1"));

    private static byte[] NarrativeContext(Guid caseId) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"case:{caseId:D}:narrative:v1"));
}
