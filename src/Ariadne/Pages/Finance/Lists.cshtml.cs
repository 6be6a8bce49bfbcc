using Ariadne.Account;
using Ariadne.Core.Finance;
using Ariadne.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>
/// The rule lists the analysis uses (R14 processors, R15 tagged addresses, R17 licensed agencies, R19 ad identifiers):
/// the current versions, one list's version history (<c>?show=ID</c>) with "retire" (a reason required; the analysis
/// stops using it), and the upload of a new list or version (all or nothing, each bad line named; ad identifiers need a
/// legal basis and are stored as blind indexes only; a new version activates a retired list again). Everything goes
/// through <see cref="FinanceService"/>.
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class ListsModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<RuleListView> Lists { get; private set; } = [];

    public RuleListDetail? Detail { get; private set; }

    public RuleListView? Stored { get; private set; }

    [BindProperty]
    public string? ListName { get; set; }

    [BindProperty]
    public string Kind { get; set; } = FinanceRuleLists.Processors;

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? LegalBasis { get; set; }

    public async Task OnGetAsync(Guid? show, CancellationToken cancellationToken) => await LoadAsync(show, cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? listFile, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await FinanceListEndpoints.UploadAsync(HttpContext, finance, ListName, Kind, Source, LegalBasis, listFile, cancellationToken);
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            await LoadAsync(null, cancellationToken);
            return Page();
        }
        Stored = result.Value;
        await LoadAsync(result.Value!.Id, cancellationToken);
        (ListName, Source, LegalBasis) = (null, null, null);
        return Page();
    }

    public RuleListView? Retired { get; private set; }

    [BindProperty]
    public string? RetireReason { get; set; }

    /// <summary>Retires the list shown (a reason required): the analysis stops using it; an ad-identifier list's blind indexes are deleted.</summary>
    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await finance.RetireRuleListAsync(id.ToString(), RetireReason, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
        }
        else
        {
            (Retired, RetireReason) = (result.Value, null);
        }
        await LoadAsync(id, cancellationToken);
        return Detail is null ? NotFound() : Page();
    }

    private async Task LoadAsync(Guid? show, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        Lists = (await finance.RuleListsAsync(viewer, cancellationToken)).Value ?? [];
        if (show is { } id)
        {
            Detail = (await finance.RuleListAsync(id.ToString(), viewer, cancellationToken)).Value;
        }
    }
}
