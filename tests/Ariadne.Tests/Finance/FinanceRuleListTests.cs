using System.Text;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using StoredAlert = Ariadne.Core.Finance.Data.FinanceAlert;

namespace Ariadne.Tests.Finance;

/// <summary>
/// Rule lists and rule settings stored in the product (<see cref="FinanceService"/>, FinanceService.Lists.cs) on both
/// providers, no app: refused for non-investigators (audited), a bad line named with nothing stored, a legal basis required
/// for ad identifiers, versions, the identifiers kept only as blind indexes (rows and, on SQLite, the database file's
/// bytes), R19 matching the planted holders through the blind indexes and explaining the list, not the identifier, and
/// R14/R15/R17 and the settings used by the analysis; the settings' history (versions, changes, an older version used
/// again) and retiring lists (a reason required, an ad list's blind indexes deleted, the analysis no longer using them,
/// a new version activating them again).
/// </summary>
public sealed class FinanceRuleListTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finlists-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RuleListUpload Upload(string name, string kind, string text, string? legalBasis = null, string file = "list.csv") =>
        new(name, kind, "Synthetic source, 2026-12", legalBasis, file, new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ListsAndSettings_StoredVersionedAudited_AdIdentifiersOnlyBlindIndexed_AnalysisRaisesR14R15R17R19(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var audit = new RecordingAuditLog();
        var service = new FinanceService(db, TestKeys.Vault(), audit, new LocalOperatorAuditContext(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero)));
        var investigator = new CaseViewer(Guid.NewGuid(), null, new HashSet<string> { Roles.FinancialInvestigator });
        var analyst = new CaseViewer(Guid.NewGuid(), null, new HashSet<string> { Roles.Analyst });

        // Not an investigator: refused and audited, nothing stored.
        Assert.Equal(ProblemKind.Forbidden, (await service.ImportRuleListAsync(Upload("x", FinanceRuleLists.Processors, "p1\n"), analyst, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await service.SetRuleSettingsAsync("{}", analyst, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await service.RuleListsAsync(analyst, Token)).Problem?.Kind);
        Assert.Equal(2, audit.Records.Count(r => r.Outcome == AuditOutcomes.Denied && r.Action is AuditActions.FinanceRuleList or AuditActions.FinanceRuleSettings));

        // A bad line is named by file and line; nothing is stored.
        var bad = await service.ImportRuleListAsync(Upload("Processors", FinanceRuleLists.Processors, "account_id\np1\np 2\np1\n", file: "processors.csv"), investigator, Token);
        Assert.Contains(bad.Problem!.Errors, e => e.Field == "ListFile" && e.Message == "processors.csv, line 3, column entry: 'p 2' contains white space; an entry is one account id or address");
        Assert.Contains(bad.Problem.Errors, e => e.Message == "processors.csv, line 4, column entry: 'p1' is listed twice (first on line 2)");
        // Ad identifiers need a legal basis; a bad identifier is named without repeating it.
        var noBasis = await service.ImportRuleListAsync(Upload("Ads", FinanceRuleLists.AdIdentifiers, "+99 555 1000001\n"), investigator, Token);
        Assert.Contains(noBasis.Problem!.Errors, e => e.Field == "LegalBasis");
        var badAd = await service.ImportRuleListAsync(Upload("Ads", FinanceRuleLists.AdIdentifiers, "identifier\n+99 555 1000001\ncall me maybe\n", "Synthetic Act § 1", "ads.csv"), investigator, Token);
        Assert.Equal("ads.csv, line 3, column entry: neither a phone number nor an e-mail address", Assert.Single(badAd.Problem!.Errors).Message);
        Assert.Equal(0, await db.Set<FinanceRuleList>().CountAsync(Token));
        Assert.Equal(0, await db.Set<FinanceRuleListEntry>().CountAsync(Token));
        Assert.Equal(3, audit.Records.Count(r => r.Action == AuditActions.FinanceRuleList && r.Outcome == AuditOutcomes.Failed));

        // A generated bank export with holders, and its lists stored: processors, tagged addresses, the agency register, an ad scrape.
        var data = FinanceGenerator.Generate(1_000, 10_000, 17);
        FinanceFiles.WriteGenerated(_folder, data);
        var parties = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 17, sharedGroups: 2, variantPersons: 10);
        var partiesPath = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(partiesPath, parties.Parties);
        var dataset = (await service.ImportAsync(new FinanceImportRequest("Synthetic export", "amlsim", Path.Combine(_folder, FinanceFiles.TransactionsFile),
            Path.Combine(_folder, FinanceFiles.AccountsFile), partiesPath), investigator, null, Token)).Value!;
        string Lines(string file) => "account_id\n" + string.Join('\n', data.Lists![file]) + "\n";
        Assert.True((await service.ImportRuleListAsync(Upload("Processors", FinanceRuleLists.Processors, Lines(FinanceGenerator.ProcessorList)), investigator, Token)).Succeeded);
        Assert.True((await service.ImportRuleListAsync(Upload("Darknet", FinanceRuleLists.TaggedAddresses, Lines(FinanceGenerator.TaggedList)), investigator, Token)).Succeeded);
        Assert.True((await service.ImportRuleListAsync(Upload("Agencies", FinanceRuleLists.LicensedAgencies, "account_id\nnobody\n"), investigator, Token)).Succeeded);
        var agencies = await service.ImportRuleListAsync(Upload("Agencies", FinanceRuleLists.LicensedAgencies, Lines(FinanceGenerator.AgencyRegister)), investigator, Token);
        Assert.Equal(2, agencies.Value!.Version);
        Assert.Equal("Invalid", (await service.ImportRuleListAsync(Upload("Agencies", FinanceRuleLists.Processors, "x\n"), investigator, Token)).Problem!.Errors.Single(e => e.Field == "Kind").Code);
        var ads = FinancePartyGenerator.AdIdentifiers(parties, 3);
        var adPath = Path.Combine(_folder, FinancePartyGenerator.AdListFileName);
        FinancePartyGenerator.WriteAdList(adPath, ads);
        var adList = await service.ImportRuleListAsync(new RuleListUpload("Ad scrape", FinanceRuleLists.AdIdentifiers, "Synthetic OSINT unit", "Synthetic Police Act § 20",
            FinancePartyGenerator.AdListFileName, File.OpenRead(adPath)), investigator, Token);
        Assert.True(adList.Succeeded, adList.Problem?.ToString());
        Assert.Equal(6, adList.Value!.Entries);

        var detail = (await service.RuleListAsync("Agencies", investigator, Token)).Value!;
        Assert.Equal([2, 1], detail.Versions.Select(v => v.Version));
        Assert.Equal(data.Lists![FinanceGenerator.AgencyRegister], detail.Entries);
        Assert.Empty((await service.RuleListAsync(adList.Value.Id.ToString(), investigator, Token)).Value!.Entries);
        Assert.Contains(audit.Records, r => r.Action == AuditActions.FinanceRuleList && r.Outcome == AuditOutcomes.Success && r.Details!["version"] == "2");

        // The identifiers are stored only as the parties' blind indexes: no plain value in any row nor in the database file.
        var adEntries = await db.Set<FinanceRuleListEntry>().AsNoTracking().Where(e => e.IdentifierKind != null).ToListAsync(Token);
        Assert.Equal(6, adEntries.Count);
        Assert.All(adEntries, e => Assert.True(e.Value is null && e.BlindIndex is { Length: 16 }));
        var planted = parties.Parties.Where(p => ads.Accounts.Contains(p.AccountId)).ToList();
        var phoneIndex = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.AccountId == planted[0].AccountId).Select(p => p.PhoneIndex).SingleAsync(Token);
        Assert.Contains(adEntries, e => e.BlindIndex!.SequenceEqual(phoneIndex!));
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.CloseConnectionAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
            var bytes = (await File.ReadAllBytesAsync(path, Token)).Concat(File.Exists(path + "-wal") ? await File.ReadAllBytesAsync(path + "-wal", Token) : []).ToArray();
            foreach (var identifier in ads.Identifiers)
            {
                var normalised = identifier.Contains('@') ? identifier.ToLowerInvariant() : FinanceService.NormalisePhone(identifier)!;
                foreach (var text in new[] { identifier, normalised, "phone|" + normalised, "email|" + normalised })
                {
                    Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)));
                }
            }
        }

        // Settings: an unknown field and a list file are refused naming the field; a valid change is a new version.
        var unknown = await service.SetRuleSettingsAsync("""{ "funnel": { "windowHourz": 3 } }""", investigator, Token);
        Assert.Equal("funnel.windowHourz", Assert.Single(unknown.Problem!.Errors).Field);
        var file = await service.SetRuleSettingsAsync("""{ "taggedAddresses": { "listFile": "x.csv" }, "weights": { "R19": 1.5 } }""", investigator, Token);
        Assert.Equal(["taggedAddresses.listFile", "weights.R19"], file.Problem!.Errors.Select(e => e.Field));
        Assert.Equal(0, (await service.RuleSettingsAsync(investigator, Token)).Value!.Version);

        // The analysis uses the stored lists: R14, R15, R17 and R19 (exactly the planted holders, explained by list, not identifier).
        Assert.True((await service.AnalyseAsync(dataset.Id, null, investigator, null, Token)).Succeeded);
        var alerts = await db.Set<StoredAlert>().AsNoTracking().Where(a => a.DatasetId == dataset.Id).ToListAsync(Token);
        Assert.Contains(alerts, a => a.Rule == "R14");
        Assert.Contains(alerts, a => a.Rule == "R15");
        Assert.Contains(alerts, a => a.Rule == "R17");
        var r19 = alerts.Where(a => a.Rule == "R19").ToList();
        var indexes = await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == dataset.Id && ads.Accounts.Contains(a.ExternalId)).Select(a => a.Index).ToListAsync(Token);
        Assert.Equal(indexes.Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), r19.Select(a => a.AccountIndexes).Order());
        var texts = r19.Select(a => System.Text.Json.JsonDocument.Parse(a.ExplanationJson).RootElement.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains("phone number is on the ad-identifier list 'Ad scrape' (version 1; source: Synthetic OSINT unit; legal basis: Synthetic Police Act § 20)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("e-mail address is on", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(planted.SelectMany(p => new[] { FinanceService.NormalisePhone(p.Phone)!, p.Email! }), identifier => t.Contains(identifier, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("Ad scrape v1", audit.Records.Last(r => r.Action == AuditActions.FinanceAnalyse).Details!["rules"], StringComparison.Ordinal);

        // Settings in force: R19 off, the next run raises none.
        var set = await service.SetRuleSettingsAsync("""{ "adIdentifiers": { "enabled": false } }""", investigator, Token);
        Assert.Equal(1, set.Value!.Version);
        Assert.True((await service.AnalyseAsync(dataset.Id, null, investigator, null, Token)).Succeeded);
        Assert.False(await db.Set<StoredAlert>().AnyAsync(a => a.DatasetId == dataset.Id && a.Rule == "R19", Token));
        Assert.Contains(audit.Records, r => r.Action == AuditActions.FinanceRuleSettings && r.Outcome == AuditOutcomes.Success && r.SubjectId == "1");

        // History: every version with its changes from the one before; an older version used again is a new version, audited.
        Assert.True((await service.SetRuleSettingsAsync("""{ "adIdentifiers": { "enabled": true }, "weights": { "R19": 0.7 } }""", investigator, Token)).Succeeded);
        Assert.Equal([2, 1], (await service.RuleSettingsVersionsAsync(investigator, Token)).Value!.Select(v => v.Version));
        var v2 = (await service.RuleSettingsVersionAsync(2, investigator, Token)).Value!;
        Assert.Equal(1, v2.PreviousVersion);
        Assert.Equal([new RuleSettingsChange("adIdentifiers.enabled", "false", "true"), new RuleSettingsChange("weights.R19", null, "0.7")], v2.Changes);
        var v1 = (await service.RuleSettingsVersionAsync(1, investigator, Token)).Value!;
        Assert.Equal((null, "{ \"adIdentifiers\": { \"enabled\": false } }"), (v1.PreviousVersion, v1.Json));
        Assert.Equal([new RuleSettingsChange("adIdentifiers.enabled", null, "false")], v1.Changes);
        Assert.Equal(ProblemKind.NotFound, (await service.RuleSettingsVersionAsync(9, investigator, Token)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await service.RestoreRuleSettingsAsync(1, analyst, Token)).Problem?.Kind);
        var restored = (await service.RestoreRuleSettingsAsync(1, investigator, Token)).Value!;
        Assert.Equal((3, v1.Json), (restored.Version, restored.Json));
        Assert.Equal("1", audit.Records.Last(r => r.Action == AuditActions.FinanceRuleSettings).Details!["restoredFrom"]);
        Assert.Equal(4, (await service.RestoreRuleSettingsAsync(2, investigator, Token)).Value!.Version);

        // Retiring: a reason required; the ad list's blind indexes (all versions) deleted, the tag list's entries kept;
        // the analysis uses neither; retiring twice refused; a new version activates the list again.
        Assert.Equal(ProblemKind.Forbidden, (await service.RetireRuleListAsync("Ad scrape", "x", analyst, Token)).Problem?.Kind);
        Assert.Equal("RetireReason", Assert.Single((await service.RetireRuleListAsync("Ad scrape", " ", investigator, Token)).Problem!.Errors).Field);
        var retired = (await service.RetireRuleListAsync("Ad scrape", "Legal basis ended (synthetic order 12/26)", investigator, Token)).Value!;
        Assert.Equal("Legal basis ended (synthetic order 12/26)", retired.RetiredReason);
        Assert.StartsWith(AuditActor.LocalOperatorPrefix, retired.RetiredByName, StringComparison.Ordinal);
        Assert.Equal(0, await db.Set<FinanceRuleListEntry>().CountAsync(e => e.IdentifierKind != null, Token));
        Assert.Equal("6", audit.Records.Last(r => r.Action == AuditActions.FinanceRuleList).Details!["blindIndexesDeleted"]);
        var darknet = (await service.RetireRuleListAsync("Darknet", "The feed was withdrawn by its source", investigator, Token)).Value!;
        Assert.True(await db.Set<FinanceRuleListEntry>().AnyAsync(e => e.VersionId != Guid.Empty && e.Value != null, Token));
        Assert.Equal("Retired", Assert.Single((await service.RetireRuleListAsync(darknet.Id.ToString(), "again", investigator, Token)).Problem!.Errors).Code);
        Assert.Equal(2, (await service.RuleListsAsync(investigator, Token)).Value!.Count(l => l.RetiredAtUtc is not null));
        Assert.True((await service.AnalyseAsync(dataset.Id, null, investigator, null, Token)).Succeeded);
        var rules = await db.Set<StoredAlert>().AsNoTracking().Where(a => a.DatasetId == dataset.Id).Select(a => a.Rule).Distinct().ToListAsync(Token);
        Assert.DoesNotContain("R19", rules);
        Assert.DoesNotContain("R15", rules);
        Assert.Contains("R14", rules);
        Assert.DoesNotContain("Darknet", audit.Records.Last(r => r.Action == AuditActions.FinanceAnalyse).Details!["rules"], StringComparison.Ordinal);
        var again = (await service.ImportRuleListAsync(Upload("Darknet", FinanceRuleLists.TaggedAddresses, Lines(FinanceGenerator.TaggedList)), investigator, Token)).Value!;
        Assert.Equal((2, null), (again.Version, again.RetiredAtUtc));
    }
}
