using Ariadne.Account;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Referral;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Referral;

/// <summary>Assistance statistics of the referral mechanism: aggregates only, small counts suppressed.</summary>
[Authorize(Policy = Policies.StatisticsReader)]
public sealed class StatisticsModel(ReferralService referrals) : PageModel
{
    public AssistanceReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Report = await referrals.StatisticsAsync(new DisclosureOptions().Threshold, cancellationToken);
}
