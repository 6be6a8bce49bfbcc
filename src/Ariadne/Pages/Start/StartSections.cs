using Ariadne.Account;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Protection;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Ariadne.Pages.Start;

// The sections of the start page (Pages/Index), one view component per role: each reads what its role must see today
// from Core services and renders its own view beside it in this folder. A new section is one class here, one view and
// one line in Pages/Index.cshtml. Sections stay small: a few counts and at most a handful of rows, each linking to the
// page where the work is done.

/// <summary>The case worker: the organisation's active cases (most recently identified first) and its due and overdue deadlines.</summary>
public sealed class CaseWorkerStart(CaseService cases, NrmReports referrals) : ViewComponent
{
    public const int Rows = 5;

    public sealed record Data(PagedResult<CaseSummary> Active, NrmDashboard? Deadlines, IReadOnlyDictionary<Guid, string> Codes);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var viewer = HttpContext.User.ToCaseViewer();
        var active = await cases.ListAsync(new CaseQuery { Status = "active", PageSize = Rows }, viewer, ct);
        var deadlines = viewer.OrganisationId is { } organisation ? (await referrals.DashboardAsync(organisation, viewer, Rows, ct)).Value : null;
        var codes = deadlines is null ? new Dictionary<Guid, string>() : await cases.CodesAsync([.. deadlines.Items.Select(i => i.CaseId).Distinct()], viewer, ct);
        return View("/Pages/Start/CaseWorkerStart.cshtml", new Data(active, deadlines, codes));
    }
}

/// <summary>The coordinator: the referral dashboard's summary (due and overdue deadlines) and the active cases nationally.</summary>
public sealed class CoordinatorStart(CaseService cases, NrmReports referrals) : ViewComponent
{
    public sealed record Data(int ActiveCases, NrmDashboard? Deadlines, IReadOnlyDictionary<Guid, string> Codes);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var viewer = HttpContext.User.ToCaseViewer();
        var active = await cases.ListAsync(new CaseQuery { Status = "active", PageSize = 1 }, viewer, ct);
        // Every organisation's deadlines: the coordinator follows the mechanism nationally.
        var deadlines = (await referrals.DashboardAsync(null, viewer, CaseWorkerStart.Rows, ct)).Value;
        var codes = deadlines is null ? new Dictionary<Guid, string>() : await cases.CodesAsync([.. deadlines.Items.Select(i => i.CaseId).Distinct()], viewer, ct);
        return View("/Pages/Start/CoordinatorStart.cshtml", new Data(active.TotalCount, deadlines, codes));
    }
}

/// <summary>The competent authority: how many cases wait for its decision, how many are overdue, and the most urgent.</summary>
public sealed class CompetentAuthorityStart(NrmLifecycleService lifecycle) : ViewComponent
{
    public sealed record Data(int Waiting, int Overdue, IReadOnlyList<DecisionQueueItem> Urgent);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var queue = (await lifecycle.DecisionQueueAsync(HttpContext.User.ToCaseViewer(), HttpContext.RequestAborted)).Value ?? [];
        var overdue = queue.Count(q => q.Deadline?.Status == DeadlineStatus.Overdue);
        var urgent = queue.OrderBy(q => q.Deadline?.DueDate ?? DateOnly.MaxValue).Take(CaseWorkerStart.Rows).ToList();
        return View("/Pages/Start/CompetentAuthorityStart.cshtml", new Data(queue.Count, overdue, urgent));
    }
}

/// <summary>The support provider: the referrals to its organisation that wait for an answer.</summary>
public sealed class SupportProviderStart(ServiceReferralService referrals) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var incoming = await referrals.IncomingAsync(HttpContext.User.ToCaseViewer(), HttpContext.RequestAborted);
        return View("/Pages/Start/SupportProviderStart.cshtml", incoming.Count(r => r.State == ServiceReferralState.Requested));
    }
}

/// <summary>The analyst: the ways into the statistics (aggregates only; an analyst sees no case record).</summary>
public sealed class AnalystStart : ViewComponent
{
    public IViewComponentResult Invoke() => View("/Pages/Start/AnalystStart.cshtml");
}

/// <summary>The auditor: the size and head of the audit log, refusals of the last seven days, the latest entries, and the chain check.</summary>
public sealed class AuditorStart(AuditLog log, TimeProvider time) : ViewComponent
{
    public const int Rows = 5;

    public sealed record Data(PagedResult<AuditEntry> Recent, int DeniedLastWeek, DateOnly WeekFrom);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var recent = await log.ListAsync(new AuditQuery(PageSize: Rows), ct);
        var from = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-6);
        var denied = await log.ListAsync(new AuditQuery(Outcome: AuditOutcomes.Denied, From: from, PageSize: 1), ct);
        return View("/Pages/Start/AuditorStart.cshtml", new Data(recent, denied.TotalCount, from));
    }
}

/// <summary>The administrator: users (disabled, without a second factor, a password change due), organisations, and the master keys.</summary>
public sealed class AdministratorStart(UserAdministration users, IKeyEncryptionKeyProvider keys) : ViewComponent
{
    public sealed record Data(UsersOverview Users, IReadOnlyList<string> KeyIds, string ActiveKeyId);

    public async Task<IViewComponentResult> InvokeAsync() =>
        View("/Pages/Start/AdministratorStart.cshtml", new Data(await users.OverviewAsync(HttpContext.RequestAborted), keys.KeyIds, keys.ActiveKeyId));
}

/// <summary>The financial investigator: the alerts waiting (open, and assigned to them) and the ways into the finance pages.</summary>
public sealed class FinancialInvestigatorStart(Core.Finance.FinanceService finance) : ViewComponent
{
    public sealed record Data(int Open, int Mine);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var viewer = HttpContext.User.ToCaseViewer();
        var open = await finance.AlertsAsync(new Core.Finance.AlertQuery(Status: "Open", PageSize: 1), viewer, HttpContext.RequestAborted);
        var mine = await finance.AlertsAsync(new Core.Finance.AlertQuery(Status: "Assigned", Assignee: "me", PageSize: 1), viewer, HttpContext.RequestAborted);
        return View("/Pages/Start/FinancialInvestigatorStart.cshtml", new Data(open.Value?.TotalCount ?? 0, mine.Value?.TotalCount ?? 0));
    }
}
