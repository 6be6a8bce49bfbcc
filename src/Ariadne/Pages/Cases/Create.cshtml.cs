using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
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
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = Localizer["Case.Created", result.Value!.CaseCode].Value;
                return RedirectToPage("/Cases/Details", new { id = result.Value.Id });
            case ProblemKind.Invalid:
                AddErrors(result.Problem.Errors, unreadable);
                return Page();
            default:
                return Forbid();
        }
    }
}
