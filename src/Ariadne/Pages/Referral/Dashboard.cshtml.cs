using Ariadne.Account;
using Ariadne.Core.Referral.National;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Referral;

/// <summary>
/// The organisation's task list (overdue deadlines and those due within three days; a coordinator: every organisation's) and the cases in the mechanism the
/// user may see, by state (a coordinator: every organisation's, pseudonymised), to follow them through the lifecycle.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class DashboardModel(NrmReports referrals, ReferralLookups lookups) : PageModel
{
    /// <summary>How many cases the overview lists.</summary>
    public const int OverviewSize = 50;

    public NrmDashboard? Dashboard { get; private set; }

    public IReadOnlyDictionary<Guid, string> CaseCodes { get; private set; } = new Dictionary<Guid, string>();

    public NrmOverview? Overview { get; private set; }

    /// <summary>The state the overview is narrowed to, if any.</summary>
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        Overview = await referrals.OverviewAsync(viewer, State, OverviewSize, cancellationToken);
        if (viewer.OrganisationId is null && !viewer.SeesAllOrganisations)
        {
            return Page();
        }
        // A coordinator follows every organisation's deadlines (the national view); everybody else their own organisation's.
        Dashboard = (await referrals.DashboardAsync(viewer.SeesAllOrganisations ? null : viewer.OrganisationId, viewer, 50, cancellationToken)).Value;
        if (Dashboard is not null)
        {
            // Only the codes of cases the viewer may see; others (a service response owed to another organisation's case) stay unnamed.
            CaseCodes = await lookups.VisibleCaseCodesAsync([.. Dashboard.Items.Select(i => i.CaseId)], viewer, cancellationToken);
        }
        return Page();
    }
}
