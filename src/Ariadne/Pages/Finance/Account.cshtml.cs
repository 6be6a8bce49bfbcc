using Ariadne.Account;
using Ariadne.Core.Finance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Finance;

/// <summary>One account of a dataset: score, reasons, the alerts naming it and its transactions (earliest first).</summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class AccountModel(FinanceService finance) : PageModel
{
    public AccountView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid dataset, string account, CancellationToken cancellationToken)
    {
        var result = await finance.AccountAsync(dataset, account, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        View = result.Value;
        return Page();
    }
}
