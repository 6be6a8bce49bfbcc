using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Common;

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

/// <summary>A package whose signature was verified: its content and the fingerprint of the trusted key that signed it.</summary>
public sealed record VerifiedPackage(ReferralPackageContent Content, string KeyId);

/// <summary>
/// Signs and verifies transnational referral packages (pure: keys are passed in). A package is a JWS in compact
/// serialisation (RFC 7515): <c>BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)</c>, with the
/// protected header <c>{"alg":"ES256","kid":…,"typ":"ariadne-referral+jws"}</c>, the content serialised once to UTF-8
/// JSON as the payload (the signed bytes are exactly the bytes verified: no canonicalisation), and an ECDSA P-256
/// SHA-256 signature in the JWS form (R || S, 64 bytes) by the sending organisation's key. <c>kid</c> is the lower-case
/// hex SHA-256 fingerprint of the key's SubjectPublicKeyInfo, the value partners compare by telephone; the receiver
/// accepts only keys it registered, so any JOSE library verifies a package with the partner's public key.
/// </summary>
/// <remarks>
/// Written on <see cref="System.Security.Cryptography"/> rather than a JWT library: a package is a JWS, not a JWT
/// (no <c>exp</c>/<c>iat</c>/<c>iss</c>, its own <c>typ</c>), and every refusal must name its cause (unsigned, untrusted
/// key, tampered, malformed) in words an operator can act on. Tests verify packages with
/// <c>Microsoft.IdentityModel.JsonWebTokens</c> as an independent stock verifier.
/// </remarks>
public static class ReferralPackage
{
    /// <summary>The JWS <c>typ</c> header of a referral package (RFC 7515 §4.1.9; media type <c>application/ariadne-referral+jws</c>).</summary>
    public const string Type = "ariadne-referral+jws";

    public const string Algorithm = "ES256";

    /// <summary>The media type a package is served with: a JWS in compact serialisation (RFC 7515 §9.2.1).</summary>
    public const string MediaType = "application/jose";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    // The header holds only the algorithm, a hex fingerprint and the type: written without escaping '+' (as \u002B),
    // so that it reads as the documented text in any tool.
    private static readonly JsonSerializerOptions HeaderOptions = new(JsonOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // For reading packages from outside: a property given twice fails (a second line of defence behind DuplicateProperty).
    private static readonly JsonSerializerOptions StrictJsonOptions = new(JsonOptions) { AllowDuplicateProperties = false };

    /// <summary>The fingerprint that identifies a public key: lower-case hex SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string KeyId(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    public static string KeyId(ECDsa key) => KeyId(key.ExportSubjectPublicKeyInfo());

    /// <summary>Signs <paramref name="content"/> with the sending organisation's private key and returns the compact JWS.</summary>
    public static string Export(ReferralPackageContent content, ECDsa signingKey)
    {
        if (signingKey.KeySize != 256)
        {
            throw new ArgumentException("The signing key must be an ECDSA P-256 key.", nameof(signingKey));
        }
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Algorithm, KeyId(signingKey), Type), HeaderOptions);
        var payload = JsonSerializer.SerializeToUtf8Bytes(content, JsonOptions);
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Verifies a package against the receiver's trusted keys (key id → SubjectPublicKeyInfo) and returns its content,
    /// or refuses it (<see cref="Problem.Refused(string, string, string[])"/> with the <see cref="PackageError"/> name as
    /// code and the key id, when known, as argument): not a compact JWS, another type or algorithm (<c>none</c> is
    /// unsigned), signed by a key not trusted, a signature that does not match (tampering), or an adult's referral
    /// without consent evidence.
    /// </summary>
    public static Result<VerifiedPackage> Import(string package, IReadOnlyDictionary<string, byte[]> trustedKeys)
    {
        var parts = package.Trim().Split('.');
        if (parts.Length != 3)
        {
            return Refuse(PackageError.Malformed, "The package is not a JWS in compact serialisation (header.payload.signature).");
        }
        Header? header;
        byte[] payload, signature;
        try
        {
            var headerJson = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
            payload = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
            // A header parameter given twice is refused: which of the two a reader takes differs between parsers.
            if (DuplicateProperty(headerJson) is { } duplicate)
            {
                return Refuse(PackageError.Malformed, $"The package header has the parameter '{duplicate}' more than once.");
            }
            header = JsonSerializer.Deserialize<Header>(headerJson, StrictJsonOptions);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return Refuse(PackageError.Malformed, "The header, payload or signature is not valid base64url, or the header is not JSON.");
        }
        if (header is null)
        {
            return Refuse(PackageError.Malformed, "The package has no header.");
        }
        if (string.Equals(header.Alg, "none", StringComparison.OrdinalIgnoreCase) || signature.Length == 0)
        {
            return Refuse(PackageError.Unsigned, "The package is not signed; an unsigned referral cannot be imported.");
        }
        if (header.Typ != Type || header.Alg != Algorithm || header.Crit is not null)
        {
            return Refuse(PackageError.UnsupportedFormat,
                $"Type '{header.Typ}' with algorithm '{header.Alg}'{(header.Crit is null ? "" : " and critical extensions")} is not supported; expected '{Type}' with '{Algorithm}'.");
        }
        var keyId = header.Kid?.Trim().ToLowerInvariant() ?? "";
        if (!trustedKeys.TryGetValue(keyId, out var trusted))
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
            var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (verifier.KeySize != 256 || signature.Length != 64
                || !verifier.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
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
        return new VerifiedPackage(content, keyId);
    }

    /// <summary>
    /// The content of a package that was verified when it was imported (and stored as received), without verifying it
    /// again: the key that verified it may since have been revoked. Never call this on a package not yet verified.
    /// </summary>
    public static ReferralPackageContent ContentOfVerified(string package)
    {
        var parts = package.Trim().Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("The stored package is not a compact JWS.");
        }
        return JsonSerializer.Deserialize<ReferralPackageContent>(Base64Url.DecodeFromChars(parts[1]), JsonOptions)
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

    private static Problem Refuse(PackageError error, string message, string? keyId = null) =>
        Problem.Refused(error.ToString(), message, keyId is null ? [] : [keyId]);

    /// <summary>The JWS protected header; <c>crit</c> is read only to refuse it (no extension is understood).</summary>
    private sealed record Header(
        [property: JsonPropertyName("alg")] string? Alg,
        [property: JsonPropertyName("kid")] string? Kid,
        [property: JsonPropertyName("typ")] string? Typ,
        [property: JsonPropertyName("crit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Crit = null);
}
