using System.Text;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <see cref="FinanceService"/> on both providers (the bulk insert and the streamed read differ): import all or nothing
/// with named bad rows, labels not stored, party identifiers sealed in the database, analysis with the shared-phone rule,
/// the investigator workflow, case links and the precision report. One database per provider, no app.
/// </summary>
public sealed class FinanceServiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finstore-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAnalyseWork_GeneratedBankExport_AllOrNothingSealedPartiesSharedPhoneWorkflowAndReport(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var police = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Police", Type = "police" };
        db.Add(police);
        var caseEntity = CaseService.NewCase(CaseApiTests.ValidInput("C-FIN-0001"), police.Id, new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), TestKeys.Vault());
        db.Add(caseEntity);
        await db.SaveChangesAsync(Token);
        var audit = new RecordingAuditLog();
        var service = new FinanceService(db, TestKeys.Vault(), audit, new LocalOperatorAuditContext(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        var investigator = new CaseViewer(Guid.NewGuid(), police.Id, new HashSet<string> { Roles.FinancialInvestigator });
        var analyst = new CaseViewer(Guid.NewGuid(), police.Id, new HashSet<string> { Roles.Analyst });

        var data = FinanceGenerator.Generate(400, 4000, 5);
        var (parties, groups) = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 5, sharedGroups: 1);
        // With the parties: tickets name their passengers (R10), businesses their opening hours (R12).
        FinanceFiles.WriteGenerated(_folder, data, parties);
        var partiesPath = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(partiesPath, parties);
        var transactionsPath = Path.Combine(_folder, FinanceFiles.TransactionsFile);
        var accountsPath = Path.Combine(_folder, FinanceFiles.AccountsFile);

        // Not an investigator: refused.
        Assert.Equal(ProblemKind.Forbidden, (await service.DatasetsAsync(analyst, Token)).Problem?.Kind);

        // A bad e-mail in the parties file: named by file, line and column; nothing is created.
        var badParties = Path.Combine(_folder, "bad-parties.csv");
        File.WriteAllText(badParties, "account_id,name,phone,email\nA1,Synthetic One,+99 1,one@example.invalid\nA2,Synthetic Two,+99 2,not-an-address\n");
        var refused = await service.ImportAsync(new FinanceImportRequest("bad", "amlsim", transactionsPath, accountsPath, badParties), investigator, null, Token);
        Assert.Contains("bad-parties.csv, line 3, column email", Assert.Single(refused.Problem!.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Set<FinanceDataset>().CountAsync(Token));

        // A bad amount in the transactions: the dataset fails, its sealed parties are deleted, no row is kept.
        var badTransactions = Path.Combine(_folder, "bad-transactions.csv");
        var lines = File.ReadAllLines(transactionsPath);
        var cells = lines[5].Split(',');
        cells[4] = "twelve";
        lines[5] = string.Join(',', cells);
        File.WriteAllLines(badTransactions, lines);
        refused = await service.ImportAsync(new FinanceImportRequest("broken", "amlsim", badTransactions, accountsPath, partiesPath), investigator, null, Token);
        Assert.Contains(refused.Problem!.Errors, e => e.Message.StartsWith("bad-transactions.csv, line 6, column base_amt", StringComparison.Ordinal));
        Assert.Equal(FinanceDatasetState.Failed, (await db.Set<FinanceDataset>().AsNoTracking().SingleAsync(Token)).State);
        Assert.Equal(0, await db.Set<FinanceParty>().CountAsync(Token));
        Assert.Equal(0, await db.Set<FinanceTransaction>().CountAsync(Token));

        // The good import: every row stored, the file's transaction ids kept, label columns not (the table has none).
        var imported = await service.ImportAsync(new FinanceImportRequest("Synthetic Bank export", "amlsim", transactionsPath, accountsPath, partiesPath), investigator, null, Token);
        Assert.True(imported.Succeeded, imported.Problem?.ToString());
        var dataset = imported.Value!;
        Assert.Equal((400, 4000L, 400), (dataset.Accounts, dataset.Transactions, dataset.Parties));
        var number = await db.Set<FinanceDataset>().Where(d => d.Id == dataset.Id).Select(d => d.Number).SingleAsync(Token);
        Assert.Equal(4000, await db.Set<FinanceTransaction>().CountAsync(t => t.DatasetNumber == number, Token));
        var columns = db.Model.FindEntityType(typeof(FinanceTransaction))!.GetProperties().Select(p => p.Name).ToList();
        Assert.DoesNotContain(columns, c => TransactionFiles.LabelColumns.Contains(c) || c.Contains("sar", StringComparison.OrdinalIgnoreCase) || c.Contains("Alert", StringComparison.Ordinal));
        var ids = data.Transactions.Select(t => t.Id).ToHashSet();
        Assert.All(await db.Set<FinanceTransaction>().Select(t => t.ExternalId).ToListAsync(Token), id => Assert.Contains(id, ids));

        // Party identifiers are sealed: no column of any party row holds a plaintext value.
        var raw = await db.Set<FinanceParty>().AsNoTracking().ToListAsync(Token);
        var bytes = raw.SelectMany(p => new[] { p.IdentityCiphertext, p.PhoneIndex, p.EmailIndex, p.NameIndex, p.AddressIndex, p.DocumentIndex, p.WrappedKey }).OfType<byte[]>()
            .Select(Encoding.UTF8.GetString).Concat(raw.Select(p => p.AccountId + p.KekId)).ToList();
        foreach (var secret in new[] { parties[7].Name!, parties[7].Email!, "777 100000", parties[7].DocumentNumber!, "Synthetic Lane" })
        {
            Assert.DoesNotContain(bytes, b => b.Contains(secret, StringComparison.Ordinal));
        }

        // An ad-identifier list (R19) stored, so that the equality below covers it.
        var ads = FinancePartyGenerator.AdIdentifiers(new GeneratedParties(parties, groups, []), 4);
        var adPath = Path.Combine(_folder, FinancePartyGenerator.AdListFileName);
        FinancePartyGenerator.WriteAdList(adPath, ads);
        await using (var adContent = File.OpenRead(adPath))
        {
            Assert.True((await service.ImportRuleListAsync(new RuleListUpload("Ad scrape", FinanceRuleLists.AdIdentifiers, "Synthetic OSINT unit", "Synthetic Police Act § 20",
                FinancePartyGenerator.AdListFileName, adContent), investigator, Token)).Succeeded);
        }

        // Analysis: alerts stored with their explanation; the three holders sharing a phone are one R6 alert.
        var analysed = await service.AnalyseAsync(dataset.Id, null, investigator, null, Token);
        Assert.True(analysed.Succeeded, analysed.Problem?.ToString());
        Assert.True(analysed.Value!.Alerts > 10);
        var shared = Assert.Single((await service.AlertsAsync(new AlertQuery(Rule: "R6"), investigator, Token)).Value!.Items);
        var sharedView = (await service.AlertAsync(shared.Id, investigator, Token)).Value!;
        Assert.Equal(groups[0].Order(StringComparer.Ordinal), sharedView.Accounts.Select(a => a.ExternalId).Order(StringComparer.Ordinal));
        Assert.Contains("share identifiers (1 phone)", sharedView.Explanation, StringComparison.Ordinal);
        Assert.All(sharedView.Accounts, a => Assert.Contains("R6 shared_identifier", a.Reasons, StringComparison.Ordinal));

        // The database run gives the same alerts as `finance analyse` on the same files (its keys of the process instead of
        // the installation's blind indexes: only their equality counts), R10, R12 and R19 (`--ad-list`: the same list file,
        // keyed hashes of the run against the stored blind indexes) among them; R6 needs the database.
        var (fileStore, fileErrors) = TransactionFiles.Read(TransactionLayout.AmlSim, transactionsPath, accountsPath, holders: parties);
        Assert.Empty(fileErrors);
        var adErrors = new List<FileError>();
        var adFiles = AdListFiles.Read([adPath], adErrors);
        Assert.Empty(adErrors);
        var fileResult = adFiles!.Apply(FinanceAnalysis.Run(fileStore!, new RuleSet()), fileStore!, parties, new RuleSet());
        var fileAlerts = fileResult.Alerts
            .Select(a => $"{a.Id} {a.Rule} {a.Typology} {string.Join(';', a.Accounts.Select(x => fileStore!.Accounts[x]))} {string.Join(';', a.Transactions.Select(x => fileStore!.Ids[x]))}").ToList();
        var accountIds = await db.Set<FinanceAccount>().Where(a => a.DatasetId == dataset.Id).ToDictionaryAsync(a => a.Index, a => a.ExternalId, Token);
        var seqIds = await db.Set<FinanceTransaction>().Where(t => t.DatasetNumber == number).ToDictionaryAsync(t => t.Seq, t => t.ExternalId, Token);
        var storedAlerts = (await db.Set<Ariadne.Core.Finance.Data.FinanceAlert>().AsNoTracking().Where(a => a.DatasetId == dataset.Id && a.Rule != "R6").ToListAsync(Token))
            .OrderBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => $"{a.Code} {a.Rule} {a.Typology} {string.Join(';', a.AccountIndexes.Split(';').Select(x => accountIds[int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)]))} " +
                string.Join(';', a.TransactionSeqs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(x => seqIds[int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)]))).ToList();
        Assert.Equal(fileAlerts.Order(StringComparer.Ordinal), storedAlerts.Order(StringComparer.Ordinal));
        Assert.Equal(ads.Accounts.Order(StringComparer.Ordinal), storedAlerts.Where(a => a.Contains(" R19 ad_identifier ", StringComparison.Ordinal)).Select(a => a.Split(' ')[3]).Order(StringComparer.Ordinal));
        var storedScores = await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == dataset.Id && ads.Accounts.Contains(a.ExternalId)).ToDictionaryAsync(a => a.ExternalId, a => a.Score, Token);
        Assert.All(ads.Accounts, id => Assert.Equal(storedScores[id], fileResult.Accounts[Array.IndexOf(fileStore!.Accounts, id)].Score, 3));
        Assert.Contains(storedAlerts, a => a.Contains(" R10 third_party_travel ", StringComparison.Ordinal));
        Assert.Contains(storedAlerts, a => a.Contains(" R12 out_of_hours_cash ", StringComparison.Ordinal));
        // Passengers are stored as the name blind index only (a holder's own ticket carries the holder's NameIndex), hours as declared.
        var passengers = await db.Set<FinanceTicketPassenger>().AsNoTracking().Where(p => p.DatasetId == dataset.Id).ToListAsync(Token);
        Assert.Equal(data.Transactions.Count(t => t.Passenger != -1), passengers.Count);
        Assert.All(passengers, p => Assert.Equal(16, p.PassengerIndex.Length));
        var nameIndexes = raw.Where(p => p.NameIndex is not null).Select(p => Convert.ToHexString(p.NameIndex!)).ToHashSet();
        Assert.Contains(passengers, p => nameIndexes.Contains(Convert.ToHexString(p.PassengerIndex)));
        Assert.Contains(await db.Set<FinanceAccount>().Where(a => a.DatasetId == dataset.Id).Select(a => a.OpeningHours).ToListAsync(Token), h => h != null && h.StartsWith("Mo-", StringComparison.Ordinal));

        // The network names accounts only; revealing the parties needs a reason and is audited without values.
        var structuring = (await service.AlertsAsync(new AlertQuery(Rule: "structuring"), investigator, Token)).Value!.Items.First();
        var view = (await service.AlertAsync(structuring.Id, investigator, Token)).Value!;
        Assert.NotEmpty(view.Transactions);
        Assert.Contains(view.Network.Nodes, n => n.InAlert);
        Assert.Equal("Reason", Assert.Single((await service.RevealPartiesAsync(shared.Id, " ", investigator, Token)).Problem!.Errors).Field);
        var revealed = (await service.RevealPartiesAsync(shared.Id, "matrix of shared phones", investigator, Token)).Value!;
        Assert.Equal(3, revealed.Count);
        Assert.All(revealed, p => Assert.Equal("+99 777 100000", p.Phone));
        Assert.All(revealed, p => Assert.NotNull(p.DateOfBirth));
        var revealAudit = audit.Records.Single(r => r.Action == AuditActions.FinancePartyReveal);
        Assert.DoesNotContain("777", string.Join(" ", revealAudit.Details!.Values), StringComparison.Ordinal);

        // Workflow: assign, dispose, link to a case the investigator's organisation holds; the report counts it.
        Assert.Equal("Assignee", Assert.Single((await service.AssignAsync(shared.Id, "nobody", investigator, Token)).Problem!.Errors).Field);
        Assert.Equal("Assigned", (await service.AssignAsync(shared.Id, null, investigator, Token)).Value!.Status);
        Assert.Single((await service.AlertsAsync(new AlertQuery(Assignee: "me"), investigator, Token)).Value!.Items);
        Assert.Equal("Disposition", Assert.Single((await service.DisposeAsync(shared.Id, "Maybe", null, investigator, Token)).Problem!.Errors).Field);
        Assert.Equal("TruePositive", (await service.DisposeAsync(shared.Id, "truepositive", "Holders confirmed as one controller.", investigator, Token)).Value!.Disposition);
        // Showing the sealed note opens it: audited, without the text.
        Assert.DoesNotContain(audit.Records, r => r.Action == AuditActions.FinanceNoteRead);
        Assert.Equal("Holders confirmed as one controller.", (await service.AlertAsync(shared.Id, investigator, Token)).Value!.DispositionNote);
        var noteRead = Assert.Single(audit.Records, r => r.Action == AuditActions.FinanceNoteRead);
        Assert.Equal(shared.Id.ToString(), noteRead.SubjectId);
        Assert.DoesNotContain("controller", string.Join(" ", noteRead.Details!.Values), StringComparison.Ordinal);
        // The R6 alert as a goAML activity report: the three holders as report parties, opened for it (audited, no values).
        var goaml = await service.GoAmlAsync(shared.Id, new GoAmlInput(4711, null, null, "EUR", "Synthetic Bank AG", "Musterstrasse 1", "Musterstadt", "DE"), investigator, Token);
        Assert.True(goaml.Succeeded, goaml.Problem?.ToString());
        Assert.Matches("^sar-S\\d+\\.xml$", goaml.Value!.FileName);
        var activity = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(goaml.Value.Content)).Root!;
        Assert.Equal("SAR", activity.Element("report_code")!.Value);
        Assert.Equal(3, activity.Descendants("report_party").Count(p => p.Element("person")?.Element("birthdate") is not null));
        var opened = audit.Records.Last(r => r.Action == AuditActions.FinancePartyReveal);
        Assert.Equal(("goaml-report", "3"), (opened.Details!["purpose"], opened.Details["parties"]));
        Assert.DoesNotContain("777", string.Join(" ", opened.Details.Values), StringComparison.Ordinal);
        Assert.Equal("FalsePositive", (await service.DisposeAsync(structuring.Id, "FalsePositive", null, investigator, Token)).Value!.Disposition);
        Assert.Equal("CaseCode", Assert.Single((await service.LinkCaseAsync(shared.Id, "C-NONE", investigator, Token)).Problem!.Errors).Field);
        var otherOrganisation = investigator with { OrganisationId = Guid.NewGuid() };
        Assert.False((await service.LinkCaseAsync(shared.Id, "C-FIN-0001", otherOrganisation, Token)).Succeeded);
        Assert.Equal(["C-FIN-0001"], (await service.LinkCaseAsync(shared.Id, "C-FIN-0001", investigator, Token)).Value!);
        var report = (await service.ReportAsync(investigator, Token)).Value!;
        Assert.Equal((2, 1, 1, 0.5), (report.Overall.Disposed, report.Overall.TruePositives, report.Overall.FalsePositives, report.Overall.Precision!.Value));
        Assert.Equal(1.0, report.Rules.Single(r => r.Rule == "R6").Precision);

        // A second analysis replaces the open alerts and keeps the two closed ones without raising them again.
        var before = await db.Set<Ariadne.Core.Finance.Data.FinanceAlert>().CountAsync(Token);
        Assert.True((await service.AnalyseAsync(dataset.Id, null, investigator, null, Token)).Succeeded);
        Assert.Equal(before, await db.Set<Ariadne.Core.Finance.Data.FinanceAlert>().CountAsync(Token));
        Assert.Equal(2, await db.Set<Ariadne.Core.Finance.Data.FinanceAlert>().CountAsync(a => a.Status == FinanceAlertStatus.Closed, Token));
        var account = (await service.AccountAsync(dataset.Id, groups[0][0], investigator, Token)).Value!;
        Assert.Contains(account.Alerts, a => a.Id == shared.Id);
    }
    [Fact]
    public async Task ImportWithAnalyse_FromTheStoreInMemory_SameAlertsAndScoresAsImportThenAnalyse()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.NewContext();
        var service = new FinanceService(db, TestKeys.Vault(), new RecordingAuditLog(), new LocalOperatorAuditContext(),
            new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        var unit = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Financial Unit", Type = "police" };
        db.Add(unit);
        await db.SaveChangesAsync(Token);
        var investigator = new CaseViewer(Guid.NewGuid(), unit.Id, new HashSet<string> { Roles.FinancialInvestigator });
        var data = FinanceGenerator.Generate(600, 6000, 11);
        var (parties, _) = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 11, sharedGroups: 2);
        // With the parties: tickets name passengers (R10 compares them with the holders), businesses their hours (R12).
        FinanceFiles.WriteGenerated(_folder, data, parties);
        var partiesPath = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(partiesPath, parties);
        FinanceImportRequest Request(string name, bool analyse) => new(name, "amlsim", Path.Combine(_folder, FinanceFiles.TransactionsFile),
            Path.Combine(_folder, FinanceFiles.AccountsFile), partiesPath, Analyse: analyse);

        var separate = (await service.ImportAsync(Request("separate", analyse: false), investigator, null, Token)).Value!;
        Assert.Null(separate.AnalysedAtUtc);
        Assert.True((await service.AnalyseAsync(separate.Id, null, investigator, null, Token)).Succeeded);
        var fused = (await service.ImportAsync(Request("fused", analyse: true), investigator, null, Token)).Value!;
        Assert.Equal("Analysed", fused.State);

        async Task<(List<string> Alerts, List<string> Scores)> Outcome(Guid dataset) => (
            [.. (await db.Set<Core.Finance.Data.FinanceAlert>().AsNoTracking().Where(a => a.DatasetId == dataset).ToListAsync(Token))
                .Select(a => $"{a.Rule}|{a.Typology}|{a.AccountIndexes}|{a.TransactionSeqs}|{a.Score:R}|{a.ExplanationJson}").Order(StringComparer.Ordinal)],
            [.. (await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == dataset).OrderBy(a => a.Index).ToListAsync(Token))
                .Select(a => $"{a.ExternalId}|{a.Score:R}|{a.Flagged}|{a.Reasons}")]);
        var (alerts, scores) = await Outcome(separate.Id);
        Assert.True(alerts.Count > 10);
        Assert.Contains(alerts, a => a.StartsWith("R6|", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.StartsWith("R10|", StringComparison.Ordinal));
        var (fusedAlerts, fusedScores) = await Outcome(fused.Id);
        Assert.Equal(scores, fusedScores);
        Assert.Equal(alerts, fusedAlerts);
    }
    /// <summary>
    /// Transactions are keyed by the dataset's small number, not its GUID: two imports started at the same moment (two
    /// contexts, as two requests or nodes) get different numbers (on PostgreSQL the second waits for the first's lock),
    /// each dataset reads back exactly its own rows, and deleting a dataset deletes its transactions and no other's.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DatasetNumbers_ConcurrentImports_DistinctNumbersOwnRowsAndCascade(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var unit = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Financial Unit", Type = "police" };
        await using (var setup = database.NewContext())
        {
            setup.Add(unit);
            await setup.SaveChangesAsync(Token);
        }
        var investigator = new CaseViewer(Guid.NewGuid(), unit.Id, new HashSet<string> { Roles.FinancialInvestigator });
        var small = FinanceGenerator.Generate(300, 3000, 3);
        var large = FinanceGenerator.Generate(400, 4000, 4);
        string Write(string name, GeneratedData data)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
            FinanceFiles.WriteGenerated(folder, data);
            return folder;
        }
        var folders = new[] { Write("small", small), Write("large", large) };
        async Task<DatasetView> Import(string folder)
        {
            await using var db = database.NewContext();
            var service = new FinanceService(db, TestKeys.Vault(), new RecordingAuditLog(), new LocalOperatorAuditContext(), TimeProvider.System);
            var result = await service.ImportAsync(new FinanceImportRequest(Path.GetFileName(folder), "amlsim", Path.Combine(folder, FinanceFiles.TransactionsFile),
                Path.Combine(folder, FinanceFiles.AccountsFile), null, Analyse: true), investigator, null, Token);
            Assert.True(result.Succeeded, result.Problem?.ToString());
            return result.Value!;
        }

        var views = await Task.WhenAll(folders.Select(Import));

        await using var check = database.NewContext();
        var numbers = await check.Set<FinanceDataset>().OrderBy(d => d.Number).Select(d => new { d.Id, d.Number, d.Transactions }).ToListAsync(Token);
        Assert.Equal([1, 2], numbers.Select(n => n.Number));
        foreach (var dataset in numbers)
        {
            Assert.Equal(dataset.Transactions, await check.Set<FinanceTransaction>().CountAsync(t => t.DatasetNumber == dataset.Number, Token));
        }
        Assert.Equal(small.Transactions.Count + large.Transactions.Count, await check.Set<FinanceTransaction>().CountAsync(Token));
        // The account view reads its transactions by the number.
        var service = new FinanceService(check, TestKeys.Vault(), new RecordingAuditLog(), new LocalOperatorAuditContext(), TimeProvider.System);
        var smallView = views.Single(v => v.Name == "small");
        var account = small.Transactions[0].Source;
        var view = (await service.AccountAsync(smallView.Id, small.Accounts[account].Id, investigator, Token)).Value!;
        Assert.Equal(small.Transactions.Count(t => t.Source == account || t.Target == account), view.Transactions.Count);

        // The schema after the import: on PostgreSQL a partitioned table with one partition per dataset, each with the
        // model's key and indexes (attached, not rebuilt per query); on SQLite the model's indexes restored.
        var indexes = await SchemaIndexesAsync(check, provider);
        Assert.Contains("PK_FinanceTransactions", indexes.Keys);
        Assert.Equal("DatasetNumber,SourceIndex", indexes["IX_FinanceTransactions_DatasetNumber_SourceIndex"]);
        Assert.Equal("DatasetNumber,TargetIndex", indexes["IX_FinanceTransactions_DatasetNumber_TargetIndex"]);
        if (provider == DatabaseProvider.Postgres)
        {
            var partitions = await check.Database.SqlQueryRaw<string>("SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid " +
                "WHERE i.inhparent = '\"FinanceTransactions\"'::regclass AND c.relkind = 'r' ORDER BY 1").ToListAsync(Token);
            Assert.Equal(["FinanceTransactions_1", "FinanceTransactions_2", "FinanceTransactions_default"], partitions);
            // Every partition has the key and both indexes (3 indexes each), and the foreign key holds for each.
            Assert.Equal(6, await check.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid " +
                "WHERE c.relname IN ('FinanceTransactions_1', 'FinanceTransactions_2')").SingleAsync(Token));
            // The model's columns, no more and no fewer, in the partitioned table.
            var columns = await check.Database.SqlQueryRaw<string>("SELECT column_name AS \"Value\" FROM information_schema.columns " +
                "WHERE table_name = 'FinanceTransactions' ORDER BY 1").ToListAsync(Token);
            var model = check.Model.FindEntityType(typeof(FinanceTransaction))!.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal);
            Assert.Equal(model, columns.Order(StringComparer.Ordinal));
        }

        // Deleting a dataset takes its transactions and no other's; on PostgreSQL its partition goes whole.
        var deleted = await service.DeleteDatasetAsync(smallView.Id, "test of the partitions", investigator, Token);
        Assert.True(deleted.Succeeded, deleted.Problem?.ToString());
        Assert.Equal(small.Transactions.Count, deleted.Value!.Transactions);
        Assert.Equal(large.Transactions.Count, await check.Set<FinanceTransaction>().CountAsync(Token));
        if (provider == DatabaseProvider.Postgres)
        {
            // The two imports ran at once, so either may hold number 1.
            var kept = numbers.Single(n => n.Id != smallView.Id).Number;
            Assert.Equal([$"FinanceTransactions_{kept}", "FinanceTransactions_default"], await check.Database.SqlQueryRaw<string>("SELECT c.relname AS \"Value\" " +
                "FROM pg_class c WHERE c.relname LIKE 'FinanceTransactions\\_%' AND c.relkind = 'r' ORDER BY 1").ToListAsync(Token));
        }
    }

    /// <summary>The indexes of the transactions table (partitioned indexes on PostgreSQL) by name, with their columns.</summary>
    private static async Task<Dictionary<string, string>> SchemaIndexesAsync(AppDbContext db, DatabaseProvider provider)
    {
        var sql = provider == DatabaseProvider.Postgres
            ? "SELECT i.relname AS \"Name\", string_agg(a.attname, ',' ORDER BY k.n) AS \"Columns\" FROM pg_index x " +
              "JOIN pg_class i ON i.oid = x.indexrelid JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) ON true " +
              "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum WHERE x.indrelid = '\"FinanceTransactions\"'::regclass GROUP BY i.relname"
            : "SELECT CASE WHEN m.name LIKE 'sqlite_autoindex%' THEN 'PK_FinanceTransactions' ELSE m.name END AS \"Name\", " +
              "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)) AS \"Columns\" " +
              "FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name = 'FinanceTransactions'";
        return (await db.Database.SqlQueryRaw<IndexRow>(sql).ToListAsync(Token)).ToDictionary(r => r.Name, r => r.Columns);
    }

    private sealed record IndexRow(string Name, string Columns);
}
