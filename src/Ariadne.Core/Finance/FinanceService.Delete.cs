using System.Globalization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data.Migrations;
using Ariadne.Core.Finance.Assets;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Finance;

/// <summary>What deleting a dataset removes (and what loses its link to it), counted before the delete; nothing identifying.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Passengers">Ticket passengers (name blind indexes) of its transactions.</param>
/// <param name="Alerts">Its alerts, open and disposed (the disposition notes go with them).</param>
/// <param name="CaseLinks">Links of its alerts to cases.</param>
/// <param name="LinkedCases">The codes of the linked cases the viewer may see.</param>
/// <param name="LedgerEntries">Asset-ledger entries recorded from its alerts: they stay with their case, without the alert reference.</param>
/// <param name="JobPending">Whether an import or analysis of the dataset is queued or running (the delete is refused meanwhile).</param>
public sealed record DatasetDeletionView(DatasetView Dataset, int Passengers, int Alerts, int CaseLinks, IReadOnlyList<string> LinkedCases, int LedgerEntries, bool JobPending);

/// <summary>What a delete removed: the dataset's id and name and the counts of each table.</summary>
public sealed record DatasetDeletion(Guid Id, string Name, int Accounts, int Parties, long Transactions, int Passengers, int Alerts, int CaseLinks, int LedgerEntriesUnlinked);

public sealed partial class FinanceService
{
    public const int MaxDeleteReasonLength = 500;

    /// <summary>The delete's confirmation: what will go. The same access rule as <see cref="DeleteDatasetAsync"/> (not audited: nothing is opened).</summary>
    public async Task<Result<DatasetDeletionView>> DeletionAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await DeletableAsync(id, viewer, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!;
        }
        var dataset = found.Value!;
        var alerts = db.Set<FinanceAlert>().Where(a => a.DatasetId == id);
        var linkedCases = await (from l in db.Set<FinanceAlertCase>()
                                 join c in LinkableCases(viewer) on l.CaseId equals c.Id
                                 where alerts.Any(a => a.Id == l.AlertId)
                                 select c.CaseCode).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        return new DatasetDeletionView(ToView(dataset),
            await db.Set<FinanceTicketPassenger>().CountAsync(p => p.DatasetId == id, cancellationToken),
            await alerts.CountAsync(cancellationToken),
            await db.Set<FinanceAlertCase>().CountAsync(l => alerts.Any(a => a.Id == l.AlertId), cancellationToken),
            linkedCases,
            await db.Set<CaseAsset>().CountAsync(e => alerts.Any(a => a.Id == e.AlertId), cancellationToken),
            await JobPendingAsync(id, cancellationToken));
    }

    /// <summary>
    /// Deletes a dataset with everything derived from it (docs/finance.md, "Deleting a dataset"): accounts, parties (and
    /// with their rows their wrapped data keys: the sealed identifiers cannot be opened again), transactions, ticket
    /// passengers, alerts (and the dataset's wrapped key: the sealed disposition notes cannot be opened again) and the
    /// alerts' case links, in one transaction. Asset-ledger entries recorded from its alerts belong to their case and stay,
    /// with the alert reference set to null (as a re-analysis does). On SQLite the freed pages are overwritten
    /// (secure_delete) and the write-ahead log is checkpointed, as the case registry's erasure does.
    /// Financial investigators of the dataset's organisation and the local operator only: Forbidden otherwise (audited as
    /// denied), NotFound for no such dataset, Invalid on <c>Reason</c> (required, at most <see cref="MaxDeleteReasonLength"/>
    /// characters, nothing identifying), Conflict while an import or analysis of the dataset is queued or running.
    /// </summary>
    public async Task<Result<DatasetDeletion>> DeleteDatasetAsync(Guid id, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await DeletableAsync(id, viewer, cancellationToken);
        if (!found.Succeeded)
        {
            if (found.Problem!.Kind == ProblemKind.Forbidden)
            {
                await audit.AppendAsync(new AuditRecord(AuditActions.FinanceDatasetDelete, AuditOutcomes.Denied, "finance-dataset", id.ToString()), cancellationToken);
            }
            return found.Problem!;
        }
        var dataset = found.Value!;
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxDeleteReasonLength)
        {
            return Problem.Invalid("Reason", "Required", $"Say why the dataset is deleted (1 to {MaxDeleteReasonLength} characters, nothing identifying).", MaxDeleteReasonLength);
        }
        if (await JobPendingAsync(id, cancellationToken))
        {
            return Problem.Conflict("An import or analysis of the dataset is queued or running; delete it when the job has finished (or cancel the job).");
        }
        var deleted = await DeleteRowsAsync(dataset, cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceDatasetDelete, AuditOutcomes.Success, "finance-dataset", id.ToString(), reason.Trim(),
            Details: new Dictionary<string, string>
            {
                ["name"] = deleted.Name,
                ["accounts"] = deleted.Accounts.ToString(CultureInfo.InvariantCulture),
                ["parties"] = deleted.Parties.ToString(CultureInfo.InvariantCulture),
                ["transactions"] = deleted.Transactions.ToString(CultureInfo.InvariantCulture),
                ["passengers"] = deleted.Passengers.ToString(CultureInfo.InvariantCulture),
                ["alerts"] = deleted.Alerts.ToString(CultureInfo.InvariantCulture),
                ["caseLinks"] = deleted.CaseLinks.ToString(CultureInfo.InvariantCulture),
                ["ledgerEntriesUnlinked"] = deleted.LedgerEntriesUnlinked.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return deleted;
    }

    /// <summary>
    /// The dataset if the viewer may delete it: a financial investigator of the dataset's organisation, or the local
    /// operator. Fails closed: a dataset without an organisation only the local operator may delete.
    /// </summary>
    private async Task<Result<FinanceDataset>> DeletableAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var dataset = await db.Set<FinanceDataset>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
        {
            return Problem.NotFound();
        }
        if (!viewer.IsLocalOperator && (viewer.OrganisationId is null || dataset.OrganisationId != viewer.OrganisationId))
        {
            return Problem.Forbidden("Only the financial investigators of the organisation that imported the dataset may delete it.");
        }
        return dataset;
    }

    /// <summary>Whether an import or analysis job naming the dataset is queued or running (their inputs are small: the id, or a zip with it and the files).</summary>
    private async Task<bool> JobPendingAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var jobs = await db.BackgroundJobs.AsNoTracking()
            .Where(j => (j.Kind == FinanceImportJob.JobKind || j.Kind == FinanceAnalyseJob.JobKind) && (j.State == JobState.Queued || j.State == JobState.Running))
            .Select(j => new { j.Kind, j.Input }).ToListAsync(cancellationToken);
        return jobs.Any(j => (j.Kind == FinanceImportJob.JobKind ? FinanceImportJob.DatasetOf(j.Input) : FinanceAnalyseJob.DatasetOf(j.Input)) == datasetId);
    }

    /// <summary>
    /// The delete itself, in one transaction: the children in bulk, largest first (one statement per table, by the key
    /// they are stored under, rather than a cascade per dataset row), then the dataset row. The cascades stay as the
    /// safety net of anything added later.
    /// </summary>
    private async Task<DatasetDeletion> DeleteRowsAsync(FinanceDataset dataset, CancellationToken cancellationToken)
    {
        var id = dataset.Id;
        var alerts = db.Set<FinanceAlert>().Where(a => a.DatasetId == id);
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
            }
            DatasetDeletion deleted;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                var unlinked = await db.Set<CaseAsset>().Where(e => alerts.Any(a => a.Id == e.AlertId))
                    .ExecuteUpdateAsync(u => u.SetProperty(e => e.AlertId, (Guid?)null), cancellationToken);
                var datasetTransactions = db.Set<FinanceTransaction>().Where(t => t.DatasetNumber == dataset.Number);
                int transactions;
                if (db.Database.IsNpgsql())
                {
                    // PostgreSQL keeps a dataset's transactions in a partition of their own (FinanceTransactionPartitions):
                    // dropped whole, not emptied row by row (which would also leave the empty table behind). Rows stored
                    // otherwise (the default partition's, normally none) are deleted after it; the count covers both.
                    transactions = await datasetTransactions.CountAsync(cancellationToken);
                    await db.Database.ExecuteSqlRawAsync(FinanceTransactionPartitions.DropSql(dataset.Number), cancellationToken);
                    await datasetTransactions.ExecuteDeleteAsync(cancellationToken);
                }
                else
                {
                    transactions = await datasetTransactions.ExecuteDeleteAsync(cancellationToken);
                }
                var passengers = await db.Set<FinanceTicketPassenger>().Where(p => p.DatasetId == id).ExecuteDeleteAsync(cancellationToken);
                var accounts = await db.Set<FinanceAccount>().Where(a => a.DatasetId == id).ExecuteDeleteAsync(cancellationToken);
                var parties = await db.Set<FinanceParty>().Where(p => p.DatasetId == id).ExecuteDeleteAsync(cancellationToken);
                var links = await db.Set<FinanceAlertCase>().Where(l => alerts.Any(a => a.Id == l.AlertId)).ExecuteDeleteAsync(cancellationToken);
                var alertCount = await alerts.ExecuteDeleteAsync(cancellationToken);
                await db.Set<FinanceDataset>().Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                deleted = new DatasetDeletion(id, dataset.Name, accounts, parties, transactions, passengers, alertCount, links, unlinked);
            }
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }
            return deleted;
        }
        finally
        {
            if (sqlite)
            {
                // The connection goes back to the pool: later statements on it need not pay for overwriting.
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = OFF;", CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
            db.ChangeTracker.Clear();
        }
    }
}
