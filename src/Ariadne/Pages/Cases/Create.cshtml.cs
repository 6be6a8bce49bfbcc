using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

[Authorize(Policy = Policies.CaseEditor)]
public sealed class CreateModel(CaseService cases, CodeListRegistry codes, IStringLocalizer<SharedResource> t)
    : CaseFormPageModel(codes, t)
{
    public override bool IsNew => true;

    public void OnGet()
    {
        Input = new CaseForm { Status = "active" };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var unreadable = LocalizeBindingErrors();
        var input = Input.ToInput();
        if (unreadable.Count > 0)
        {
            AddErrors(cases.Validate(input), unreadable);
            return Page();
        }
        var result = await cases.CreateAsync(input, User.OrganisationId(), User.ToCaseViewer(), cancellationToken);
        switch (result.Outcome)
        {
            case CaseWriteOutcome.Success:
                TempData["StatusMessage"] = Localizer["Case.Created", result.Case!.CaseCode].Value;
                return RedirectToPage("/Cases/Details", new { id = result.Case.Id });
            case CaseWriteOutcome.Invalid:
                AddErrors(result.Errors, unreadable);
                return Page();
            default:
                return Forbid();
        }
    }
}
