using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Erasure;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Finance;

/// <summary>Issue 17 item 6: the asset ledger per case in the product (storage, access, sealing, erasure, API).</summary>
public sealed class AssetLedgerServiceTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    /// <summary>A dataset of <paramref name="organisationId"/> with one alert (one account, one transaction) linked to <paramref name="caseId"/>.</summary>
    internal static async Task<Guid> LinkedAlertAsync(TestApp app, Guid organisationId, Guid caseId, CancellationToken ct)
    {
        await using var db = app.NewContext();
        var number = (await db.Set<FinanceDataset>().MaxAsync(d => (int?)d.Number, ct) ?? 0) + 1;
        var dataset = new FinanceDataset { Id = Guid.NewGuid(), Number = number, Name = "Test export", OrganisationId = organisationId, Format = "amlsim", ImportedByName = "test", State = FinanceDatasetState.Analysed };
        db.Add(dataset);
        db.Add(new FinanceAccount { DatasetId = dataset.Id, Index = 0, ExternalId = "ACC-0042" });
        db.Add(new FinanceAccount { DatasetId = dataset.Id, Index = 1, ExternalId = "ACC-0043" });
        db.Add(new FinanceTransaction { DatasetNumber = number, Seq = 0, ExternalId = 1, SourceIndex = 1, TargetIndex = 0, AmountMinor = 1_250_000, Currency = "EUR" });
        var alert = new FinanceAlert
        {
            Id = Guid.NewGuid(),
            DatasetId = dataset.Id,
            Code = "A-1",
            Rule = "R6",
            Typology = "shared-identifier",
            Source = "test",
            AccountIndexes = "0",
            TransactionSeqs = "0",
            ExplanationJson = "{\"text\":\"test\"}",
        };
        db.Add(alert);
        db.Add(new FinanceAlertCase { AlertId = alert.Id, CaseId = caseId, LinkedByName = "test" });
        await db.SaveChangesAsync(ct);
        return alert.Id;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ledger_StepsFollowTheRules_DescriptionSealed_AccessByRole_ErasureDropsDescription(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("asset-worker", "Police", Roles.CaseWorker);
        var investigator = await app.AddUserAsync("asset-investigator", "Police", Roles.FinancialInvestigator);
        var fiu = await app.AddUserAsync("fiu-investigator", "FIU", Roles.FinancialInvestigator);
        var unrelated = await app.AddUserAsync("other-investigator", "Elsewhere", Roles.FinancialInvestigator);
        var authority = await app.AddUserAsync("asset-prosecutor", "Prosecution", Roles.CompetentAuthority);
        var otherAuthority = await app.AddUserAsync("other-prosecutor", "Other prosecution", Roles.CompetentAuthority);
        var coordinator = await app.AddUserAsync("asset-coordinator", "Coordination", Roles.Coordinator);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-ASST-0001"));
        var alertId = await LinkedAlertAsync(app, fiu.OrganisationId, caseId, ct);
        await using (var db = app.NewContext())
        {
            db.Add(new CaseShare { SourceId = Guid.NewGuid(), CaseId = caseId, OrganisationId = authority.OrganisationId });
            await db.SaveChangesAsync(ct);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<AssetLedgerService>();
        var keeper = Viewer(investigator, Roles.FinancialInvestigator);

        // Prefilled from the linked alert: the alert's account and the sum of its transactions.
        var draft = (await ledger.DraftFromAlertAsync(caseId, alertId, Viewer(fiu, Roles.FinancialInvestigator), ct)).Unwrap();
        Assert.Equal(12_500m, draft.EstimatedValue);
        Assert.Equal("EUR", draft.Currency);
        Assert.Equal("Account ACC-0042", draft.HolderReference);
        // An alert without transactions (R6): no value made up (0.00 would read as "nothing there"), nor a currency.
        await using (var db = app.NewContext())
        {
            await db.Set<FinanceAlert>().Where(a => a.Id == alertId).ExecuteUpdateAsync(u => u.SetProperty(a => a.TransactionSeqs, ""), ct);
        }
        var partiesOnly = (await ledger.DraftFromAlertAsync(caseId, alertId, Viewer(fiu, Roles.FinancialInvestigator), ct)).Unwrap();
        Assert.Equal((null, null, "Account ACC-0042"), (partiesOnly.EstimatedValue, partiesOnly.Currency, partiesOnly.HolderReference));

        var added = await ledger.AddAsync(caseId, draft with { Description = "Wages of Qwertzuiop held by the recruiter", Authority = "Bank compliance", On = Today.AddDays(-10) }, keeper, ct);
        Assert.True(added.Succeeded, added.ToString());
        var entry = added.Value!;
        Assert.Equal(AssetStatus.Identified, entry.Status);
        Assert.Equal(alertId, entry.AlertId);

        // Transitions: forward (skipping allowed), backwards refused naming the field, dates in order, conflicts by version.
        Assert.True((await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Frozen", Today.AddDays(-3), "Public prosecutor", "§ 111e StPO", 1), keeper, ct)).Succeeded);
        var back = await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Identified", Today, "Public prosecutor", null), keeper, ct);
        Assert.Equal([("Status", "Transition")], back.Problem!.Errors.Select(e => (e.Field, e.Code)));
        var early = await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Seized", Today.AddDays(-5), " ", null), keeper, ct);
        Assert.Equal(["Authority", "On"], early.Problem!.Errors.Select(e => e.Field).Order());
        Assert.Equal(ProblemKind.Conflict, (await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Seized", Today, "Court", null, 1), keeper, ct)).Problem!.Kind);
        var seized = await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Seized", Today, "District court", "Order 12/26", 2), Viewer(authority, Roles.CompetentAuthority), ct);
        Assert.True(seized.Succeeded, seized.ToString());
        Assert.Equal([AssetStatus.Identified, AssetStatus.Frozen, AssetStatus.Seized], seized.Value!.History.Select(h => h.Status));
        Assert.Equal([AssetStatus.Confiscated, AssetStatus.Released, AssetStatus.ReturnedToVictim], seized.Value.NextStatuses);
        Assert.Equal("Wages of Qwertzuiop held by the recruiter", seized.Value.Description);

        var invalid = await ledger.AddAsync(caseId, new AssetInput("Boat", null, -1, "EURO", null, Guid.NewGuid(), "Released", Today.AddDays(1), null, null), keeper, ct);
        Assert.Equal(["AlertId", "Authority", "Currency", "EstimatedValue", "Kind", "On", "Status"], invalid.Problem!.Errors.Select(e => e.Field).Distinct().Order());
        Assert.Equal("NotIso4217", invalid.Problem.Errors.Single(e => e.Field == "Currency").Code);
        Assert.True((await ledger.AddAsync(caseId, new AssetInput("Cash", null, 800, "usd", null, null, "Seized", Today, "Police", null), keeper, ct)).Succeeded);

        // The attack: the raw column holds no plaintext.
        await using (var db = app.NewContext())
        {
            var raw = await db.Set<CaseAsset>().AsNoTracking().Where(a => a.Id == entry.Id).Select(a => a.DescriptionCiphertext).SingleAsync(ct);
            Assert.DoesNotContain("Qwertzuiop", Encoding.UTF8.GetString(raw!), StringComparison.Ordinal);
            Assert.DoesNotContain("Qwertzuiop", Encoding.Latin1.GetString(raw!), StringComparison.Ordinal);
        }

        // Who reads what: keepers everything; the owning case worker and the coordinator totals only; others nothing.
        foreach (var reader in new[] { keeper, Viewer(fiu, Roles.FinancialInvestigator), Viewer(authority, Roles.CompetentAuthority) })
        {
            var full = (await ledger.GetAsync(caseId, reader, ct)).Unwrap();
            Assert.True(full.MayRecord);
            Assert.Equal(2, full.Entries!.Count);
        }
        foreach (var reader in new[] { Viewer(worker, Roles.CaseWorker), Viewer(coordinator, Roles.Coordinator) })
        {
            var totals = (await ledger.GetAsync(caseId, reader, ct)).Unwrap();
            Assert.Null(totals.Entries);
            Assert.False(totals.MayRecord);
            Assert.Equal([(AssetStatus.Seized, "EUR", 12_500m, 1), (AssetStatus.Seized, "USD", 800m, 1)], totals.Totals.Select(t => (t.Status, t.Currency, t.Value, t.Entries)));
        }
        Assert.Equal(ProblemKind.Forbidden, (await ledger.AddAsync(caseId, draft with { Authority = "x" }, Viewer(worker, Roles.CaseWorker), ct)).Problem!.Kind);
        foreach (var stranger in new[] { Viewer(unrelated, Roles.FinancialInvestigator), Viewer(otherAuthority, Roles.CompetentAuthority) })
        {
            Assert.Equal(ProblemKind.NotFound, (await ledger.GetAsync(caseId, stranger, ct)).Problem!.Kind);
            Assert.Equal(ProblemKind.NotFound, (await ledger.StepAsync(caseId, entry.Id, new AssetStepInput("Confiscated", Today, "Court", null), stranger, ct)).Problem!.Kind);
        }

        await using (var db = app.NewContext())
        {
            var audits = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseAsset).ToListAsync(ct);
            Assert.All(audits, e => Assert.Equal(caseId.ToString(), e.SubjectId));
            Assert.All(audits, e => Assert.DoesNotContain("Qwertzuiop", e.Details ?? "", StringComparison.Ordinal));
            Assert.Equal(2, audits.Count(e => (e.Details ?? "").Contains("\"operation\":\"add\"", StringComparison.Ordinal) && e.Outcome == AuditOutcomes.Success));
            Assert.Equal(2, audits.Count(e => (e.Details ?? "").Contains("\"operation\":\"step\"", StringComparison.Ordinal) && e.Outcome == AuditOutcomes.Success));
            Assert.Single(audits, e => e.Outcome == AuditOutcomes.Denied);
            Assert.Equal(5, audits.Count(e => (e.Details ?? "").Contains("\"operation\":\"read\"", StringComparison.Ordinal)));
        }

        // Erasure: the person's key is destroyed and the description dropped; the entries and their history stay.
        var erasure = scope.ServiceProvider.GetRequiredService<ErasureService>();
        Assert.True((await erasure.EraseAsync(caseId, CaseViewer.LocalOperator, "request of 2026-06-01", ct)).Succeeded);
        await using (var db = app.NewContext())
        {
            Assert.All(await db.Set<CaseAsset>().AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(ct), a => Assert.Null(a.DescriptionCiphertext));
            Assert.Equal(4, await db.Set<CaseAssetStep>().CountAsync(ct));
        }
        var after = (await scope.ServiceProvider.GetRequiredService<AssetLedgerService>().GetAsync(caseId, keeper, ct)).Unwrap();
        Assert.All(after.Entries!, e => Assert.Null(e.Description));
        Assert.Equal(2, after.Totals.Count);
    }

    [Fact]
    public async Task ApiAndCli_ListAddStep_ProblemsNameTheField_TotalsOnlyForCaseWorkers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var worker = await app.AddUserAsync("asset-worker", "Police", Roles.CaseWorker);
        var investigator = await app.AddUserAsync("asset-investigator", "Police", Roles.FinancialInvestigator);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-ASST-0002"));
        var client = await app.BearerClientAsync(investigator);

        var bad = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/assets", new { kind = "Cash", estimatedValue = 100, currency = "XXQ", on = "2026-06-01", authority = "Police" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(ct)))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("currency", out _), problem.RootElement.ToString());
        }
        var created = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/assets",
            new { kind = "Cash", description = "Found in the flat", estimatedValue = 4200.5m, currency = "EUR", status = "Seized", on = "2026-06-01", authority = "Police" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetGuid();
        var wrong = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/assets/{id}/steps", new { status = "Frozen", on = "2026-06-02", authority = "Court" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("errors").TryGetProperty("status", out _));
        var stepped = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/assets/{id}/steps", new { status = "Confiscated", on = "2026-06-10", authority = "Court", version = 1 }, ct);
        Assert.Equal(HttpStatusCode.OK, stepped.StatusCode);
        using (var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/cases/{caseId}/assets", ct)))
        {
            var entry = Assert.Single(doc.RootElement.GetProperty("entries").EnumerateArray());
            Assert.Equal("Found in the flat", entry.GetProperty("description").GetString());
            Assert.Equal(2, entry.GetProperty("history").GetArrayLength());
        }

        var workerClient = await app.BearerClientAsync(worker);
        using (var doc = JsonDocument.Parse(await workerClient.GetStringAsync($"/api/v1/cases/{caseId}/assets", ct)))
        {
            // Totals only: no entries (null, left out of the JSON).
            Assert.False(doc.RootElement.TryGetProperty("entries", out var entries) && entries.ValueKind != JsonValueKind.Null);
            Assert.Equal(4200.5m, Assert.Single(doc.RootElement.GetProperty("totals").EnumerateArray()).GetProperty("value").GetDecimal());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await workerClient.PostAsJsonAsync($"/api/v1/cases/{caseId}/assets", new { kind = "Cash" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/assets", ct)).StatusCode);

        // The command line: the same service as the local operator.
        string[] db = ["--database", app.Database.Options.ConnectionString, "finance", "assets"];
        var (exit, output, error) = await CliRunner.RunAsync([.. db, "add", "--case", "c-asst-0002", "--kind", "BankAccount", "--value", "1500.25", "--currency", "chf",
            "--holder", "ACC-7", "--status", "Frozen", "--on", "2026-06-03", "--authority", "Bank", "--description", "Salary account"]);
        Assert.True(exit == 0, error);
        var assetId = output.Split(' ', ':')[1];
        (exit, _, error) = await CliRunner.RunAsync([.. db, "step", assetId, "--case", "C-ASST-0002", "--status", "Identified", "--on", "2026-06-04", "--authority", "Court"]);
        Assert.Equal(2, exit);
        Assert.Contains("Status:", error, StringComparison.Ordinal);
        (exit, _, error) = await CliRunner.RunAsync([.. db, "step", assetId, "--case", "C-ASST-0002", "--status", "ReturnedToVictim", "--on", "2026-06-04", "--authority", "Court"]);
        Assert.Equal(2, exit);
        (exit, _, error) = await CliRunner.RunAsync([.. db, "step", assetId, "--case", "C-ASST-0002", "--status", "Seized", "--on", "2026-06-04", "--authority", "Court"]);
        Assert.True(exit == 0, error);
        (exit, output, _) = await CliRunner.RunAsync([.. db, "list", "--case", "C-ASST-0002"]);
        Assert.Equal(0, exit);
        Assert.Contains($"{assetId},BankAccount,Seized,1500.25,CHF,ACC-7,,2,Frozen@2026-06-03 > Seized@2026-06-04", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Salary account", output, StringComparison.Ordinal);
        (exit, output, _) = await CliRunner.RunAsync([.. db, "list", "--case", "C-ASST-0002", "--totals"]);
        Assert.Equal(0, exit);
        Assert.Contains("Confiscated,EUR,4200.50,1", output, StringComparison.Ordinal);
        Assert.Contains("Seized,CHF,1500.25,1", output, StringComparison.Ordinal);
        (exit, _, error) = await CliRunner.RunAsync([.. db, "list", "--case", "C-NONE-0000"]);
        Assert.Equal(2, exit);
        Assert.Contains("--case", error, StringComparison.Ordinal);
    }
}
