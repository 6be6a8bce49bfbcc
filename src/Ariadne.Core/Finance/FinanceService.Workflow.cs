using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Data;
using Microsoft.EntityFrameworkCore;
using StoredAlert = Ariadne.Core.Finance.Data.FinanceAlert;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Finance;

public sealed partial class FinanceService
{
    public const int MaxPageSize = 200;

    /// <summary>The alert queue, highest score first within the newest dataset first.</summary>
    public async Task<Result<PagedResult<AlertSummary>>> AlertsAsync(AlertQuery query, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        FinanceAlertStatus? status = null;
        if (!string.IsNullOrEmpty(query.Status))
        {
            if (Enum.TryParse<FinanceAlertStatus>(query.Status, ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                status = s;
            }
            else
            {
                errors.Add(new FieldError("status", "Invalid", "The status is Open, Assigned or Closed."));
            }
        }
        if (query.Page < 1 || query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new FieldError("page", "Invalid", $"The page is 1 or more and the page size 1 to {MaxPageSize}."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var alerts = db.Set<StoredAlert>().AsNoTracking();
        if (status is { } st)
        {
            alerts = alerts.Where(a => a.Status == st);
        }
        if (!string.IsNullOrEmpty(query.Rule))
        {
            alerts = alerts.Where(a => a.Rule == query.Rule || a.Typology == query.Rule);
        }
        if (query.DatasetId is { } datasetId)
        {
            alerts = alerts.Where(a => a.DatasetId == datasetId);
        }
        if (!string.IsNullOrEmpty(query.Assignee))
        {
            if (string.Equals(query.Assignee, "me", StringComparison.OrdinalIgnoreCase))
            {
                var me = viewer.UserId;
                alerts = alerts.Where(a => a.AssigneeUserId == me);
            }
            else
            {
                alerts = alerts.Where(a => a.AssigneeName == query.Assignee);
            }
        }
        var total = await alerts.CountAsync(cancellationToken);
        var rows = await (from a in alerts
                          join d in db.Set<FinanceDataset>() on a.DatasetId equals d.Id
                          orderby d.ImportedAtUtc descending, a.Score descending, a.Code
                          select new { Alert = a, d.Name })
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PagedResult<AlertSummary>([.. rows.Select(r => Summary(r.Alert, r.Name))], query.Page, query.PageSize, total);
    }

    private static AlertSummary Summary(StoredAlert a, string datasetName) =>
        new(a.Id, a.DatasetId, datasetName, a.Code, a.Rule, a.Typology, a.Score, Indexes(a.AccountIndexes).Length, a.Status.ToString(), a.AssigneeName,
            a.Disposition?.ToString(), a.CreatedAtUtc);

    /// <summary>The explanation's sentence from the stored <c>{"text": …}</c> document.</summary>
    private static string ExplanationText(StoredAlert alert) => JsonDocument.Parse(alert.ExplanationJson).RootElement.GetProperty("text").GetString() ?? "";

    private static int[] Indexes(string joined) =>
        joined.Length == 0 ? [] : [.. joined.Split(';').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>One alert with its explanation, accounts, transactions, the network around its accounts and the linked cases the viewer may see.</summary>
    public async Task<Result<AlertView>> AlertAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var alert = await db.Set<StoredAlert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Problem.NotFound();
        }
        var dataset = await db.Set<FinanceDataset>().Where(d => d.Id == alert.DatasetId).Select(d => new { d.Name, d.Number }).FirstAsync(cancellationToken);
        var (datasetName, number) = (dataset.Name, dataset.Number);
        var accountIndexes = Indexes(alert.AccountIndexes);
        var seqs = Indexes(alert.TransactionSeqs);
        var explanation = ExplanationText(alert);
        // The network: every transaction touching the alert's accounts (at most NetworkEdgeLimit, earliest first), and their ends.
        var edges = await db.Set<FinanceTransaction>().AsNoTracking()
            .Where(t => t.DatasetNumber == number && (accountIndexes.Contains(t.SourceIndex) || accountIndexes.Contains(t.TargetIndex)))
            .OrderBy(t => t.Seq).Take(NetworkEdgeLimit).ToListAsync(cancellationToken);
        var alertTransactions = await db.Set<FinanceTransaction>().AsNoTracking()
            .Where(t => t.DatasetNumber == number && seqs.Contains(t.Seq)).OrderBy(t => t.Seq).ToListAsync(cancellationToken);
        var nodeIndexes = accountIndexes.Concat(edges.SelectMany(e => new[] { e.SourceIndex, e.TargetIndex })).Concat(alertTransactions.SelectMany(e => new[] { e.SourceIndex, e.TargetIndex }))
            .Distinct().ToArray();
        var accounts = await AccountRowsAsync(alert.DatasetId, nodeIndexes, cancellationToken);
        var inAlert = accountIndexes.ToHashSet();
        var network = new NetworkView(
            [.. nodeIndexes.Order().Select(i => accounts[i]).Select(a => new NetworkNode(a.ExternalId, a.Score, a.Flagged, inAlert.Contains(a.Index)))],
            [.. edges.Where(e => e.SourceIndex != e.TargetIndex).Select(e => new NetworkEdge(accounts[e.SourceIndex].ExternalId, accounts[e.TargetIndex].ExternalId, e.AmountMinor, Utc(e.Timestamp), e.Seq))]);
        var linked = await LinkedCasesAsync(id, viewer, cancellationToken);
        string? note = null;
        if (alert.SealedDispositionNote is { } sealedNote)
        {
            // Opening the sealed note is a read of protected free text: audited (the alert, never the text).
            note = await OpenNoteAsync(alert, sealedNote, cancellationToken);
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceNoteRead, AuditOutcomes.Success, "finance-alert", id.ToString(),
                Details: new Dictionary<string, string> { ["field"] = "disposition-note" }), cancellationToken);
        }
        return new AlertView(Summary(alert, datasetName), alert.Source, explanation, note, alert.DisposedAtUtc, alert.DisposedByName,
            [.. accountIndexes.Select(i => accounts[i])], [.. alertTransactions.Select(t => Row(t, accounts))], network, linked);
    }

    private async Task<Dictionary<int, AccountRow>> AccountRowsAsync(Guid datasetId, int[] indexes, CancellationToken cancellationToken) =>
        (await db.Set<FinanceAccount>().AsNoTracking().Where(a => a.DatasetId == datasetId && indexes.Contains(a.Index)).ToListAsync(cancellationToken))
            .ToDictionary(a => a.Index, a => new AccountRow(a.Index, a.ExternalId, a.Bank, a.Country, a.Score, a.Flagged, a.Reasons));

    private static TransactionRow Row(FinanceTransaction t, IReadOnlyDictionary<int, AccountRow> accounts) =>
        new(t.Seq, t.ExternalId, accounts[t.SourceIndex].ExternalId, accounts[t.TargetIndex].ExternalId, t.AmountMinor, t.Currency, Utc(t.Timestamp),
            ((Channel)t.Channel).ToString(), t.Branch, t.MerchantCategory);

    /// <summary>The codes of the cases linked to the alert that the viewer may see (<see cref="LinkableCases"/>).</summary>
    private async Task<IReadOnlyList<string>> LinkedCasesAsync(Guid alertId, CaseViewer viewer, CancellationToken cancellationToken) =>
        await (from l in db.Set<FinanceAlertCase>()
               join c in LinkableCases(viewer) on l.CaseId equals c.Id
               where l.AlertId == alertId
               orderby c.CaseCode
               select c.CaseCode).ToListAsync(cancellationToken);

    /// <summary>
    /// The cases an investigator may link an alert to and see linked: those of their own organisation and those shared
    /// with it (the case registry's own rule for case workers; the local operator sees all). Only the code is shown.
    /// </summary>
    private IQueryable<Case> LinkableCases(CaseViewer viewer) =>
        viewer.IsLocalOperator ? db.Cases
        : viewer.OrganisationId is { } organisation ? db.Cases.Where(c => c.OrganisationId == organisation || c.Shares.Any(s => s.OrganisationId == organisation))
        : db.Cases.Where(c => false);

    /// <summary>Assigns an alert to <paramref name="assignee"/> (a user name of a financial investigator), or to the viewer when null.</summary>
    public async Task<Result<AlertSummary>> AssignAsync(Guid id, string? assignee, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var alert = await db.Set<StoredAlert>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Problem.NotFound();
        }
        if (alert.Status == FinanceAlertStatus.Closed)
        {
            return Problem.Conflict("The alert is closed.");
        }
        Guid? userId;
        string name;
        if (string.IsNullOrWhiteSpace(assignee))
        {
            if (viewer.UserId is null)
            {
                return Problem.Invalid("Assignee", "Required", "Name the investigator to assign the alert to.");
            }
            (userId, name) = (viewer.UserId, auditContext.Actor.Name);
        }
        else
        {
            var user = await (from u in db.Users
                              where u.UserName == assignee.Trim()
                              join ur in db.UserRoles on u.Id equals ur.UserId
                              join r in db.Roles on ur.RoleId equals r.Id
                              where r.Name == UserRoles.FinancialInvestigator
                              select new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                return Problem.Invalid("Assignee", "Unknown", "No financial investigator has this user name.");
            }
            (userId, name) = (user.Id, user.UserName!);
        }
        alert.AssigneeUserId = userId;
        alert.AssigneeName = name;
        alert.Status = FinanceAlertStatus.Assigned;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceAlert, AuditOutcomes.Success, "finance-alert", id.ToString(),
            Details: new Dictionary<string, string> { ["assignee"] = name }), cancellationToken);
        return await SummaryAsync(alert, cancellationToken);
    }

    private async Task<AlertSummary> SummaryAsync(StoredAlert alert, CancellationToken cancellationToken) =>
        Summary(alert, await db.Set<FinanceDataset>().Where(d => d.Id == alert.DatasetId).Select(d => d.Name).FirstAsync(cancellationToken));

    /// <summary>Closes an alert with a disposition (TruePositive, FalsePositive, Inconclusive) and an optional note.</summary>
    public async Task<Result<AlertSummary>> DisposeAsync(Guid id, string? disposition, string? note, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (!Enum.TryParse<FinanceDisposition>(disposition, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(disposition, out _))
        {
            errors.Add(new FieldError("Disposition", "Invalid", "The disposition is TruePositive, FalsePositive or Inconclusive."));
        }
        if (note is { Length: > MaxNoteLength })
        {
            errors.Add(new FieldError("Note", "TooLong", $"The note has at most {MaxNoteLength} characters."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var alert = await db.Set<StoredAlert>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return Problem.NotFound();
        }
        if (alert.Status == FinanceAlertStatus.Closed)
        {
            return Problem.Conflict("The alert is closed already.");
        }
        alert.Status = FinanceAlertStatus.Closed;
        alert.Disposition = value;
        alert.SealedDispositionNote = string.IsNullOrWhiteSpace(note) ? null : await SealNoteAsync(alert, note.Trim(), cancellationToken);
        alert.DisposedAtUtc = time.GetUtcNow().UtcDateTime;
        alert.DisposedByName = auditContext.Actor.Name;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceAlert, AuditOutcomes.Success, "finance-alert", id.ToString(),
            Details: new Dictionary<string, string> { ["disposition"] = value.ToString() }), cancellationToken);
        return await SummaryAsync(alert, cancellationToken);
    }

    /// <summary>Links an alert to a case by its code; only cases the viewer may link (<see cref="LinkableCases"/>) are found.</summary>
    public async Task<Result<IReadOnlyList<string>>> LinkCaseAsync(Guid id, string? caseCode, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        if (!await db.Set<StoredAlert>().AnyAsync(a => a.Id == id, cancellationToken))
        {
            return Problem.NotFound();
        }
        // Case codes are upper case (C-XXXX-XXXX); a code typed in lower case names the same case, as in the case search.
        var code = caseCode?.Trim().ToUpperInvariant();
        var found = string.IsNullOrEmpty(code) ? null : await LinkableCases(viewer).Where(c => c.CaseCode == code).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (found is not { } caseId)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.FinanceCaseLink, AuditOutcomes.Failed, "finance-alert", id.ToString()), cancellationToken);
            return Problem.Invalid("CaseCode", "Unknown", "No case you may link has this code.");
        }
        if (!await db.Set<FinanceAlertCase>().AnyAsync(l => l.AlertId == id && l.CaseId == caseId, cancellationToken))
        {
            db.Add(new FinanceAlertCase { AlertId = id, CaseId = caseId, LinkedAtUtc = time.GetUtcNow().UtcDateTime, LinkedByName = auditContext.Actor.Name });
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceCaseLink, AuditOutcomes.Success, "finance-alert", id.ToString(),
            Details: new Dictionary<string, string> { ["case"] = code! }), cancellationToken);
        return Result<IReadOnlyList<string>>.Success(await LinkedCasesAsync(id, viewer, cancellationToken));
    }

    /// <summary>Opens the sealed identifiers of the holders of the alert's accounts, for a reason; audited (the reason and the number of parties, never a value).</summary>
    public async Task<Result<IReadOnlyList<PartyView>>> RevealPartiesAsync(Guid alertId, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var opened = await AlertPartiesAsync(alertId, reason, "Give a reason for opening the account holders' identifiers.", viewer, cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem;
        }
        var views = opened.Value!.Select(p => (p.AccountId, Identity: OpenParty(p)))
            .Select(p => new PartyView(p.AccountId, p.Identity.Name, p.Identity.Phone, p.Identity.Email, p.Identity.Address, p.Identity.DocumentNumber,
                BirthDate(p.Identity.DateOfBirth))).ToList();
        // AlertPartiesAsync refused a blank reason.
        await audit.AppendAsync(new AuditRecord(AuditActions.FinancePartyReveal, AuditOutcomes.Success, "finance-alert", alertId.ToString(), Reason: reason!.Trim(),
            Details: new Dictionary<string, string> { ["parties"] = views.Count.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
        return views;
    }

    /// <summary>
    /// The sealed parties of the alert's accounts (by account index), after the checks every opening of them makes: the
    /// role, a reason (else <paramref name="reasonMessage"/> names the field), the alert.
    /// </summary>
    private async Task<Result<IReadOnlyList<FinanceParty>>> AlertPartiesAsync(Guid alertId, string? reason, string reasonMessage, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Problem.Invalid("Reason", "Required", reasonMessage);
        }
        var alert = await db.Set<StoredAlert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return Problem.NotFound();
        }
        var indexes = Indexes(alert.AccountIndexes);
        return await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == alert.DatasetId && indexes.Contains(p.AccountIndex))
            .OrderBy(p => p.AccountIndex).ToListAsync(cancellationToken);
    }

    /// <summary>One account: its score and reasons, its transactions (earliest first, at most <see cref="AccountTransactionLimit"/>) and the alerts naming it.</summary>
    public async Task<Result<AccountView>> AccountAsync(Guid datasetId, string externalId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var dataset = await db.Set<FinanceDataset>().Where(d => d.Id == datasetId).Select(d => new { d.Name, d.Number }).FirstOrDefaultAsync(cancellationToken);
        var datasetName = dataset?.Name;
        var account = dataset is null ? null
            : await db.Set<FinanceAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.DatasetId == datasetId && a.ExternalId == externalId, cancellationToken);
        if (account is null)
        {
            return Problem.NotFound();
        }
        var transactions = await db.Set<FinanceTransaction>().AsNoTracking()
            .Where(t => t.DatasetNumber == dataset!.Number && (t.SourceIndex == account.Index || t.TargetIndex == account.Index))
            .OrderBy(t => t.Seq).Take(AccountTransactionLimit).ToListAsync(cancellationToken);
        var accounts = await AccountRowsAsync(datasetId, [.. transactions.SelectMany(t => new[] { t.SourceIndex, t.TargetIndex }).Append(account.Index).Distinct()], cancellationToken);
        var index = account.Index.ToString(CultureInfo.InvariantCulture);
        // Candidates by text, then exact on the split list (";12;" inside ";1;12;").
        var candidates = await db.Set<StoredAlert>().AsNoTracking().Where(a => a.DatasetId == datasetId && (";" + a.AccountIndexes + ";").Contains(";" + index + ";"))
            .OrderByDescending(a => a.Score).ToListAsync(cancellationToken);
        return new AccountView(datasetId, datasetName!, accounts[account.Index], [.. transactions.Select(t => Row(t, accounts))],
            [.. candidates.Select(a => Summary(a, datasetName!))]);
    }

    /// <summary>Precision per rule and overall from the dispositions: TP / (TP + FP) of the closed alerts; inconclusive ones are counted, not in the ratio.</summary>
    public async Task<Result<PrecisionReport>> ReportAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var rows = await db.Set<StoredAlert>().AsNoTracking().GroupBy(a => new { a.Rule, a.Status, a.Disposition })
            .Select(g => new { g.Key.Rule, g.Key.Status, g.Key.Disposition, Count = g.Count() }).ToListAsync(cancellationToken);
        static PrecisionRow Row(string rule, IEnumerable<(FinanceDisposition D, int N)> counts)
        {
            var list = counts.ToList();
            int Count(FinanceDisposition d) => list.Where(c => c.D == d).Sum(c => c.N);
            var (tp, fp, inconclusive) = (Count(FinanceDisposition.TruePositive), Count(FinanceDisposition.FalsePositive), Count(FinanceDisposition.Inconclusive));
            return new PrecisionRow(rule, tp + fp + inconclusive, tp, fp, inconclusive, tp + fp == 0 ? null : (double)tp / (tp + fp));
        }
        var disposed = rows.Where(r => r.Disposition is not null).Select(r => (r.Rule, D: r.Disposition!.Value, N: r.Count)).ToList();
        var perRule = disposed.GroupBy(r => r.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g.Select(x => (x.D, x.N)))).ToList();
        return new PrecisionReport(perRule, Row("overall", disposed.Select(x => (x.D, x.N))),
            rows.Where(r => r.Status == FinanceAlertStatus.Open).Sum(r => r.Count), rows.Where(r => r.Status == FinanceAlertStatus.Assigned).Sum(r => r.Count));
    }

    /// <summary>The sealed identity's date of birth (<c>yyyy-MM-dd</c>, checked at import); null when none was given.</summary>
    internal static DateOnly? BirthDate(string? stored) =>
        DateOnly.TryParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
