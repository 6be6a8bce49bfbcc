using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.Transnational;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ariadne.Tests.Referral;

public sealed class ReferralPackageTests : IDisposable
{
    private readonly ECDsa _sender = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _sender.Dispose();
        _stranger.Dispose();
    }

    private static ReferralPackageContent Content(bool child = false, IReadOnlyList<PackageConsent>? consents = null) => new(
        Guid.Parse("0195f0c2-7a3e-7000-8000-000000000001"),
        new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
        "Synthetic NGO Berlin", "DE", "Synthetic Shelter Bucharest", "RO",
        "C-7K3M-9QX2", new DateOnly(2026, 8, 27), "ngo", "female", "adult", child, ["RO"], ["sexual-exploitation"], "DE", "actual", "move-on",
        [new PackageDecision("rg-positive", "recovery", new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.Zero), "possible"),
         new PackageDecision("cg-positive", "move-on", new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero), "actual")],
        ["safe-accommodation", "return-reintegration"],
        consents ?? [new PackageConsent("Referral", new DateOnly(2026, 11, 18), "Written", "Synthetic Shelter Bucharest", null)]);

    private Dictionary<string, byte[]> Trusting(ECDsa key) => new() { [ReferralPackage.KeyId(key)] = key.ExportSubjectPublicKeyInfo() };

    private static string? Code(Result<VerifiedPackage> result) => result.Problem?.Refusals[0].Code;

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string part) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(part));

    /// <summary>The package with one of its three parts replaced.</summary>
    private static string With(string package, int part, string value)
    {
        var parts = package.Split('.');
        parts[part] = value;
        return string.Join('.', parts);
    }

    /// <summary>A package signed by <paramref name="key"/> over the given header and payload exactly as given.</summary>
    private static string Sign(string header, string payload, ECDsa key)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private string Header(ECDsa key, string alg = "ES256", string typ = ReferralPackage.Type) =>
        $$"""{"alg":"{{alg}}","kid":"{{ReferralPackage.KeyId(key)}}","typ":"{{typ}}"}""";

    [Fact]
    public void Import_PackageSignedByATrustedKey_ReturnsTheSameContent()
    {
        var package = ReferralPackage.Export(Content(), _sender);

        var result = ReferralPackage.Import(package, Trusting(_sender));

        Assert.True(result.Succeeded, result.Problem?.ToString());
        Assert.Equal(ReferralPackage.KeyId(_sender), result.Value!.KeyId);
        var content = result.Value.Content;
        Assert.Equal("C-7K3M-9QX2", content.CaseReference);
        Assert.Equal(["rg-positive", "cg-positive"], content.Decisions.Select(d => d.Transition));
        Assert.Equal(new DateOnly(2026, 11, 18), Assert.Single(content.ConsentEvidence).GivenOn);
        Assert.Equal(["safe-accommodation", "return-reintegration"], content.ServicesRequested);
    }

    [Fact]
    public void Export_IsACompactJwsWithTheDocumentedHeader()
    {
        var parts = ReferralPackage.Export(Content(), _sender).Split('.');

        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.DoesNotMatch("[^A-Za-z0-9_-]", p));
        Assert.Equal(Header(_sender), Decode(parts[0]));
        Assert.Equal("C-7K3M-9QX2", JsonNode.Parse(Decode(parts[1]))!["caseReference"]!.GetValue<string>());
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);
    }

    /// <summary>A partner's stock JOSE library verifies a package with nothing but the sender's public key.</summary>
    [Fact]
    public async Task Export_VerifiesWithAStockJwsLibraryAndThePartnersPublicKey()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        using var partnerCopy = ECDsa.Create();
        partnerCopy.ImportSubjectPublicKeyInfo(_sender.ExportSubjectPublicKeyInfo(), out _);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(package, StockParameters(partnerCopy));

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal((ReferralPackage.Algorithm, ReferralPackage.KeyId(_sender), ReferralPackage.Type), (token.Alg, token.Kid, token.Typ));
        Assert.Equal("C-7K3M-9QX2", token.GetPayloadValue<string>("caseReference"));
    }

    /// <summary>The same stock verifier refuses what <see cref="ReferralPackage.Import"/> refuses: the format is the standard, not ours.</summary>
    [Fact]
    public async Task Tampered_IsRefusedByTheStockVerifierToo()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        var forged = With(package, 1, Encode(Decode(package.Split('.')[1]).Replace("\"move-on\"", "\"closed\"", StringComparison.Ordinal)));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(forged, StockParameters(_sender));

        Assert.False(result.IsValid);
    }

    private static TokenValidationParameters StockParameters(ECDsa publicKey) => new()
    {
        IssuerSigningKey = new ECDsaSecurityKey(publicKey) { KeyId = ReferralPackage.KeyId(publicKey) },
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = [ReferralPackage.Type],
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = false,
        RequireExpirationTime = false,
    };

    [Fact]
    public void Import_ContentChangedAfterSigning_RefusedAsTampered()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        var payload = Decode(package.Split('.')[1]);
        var forged = payload.Replace("\"move-on\"", "\"closed\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, forged);

        var result = ReferralPackage.Import(With(package, 1, Encode(forged)), Trusting(_sender));

        Assert.Equal(nameof(PackageError.BadSignature), Code(result));
        Assert.Null(result.Value);
        Assert.Contains("changed after it was signed", result.Problem!.Detail);
    }

    [Fact]
    public void Import_OneByteOfThePayloadChanged_Refused()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        var payload = Base64Url.DecodeFromChars(package.Split('.')[1]);
        payload[10] ^= 0x01;

        Assert.Equal(nameof(PackageError.BadSignature), Code(ReferralPackage.Import(With(package, 1, Base64Url.EncodeToString(payload)), Trusting(_sender))));
    }

    [Fact]
    public void Import_SignatureWithOneBitFlipped_Refused()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        var signature = Base64Url.DecodeFromChars(package.Split('.')[2]);
        signature[5] ^= 0x01;

        Assert.Equal(nameof(PackageError.BadSignature), Code(ReferralPackage.Import(With(package, 2, Base64Url.EncodeToString(signature)), Trusting(_sender))));
    }

    [Fact]
    public void Import_HeaderKidChangedToAnotherTrustedKey_Refused()
    {
        // The stranger is trusted too, but the sender signed: naming the stranger's key in the header does not verify.
        var package = ReferralPackage.Export(Content(), _sender);
        var trusted = new Dictionary<string, byte[]>(Trusting(_sender)) { [ReferralPackage.KeyId(_stranger)] = _stranger.ExportSubjectPublicKeyInfo() };

        var result = ReferralPackage.Import(With(package, 0, Encode(Header(_stranger))), trusted);

        Assert.Equal(nameof(PackageError.BadSignature), Code(result));
    }

    [Fact]
    public void Import_AlgNoneWithoutSignature_RefusedAsUnsigned()
    {
        var package = ReferralPackage.Export(Content(), _sender);
        var unsigned = With(With(package, 0, Encode(Header(_sender, alg: "none"))), 2, "");

        var result = ReferralPackage.Import(unsigned, Trusting(_sender));

        Assert.Equal(nameof(PackageError.Unsigned), Code(result));
        Assert.Equal("The package is not signed; an unsigned referral cannot be imported.", result.Problem!.Detail);
    }

    [Fact]
    public void Import_EmptySignature_RefusedAsUnsigned() =>
        Assert.Equal(nameof(PackageError.Unsigned), Code(ReferralPackage.Import(With(ReferralPackage.Export(Content(), _sender), 2, ""), Trusting(_sender))));

    /// <summary>The classic key confusion: HS256 with the public key as the HMAC secret. Refused for its algorithm before any key is used.</summary>
    [Fact]
    public void Import_Hs256WithThePublicKeyAsSecret_Refused()
    {
        var header = Encode(Header(_sender, alg: "HS256"));
        var payload = ReferralPackage.Export(Content(), _sender).Split('.')[1];
        var mac = HMACSHA256.HashData(_sender.ExportSubjectPublicKeyInfo(), Encoding.ASCII.GetBytes(header + "." + payload));

        var result = ReferralPackage.Import(header + "." + payload + "." + Base64Url.EncodeToString(mac), Trusting(_sender));

        Assert.Equal(nameof(PackageError.UnsupportedFormat), Code(result));
        Assert.Contains("algorithm 'HS256' is not supported", result.Problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_AnotherType_Refused() =>
        Assert.Equal(nameof(PackageError.UnsupportedFormat),
            Code(ReferralPackage.Import(Sign(Header(_sender, typ: "JWT"), System.Text.Json.JsonSerializer.Serialize(Content(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)), _sender), Trusting(_sender))));

    [Fact]
    public void Import_SignedByAnUntrustedKey_RefusedNamingItsFingerprint()
    {
        var package = ReferralPackage.Export(Content(), _stranger);

        var result = ReferralPackage.Import(package, Trusting(_sender));

        Assert.Equal(nameof(PackageError.UntrustedKey), Code(result));
        Assert.Contains(ReferralPackage.KeyId(_stranger), result.Problem!.Detail);
    }

    [Fact]
    public void Import_ContentResignedByAnotherKeyButNamingTheTrustedKey_Refused()
    {
        // An attacker signs forged content with their own key but names the trusted key in the header.
        var forged = Sign(Header(_sender), System.Text.Json.JsonSerializer.Serialize(Content() with { TraffickingStatus = "not-a-victim" },
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)), _stranger);

        Assert.Equal(nameof(PackageError.BadSignature), Code(ReferralPackage.Import(forged, Trusting(_sender))));
    }

    [Fact]
    public void Import_AdultWithoutConsentEvidence_Refused() =>
        Assert.Equal(nameof(PackageError.MissingConsentEvidence),
            Code(ReferralPackage.Import(ReferralPackage.Export(Content(consents: []), _sender), Trusting(_sender))));

    [Fact]
    public void Import_ChildWithoutConsentEvidence_Accepted() =>
        Assert.True(ReferralPackage.Import(ReferralPackage.Export(Content(child: true, consents: []), _sender), Trusting(_sender)).Succeeded);

    [Theory]
    [InlineData("{ not json", nameof(PackageError.Malformed))]
    [InlineData("{}", nameof(PackageError.Malformed))]
    [InlineData("a.b", nameof(PackageError.Malformed))]
    [InlineData("***.e30.AAAA", nameof(PackageError.Malformed))]
    [InlineData("e30.e30.AAAA", nameof(PackageError.UnsupportedFormat))]
    [InlineData("eyJhbGciOiJFUzI1NiIsInR5cCI6Im90aGVyIn0.e30.AAAA", nameof(PackageError.UnsupportedFormat))]
    public void Import_MalformedOrForeign_Refused(string package, string expected) =>
        Assert.Equal(expected, Code(ReferralPackage.Import(package, Trusting(_sender))));

    [Fact]
    public void Import_CriticalHeaderExtension_Refused() =>
        Assert.Equal(nameof(PackageError.UnsupportedFormat), Code(ReferralPackage.Import(
            Sign($$"""{"alg":"ES256","kid":"{{ReferralPackage.KeyId(_sender)}}","typ":"{{ReferralPackage.Type}}","crit":["b64"],"b64":false}""", "{}", _sender), Trusting(_sender))));

    [Fact]
    public void Export_WithAKeyOtherThanP256_Refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => ReferralPackage.Export(Content(), p384));
    }

    /// <summary>
    /// A header parameter given twice: parsers differ on which one they take, so the key or algorithm one reader checks
    /// could differ from another's. Refused whichever comes first.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Import_HeaderWithTwoKidParameters_RefusedNamingTheParameter(bool forgedFirst)
    {
        var kid = ReferralPackage.KeyId(_sender);
        var header = forgedFirst
            ? $$"""{"kid":"{{ReferralPackage.KeyId(_stranger)}}","alg":"ES256","kid":"{{kid}}","typ":"{{ReferralPackage.Type}}"}"""
            : $$"""{"alg":"ES256","kid":"{{kid}}","typ":"{{ReferralPackage.Type}}","KID":"{{ReferralPackage.KeyId(_stranger)}}"}""";

        var result = ReferralPackage.Import(Sign(header, "{}", _sender), Trusting(_sender));

        Assert.Equal(nameof(PackageError.Malformed), Code(result));
        Assert.Null(result.Value);
        Assert.Contains("kid' more than once", result.Problem!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Import_SignedContentWithADuplicateNestedProperty_Refused()
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(Content(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var marker = "\"transition\":\"rg-positive\"";
        Assert.Contains(marker, payload);

        var result = ReferralPackage.Import(Sign(Header(_sender), payload.Replace(marker, marker + ",\"transition\":\"cg-negative\"", StringComparison.Ordinal), _sender),
            Trusting(_sender));

        Assert.Equal(nameof(PackageError.Malformed), Code(result));
        Assert.Contains("$.decisions[0].transition", result.Problem!.Detail, StringComparison.Ordinal);
    }
}
