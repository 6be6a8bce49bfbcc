using Ariadne.Account;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Pages.Referral;

/// <summary>The organisation's task list: overdue deadlines and those due within three days.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class DashboardModel(NrmReports referrals, AppDbContext db) : PageModel
{
    public NrmDashboard? Dashboard { get; private set; }

    public IReadOnlyDictionary<Guid, string> CaseCodes { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        if (viewer.OrganisationId is not { } organisation)
        {
            return Page();
        }
        Dashboard = (await referrals.DashboardAsync(organisation, viewer, 50, cancellationToken)).Value;
        if (Dashboard is not null)
        {
            var ids = Dashboard.Items.Select(i => i.CaseId).Distinct().ToList();
            // Only the codes of cases the viewer may see; others (a service response owed to another organisation's case) stay unnamed.
            CaseCodes = await Core.Cases.CaseAccess.Visible(db.Cases, viewer).Where(c => ids.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);
        }
        return Page();
    }
}
