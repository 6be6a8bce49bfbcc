using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Tests.Audit;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Referral;

/// <summary>
/// <c>ariadne referral signing-key|partners|package</c> between two installations (two databases, two master key rings):
/// keys are exchanged as PEM files, a package is exported in Berlin and imported in Bucharest, and every refusal exits 2
/// with its reason and stores nothing.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class TransnationalCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ariadne-trm-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeysPartnersExportImport_BetweenTwoInstallations(DatabaseProvider provider)
    {
        await using var berlin = await TestDatabase.CreateAsync(provider);
        await using var bucharest = await TestDatabase.CreateAsync(provider);
        string caseCode;
        await using (var db = berlin.NewContext())
        {
            var ngo = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic NGO Berlin", Type = "ngo" };
            db.AddRange(ngo, new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Police Berlin", Type = "police", CountryCode = "DE" });
            var entity = CaseService.NewCase(CaseApiTests.ValidInput("C-TRM-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()), ngo.Id, DateTime.UtcNow, TestKeys.Vault());
            db.Add(entity);
            await db.SaveChangesAsync(Token);
            caseCode = entity.CaseCode;
        }
        await using (var db = bucharest.NewContext())
        {
            db.Add(new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Shelter Bucharest", Type = "shelter", CountryCode = "RO" });
            await db.SaveChangesAsync(Token);
        }
        var (a, b) = (berlin.Options.ConnectionString, bucharest.Options.ConnectionString);
        Task<(int Exit, string Output, string Error)> InBerlin(params string[] args) => CliRunner.RunWithKeysAsync(TestKeys.EntryA, [.. args, "--database", a]);
        Task<(int Exit, string Output, string Error)> InBucharest(params string[] args) => CliRunner.RunWithKeysAsync(TestKeys.EntryB, [.. args, "--database", b]);

        // Each side creates its key and writes the public half; each registers the other's.
        Assert.Equal("ariadne: --organisation: no organisation 'Nobody'.", (await InBerlin("referral", "signing-key", "--organisation", "Nobody")).Error.Trim());
        Assert.Contains("(no country recorded: set it with --country", (await InBerlin("referral", "signing-key", "--organisation", "Synthetic NGO Berlin")).Output,
            StringComparison.Ordinal);
        Assert.Equal("ariadne: --country: 'XX' is not an ISO 3166-1 alpha-2 country code.", (await InBerlin("referral", "signing-key", "--country", "XX")).Error.Trim());
        var berlinKey = await InBerlin("referral", "signing-key", "--organisation", "synthetic ngo berlin", "--country", "de", "--out", PathOf("berlin.pem"));
        Assert.True(berlinKey.Exit == 0, berlinKey.Error);
        Assert.StartsWith("Organisation: Synthetic NGO Berlin (DE)", berlinKey.Output, StringComparison.Ordinal);
        var fingerprint = System.Text.RegularExpressions.Regex.Match(berlinKey.Output, "Fingerprint \\(SHA-256\\): ([0-9a-f]{64})").Groups[1].Value;
        Assert.NotEmpty(fingerprint);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync(PathOf("berlin.pem"), Token), StringComparison.Ordinal);
        Assert.Equal(0, (await InBucharest("referral", "signing-key", "--out", PathOf("bucharest.pem"))).Exit);
        await File.WriteAllTextAsync(PathOf("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n", Token);
        var garbage = await InBerlin("referral", "partners", "add", "Synthetic Shelter Bucharest", PathOf("garbage.pem"), "--country", "RO");
        Assert.Equal(2, garbage.Exit);
        Assert.StartsWith("ariadne: public-key-file:", garbage.Error, StringComparison.Ordinal);
        Assert.Contains("--country: 'XX'", (await InBerlin("referral", "partners", "add", "Synthetic Shelter Bucharest", PathOf("bucharest.pem"), "--country", "XX")).Error,
            StringComparison.Ordinal);
        var added = await InBerlin("referral", "partners", "add", "Synthetic Shelter Bucharest", PathOf("bucharest.pem"), "--country", "RO", "--type", "shelter");
        Assert.True(added.Exit == 0, added.Error);
        Assert.Equal(0, (await InBucharest("referral", "partners", "add", "Synthetic NGO Berlin", PathOf("berlin.pem"), "--country", "DE")).Exit);
        var partners = await InBucharest("referral", "partners", "list");
        Assert.Contains($"{fingerprint}\tSynthetic NGO Berlin\tDE\t", partners.Output, StringComparison.Ordinal);
        Assert.Contains("\tactive", partners.Output, StringComparison.Ordinal);

        // Without the person's consent to this partner the package is not made; with it, it is.
        var package = PathOf("package.jws");
        var refused = await InBerlin("referral", "package", "export", caseCode, "--to", "Synthetic Shelter Bucharest", "--service", "safe-accommodation", "--out", package);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("no active consent to the referral to 'Synthetic Shelter Bucharest'", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(package));
        await using (var db = berlin.NewContext())
        {
            var caseId = await db.Cases.Where(c => c.CaseCode == caseCode).Select(c => c.Id).SingleAsync(Token);
            var shelter = await db.Organisations.Where(o => o.Name == "Synthetic Shelter Bucharest").Select(o => o.Id).SingleAsync(Token);
            db.Add(new ConsentRecord
            {
                Id = Guid.NewGuid(),
                CaseId = caseId,
                Purpose = ConsentPurpose.Referral,
                RecipientOrganisationId = shelter,
                GivenOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
                Method = ConsentMethod.Written,
                RecordedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(Token);
        }
        Assert.Contains("--service: 'teleportation'",
            (await InBerlin("referral", "package", "export", caseCode, "--to", "Synthetic Shelter Bucharest", "--service", "teleportation", "--out", package)).Error, StringComparison.Ordinal);
        var exported = await InBerlin("referral", "package", "export", caseCode, "--to", "Synthetic Shelter Bucharest", "--service", "safe-accommodation,medical", "--out", package);
        Assert.True(exported.Exit == 0, exported.Error);
        if (!OperatingSystem.IsWindows())
        {
            // A package is case data: owner-only, not the umask's world-readable 0644.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(package));
        }

        // The sender cannot import its own package: its own key is not a partner's.
        Assert.Contains("refused (UntrustedKey)", (await InBerlin("referral", "package", "import", package)).Error, StringComparison.Ordinal);

        var tampered = PathOf("tampered.jws");
        var original = await File.ReadAllTextAsync(package, Token);
        var content = JwsParts.Payload(original);
        await File.WriteAllTextAsync(tampered, JwsParts.WithPayload(original, content.Replace("\"medical\"", "\"legal-aid\"", StringComparison.Ordinal)), Token);
        var forged = await InBucharest("referral", "package", "import", tampered);
        Assert.Equal(2, forged.Exit);
        Assert.Contains("refused (BadSignature): The signature does not match the content", forged.Error, StringComparison.Ordinal);

        var imported = await InBucharest("referral", "package", "import", package);
        Assert.True(imported.Exit == 0, imported.Error);
        Assert.Contains($"Signature verified. Signed by Synthetic NGO Berlin (DE), key {fingerprint}.", imported.Output, StringComparison.Ordinal);
        Assert.Contains($"(sender's reference {caseCode})", imported.Output, StringComparison.Ordinal);
        var again = await InBucharest("referral", "package", "import", package);
        Assert.Equal(2, again.Exit);
        Assert.Contains("refused (AlreadyImported)", again.Error, StringComparison.Ordinal);

        var list = await InBucharest("referral", "package", "list", "--json");
        var received = Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        Assert.Equal(["safe-accommodation", "medical"], received.GetProperty("content").GetProperty("servicesRequested").EnumerateArray().Select(s => s.GetString()));
        await using (var db = bucharest.NewContext())
        {
            var opened = await db.Cases.Include(c => c.Person).SingleAsync(Token);
            Assert.Equal(received.GetProperty("caseCode").GetString(), opened.CaseCode);
            Assert.Equal(("female", "possible"), (opened.Person.Sex, opened.TraffickingStatus));
            Assert.Equal(1, await db.Set<ReceivedReferralPackage>().CountAsync(Token));
        }

        // A revoked key verifies nothing from then on.
        Assert.Equal(1, (await InBucharest("referral", "partners", "revoke", new string('0', 64))).Exit);
        Assert.Equal(0, (await InBucharest("referral", "partners", "revoke", fingerprint, "--reason", "Key reported lost.")).Exit);
        Assert.Equal(0, (await InBerlin("referral", "package", "export", caseCode, "--to", "Synthetic Shelter Bucharest", "--service", "medical", "--out", package)).Exit);
        Assert.Contains("refused (UntrustedKey)", (await InBucharest("referral", "package", "import", package)).Error, StringComparison.Ordinal);
        await using (var db = bucharest.NewContext())
        {
            Assert.Equal(1, await db.Cases.CountAsync(Token));
        }
    }
}
