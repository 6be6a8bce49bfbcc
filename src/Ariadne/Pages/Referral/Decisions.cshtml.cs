using Ariadne.Account;
using Ariadne.Core.Referral.National;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Referral;

/// <summary>
/// The competent authority's queue: the cases referred to its organisation that await a reasonable- or conclusive-grounds
/// decision, pseudonymised, earliest deadline first; each links to the lifecycle page with the decision form.
/// </summary>
[Authorize(Policy = Policies.DecisionMaker)]
public sealed class DecisionsModel(NrmLifecycleService referrals) : PageModel
{
    public IReadOnlyList<DecisionQueueItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = (await referrals.DecisionQueueAsync(User.ToCaseViewer(), cancellationToken)).Value ?? [];
}
