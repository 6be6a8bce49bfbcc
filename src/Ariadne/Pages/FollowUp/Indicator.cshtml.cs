using Ariadne.Account;
using Ariadne.Analytics.FollowUp;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// One indicator: definition, baseline, milestones and target with their standing, the progress chart (SVG) with its
/// numbers as a table, every value, and the history. Focal points of its institution and coordinators enter reported
/// values; coordinators approve or return them and "compute now" a computed indicator over a period.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class IndicatorModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public IndicatorView? View { get; private set; }

    [BindProperty]
    public string? PeriodStart { get; set; }

    [BindProperty]
    public string? PeriodEnd { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Cell { get; set; }

    [BindProperty]
    public string? EvidenceUrl { get; set; }

    [BindProperty]
    public string? EvidenceNote { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    private bool _editPosted;

    /// <summary>The edit form (coordinators): filled from the indicator, or as posted when the service refused it.</summary>
    [BindProperty]
    public IndicatorForm? Indicator { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostReportAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = new IndicatorValueInput(FollowUpPage.Date(PeriodStart, nameof(PeriodStart), ModelState, t), FollowUpPage.Date(PeriodEnd, nameof(PeriodEnd), ModelState, t),
            FollowUpPage.Amount(Value, nameof(Value), ModelState, t), Cell, EvidenceUrl, EvidenceNote);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, cancellationToken);
        }
        var result = await followUp.ReportValueAsync(id, input, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["Indicator.Reported"], cancellationToken);
    }

    public async Task<IActionResult> OnPostComputeAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = FollowUpPage.ComputePeriod(From, To, ModelState, t);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, cancellationToken);
        }
        var result = await followUp.ComputeAsync(id, input, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["Indicator.Computed"], cancellationToken);
    }

    /// <summary>Changes the definition through the same service as the API's PUT (unknown query, dimension or parameter refused and named).</summary>
    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var form = Indicator ?? new IndicatorForm();
        _editPosted = true;
        var input = form.ToInput(ModelState, t);
        if (ModelState.IsValid)
        {
            // The form holds one milestone; the indicator's further milestones are kept as they are.
            var current = await followUp.IndicatorAsync(id, User.ToCaseViewer(), cancellationToken);
            var further = current.Value?.Targets.Where(p => p.Kind == TargetKind.Milestone).Skip(1).Select(p => new TargetInput(p.Kind, p.DueOn, p.Value)) ?? [];
            var result = await followUp.UpdateIndicatorAsync(id, input with { Targets = [.. input.Targets ?? [], .. further] }, User.ToCaseViewer(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["StatusMessage"] = t["Indicator.Updated"].Value;
                return RedirectToPage(new { id });
            }
            switch (result.Problem!.Kind)
            {
                case ProblemKind.NotFound:
                    return NotFound();
                case ProblemKind.Forbidden:
                    return Forbid();
                default:
                    ProblemMessages.AddTo(ModelState, result.Problem!, t, "Indicator.");
                    break;
            }
        }
        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, Guid valueId, CancellationToken cancellationToken)
    {
        var result = await followUp.DecideValueAsync(valueId, approve: true, null, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.Approved"], cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, Guid valueId, CancellationToken cancellationToken)
    {
        var result = await followUp.DecideValueAsync(valueId, approve: false, Reason, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.Returned"], cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Problem? problem, string done, CancellationToken cancellationToken)
    {
        if (problem is null)
        {
            TempData["StatusMessage"] = done;
            return RedirectToPage(new { id });
        }
        switch (problem.Kind)
        {
            case ProblemKind.NotFound:
                return NotFound();
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.Refused:
                ModelState.AddModelError(string.Empty, t["Indicator.OwnValue"]);
                break;
            case ProblemKind.Conflict:
                ModelState.AddModelError(string.Empty, t["Indicator.Waiting"]);
                break;
            default:
                ProblemMessages.AddTo(ModelState, problem, t);
                break;
        }
        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await followUp.IndicatorAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        View = result.Value;
        // The posted form stays on the page only when it is the one refused.
        Indicator = _editPosted && Indicator is not null ? Indicator : IndicatorForm.From(View!);
        return Page();
    }
}
