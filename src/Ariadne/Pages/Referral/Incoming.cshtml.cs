using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>Referrals to services received by the user's organisation: only what each referral shares; accept, reject or complete.</summary>
[Authorize(Policy = Policies.ReferralParticipant)]
public sealed class IncomingModel(ServiceReferralService referrals, OrganisationDirectory directory, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<ServiceReferral> Referrals { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public bool CanEdit => User.ToCaseViewer().CanRespondToReferrals;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(Guid referralId, ServiceReferralAction action, string? reason, CancellationToken cancellationToken)
    {
        var result = await referrals.RespondAsync(referralId, action, reason, User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t["Nrm.Incoming.Done"].Value;
                return RedirectToPage();
            case ProblemKind.Refused:
                ProblemMessages.AddTo(ModelState, result.Problem, t, refusalText: r => NrmText.Refusal(t, r), refusalKey: _ => "reason-" + referralId);
                await LoadAsync(cancellationToken);
                return Page();
            case ProblemKind.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Referrals = await referrals.IncomingAsync(User.ToCaseViewer(), cancellationToken);
        Organisations = await directory.NamesAsync(cancellationToken);
    }
}
