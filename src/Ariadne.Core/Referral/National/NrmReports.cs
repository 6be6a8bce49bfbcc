using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral.National;

/// <summary>One organisation's due and overdue deadlines, or every organisation's when <see cref="OrganisationId"/> is null.</summary>
public sealed record NrmDashboard(Guid? OrganisationId, int Overdue, int Due, IReadOnlyList<DeadlineView> Items);

/// <summary>A case in the mechanism as the overview lists it: pseudonymised, with where it stands.</summary>
public sealed record NrmCaseSummary(Guid CaseId, string CaseCode, string Jurisdiction, string State, DateTime EnteredStateAtUtc);

/// <summary>The cases in the mechanism the viewer may see: how many per state, and the most recently moved (at most the number asked for).</summary>
public sealed record NrmOverview(IReadOnlyDictionary<string, int> ByState, IReadOnlyList<NrmCaseSummary> Cases);

/// <summary>
/// What the national referral mechanism reports: one organisation's dashboard of due and overdue deadlines, and the
/// assistance statistics over every case in the mechanism.
/// </summary>
public sealed class NrmReports(AppDbContext db, TimeProvider time)
{
    /// <summary>How far ahead the dashboard counts a deadline as due (the engine's two-day warning, plus the due day).</summary>
    public static readonly TimeSpan DueWindow = TimeSpan.FromDays(3);

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// The organisation's overdue deadlines and those due within <see cref="DueWindow"/>, earliest first (at most
    /// <paramref name="take"/> items; the counts cover all). Reads the partial <c>IX_NrmDeadlines_Dashboard</c> index only.
    /// A null <paramref name="organisationId"/> asks for every organisation's deadlines — the national coordinator's
    /// view, so only for a viewer who sees every organisation (others are told it does not exist).
    /// </summary>
    public async Task<Result<NrmDashboard>> DashboardAsync(Guid? organisationId, CaseViewer viewer, int take, CancellationToken cancellationToken)
    {
        if (!viewer.SeesAllOrganisations && (organisationId is null || viewer.OrganisationId != organisationId))
        {
            return Problem.NotFound();
        }
        var now = Now.UtcDateTime;
        var horizon = now + DueWindow;
        // Two disjoint ranges of the partial index, each entry counted once; `d.IsOpen` stays a bare term so that
        // SQLite matches it against the index filter.
        var deadlines = db.Set<NrmDeadline>().AsNoTracking();
        if (organisationId is { } organisation)
        {
            deadlines = deadlines.Where(d => d.OrganisationId == organisation);
        }
        var open = deadlines.Where(d => d.IsOpen && d.DueAtUtc <= horizon);
        var overdue = await open.CountAsync(d => d.DueAtUtc <= now, cancellationToken);
        var due = await open.CountAsync(d => d.DueAtUtc > now, cancellationToken);
        var items = await open.OrderBy(d => d.DueAtUtc).Take(take)
            .Select(d => new DeadlineView(d.CaseId, d.Kind, d.DueDate, d.DueAtUtc, d.DueAtUtc <= now ? DeadlineStatus.Overdue : DeadlineStatus.Due))
            .ToListAsync(cancellationToken);
        return Result<NrmDashboard>.Success(new NrmDashboard(organisationId, overdue, due, items));
    }

    /// <summary>
    /// The cases in the mechanism that <paramref name="viewer"/> may see (<see cref="CaseAccess.Visible"/>: a coordinator
    /// every organisation's, pseudonymised): the count per state, and the <paramref name="take"/> that moved last, in
    /// <paramref name="state"/> if given. How a coordinator follows cases through the lifecycle.
    /// </summary>
    public async Task<NrmOverview> OverviewAsync(CaseViewer viewer, string? state, int take, CancellationToken cancellationToken)
    {
        var visible = db.Set<NrmCase>().AsNoTracking().Join(db.Cases.Visible(viewer), n => n.CaseId, c => c.Id, (n, c) => new { n, c.CaseCode });
        var byState = await visible.GroupBy(x => x.n.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var listed = string.IsNullOrEmpty(state) ? visible : visible.Where(x => x.n.State == state);
        var cases = await listed.OrderByDescending(x => x.n.EnteredStateAtUtc).Take(take)
            .Select(x => new NrmCaseSummary(x.n.CaseId, x.CaseCode, x.n.Jurisdiction, x.n.State, x.n.EnteredStateAtUtc)).ToListAsync(cancellationToken);
        return new NrmOverview(byState, cases);
    }

    /// <summary>
    /// The assistance statistics over every case in the mechanism (aggregates only, small counts suppressed at
    /// <paramref name="threshold"/>): time from question to each decision (the previous step's instant to the
    /// decision's), the share of reasonable-grounds decisions within their target, and services delivered per person.
    /// Cases whose person refused or withdrew consent to statistics are left out (<see cref="StatisticsConsent"/>).
    /// Published only through the <c>assistance-statistics</c> release (<c>AssistanceStatisticsProducer</c>), which logs it.
    /// </summary>
    public async Task<StatisticsInput<AssistanceReport>> StatisticsAsync(int threshold, CancellationToken cancellationToken)
    {
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var events = (await db.Set<NrmEvent>().AsNoTracking().Select(e => new { e.CaseId, e.Transition, e.AtUtc }).ToListAsync(cancellationToken))
            .Where(e => !refused.Contains(e.CaseId)).ToList();
        var targets = (await db.Set<NrmDeadline>().AsNoTracking().Where(d => d.Kind == "reasonable-grounds-target" && d.ServiceReferralId == null)
                .Select(d => new { d.CaseId, d.DueAtUtc }).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId, d => d.DueAtUtc);
        var decisions = new List<DecisionTiming>();
        foreach (var steps in events.GroupBy(e => e.CaseId))
        {
            var ordered = steps.OrderBy(e => e.AtUtc).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (AssistanceStatistics.KindOf(ordered[i].Transition) is not { } kind)
                {
                    continue;
                }
                var asked = ordered[i - 1].AtUtc;
                DateTimeOffset? target = kind == "reasonable-grounds"
                    ? targets[steps.Key].Where(t => t >= asked).Order().Select(t => (DateTimeOffset?)new DateTimeOffset(t, TimeSpan.Zero)).FirstOrDefault()
                    : null;
                decisions.Add(new DecisionTiming(kind, new DateTimeOffset(asked, TimeSpan.Zero), new DateTimeOffset(ordered[i].AtUtc, TimeSpan.Zero), target));
            }
        }
        var everyone = await db.Set<NrmCase>().AsNoTracking().Select(n => n.CaseId).ToListAsync(cancellationToken);
        var people = everyone.Where(id => !refused.Contains(id)).ToList();
        var delivered = (await db.Set<AssistanceDelivery>().AsNoTracking().Select(a => new { a.CaseId, a.Service }).ToListAsync(cancellationToken))
            .ToLookup(a => a.CaseId, a => a.Service);
        return new(AssistanceStatistics.Compute(decisions, people.Select(id => (IReadOnlyCollection<string>)[.. delivered[id]]), threshold),
            everyone.Count - people.Count);
    }
}
