using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Referral;

/// <summary>
/// Transnational referral between two installations, each with its own database and master keys: a German NGO sends a
/// signed package to a Romanian shelter, which verifies it and opens a case; tampered, replayed, untrusted, misaddressed
/// and mis-signed packages are refused and store nothing.
/// </summary>
public sealed class TransnationalReferralTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>One installation: its database, vault (own master keys), clock, audit and the two services.</summary>
    private sealed class Installation(TestDatabase database, AppDbContext db, IdentityVault vault, RecordingAuditLog audit) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public AppDbContext Db => db;
        public IdentityVault Vault => vault;
        public RecordingAuditLog Audit => audit;
        public PartnerKeys Keys { get; } = CreateKeys(db, vault, audit);

        public ReferralPackages Service { get; } = Create(db, vault, audit);

        public static async Task<Installation> CreateAsync(DatabaseProvider provider, string masterKeys, params Organisation[] organisations)
        {
            var database = await TestDatabase.CreateAsync(provider);
            var installation = new Installation(database, database.NewContext(), TestKeys.Vault(TestKeys.Ring(masterKeys)), new RecordingAuditLog());
            installation.Db.AddRange(organisations);
            await installation.Db.SaveChangesAsync(Token);
            return installation;
        }

        public static PartnerKeys CreateKeys(AppDbContext db, IdentityVault vault, IAuditLog audit) =>
            new(db, new FakeTimeProvider(Now), audit, vault, CodeListRegistry.Default);

        public static ReferralPackages Create(AppDbContext db, IdentityVault vault, IAuditLog audit)
        {
            var clock = new FakeTimeProvider(Now);
            return new(db, clock, audit, vault, new CaseService(db, clock, CodeListRegistry.Default, vault, audit), CodeListRegistry.Default, CreateKeys(db, vault, audit));
        }

        public async Task<int> CaseCountAsync() => await db.Cases.CountAsync(Token);

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static Organisation Berlin() => new() { Id = Guid.NewGuid(), Name = "Synthetic NGO Berlin", Type = "ngo", CountryCode = "DE" };

    private static Organisation Bucharest() => new() { Id = Guid.NewGuid(), Name = "Synthetic Shelter Bucharest", Type = "shelter", CountryCode = "RO" };

    private static CaseViewer Worker(Organisation organisation) => new(Guid.NewGuid(), organisation.Id, new HashSet<string> { Roles.CaseWorker });

    private static CaseViewer Admin(Organisation organisation) => new(Guid.NewGuid(), organisation.Id, new HashSet<string> { Roles.Administrator });

    /// <summary>The sender (Berlin, master keys A) and the receiver (Bucharest, master keys B), each trusting the other's public key.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        public required Installation Sender { get; init; }
        public required Installation Receiver { get; init; }
        public required Organisation Berlin { get; init; }
        public required Organisation BucharestHere { get; init; }

        /// <summary>The receiving shelter as the sender knows it (registered as a partner there).</summary>
        public Guid BucharestAtSender { get; set; }

        public Guid CaseId { get; set; }

        public static async Task<Pair> CreateAsync(DatabaseProvider provider, bool consent = true)
        {
            var berlin = Berlin();
            var bucharest = Bucharest();
            var pair = new Pair
            {
                Sender = await Installation.CreateAsync(provider, TestKeys.EntryA, berlin),
                Receiver = await Installation.CreateAsync(provider, TestKeys.EntryB, bucharest),
                Berlin = berlin,
                BucharestHere = bucharest,
            };
            var senderKey = (await pair.Sender.Keys.SigningKeyAsync(berlin.Id, create: true, Token))!;
            var receiverKey = (await pair.Receiver.Keys.SigningKeyAsync(bucharest.Id, create: true, Token))!;
            var atSender = await pair.Sender.Keys.AddPartnerAsync(new PartnerInput(bucharest.Name, "RO", "shelter", receiverKey.PublicKeyPem), CaseViewer.LocalOperator, Token);
            var atReceiver = await pair.Receiver.Keys.AddPartnerAsync(new PartnerInput(berlin.Name, "de", null, senderKey.PublicKeyPem), Admin(bucharest), Token);
            Assert.True(atSender.Succeeded, atSender.Problem?.ToString());
            Assert.True(atReceiver.Succeeded, atReceiver.Problem?.ToString());
            pair.BucharestAtSender = atSender.Value!.OrganisationId;

            var entity = CaseService.NewCase(CaseApiTests.ValidInput("C-TRM-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()) with { Narrative = "Syntheticnarrative" },
                berlin.Id, Now.UtcDateTime, pair.Sender.Vault);
            pair.Sender.Db.Add(entity);
            if (consent)
            {
                pair.Sender.Db.Add(new ConsentRecord
                {
                    Id = Guid.NewGuid(),
                    CaseId = entity.Id,
                    Purpose = ConsentPurpose.Referral,
                    RecipientOrganisationId = pair.BucharestAtSender,
                    GivenOn = new DateOnly(2026, 11, 18),
                    Method = ConsentMethod.Written,
                    RecordedAtUtc = Now.UtcDateTime,
                });
            }
            await pair.Sender.Db.SaveChangesAsync(Token);
            pair.CaseId = entity.Id;
            return pair;
        }

        public async Task<string> ExportAsync(params string[] services)
        {
            var result = await Sender.Service.ExportAsync(CaseId, new PackageRequest(BucharestAtSender, services.Length == 0 ? ["safe-accommodation", "return-reintegration"] : services),
                Worker(Berlin), Token);
            Assert.True(result.Succeeded, string.Join("; ", result.Refusals));
            return result.Value!.Json;
        }

        public async ValueTask DisposeAsync()
        {
            await Sender.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportThenImport_OpensACaseWithTheMinimalDataSet_NoIdentity(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider);
        var json = await pair.ExportAsync();

        var outcome = await pair.Receiver.Service.ImportAsync(json, Worker(pair.BucharestHere), Token);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        var received = outcome.Value!;
        Assert.Equal("Synthetic NGO Berlin", received.SendingOrganisation);
        Assert.Equal("DE", received.SendingCountry);
        await using var check = pair.Receiver.Database.NewContext();
        var opened = await check.Cases.Include(c => c.Person).SingleAsync(c => c.Id == received.CaseId, Token);
        Assert.Equal(pair.BucharestHere.Id, opened.OrganisationId);
        Assert.Equal(("female", AgeGroup.Adult, "possible"), (opened.Person.Sex, opened.AgeGroup, opened.TraffickingStatus));
        Assert.Equal(["NG"], opened.Person.Citizenships);
        Assert.Equal(["sexual-exploitation"], opened.Exploitation.Forms);
        Assert.Equal(new DateOnly(2026, 5, 2), opened.IdentificationDate);
        Assert.Null(opened.Person.IdentityCiphertext);
        Assert.Null(opened.NarrativeCiphertext);
        var signed = JwsParts.Payload(json);
        Assert.DoesNotContain("Syntheticnarrative", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("2000-03-01", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Person\"", signed, StringComparison.Ordinal);

        var listed = Assert.Single(await pair.Receiver.Service.ReceivedAsync(Worker(pair.BucharestHere), 10, Token));
        Assert.Equal(opened.CaseCode, listed.CaseCode);
        Assert.Equal(["safe-accommodation", "return-reintegration"], listed.Content.ServicesRequested);
        var evidence = Assert.Single(listed.Content.ConsentEvidence);
        Assert.Equal(("Referral", new DateOnly(2026, 11, 18), "Written"), (evidence.Purpose, evidence.GivenOn, evidence.Method));
        Assert.Empty(await pair.Receiver.Service.ReceivedAsync(Worker(Berlin()), 10, Token));
        Assert.Contains(pair.Receiver.Audit.Records, r => r.Action == AuditActions.ReferralPackageImport && r.Outcome == AuditOutcomes.Success && r.SubjectId == opened.Id.ToString());
        Assert.Contains(pair.Sender.Audit.Records, r => r.Action == AuditActions.ReferralPackageExport && r.Outcome == AuditOutcomes.Success && r.SubjectId == pair.CaseId.ToString());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_TamperedReplayedRevokedOrMisaddressed_RefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider);
        var json = await pair.ExportAsync();
        var shelter = Worker(pair.BucharestHere);

        var content = JwsParts.Payload(json);
        var tampered = await pair.Receiver.Service.ImportAsync(JwsParts.WithPayload(json, content.Replace("\"possible\"", "\"actual\"", StringComparison.Ordinal)), shelter, Token);
        Assert.Equal(nameof(PackageError.BadSignature), tampered.Problem?.Refusals[0].Code);

        Assert.Equal(nameof(PackageError.Unsigned), (await pair.Receiver.Service.ImportAsync(JwsParts.Unsigned(json), shelter, Token)).Problem?.Refusals[0].Code);

        // Addressed to the shelter: another organisation's case worker here may not import it.
        var other = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Police Bucharest", Type = "police", CountryCode = "RO" };
        pair.Receiver.Db.Add(other);
        await pair.Receiver.Db.SaveChangesAsync(Token);
        Assert.Equal(nameof(PackageError.NotAddressedHere), (await pair.Receiver.Service.ImportAsync(json, Worker(other), Token)).Problem?.Refusals[0].Code);
        Assert.Equal(nameof(PackageError.NotAddressedHere), (await pair.Receiver.Service.ImportAsync(json, Admin(pair.BucharestHere), Token)).Problem?.Refusals[0].Code);
        Assert.Equal(0, await pair.Receiver.CaseCountAsync());

        Assert.True((await pair.Receiver.Service.ImportAsync(json, shelter, Token)).Succeeded);
        var replay = await pair.Receiver.Service.ImportAsync(json, shelter, Token);
        Assert.Equal(nameof(PackageError.AlreadyImported), replay.Problem?.Refusals[0].Code);
        Assert.Contains("was imported on 2026-11-20 as case C-", replay.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await pair.Receiver.CaseCountAsync());

        var partner = Assert.Single(await pair.Receiver.Keys.PartnersAsync(Token));
        Assert.True((await pair.Receiver.Keys.RevokePartnerAsync(partner.KeyId, "Key reported lost.", Admin(pair.BucharestHere), Token)).Succeeded);
        var afterRevocation = await pair.Receiver.Service.ImportAsync(await pair.ExportAsync("medical"), shelter, Token);
        Assert.Equal(nameof(PackageError.UntrustedKey), afterRevocation.Problem?.Refusals[0].Code);
        Assert.Equal(1, await pair.Receiver.CaseCountAsync());
        // Tampered, unsigned, two misaddressed, the replay and the revoked key: each refusal audited.
        Assert.Equal(6, pair.Receiver.Audit.Records.Count(r => r.Action == AuditActions.ReferralPackageImport && r.Outcome == AuditOutcomes.Denied));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_SignedByAPartnerButClaimingAnotherSender_Refused(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider);
        // The receiver registered Berlin's key under another name: the content's sender does not match the key's organisation.
        var key = await pair.Receiver.Db.Set<PartnerKey>().SingleAsync(Token);
        var impostor = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Agency Vienna", Type = "ngo", CountryCode = "AT" };
        pair.Receiver.Db.Add(impostor);
        key.OrganisationId = impostor.Id;
        await pair.Receiver.Db.SaveChangesAsync(Token);

        var outcome = await pair.Receiver.Service.ImportAsync(await pair.ExportAsync(), Worker(pair.BucharestHere), Token);

        Assert.Equal(nameof(PackageError.SenderMismatch), outcome.Problem?.Refusals[0].Code);
        Assert.Contains("'Synthetic Agency Vienna' but says it comes from 'Synthetic NGO Berlin'", outcome.Problem?.Detail, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_ConsentPartnerServicesAndAccess_RefusedWithReasons(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider, consent: false);
        var worker = Worker(pair.Berlin);

        var noConsent = await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["medical"]), worker, Token);
        Assert.Equal(ProblemKind.Refused, noConsent.Problem?.Kind);
        Assert.Equal([new Refusal(Refusal.ConsentRequired, ["Synthetic Shelter Bucharest"]).ToString()], noConsent.Refusals.Select(r => r.ToString()));
        Assert.Contains(pair.Sender.Audit.Records, r => r.Action == AuditActions.ReferralPackageExport && r.Outcome == AuditOutcomes.Denied);

        var many = await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.Berlin.Id, ["medical", "teleportation"]), worker, Token);
        Assert.Equal(["NotAPartner(Synthetic NGO Berlin)", "UnknownService(teleportation)", "ConsentRequired(Synthetic NGO Berlin)"], many.Refusals.Select(r => r.ToString()));
        Assert.Equal(["ServiceRequired"], (await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, [" "]), worker, Token))
            .Refusals.Where(r => r.Code != Refusal.ConsentRequired).Select(r => r.ToString()));

        var elsewhere = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic NGO Hamburg", Type = "ngo", CountryCode = "DE" };
        pair.Sender.Db.Add(elsewhere);
        await pair.Sender.Db.SaveChangesAsync(Token);
        Assert.Equal(ProblemKind.NotFound, (await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["medical"]), Worker(elsewhere), Token)).Problem?.Kind);
        var coordinator = new CaseViewer(Guid.NewGuid(), elsewhere.Id, new HashSet<string> { Roles.Coordinator });
        Assert.Equal(ProblemKind.Forbidden, (await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["medical"]), coordinator, Token)).Problem?.Kind);

        var noCountry = await pair.Sender.Db.Organisations.SingleAsync(o => o.Id == pair.Berlin.Id, Token);
        noCountry.CountryCode = null;
        await pair.Sender.Db.SaveChangesAsync(Token);
        Assert.Contains(new Refusal("SendingCountryUnknown", ["Synthetic NGO Berlin"]).ToString(),
            (await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["medical"]), worker, Token)).Refusals.Select(r => r.ToString()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_PresumedChildWithBestInterestDecision_NoConsentNeeded_ImportedAsAChild(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider, consent: false);
        // The age is uncertain; the referral mechanism treats the person as a child (presumption of minority).
        var child = await pair.Sender.Db.Cases.SingleAsync(c => c.Id == pair.CaseId, Token);
        child.AgeGroup = AgeGroup.Unknown;
        pair.Sender.Db.Add(new NrmCase { CaseId = pair.CaseId, OrganisationId = pair.Berlin.Id, Jurisdiction = "generic", State = "identified", PresumedChild = true });
        await pair.Sender.Db.SaveChangesAsync(Token);

        var withoutDecision = await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["child-protection"]), Worker(pair.Berlin), Token);
        pair.Sender.Db.Add(new BestInterestDecision
        {
            Id = Guid.NewGuid(),
            CaseId = pair.CaseId,
            DecidedOn = DateOnly.FromDateTime(Now.UtcDateTime),
            Outcome = BestInterestOutcome.ReferralInBestInterest,
            GuardianInvolved = true,
            GuardianType = GuardianType.AppointedGuardian,
        });
        await pair.Sender.Db.SaveChangesAsync(Token);
        var withDecision = await pair.Sender.Service.ExportAsync(pair.CaseId, new PackageRequest(pair.BucharestAtSender, ["child-protection"]), Worker(pair.Berlin), Token);

        Assert.Equal(ProblemKind.Refused, withoutDecision.Problem?.Kind);
        Assert.True(withDecision.Succeeded);
        var imported = await pair.Receiver.Service.ImportAsync(withDecision.Value!.Json, Worker(pair.BucharestHere), Token);
        Assert.True(imported.Succeeded, imported.Problem?.Detail);
        Assert.True(imported.Value!.Content.IsChild);
        Assert.Equal("unknown", imported.Value.Content.AgeGroup);
        Assert.Equal("ChildBestInterest", Assert.Single(imported.Value.Content.ConsentEvidence).Purpose);
        await using var check = pair.Receiver.Database.NewContext();
        Assert.Equal(AgeGroup.Minor, (await check.Cases.SingleAsync(c => c.Id == imported.Value.CaseId, Token)).AgeGroup);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddPartner_BadInput_RefusedNamingTheField(DatabaseProvider provider)
    {
        await using var installation = await Installation.CreateAsync(provider, TestKeys.EntryA, Berlin());
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var good = p256.ExportSubjectPublicKeyInfoPem();
        var own = (await installation.Keys.SigningKeyAsync(installation.Db.Organisations.Single().Id, create: true, Token))!.PublicKeyPem;

        async Task<string?> FieldOf(PartnerInput input) => (await installation.Keys.AddPartnerAsync(input, CaseViewer.LocalOperator, Token)).Problem?.Errors[0].Field;

        Assert.Equal("Name", await FieldOf(new PartnerInput(" ", "RO", null, good)));
        Assert.Equal("CountryCode", await FieldOf(new PartnerInput("Synthetic Partner", "XX", null, good)));
        Assert.Equal("Type", await FieldOf(new PartnerInput("Synthetic Partner", "RO", "spaceship", good)));
        Assert.Equal("PublicKey", await FieldOf(new PartnerInput("Synthetic Partner", "RO", null, "not a key")));
        Assert.Equal("PublicKey", await FieldOf(new PartnerInput("Synthetic Partner", "RO", null, p384.ExportSubjectPublicKeyInfoPem())));
        var privatePem = await installation.Keys.AddPartnerAsync(new PartnerInput("Synthetic Partner", "RO", null, p256.ExportPkcs8PrivateKeyPem()), CaseViewer.LocalOperator, Token);
        Assert.Contains("Never send or accept a private key", privatePem.Problem?.ToString(), StringComparison.Ordinal);
        Assert.Contains("own signing keys", (await installation.Keys.AddPartnerAsync(new PartnerInput("Synthetic Partner", "RO", null, own), CaseViewer.LocalOperator, Token)).Problem?.ToString(),
            StringComparison.Ordinal);
        Assert.True((await installation.Keys.AddPartnerAsync(new PartnerInput("Synthetic Partner", "RO", null, good), CaseViewer.LocalOperator, Token)).Succeeded);
        Assert.Contains("already registered", (await installation.Keys.AddPartnerAsync(new PartnerInput("Synthetic Other", "RO", null, good), CaseViewer.LocalOperator, Token)).Problem?.ToString(),
            StringComparison.Ordinal);
        Assert.True((await installation.Keys.AddPartnerAsync(new PartnerInput("Synthetic Partner", "RO", null, good), Worker(Berlin()), Token)).Problem?.Kind == ProblemKind.Forbidden);
        Assert.Single(await installation.Keys.PartnersAsync(Token));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RotateSigningKey_NewKeySigns_PartnersHoldingTheOldKeyRefuseIt(DatabaseProvider provider)
    {
        await using var pair = await Pair.CreateAsync(provider);
        var before = (await pair.Sender.Keys.SigningKeyAsync(pair.Berlin.Id, create: false, Token))!;

        Assert.False((await pair.Sender.Keys.RotateSigningKeyAsync(pair.Berlin.Id, Worker(pair.Berlin), Token)).Succeeded);
        var after = (await pair.Sender.Keys.RotateSigningKeyAsync(pair.Berlin.Id, Admin(pair.Berlin), Token)).Unwrap();

        Assert.NotEqual(before.KeyId, after.KeyId);
        Assert.Equal(nameof(PackageError.UntrustedKey), (await pair.Receiver.Service.ImportAsync(await pair.ExportAsync(), Worker(pair.BucharestHere), Token)).Problem?.Refusals[0].Code);
        await pair.Receiver.Keys.AddPartnerAsync(new PartnerInput("Synthetic NGO Berlin", "DE", null, after.PublicKeyPem), CaseViewer.LocalOperator, Token);
        Assert.True((await pair.Receiver.Service.ImportAsync(await pair.ExportAsync(), Worker(pair.BucharestHere), Token)).Succeeded);
        Assert.Equal(2, await pair.Sender.Db.Set<OrganisationSigningKey>().CountAsync(k => k.OrganisationId == pair.Berlin.Id, Token));
    }

    [Fact]
    public async Task SigningKey_AtRestOnlyWrapped_NoPrivateKeyInTheDatabaseFile_OpensOnlyWithItsMasterKeyAndRow()
    {
        await using var installation = await Installation.CreateAsync(DatabaseProvider.Sqlite, TestKeys.EntryA, Berlin());
        var organisation = installation.Db.Organisations.Single();
        await installation.Keys.SigningKeyAsync(organisation.Id, create: true, Token);
        var row = await installation.Db.Set<OrganisationSigningKey>().AsNoTracking().SingleAsync(Token);
        using var opened = SigningKeys.Open(installation.Vault.Keys, row);
        var secret = opened.ExportParameters(includePrivateParameters: true).D!;
        await installation.Db.Database.CloseConnectionAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var file = await File.ReadAllBytesAsync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(installation.Database.Options.ConnectionString).DataSource, Token);

        // The private scalar is the secret (a PKCS#8 blob also carries the public point, which is stored on purpose).
        Assert.Equal(32, secret.Length);
        Assert.Equal(-1, file.AsSpan().IndexOf(secret));
        Assert.NotEqual(-1, file.AsSpan().IndexOf(row.PublicKey));
        Assert.Equal("test-a", row.KekId);
        Assert.Throws<KeyUnavailableException>(() => SigningKeys.Open(TestKeys.Ring(TestKeys.EntryB), row));
        var moved = new OrganisationSigningKey
        {
            Id = row.Id,
            OrganisationId = Guid.NewGuid(),
            KeyId = row.KeyId,
            PublicKey = row.PublicKey,
            KekId = row.KekId,
            WrappedPrivateKey = row.WrappedPrivateKey,
        };
        Assert.Throws<ProtectedDataException>(() => SigningKeys.Open(installation.Vault.Keys, moved));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeyRotation_RewrapsSigningKeysUnderTheActiveMasterKey(DatabaseProvider provider)
    {
        await using var installation = await Installation.CreateAsync(provider, TestKeys.EntryA, Berlin());
        var organisation = installation.Db.Organisations.Single();
        var key = (await installation.Keys.SigningKeyAsync(organisation.Id, create: true, Token))!;

        var both = TestKeys.Vault(TestKeys.Ring(TestKeys.EntryA, TestKeys.EntryB));
        await using (var db = installation.Database.NewContext())
        {
            Assert.Equal(1, Assert.Single(await new KeyRotation(db, both, [new SigningKeyMasterKeys()]).RotateDependentSecretsAsync(Token)).Count);
        }

        await using var check = installation.Database.NewContext();
        var row = await check.Set<OrganisationSigningKey>().AsNoTracking().SingleAsync(Token);
        Assert.Equal("test-b", row.KekId);
        using var opened = SigningKeys.Open(TestKeys.Ring(TestKeys.EntryB), row);
        Assert.Equal(key.KeyId, ReferralPackage.KeyId(opened));
    }
}
