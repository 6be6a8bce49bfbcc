using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;

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

    [Fact]
    public void Import_PackageSignedByATrustedKey_ReturnsTheSameContent()
    {
        var json = ReferralPackage.Export(Content(), _sender);

        var result = ReferralPackage.Import(json, Trusting(_sender));

        Assert.True(result.Verified, result.Message);
        Assert.Equal(ReferralPackage.KeyId(_sender), result.KeyId);
        var content = result.Content!;
        Assert.Equal("C-7K3M-9QX2", content.CaseReference);
        Assert.Equal(["rg-positive", "cg-positive"], content.Decisions.Select(d => d.Transition));
        Assert.Equal(new DateOnly(2026, 11, 18), Assert.Single(content.ConsentEvidence).GivenOn);
        Assert.Equal(["safe-accommodation", "return-reintegration"], content.ServicesRequested);
    }

    [Fact]
    public void Import_ContentChangedAfterSigning_RefusedAsTampered()
    {
        var envelope = JsonNode.Parse(ReferralPackage.Export(Content(), _sender))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String((string)envelope["content"]!));
        var forged = payload.Replace("\"move-on\"", "\"closed\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, forged);
        envelope["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged));

        var result = ReferralPackage.Import(envelope.ToJsonString(), Trusting(_sender));

        Assert.Equal(PackageError.BadSignature, result.Error);
        Assert.Null(result.Content);
        Assert.Contains("changed after it was signed", result.Message);
    }

    [Fact]
    public void Import_SignatureWithOneBitFlipped_Refused()
    {
        var envelope = JsonNode.Parse(ReferralPackage.Export(Content(), _sender))!;
        var signature = Convert.FromBase64String((string)envelope["signature"]!);
        signature[5] ^= 0x01;
        envelope["signature"] = Convert.ToBase64String(signature);

        Assert.Equal(PackageError.BadSignature, ReferralPackage.Import(envelope.ToJsonString(), Trusting(_sender)).Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Import_Unsigned_Refused(string? signature)
    {
        var envelope = JsonNode.Parse(ReferralPackage.Export(Content(), _sender))!;
        envelope["signature"] = signature;

        var result = ReferralPackage.Import(envelope.ToJsonString(), Trusting(_sender));

        Assert.Equal(PackageError.Unsigned, result.Error);
        Assert.Equal("The package is not signed; an unsigned referral cannot be imported.", result.Message);
    }

    [Fact]
    public void Import_SignedByAnUntrustedKey_RefusedNamingItsFingerprint()
    {
        var json = ReferralPackage.Export(Content(), _stranger);

        var result = ReferralPackage.Import(json, Trusting(_sender));

        Assert.Equal(PackageError.UntrustedKey, result.Error);
        Assert.Contains(ReferralPackage.KeyId(_stranger), result.Message);
    }

    [Fact]
    public void Import_ContentResignedByAnotherKeyButCarryingTheTrustedKey_Refused()
    {
        // An attacker re-signs forged content with their own key but keeps the trusted public key in the envelope.
        var genuine = JsonNode.Parse(ReferralPackage.Export(Content(), _sender))!;
        var forged = JsonNode.Parse(ReferralPackage.Export(Content() with { TraffickingStatus = "not-a-victim" }, _stranger))!;
        forged["publicKey"] = (string)genuine["publicKey"]!;
        forged["keyId"] = (string)genuine["keyId"]!;

        Assert.Equal(PackageError.BadSignature, ReferralPackage.Import(forged.ToJsonString(), Trusting(_sender)).Error);
    }

    [Fact]
    public void Import_AdultWithoutConsentEvidence_Refused() =>
        Assert.Equal(PackageError.MissingConsentEvidence,
            ReferralPackage.Import(ReferralPackage.Export(Content(consents: []), _sender), Trusting(_sender)).Error);

    [Fact]
    public void Import_ChildWithoutConsentEvidence_Accepted() =>
        Assert.True(ReferralPackage.Import(ReferralPackage.Export(Content(child: true, consents: []), _sender), Trusting(_sender)).Verified);

    [Theory]
    [InlineData("{ not json", PackageError.Malformed)]
    [InlineData("{}", PackageError.Malformed)]
    [InlineData("""{"format":"other/1","algorithm":"ES256","content":"e30="}""", PackageError.UnsupportedFormat)]
    [InlineData("""{"format":"ariadne-referral-package/1","algorithm":"ES256","content":"e30=","publicKey":"AAAA","signature":"***"}""", PackageError.Malformed)]
    public void Import_MalformedOrForeign_Refused(string json, PackageError expected) =>
        Assert.Equal(expected, ReferralPackage.Import(json, Trusting(_sender)).Error);

    [Fact]
    public void Export_WithAKeyOtherThanP256_Refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => ReferralPackage.Export(Content(), p384));
    }

    /// <summary>
    /// A second "content" beside the signed one: System.Text.Json took the last, other parsers take the first, so the
    /// verified bytes and the shown ones could differ. Refused whichever comes first.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Import_EnvelopeWithTwoContentProperties_RefusedNamingTheProperty(bool forgedFirst)
    {
        var json = ReferralPackage.Export(Content(), _sender);
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"caseReference\":\"FORGED\"}"));
        var doubled = forgedFirst
            ? "{\"content\":\"" + forged + "\"," + json[1..]
            : json[..^1] + ",\"Content\":\"" + forged + "\"}";

        var result = ReferralPackage.Import(doubled, Trusting(_sender));

        Assert.Equal(PackageError.Malformed, result.Error);
        Assert.Null(result.Content);
        Assert.Contains("content' more than once", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Import_SignedContentWithADuplicateNestedProperty_Refused()
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(Content(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var marker = "\"transition\":\"rg-positive\"";
        Assert.Contains(marker, payload);
        var bytes = Encoding.UTF8.GetBytes(payload.Replace(marker, marker + ",\"transition\":\"cg-negative\"", StringComparison.Ordinal));
        var publicKey = _sender.ExportSubjectPublicKeyInfo();
        var envelope = new JsonObject
        {
            ["format"] = ReferralPackage.Format,
            ["algorithm"] = ReferralPackage.Algorithm,
            ["keyId"] = ReferralPackage.KeyId(publicKey),
            ["publicKey"] = Convert.ToBase64String(publicKey),
            ["content"] = Convert.ToBase64String(bytes),
            ["signature"] = Convert.ToBase64String(_sender.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };

        var result = ReferralPackage.Import(envelope.ToJsonString(), Trusting(_sender));

        Assert.Equal(PackageError.Malformed, result.Error);
        Assert.Contains("$.decisions[0].transition", result.Message, StringComparison.Ordinal);
    }
}
