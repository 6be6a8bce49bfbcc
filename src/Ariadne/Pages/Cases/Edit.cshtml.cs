using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Protection;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// Changes a case. The form carries the version it was read at; when someone else saved in between, nothing is
/// written, the user's input stays in the form and the form then carries the newer version, so that saving again
/// is a deliberate choice to replace the other change.
/// </summary>
[Authorize(Policy = Policies.CaseEditor)]
public sealed class EditModel(CaseService cases, CodeListRegistry codes, IStringLocalizer<SharedResource> t)
    : CaseFormPageModel(codes, t)
{
    public override bool IsNew => false;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    /// <summary>Shown in the heading only; the case code cannot be changed.</summary>
    [BindProperty]
    public string? CaseCode { get; set; }

    public bool Missing { get; private set; }

    /// <summary>Set on GET from the reveal state; on a failed POST, whether the form carried identifying fields.</summary>
    [BindProperty]
    public bool IdentityShown { get; set; }

    public override bool ShowIdentity => IdentityShown;

    /// <summary>The master key the case is protected under when it is not configured: the form is not shown, so nothing can be overwritten.</summary>
    public string? UnavailableKeyId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Case? found;
        try
        {
            found = await cases.GetAsync(Id, User.ToCaseViewer(), cancellationToken);
        }
        catch (KeyUnavailableException e)
        {
            UnavailableKeyId = e.KeyId;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        if (found is null)
        {
            return NotFoundPage();
        }
        if (!CaseAccess.MayEdit(User.ToCaseViewer(), found.OrganisationId))
        {
            // Visible (e.g. referred to this organisation for a service) but not its to change.
            return Forbid();
        }
        var dto = CaseDto.From(found);
        IdentityShown = found.IdentityRevealed;
        Input = CaseForm.From(dto.ToInput());
        Version = dto.Version;
        CaseCode = dto.CaseCode;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState[nameof(Version)] is { Errors.Count: > 0 })
        {
            return BadRequest();
        }
        var unreadable = LocalizeBindingErrors();
        var input = Input.ToInput();
        if (unreadable.Count > 0)
        {
            AddErrors(cases.Validate(input), unreadable);
            return Page();
        }
        Result<Ariadne.Core.Cases.Case> result;
        try
        {
            result = await cases.UpdateAsync(Id, Version, input, User.ToCaseViewer(), cancellationToken);
        }
        catch (KeyUnavailableException e)
        {
            UnavailableKeyId = e.KeyId;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = Localizer["Case.Saved", result.Value!.CaseCode].Value;
                return RedirectToPage("/Cases/Details", new { id = Id });
            case ProblemKind.Invalid:
                AddErrors(result.Problem.Errors, unreadable);
                return Page();
            case ProblemKind.Conflict:
                ModelState.Remove(nameof(Version));
                Version = result.Value!.Version;
                CaseCode = result.Value.CaseCode;
                FormMessage = Localizer["Case.Conflict"];
                FormMessageLink = ($"/Cases/Details/{Id}", Localizer["Case.Conflict.ViewCurrent"]);
                return Page();
            case ProblemKind.NotFound:
                return NotFoundPage();
            default:
                return Forbid();
        }
    }

    private PageResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
