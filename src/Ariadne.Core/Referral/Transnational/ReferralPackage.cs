using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Core.Referral.Transnational;

/// <summary>A decision in the sending country, as carried in a transnational referral package.</summary>
public sealed record PackageDecision(string Transition, string ToState, DateTimeOffset At, string? TraffickingStatus);

/// <summary>The evidence of one consent: purpose, date, method and (for a referral) the organisation named. Never the person's name.</summary>
public sealed record PackageConsent(string Purpose, DateOnly GivenOn, string Method, string? RecipientOrganisation, DateOnly? WithdrawnOn);

/// <summary>
/// The minimal data set of a transnational referral (ICMPD TRM stage "return and social inclusion", OSCE/ODIHR
/// handbook): codes and dates only, no names, no narrative. The receiving organisation sees only what is here.
/// </summary>
public sealed record ReferralPackageContent(
    Guid PackageId,
    DateTimeOffset CreatedAt,
    string SendingOrganisation,
    string SendingCountry,
    string ReceivingOrganisation,
    string ReceivingCountry,
    string CaseReference,
    DateOnly IdentificationDate,
    string DetectingOrganisationType,
    string? Sex,
    string AgeGroup,
    bool IsChild,
    IReadOnlyList<string> Citizenships,
    IReadOnlyList<string> ExploitationForms,
    string? CountryOfExploitation,
    string TraffickingStatus,
    string LifecycleState,
    IReadOnlyList<PackageDecision> Decisions,
    IReadOnlyList<string> ServicesRequested,
    IReadOnlyList<PackageConsent> ConsentEvidence);

/// <summary>Why a package was refused on import.</summary>
public enum PackageError
{
    Malformed,
    UnsupportedFormat,
    Unsigned,
    UntrustedKey,
    BadSignature,
    MissingConsentEvidence,

    /// <summary>Signed by a partner's key, but the content names another sending organisation.</summary>
    SenderMismatch,

    /// <summary>Addressed to an organisation that is not here, or not the importing user's.</summary>
    NotAddressedHere,

    /// <summary>A package with the same id was imported before.</summary>
    AlreadyImported,

    /// <summary>The verified content does not make a valid case here (e.g. a code this installation does not know).</summary>
    InvalidContent,
}

/// <summary>A verified package, or why it was refused (with a message for the operator).</summary>
public sealed record PackageImport(ReferralPackageContent? Content, PackageError? Error, string Message, string? KeyId)
{
    public bool Verified => Content is not null;
}

/// <summary>
/// Signs and verifies transnational referral packages (pure: keys are passed in). The content is serialised once to
/// UTF-8 JSON and carried base64-encoded, so the signed bytes are exactly the bytes verified: no canonicalisation.
/// The signature is ECDSA P-256 with SHA-256 (IEEE P1363, "ES256") by the sending organisation's key; the receiver
/// accepts only keys it trusts, identified by the SHA-256 fingerprint of their SubjectPublicKeyInfo.
/// </summary>
public static class ReferralPackage
{
    public const string Format = "ariadne-referral-package/1";
    public const string Algorithm = "ES256";

    /// <summary>The media type a package is served with.</summary>
    public const string MediaType = "application/json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    // For reading packages from outside: a property given twice fails (a second line of defence behind DuplicateProperty).
    private static readonly JsonSerializerOptions StrictJsonOptions = new(JsonOptions) { AllowDuplicateProperties = false };

    /// <summary>The fingerprint that identifies a public key: lower-case hex SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string KeyId(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    public static string KeyId(ECDsa key) => KeyId(key.ExportSubjectPublicKeyInfo());

    /// <summary>Signs <paramref name="content"/> with the sending organisation's private key and returns the package as JSON.</summary>
    public static string Export(ReferralPackageContent content, ECDsa signingKey)
    {
        if (signingKey.KeySize != 256)
        {
            throw new ArgumentException("The signing key must be an ECDSA P-256 key.", nameof(signingKey));
        }
        var payload = JsonSerializer.SerializeToUtf8Bytes(content, JsonOptions);
        var publicKey = signingKey.ExportSubjectPublicKeyInfo();
        var envelope = new Envelope(Format, Algorithm, KeyId(publicKey), Convert.ToBase64String(publicKey), Convert.ToBase64String(payload),
            Convert.ToBase64String(signingKey.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        return JsonSerializer.Serialize(envelope, JsonOptions);
    }

    /// <summary>
    /// Verifies a package against the receiver's trusted keys (key id → SubjectPublicKeyInfo) and returns its content,
    /// or refuses it: malformed, another format, unsigned, signed by a key not trusted, a signature that does not
    /// match the content (tampering), or an adult's referral without consent evidence.
    /// </summary>
    public static PackageImport Import(string json, IReadOnlyDictionary<string, byte[]> trustedKeys)
    {
        Envelope? envelope;
        try
        {
            // A property given twice is refused: which of the two a reader takes differs between parsers, so a second
            // "content" beside the signed one could show a person something else than what was verified.
            if (DuplicateProperty(json) is { } duplicate)
            {
                return Refuse(PackageError.Malformed, $"The package has the property '{duplicate}' more than once.");
            }
            envelope = JsonSerializer.Deserialize<Envelope>(json, StrictJsonOptions);
        }
        catch (JsonException)
        {
            return Refuse(PackageError.Malformed, "The package is not valid JSON.");
        }
        if (envelope is null || envelope.Content is null)
        {
            return Refuse(PackageError.Malformed, "The package has no content.");
        }
        if (envelope.Format != Format || envelope.Algorithm != Algorithm)
        {
            return Refuse(PackageError.UnsupportedFormat, $"Format '{envelope.Format}' with algorithm '{envelope.Algorithm}' is not supported; expected '{Format}' with '{Algorithm}'.");
        }
        if (string.IsNullOrEmpty(envelope.Signature) || string.IsNullOrEmpty(envelope.PublicKey))
        {
            return Refuse(PackageError.Unsigned, "The package is not signed; an unsigned referral cannot be imported.");
        }
        byte[] payload, signature, carriedKey;
        try
        {
            payload = Convert.FromBase64String(envelope.Content);
            signature = Convert.FromBase64String(envelope.Signature);
            carriedKey = Convert.FromBase64String(envelope.PublicKey);
        }
        catch (FormatException)
        {
            return Refuse(PackageError.Malformed, "The content, signature or key is not valid base64.");
        }
        var keyId = KeyId(carriedKey);
        if (!trustedKeys.TryGetValue(keyId, out var trusted) || !CryptographicOperations.FixedTimeEquals(trusted, carriedKey))
        {
            return Refuse(PackageError.UntrustedKey, $"The package is signed by key {keyId}, which this installation does not trust. Compare the fingerprint with the sender before adding it.", keyId);
        }
        using (var verifier = ECDsa.Create())
        {
            try
            {
                verifier.ImportSubjectPublicKeyInfo(trusted, out _);
            }
            catch (CryptographicException)
            {
                return Refuse(PackageError.UntrustedKey, $"Trusted key {keyId} is not an ECDSA public key.", keyId);
            }
            if (!verifier.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return Refuse(PackageError.BadSignature, "The signature does not match the content: the package was changed after it was signed.", keyId);
            }
        }
        ReferralPackageContent? content;
        try
        {
            if (DuplicateProperty(Encoding.UTF8.GetString(payload)) is { } duplicate)
            {
                return Refuse(PackageError.Malformed, $"The signed content has the property '{duplicate}' more than once.", keyId);
            }
            content = JsonSerializer.Deserialize<ReferralPackageContent>(payload, StrictJsonOptions);
        }
        catch (JsonException)
        {
            content = null;
        }
        if (content is null)
        {
            return Refuse(PackageError.Malformed, "The signed content is not a referral.", keyId);
        }
        if (!content.IsChild && !content.ConsentEvidence.Any(c => c.Purpose == "Referral" && c.WithdrawnOn is null))
        {
            return Refuse(PackageError.MissingConsentEvidence, "The package refers an adult without evidence of consent to the referral.", keyId);
        }
        return new PackageImport(content, null, "Signature verified.", keyId);
    }

    /// <summary>
    /// The content of a package that was verified when it was imported (and stored as received), without verifying it
    /// again: the key that verified it may since have been revoked. Never call this on a package not yet verified.
    /// </summary>
    public static ReferralPackageContent ContentOfVerified(string json)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(json, JsonOptions) ?? throw new FormatException("The stored package has no envelope.");
        return JsonSerializer.Deserialize<ReferralPackageContent>(Convert.FromBase64String(envelope.Content ?? ""), JsonOptions)
            ?? throw new FormatException("The stored package has no content.");
    }

    /// <summary>
    /// The path of the first property named twice in one object, at any depth (names compared as the case-insensitive
    /// web options match them, so "content" and "Content" are the same), or null.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    internal static string? DuplicateProperty(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DuplicateProperty(document.RootElement, "$");
    }

    private static string? DuplicateProperty(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path + "." + property.Name;
                    if (!names.Add(property.Name))
                    {
                        return at;
                    }
                    if (DuplicateProperty(property.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (DuplicateProperty(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static PackageImport Refuse(PackageError error, string message, string? keyId = null) => new(null, error, message, keyId);

    private sealed record Envelope(string? Format, string? Algorithm, string? KeyId, string? PublicKey, string? Content, string? Signature);
}
