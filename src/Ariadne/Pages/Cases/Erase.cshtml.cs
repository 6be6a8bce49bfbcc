using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Erasure;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>
/// Confirms and performs the erasure of a person's identifying data (crypto-shredding) on request. Works without
/// script: the GET shows what will be destroyed and asks for a reason; the POST erases.
/// </summary>
[Authorize(Policy = Policies.CaseEditor)]
public sealed class EraseModel(ErasureService erasure, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? ErasureReason { get; set; }

    public string? CaseCode { get; private set; }

    public bool Missing { get; private set; }

    public bool LegalHold { get; private set; }

    public bool AlreadyErased { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }
        var result = await erasure.EraseAsync(Id, User.ToCaseViewer(), ErasureReason ?? "", cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t["Case.Erase.Done", CaseCode ?? ""].Value;
                return RedirectToPage("/Cases/Details", new { id = Id });
            case ProblemKind.Invalid:
                // The reason's field is ErasureReason on this page.
                ProblemMessages.AddTo(ModelState, result.Problem, t, prefix: "Erasure");
                return Page();
            case ProblemKind.Refused:
                // The only refusal is the legal hold, which the page explains in place.
                LegalHold = true;
                return Page();
            case ProblemKind.Conflict:
                Message = t["Case.Erase.Conflict"];
                return Page();
            case ProblemKind.NotFound:
                return NotFoundPage();
            default:
                return Forbid();
        }
    }

    /// <summary>Reads the case's state without opening its identity: the page shows nothing identifying.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if ((await erasure.GetStateAsync(Id, User.ToCaseViewer(), cancellationToken)).Value is not { } state)
        {
            return false;
        }
        CaseCode = state.CaseCode;
        LegalHold = state.LegalHold;
        AlreadyErased = state.IdentityErasedAtUtc is not null;
        return true;
    }

    private PageResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
