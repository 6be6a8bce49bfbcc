using Ariadne.Account;
using Ariadne.Core.Finance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Finance;

/// <summary>The precision report: per rule and overall, TP / (TP + FP) of the disposed alerts, with the counts.</summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class ReportModel(FinanceService finance) : PageModel
{
    public PrecisionReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Report = (await finance.ReportAsync(User.ToCaseViewer(), cancellationToken)).Value;
}
