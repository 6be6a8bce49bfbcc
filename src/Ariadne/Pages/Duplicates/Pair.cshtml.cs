using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Duplicates;

/// <summary>
/// One candidate pair for review: the two records side by side (non-identifying fields; the identity of a side only
/// while the viewer has revealed that case on its case page), the waterfall, and Accept (merge), Reject (not the same
/// person) or Skip (the next pending pair). An accepted pair offers its un-merge. Shown and decided through
/// <see cref="DuplicateService"/>, which audits each view.
/// </summary>
[Authorize(Roles = Roles.Coordinator)]
public sealed class PairModel(DuplicateService duplicates, IStringLocalizer<SharedResource> t) : PageModel
{
    public DuplicatePairDetail? Pair { get; private set; }

    /// <summary>The next pending pair after this one in the queue's order (for Skip), or null.</summary>
    public Guid? NextId { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await duplicates.AcceptAsync(id, Reason, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.Clear();
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(id, cancellationToken);
        }
        TempData["StatusMessage"] = t["Dup.Accepted", result.Value!.Members.Count].Value;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await duplicates.RejectAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.Clear();
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(id, cancellationToken);
        }
        TempData["StatusMessage"] = t["Dup.Rejected"].Value;
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await duplicates.PairAsync(id, viewer, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        Pair = result.Value;
        var next = await duplicates.PairsAsync(new DuplicatePairQuery(DuplicatePairStatus.Pending, MaxProbability: Pair!.Pair.Probability, PageSize: 2), viewer, cancellationToken);
        NextId = next.Value?.Items.Select(p => (Guid?)p.Id).FirstOrDefault(p => p != id);
        return Page();
    }
}
