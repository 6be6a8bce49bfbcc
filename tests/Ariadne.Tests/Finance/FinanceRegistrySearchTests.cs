using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Organisations;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <see cref="FinanceService.FindHoldersInRegistryAsync"/>: the holders of an R6 alert's accounts found in the case registry
/// by name and date of birth (the bank's full name split into the registry's family and given names) and by document (the
/// registry's type tried), only among the cases of the investigator's organisation (a case shared with it is not searched,
/// another organisation's never), refused without the role or a reason, audited without a value. On both providers (each
/// translates the OR of byte-array equalities), no app.
/// </summary>
public sealed class FinanceRegistrySearchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-finreg-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void NameSplits_EverySplitPointBothOrders_NormalisedAndBounded()
    {
        Assert.Equal(
            [("MARIA ELENA ROSSI", null), ("ELENA ROSSI", "MARIA"), ("MARIA", "ELENA ROSSI"), ("ROSSI", "MARIA ELENA"), ("MARIA ELENA", "ROSSI")],
            FinanceService.NameSplits(" María Elena  Rossi "));
        Assert.Empty(FinanceService.NameSplits("  "));
        Assert.Single(FinanceService.NameSplits(string.Join(' ', Enumerable.Repeat("Name", FinanceService.MaxNameWordsToSplit + 1))));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FindHoldersInRegistry_NameSplitAndDocument_OnlyOwnOrganisationsCases_RefusalsAndAuditWithoutValues(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var police = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic Police", Type = "police" };
        var ngo = new Organisation { Id = Guid.NewGuid(), Name = "Synthetic NGO", Type = "ngo" };
        db.AddRange(police, ngo);
        var now = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        // The registry splits the names its own way: family "Elena Rossi", given "Maria"; the bank has "Maria Elena Rossi".
        db.Add(CaseService.NewCase(CaseApiTests.ValidInput("C-REG-0001") with { FamilyName = "Elena Rossi", GivenName = "Maria", DateOfBirth = new DateOnly(1990, 4, 12) },
            police.Id, now, TestKeys.Vault()));
        db.Add(CaseService.NewCase(CaseApiTests.ValidInput("C-REG-0002") with { DocumentType = "Passport", DocumentNumber = "p 1234567" }, police.Id, now, TestKeys.Vault()));
        // Another organisation's case, shared with the police: pseudonymised there, so never searched for the police.
        var shared = CaseService.NewCase(CaseApiTests.ValidInput("C-REG-0003") with { FamilyName = "Brandt", GivenName = "Ivo", DateOfBirth = new DateOnly(1985, 1, 1) },
            ngo.Id, now, TestKeys.Vault());
        db.Add(shared);
        db.Add(new CaseShare { SourceId = Guid.NewGuid(), CaseId = shared.Id, OrganisationId = police.Id });
        await db.SaveChangesAsync(ct);
        var audit = new RecordingAuditLog();
        var service = new FinanceService(db, TestKeys.Vault(), audit, new LocalOperatorAuditContext(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        var investigator = new CaseViewer(Guid.NewGuid(), police.Id, new HashSet<string> { Roles.FinancialInvestigator });

        // An R6 alert of three holders: one named as the police case's person, one holding its passport, one the NGO's person.
        var data = FinanceGenerator.Generate(400, 4000, 5);
        var (generated, groups) = FinancePartyGenerator.Generate([.. data.Accounts.Select(a => a.Id)], 5, sharedGroups: 1);
        var group = groups[0];
        var parties = generated.Select(p =>
            p.AccountId == group[0] ? p with { Name = "Maria Elena Rossi", DateOfBirth = "1990-04-12" }
            : p.AccountId == group[1] ? p with { DocumentNumber = "P-1234567" }
            : p.AccountId == group[2] ? p with { Name = "Ivo Brandt", DateOfBirth = "1985-01-01" }
            : p).ToList();
        FinanceFiles.WriteGenerated(_folder, data, parties);
        var partiesPath = Path.Combine(_folder, FinancePartyGenerator.FileName);
        FinancePartyGenerator.Write(partiesPath, parties);
        var dataset = await service.ImportAsync(new FinanceImportRequest("Synthetic Bank export", "amlsim", Path.Combine(_folder, FinanceFiles.TransactionsFile),
            Path.Combine(_folder, FinanceFiles.AccountsFile), partiesPath, Analyse: true), investigator, null, ct);
        Assert.True(dataset.Succeeded, dataset.Problem?.ToString());
        var alert = Assert.Single((await service.AlertsAsync(new AlertQuery(Rule: "R6"), investigator, ct)).Value!.Items);

        // Refused: not an investigator; no reason; an unknown alert.
        var analyst = new CaseViewer(Guid.NewGuid(), police.Id, new HashSet<string> { Roles.Analyst, Roles.CaseWorker });
        Assert.Equal(ProblemKind.Forbidden, (await service.FindHoldersInRegistryAsync(alert.Id, "check", analyst, ct)).Problem?.Kind);
        Assert.Equal("Reason", Assert.Single((await service.FindHoldersInRegistryAsync(alert.Id, " ", investigator, ct)).Problem!.Errors).Field);
        Assert.Equal(ProblemKind.NotFound, (await service.FindHoldersInRegistryAsync(Guid.NewGuid(), "check", investigator, ct)).Problem?.Kind);
        Assert.DoesNotContain(audit.Records, r => r.Action == AuditActions.FinanceRegistrySearch);

        // The police investigator: the name with another split, the passport under its type; not the shared NGO case.
        var found = await service.FindHoldersInRegistryAsync(alert.Id, "Are the holders known victims? (synthetic)", investigator, ct);
        Assert.True(found.Succeeded, found.Problem?.ToString());
        Assert.Equal([new RegistryMatch("C-REG-0001", group[0], RegistryMatch.NameAndDateOfBirth), new RegistryMatch("C-REG-0002", group[1], RegistryMatch.Document)],
            found.Value!);
        var entry = Assert.Single(audit.Records, r => r.Action == AuditActions.FinanceRegistrySearch);
        Assert.Equal((AuditOutcomes.Success, alert.Id.ToString(), "Are the holders known victims? (synthetic)"), (entry.Outcome, entry.SubjectId, entry.Reason));
        Assert.Equal(("3", "2"), (entry.Details!["parties"], entry.Details["matches"]));
        var details = string.Join(" ", entry.Details.Keys.Concat(entry.Details.Values));
        foreach (var value in new[] { "Rossi", "ROSSI", "1234567", "1990", "Brandt", "C-REG" })
        {
            Assert.DoesNotContain(value, details, StringComparison.Ordinal);
        }

        // The NGO's own investigator finds its case; the local operator finds all three.
        var ngoInvestigator = new CaseViewer(Guid.NewGuid(), ngo.Id, new HashSet<string> { Roles.FinancialInvestigator });
        Assert.Equal(["C-REG-0003"], (await service.FindHoldersInRegistryAsync(alert.Id, "check", ngoInvestigator, ct)).Value!.Select(m => m.CaseCode));
        Assert.Equal(["C-REG-0001", "C-REG-0002", "C-REG-0003"],
            (await service.FindHoldersInRegistryAsync(alert.Id, "check", CaseViewer.LocalOperator, ct)).Value!.Select(m => m.CaseCode));

        // A match is linked with the existing link action.
        Assert.Equal(["C-REG-0001"], (await service.LinkCaseAsync(alert.Id, found.Value![0].CaseCode, investigator, ct)).Value!);
    }
}
