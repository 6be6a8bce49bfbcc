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

    /// <summary>The user saw the possible-duplicate warning and confirmed that this is another person.</summary>
    [BindProperty]
    public bool ConfirmNotDuplicate { get; set; }

    /// <summary>Cases of the user's organisation whose person matches the input (blind index); shown as a warning.</summary>
    public IReadOnlyList<CaseReference> PossibleDuplicates { get; private set; } = [];

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
        var viewer = User.ToCaseViewer();
        if (!ConfirmNotDuplicate && cases.Validate(input).Count == 0)
        {
            // A second file for a person already known splits their history: warn, and let the user go on consciously.
            PossibleDuplicates = await cases.FindPossibleDuplicatesAsync(input, viewer, cancellationToken);
            if (PossibleDuplicates.Count > 0)
            {
                return Page();
            }
        }
        var result = await cases.CreateAsync(input, User.OrganisationId(), viewer, cancellationToken);
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
