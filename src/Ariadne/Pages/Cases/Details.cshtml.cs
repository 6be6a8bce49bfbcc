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
/// One case with all its fields; the identifying ones hidden until the user reveals them with a reason (audited).
/// A case the user may not see is answered like a missing one (404).
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class DetailsModel(CaseService cases, CaseReveal reveal, CaseWorkService work, CodeListRegistry codes, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseDto? Case { get; private set; }

    public CaseLabels Labels { get; } = new(codes, t);

    /// <summary>Until when (UTC) the identifying fields stay open to this user; null when not revealed by a grant.</summary>
    public DateTime? RevealedUntil { get; private set; }

    /// <summary>The name of the case worker the case is assigned to; null while unassigned.</summary>
    public string? AssignedTo { get; private set; }

    public bool CanEdit => Case is not null && CaseAccess.MayEdit(User.ToCaseViewer(), Case.OrganisationId);

    /// <summary>Whether this user may reveal the identifying fields of this case (their own organisation's, as a case worker).</summary>
    public bool MayReveal => Case is not null && CaseAccess.MayReveal(User.ToCaseViewer(), Case.OrganisationId);

    /// <summary>Why the user wants to see the identifying fields (the reveal form).</summary>
    [BindProperty]
    public string? RevealReason { get; set; }

    /// <summary>The reveal form's error, if the reason was missing.</summary>
    public string? RevealError { get; private set; }

    /// <summary>The id of the master key the case is protected under when that key is not configured; null otherwise.</summary>
    public string? UnavailableKeyId { get; private set; }

    public Task OnGetAsync(Guid id, CancellationToken cancellationToken) => LoadAsync(id, cancellationToken);

    /// <summary>Reveals the identifying fields for a reason, then shows the case again (POST, redirect, GET).</summary>
    public async Task<IActionResult> OnPostRevealAsync(Guid id, CancellationToken cancellationToken)
    {
        Result<Ariadne.Core.Cases.Case> result;
        try
        {
            result = await reveal.RevealAsync(id, User.ToCaseViewer(), RevealReason, cancellationToken);
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
                return RedirectToPage(new { id });
            case ProblemKind.Invalid:
                RevealError = t["Case.Reveal.ReasonRequired", CaseRules.MaxRevealReasonLength];
                await LoadAsync(id, cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ProblemKind.Forbidden:
                return Forbid();
            default:
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
        }
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Ariadne.Core.Cases.Case? found;
        try
        {
            found = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        }
        catch (KeyUnavailableException e)
        {
            UnavailableKeyId = e.KeyId;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Case = CaseDto.From(found);
        AssignedTo = await work.NameAsync(found.AssignedUserId, cancellationToken);
        RevealedUntil = found.IdentityRevealed ? await reveal.RevealedUntilAsync(id, User.ToCaseViewer(), cancellationToken) : null;
    }
}
