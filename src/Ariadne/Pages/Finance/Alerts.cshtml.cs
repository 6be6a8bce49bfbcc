using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>The alert queue, filtered by status, rule, assignee and dataset, paged (GET form; no JavaScript).</summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class AlertsModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rule { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Dataset { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<AlertSummary>? Alerts { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await finance.AlertsAsync(new AlertQuery(Status, Rule, Assignee, Dataset, PageNumber, PageSize), User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            Alerts = result.Value;
        }
        else
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
        }
    }

    public string QueryFor(int page) =>
        $"?status={Uri.EscapeDataString(Status ?? "")}&rule={Uri.EscapeDataString(Rule ?? "")}&assignee={Uri.EscapeDataString(Assignee ?? "")}&dataset={Dataset}&p={page}";
}
