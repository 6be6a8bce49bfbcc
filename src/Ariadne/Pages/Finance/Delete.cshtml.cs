using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Finance;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Finance;

/// <summary>
/// Confirms and performs the deletion of a financial dataset with everything derived from it (docs/finance.md,
/// "Deleting a dataset"). Works without script: the GET shows what will go (counts, the linked cases that lose their
/// alert links, the asset-ledger entries that stay) and asks for a reason; the POST deletes. Everything goes through
/// <see cref="FinanceService"/>.
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class DeleteModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? DeleteReason { get; set; }

    public DatasetDeletionView? Deletion { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? Answer(problem) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await finance.DeleteDatasetAsync(Id, DeleteReason, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Finance.Delete.Done", result.Value!.Name, result.Value.Transactions].Value;
            return Redirect("/Finance");
        }
        if (result.Problem!.Kind is ProblemKind.Invalid or ProblemKind.Conflict && await LoadAsync(cancellationToken) is null)
        {
            if (result.Problem.Kind == ProblemKind.Conflict)
            {
                Message = t["Finance.Delete.JobPending"];
            }
            else
            {
                // The reason's field is DeleteReason on this page, with its own message (Validation.Required.Reason is the reveal's).
                ProblemMessages.AddTo(ModelState, result.Problem with { Errors = [.. result.Problem.Errors.Select(e => e with { Field = nameof(DeleteReason) })] }, t);
            }
            return Page();
        }
        return Answer(result.Problem);
    }

    /// <summary>What will go; the problem when the viewer may not delete the dataset or it does not exist.</summary>
    private async Task<Problem?> LoadAsync(CancellationToken cancellationToken)
    {
        var deletion = await finance.DeletionAsync(Id, User.ToCaseViewer(), cancellationToken);
        Deletion = deletion.Value;
        return deletion.Problem;
    }

    private IActionResult Answer(Problem problem) => problem.Kind == ProblemKind.NotFound ? NotFound() : Forbid();
}
