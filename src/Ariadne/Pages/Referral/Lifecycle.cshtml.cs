using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Referral;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>A case in the referral mechanism: its state, deadlines, the steps the user may take now and the history.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class LifecycleModel(CaseService cases, ReferralService referrals, Jurisdictions jurisdictions, IStringLocalizer<SharedResource> t) : PageModel
{
    public Guid CaseId { get; private set; }

    public string? CaseCode { get; private set; }

    public LifecycleView? View { get; private set; }

    public IEnumerable<string> JurisdictionIds => jurisdictions.Definitions.Select(d => d.Jurisdiction).Order(StringComparer.Ordinal);

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    [BindProperty]
    public string? Step { get; set; }

    [BindProperty]
    public string? Reasons { get; set; }

    [BindProperty]
    public string? RequesterRole { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostStartAsync(Guid id, string? jurisdiction, bool presumedChild, CancellationToken cancellationToken)
    {
        var result = await referrals.StartAsync(id, jurisdiction, presumedChild, User.ToCaseViewer(), cancellationToken);
        return result.Outcome switch
        {
            NrmOutcome.Success or NrmOutcome.Conflict => RedirectToPage(new { id }),
            NrmOutcome.Forbidden => Forbid(),
            _ => NotFoundPage(),
        };
    }

    public async Task<IActionResult> OnPostStepAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Step))
        {
            ModelState.AddModelError(nameof(Step), t["Nrm.ChooseStep"]);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
        }
        var result = await referrals.TransitionAsync(id, new TransitionInput(Step, Reasons, string.IsNullOrEmpty(RequesterRole) ? null : RequesterRole), User.ToCaseViewer(), cancellationToken);
        switch (result.Outcome)
        {
            case NrmOutcome.Success:
                TempData["StatusMessage"] = t["Nrm.StepTaken", NrmText.Label(t, "Nrm.Transition.", Step)].Value;
                return RedirectToPage(new { id });
            case NrmOutcome.Refused:
                foreach (var refusal in result.Refusals)
                {
                    ModelState.AddModelError(refusal.Code == "FieldRequired" ? nameof(Reasons) : nameof(Step), NrmText.Refusal(t, refusal));
                }
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            case NrmOutcome.Forbidden:
                return Forbid();
            case NrmOutcome.Conflict:
                ModelState.AddModelError(nameof(Step), t["Nrm.Conflict"]);
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            default:
                return NotFoundPage();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var found = await cases.GetAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            return false;
        }
        CaseId = id;
        CaseCode = found.CaseCode;
        View = (await referrals.GetLifecycleAsync(id, viewer, cancellationToken)).Value;
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        CaseCode = null;
        return Page();
    }
}
