using Ariadne.Account;
using Ariadne.Analytics.Disclosure;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Statistics.Releases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Referral;

/// <summary>
/// Assistance statistics of the referral mechanism: aggregates only, small counts suppressed, published as a logged
/// <c>assistance-statistics</c> release (its id and method shown under the tables).
/// </summary>
[Authorize(Policy = Policies.StatisticsReader)]
public sealed class StatisticsModel(ReleaseService releases) : PageModel
{
    public AssistanceReport Report { get; private set; } = null!;

    public StatisticsRelease Release { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        (Release, _, Report) = await AssistanceStatisticsProducer.PublishAsync(releases, new DisclosureOptions().Threshold, "html", cancellationToken);
}
