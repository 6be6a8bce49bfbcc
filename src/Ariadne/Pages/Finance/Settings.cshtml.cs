using Ariadne.Account;
using Ariadne.Core.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>
/// The rule parameters of the product's analysis: the JSON of <c>finance analyse --rules</c> (without list files; the
/// lists are uploaded on /Finance/Lists), shown and replaced as a new version; a bad value is refused naming its field.
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class SettingsModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    public RuleSettingsView? Current { get; private set; }

    public bool Saved { get; private set; }

    [BindProperty]
    public string? Json { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = (await finance.RuleSettingsAsync(User.ToCaseViewer(), cancellationToken)).Value;
        Json = Current?.Json;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await finance.SetRuleSettingsAsync(Json, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            Current = (await finance.RuleSettingsAsync(User.ToCaseViewer(), cancellationToken)).Value;
            return Page();
        }
        (Current, Saved, Json) = (result.Value, true, result.Value!.Json);
        return Page();
    }
}
