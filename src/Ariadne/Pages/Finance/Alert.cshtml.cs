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
/// One alert: its explanation (rule, source, thresholds), accounts, transactions as a flow timeline, the network around
/// its accounts (two tables that a script may turn into a graph), and the investigator's actions: assign, dispose, link to
/// a case, open the holders' identifiers for a reason (audited; shown in this answer only, never kept in a cookie), and look the
/// holders up in the case registry for a reason (audited; the matching case codes in this answer only, each with a button to link it).
/// </summary>
[Authorize(Policy = Policies.FinanceInvestigator)]
public sealed class AlertModel(FinanceService finance, IStringLocalizer<SharedResource> t) : PageModel
{
    public AlertView? Alert { get; private set; }

    public IReadOnlyList<PartyView>? Parties { get; private set; }

    /// <summary>The cases of the registry holding a holder of the alert's accounts, after a search in this request (never kept).</summary>
    public IReadOnlyList<RegistryMatch>? RegistryMatches { get; private set; }

    /// <summary>The reason for looking the holders up in the case registry (its own field: the reveal's form keeps <see cref="Reason"/>).</summary>
    [BindProperty]
    public string? RegistryReason { get; set; }

    [BindProperty]
    public string? Assignee { get; set; }

    [BindProperty]
    public string? Disposition { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? CaseCode { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The goAML report's header fields (form fields GoAml.RentityId …).</summary>
    [BindProperty]
    public GoAmlInput GoAml { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public Task<IActionResult> OnPostAssignMeAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, finance.AssignAsync(id, null, User.ToCaseViewer(), cancellationToken), "Finance.Assigned", cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, finance.AssignAsync(id, string.IsNullOrWhiteSpace(Assignee) ? "" : Assignee, User.ToCaseViewer(), cancellationToken), "Finance.Assigned", cancellationToken);

    public Task<IActionResult> OnPostDisposeAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, finance.DisposeAsync(id, Disposition, Note, User.ToCaseViewer(), cancellationToken), "Finance.Disposed", cancellationToken);

    public async Task<IActionResult> OnPostLinkAsync(Guid id, CancellationToken cancellationToken) =>
        await ActAsync(id, finance.LinkCaseAsync(id, CaseCode, User.ToCaseViewer(), cancellationToken), "Finance.Linked", cancellationToken);

    public Task<IActionResult> OnPostRevealAsync(Guid id, CancellationToken cancellationToken) =>
        ShowAsync(id, finance.RevealPartiesAsync(id, Reason, User.ToCaseViewer(), cancellationToken), parties => Parties = parties, cancellationToken);

    /// <summary>Looks the holders up in the case registry, for a reason (audited); the matches are shown in this answer only.</summary>
    public Task<IActionResult> OnPostRegistryAsync(Guid id, CancellationToken cancellationToken) =>
        ShowAsync(id, finance.FindHoldersInRegistryAsync(id, RegistryReason, User.ToCaseViewer(), cancellationToken), matches => RegistryMatches = matches, cancellationToken);

    /// <summary>The alert page with what <paramref name="action"/> opened shown in this answer only (never redirected, never kept), or its problems.</summary>
    private async Task<IActionResult> ShowAsync<T>(Guid id, Task<Result<T>> action, Action<T> show, CancellationToken cancellationToken)
    {
        var result = await action;
        ModelState.Clear();
        if (result.Succeeded)
        {
            show(result.Value!);
        }
        else
        {
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
        }
        return await LoadAsync(id, cancellationToken);
    }

    /// <summary>The goAML report as a download (str-&lt;code&gt;.xml), or the alert page listing every problem by element path.</summary>
    public async Task<IActionResult> OnPostGoAmlAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await finance.GoAmlAsync(id, GoAml, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            return File(result.Value!.Content, GoAmlFile.MediaType, result.Value.FileName);
        }
        ModelState.Clear();
        ProblemMessages.AddTo(ModelState, result.Problem!, t);
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ActAsync<T>(Guid id, Task<Result<T>> action, string doneKey, CancellationToken cancellationToken)
    {
        var result = await action;
        ModelState.Clear();
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t[doneKey].Value;
            return RedirectToPage(new { id });
        }
        ProblemMessages.AddTo(ModelState, result.Problem!, t);
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await finance.AlertAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        Alert = result.Value;
        return Page();
    }
}
