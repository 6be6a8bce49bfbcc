using System.Net;
using System.Text.Json;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Tests.Cases;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Tests.Finance;

/// <summary>
/// Deleting a financial dataset (docs/finance.md, "Deleting a dataset"): every row derived from it goes, another dataset
/// stays, the asset ledger keeps its entry without the alert reference, the delete and its refusals are audited, and a
/// pending job blocks it; through the service, the API and the command line, on both providers.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FinanceDatasetDeleteTests
{
    private static CaseViewer Viewer(TestApp.TestUser user, params string[] roles) => new(user.Id, user.OrganisationId, roles.ToHashSet());

    /// <summary>
    /// A dataset of <paramref name="organisationId"/> with two accounts, one transaction, one alert linked to
    /// <paramref name="caseId"/>, a party, a ticket passenger and a ledger entry recorded from the alert: every table a
    /// dataset reaches. Returns the dataset and the alert.
    /// </summary>
    internal static async Task<(Guid Dataset, Guid Alert)> SeedAsync(TestApp app, Guid organisationId, Guid caseId, CancellationToken ct)
    {
        var alertId = await AssetLedgerServiceTests.LinkedAlertAsync(app, organisationId, caseId, ct);
        await using var db = app.NewContext();
        var datasetId = await db.Set<FinanceAlert>().Where(a => a.Id == alertId).Select(a => a.DatasetId).SingleAsync(ct);
        // A party whose data key is really wrapped (the command line checks that every master key in use is configured).
        var partyId = Guid.NewGuid();
        var wrapped = app.Services.GetRequiredService<IKeyEncryptionKeyProvider>().Wrap(new byte[32], FinanceService.PartyKeyContext(partyId));
        db.Add(new FinanceParty { Id = partyId, DatasetId = datasetId, AccountId = "ACC-0042", AccountIndex = 0, KekId = wrapped.KeyId, WrappedKey = wrapped.Wrapped, IdentityCiphertext = [4, 5, 6] });
        db.Add(new FinanceTicketPassenger { DatasetId = datasetId, Seq = 0, PassengerIndex = [7, 8, 9] });
        db.Add(new CaseAsset { Id = Guid.NewGuid(), CaseId = caseId, Currency = "EUR", EstimatedValue = 12_500m, AlertId = alertId, Version = 1, RecordedByName = "test" });
        await db.SaveChangesAsync(ct);
        // The counts the import would have stored.
        await db.Set<FinanceDataset>().Where(d => d.Id == datasetId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Accounts, 2).SetProperty(d => d.Parties, 1).SetProperty(d => d.Transactions, 1).SetProperty(d => d.Alerts, 1), ct);
        return (datasetId, alertId);
    }

    /// <summary>The rows of each table that belong to the dataset (or its alerts).</summary>
    private static async Task<int[]> RowsAsync(TestApp app, Guid datasetId, Guid alertId, CancellationToken ct)
    {
        await using var db = app.NewContext();
        var number = await db.Set<FinanceDataset>().Where(d => d.Id == datasetId).Select(d => (int?)d.Number).SingleOrDefaultAsync(ct);
        return
        [
            await db.Set<FinanceDataset>().CountAsync(d => d.Id == datasetId, ct),
            await db.Set<FinanceAccount>().CountAsync(a => a.DatasetId == datasetId, ct),
            await db.Set<FinanceParty>().CountAsync(p => p.DatasetId == datasetId, ct),
            number is { } n ? await db.Set<FinanceTransaction>().CountAsync(t => t.DatasetNumber == n, ct) : 0,
            await db.Set<FinanceTicketPassenger>().CountAsync(p => p.DatasetId == datasetId, ct),
            await db.Set<FinanceAlert>().CountAsync(a => a.DatasetId == datasetId, ct),
            await db.Set<FinanceAlertCase>().CountAsync(l => l.AlertId == alertId, ct),
            await db.Set<CaseAsset>().CountAsync(e => e.AlertId == alertId, ct),
        ];
    }

    private static readonly int[] Seeded = [1, 2, 1, 1, 1, 1, 1, 1];
    private static readonly int[] Gone = [0, 0, 0, 0, 0, 0, 0, 0];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delete_RemovesEveryDerivedRow_KeepsLedgerEntry_Audited_RefusedForOthersAndWhileAJobIsPending(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider);
        var worker = await app.AddUserAsync("delete-worker", "Police", Roles.CaseWorker);
        var investigator = await app.AddUserAsync("delete-investigator", "Police", Roles.FinancialInvestigator);
        var stranger = await app.AddUserAsync("delete-stranger", "Elsewhere", Roles.FinancialInvestigator);
        var analyst = await app.AddUserAsync("delete-analyst", "Police", Roles.Analyst);
        var caseId = await CaseSearchTests.CreateAsync(app, worker.OrganisationId, CaseApiTests.ValidInput("C-FDEL-0001"));
        var (doomed, doomedAlert) = await SeedAsync(app, investigator.OrganisationId, caseId, ct);
        var (kept, keptAlert) = await SeedAsync(app, investigator.OrganisationId, caseId, ct);
        Guid ledgerEntry;
        await using (var db = app.NewContext())
        {
            ledgerEntry = await db.Set<CaseAsset>().Where(e => e.AlertId == doomedAlert).Select(e => e.Id).SingleAsync(ct);
            // An analysis of the doomed dataset queued, an import of the other one running: only the first blocks.
            db.BackgroundJobs.Add(Job(FinanceAnalyseJob.JobKind, FinanceAnalyseJob.Input(doomed), JobState.Queued));
            db.BackgroundJobs.Add(Job(FinanceImportJob.JobKind, FinanceImportJob.Input(kept, [1], null, null), JobState.Running));
            await db.SaveChangesAsync(ct);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var finance = scope.ServiceProvider.GetRequiredService<FinanceService>();
        var me = Viewer(investigator, Roles.FinancialInvestigator);

        // What the confirmation shows: the counts, the cases losing their links (those the viewer may see), the ledger entry, the pending job.
        var preview = (await finance.DeletionAsync(doomed, CaseViewer.LocalOperator, ct)).Unwrap();
        Assert.Equal((2, 1, 1L, 1, 1, 1, 1, true), (preview.Dataset.Accounts, preview.Passengers, preview.Dataset.Transactions, preview.Alerts, preview.CaseLinks,
            preview.LedgerEntries, preview.LinkedCases.Count, preview.JobPending));
        Assert.Equal(["C-FDEL-0001"], preview.LinkedCases);

        // Refusals: another organisation's investigator and an analyst (audited as denied), no reason, a reason too long, the pending job.
        Assert.Equal(ProblemKind.Forbidden, (await finance.DeleteDatasetAsync(doomed, "closed", Viewer(stranger, Roles.FinancialInvestigator), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await finance.DeletionAsync(doomed, Viewer(stranger, Roles.FinancialInvestigator), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await finance.DeleteDatasetAsync(doomed, "closed", Viewer(analyst, Roles.Analyst), ct)).Problem!.Kind);
        Assert.Equal(ProblemKind.NotFound, (await finance.DeleteDatasetAsync(Guid.NewGuid(), "closed", me, ct)).Problem!.Kind);
        Assert.Equal([("Reason", "Required")], (await finance.DeleteDatasetAsync(doomed, " ", me, ct)).Problem!.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(["Reason"], (await finance.DeleteDatasetAsync(doomed, new string('x', FinanceService.MaxDeleteReasonLength + 1), me, ct)).Problem!.Errors.Select(e => e.Field));
        var pending = await finance.DeleteDatasetAsync(doomed, "Investigation closed", me, ct);
        Assert.Equal(ProblemKind.Conflict, pending.Problem!.Kind);
        Assert.Equal(Seeded, await RowsAsync(app, doomed, doomedAlert, ct));

        await using (var db = app.NewContext())
        {
            await db.BackgroundJobs.Where(j => j.Kind == FinanceAnalyseJob.JobKind).ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Succeeded), ct);
        }
        var deleted = (await finance.DeleteDatasetAsync(doomed, " Investigation closed ", me, ct)).Unwrap();
        Assert.Equal(new DatasetDeletion(doomed, "Test export", 2, 1, 1, 1, 1, 1, 1), deleted);
        Assert.Equal(Gone, await RowsAsync(app, doomed, doomedAlert, ct));
        Assert.Equal(Seeded, await RowsAsync(app, kept, keptAlert, ct));
        await using (var db = app.NewContext())
        {
            // The ledger keeps its entry: it belongs to the case; only the alert reference is gone.
            var entry = await db.Set<CaseAsset>().AsNoTracking().SingleAsync(e => e.Id == ledgerEntry, ct);
            Assert.Equal((caseId, (Guid?)null, 12_500m), (entry.CaseId, entry.AlertId, entry.EstimatedValue));
            var audits = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.FinanceDatasetDelete).ToListAsync(ct);
            Assert.Equal(2, audits.Count(e => e.Outcome == AuditOutcomes.Denied && e.SubjectId == doomed.ToString()));
            var success = Assert.Single(audits, e => e.Outcome == AuditOutcomes.Success);
            Assert.Equal((doomed.ToString(), "Investigation closed"), (success.SubjectId, success.Reason));
            Assert.Contains("\"transactions\":\"1\"", success.Details, StringComparison.Ordinal);
            Assert.Contains("\"name\":\"Test export\"", success.Details, StringComparison.Ordinal);
        }

        // The API: the reason in the query, RFC 7807 problems, the counts on success.
        var client = await app.BearerClientAsync(investigator);
        var noReason = await client.DeleteAsync($"/api/v1/finance/datasets/{kept}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/finance/datasets/{kept}?reason=wrong+file", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.BearerClientAsync(stranger)).DeleteAsync($"/api/v1/finance/datasets/{kept}?reason=x", ct)).StatusCode);
        await using (var db = app.NewContext())
        {
            await db.BackgroundJobs.ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Failed), ct);
        }
        var ok = await client.DeleteAsync($"/api/v1/finance/datasets/{kept}?reason=wrong+file", ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var doc = JsonDocument.Parse(await ok.Content.ReadAsStringAsync(ct)))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("transactions").GetInt64());
            Assert.Equal(1, doc.RootElement.GetProperty("ledgerEntriesUnlinked").GetInt32());
        }
        Assert.Equal(Gone, await RowsAsync(app, kept, keptAlert, ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/finance/datasets/{kept}?reason=again", ct)).StatusCode);

        // The command line, as the local operator.
        var (third, thirdAlert) = await SeedAsync(app, stranger.OrganisationId, caseId, ct);
        string[] cli = ["--database", app.Database.Options.ConnectionString, "finance", "datasets", "delete", third.ToString()];
        var (exit, _, error) = await CliRunner.RunAsync([.. cli, "--reason", ""]);
        Assert.True(exit == 2, error);
        Assert.Contains("Reason:", error, StringComparison.Ordinal);
        (exit, var output, error) = await CliRunner.RunAsync([.. cli, "--reason", "Retention period passed"]);
        Assert.True(exit == 0, error);
        Assert.Contains("1 transactions, 2 accounts, 1 parties, 1 alerts, 1 case links; 1 asset-ledger entries kept", output, StringComparison.Ordinal);
        Assert.Equal(Gone, await RowsAsync(app, third, thirdAlert, ct));
    }

    private static BackgroundJob Job(string kind, byte[] input, JobState state) =>
        new() { Id = Guid.NewGuid(), Kind = kind, Input = input, State = state, ActorName = "test", Roles = Roles.FinancialInvestigator, CreatedAtUtc = TestApp.Now.UtcDateTime };
}
