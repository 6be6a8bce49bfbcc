using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// One measure: its details, evidence, progress reports and history. A focal point of the lead institution submits
/// progress here; a coordinator approves or returns the waiting report, adds evidence and edits the measure.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class MeasureModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public MeasureView? View { get; private set; }

    public IReadOnlyList<OrganisationRef> Organisations { get; private set; } = [];

    /// <summary>The indicators measuring this one (linked from the page).</summary>
    public IReadOnlyList<IndicatorSummary> Indicators { get; private set; } = [];

    [BindProperty]
    public MeasureForm Measure { get; set; } = new();

    [BindProperty]
    public MeasureStatus? ProposedStatus { get; set; }

    [BindProperty]
    public string? Progress { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? EvidenceUrl { get; set; }

    [BindProperty]
    public string? EvidenceNote { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, fillForm: true, cancellationToken);

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await followUp.SubmitProgressAsync(id, new ProgressInput(ProposedStatus, Progress), User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.Submitted"], cancellationToken);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, Guid reportId, CancellationToken cancellationToken)
    {
        var result = await followUp.DecideAsync(reportId, approve: true, null, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.Approved"], cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, Guid reportId, CancellationToken cancellationToken)
    {
        var result = await followUp.DecideAsync(reportId, approve: false, Reason, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.Returned"], cancellationToken);
    }

    public async Task<IActionResult> OnPostEvidenceAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await followUp.AddEvidenceAsync(id, new EvidenceInput(EvidenceUrl, EvidenceNote), User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.EvidenceAdded"], cancellationToken, new Dictionary<string, string> { ["Url"] = nameof(EvidenceUrl), ["Note"] = nameof(EvidenceNote) });
    }

    [BindProperty]
    public bool EvidencePublic { get; set; }

    [BindProperty]
    public string? EvidencePublicTitle { get; set; }

    /// <summary>A coordinator marks an evidence item public (with the title the public page shows) or internal again.</summary>
    public async Task<IActionResult> OnPostEvidencePublicAsync(Guid id, Guid evidenceId, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await followUp.SetEvidencePublicAsync(evidenceId, new EvidencePublicInput(EvidencePublic, EvidencePublicTitle), User.ToCaseViewer(), cancellationToken);
        if (result.Problem is { Kind: ProblemKind.Forbidden })
        {
            return Forbid();
        }
        return await AfterAsync(id, result.Problem, t[EvidencePublic ? "FollowUp.Evidence.MadePublic" : "FollowUp.Evidence.MadeInternal"], cancellationToken,
            new Dictionary<string, string> { ["Title"] = nameof(EvidencePublicTitle) });
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = Measure.ToInput(ModelState, t, "Measure.");
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, fillForm: false, cancellationToken);
        }
        var result = await followUp.UpdateMeasureAsync(id, input, User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, t["FollowUp.MeasureSaved"], cancellationToken, prefix: "Measure.");
    }

    private async Task<IActionResult> AfterAsync(Guid id, Problem? problem, string done, CancellationToken cancellationToken,
        Dictionary<string, string>? fields = null, string prefix = "")
    {
        if (problem is null)
        {
            TempData["StatusMessage"] = done;
            return RedirectToPage(new { id });
        }
        if (problem.Kind is ProblemKind.NotFound)
        {
            return NotFound();
        }
        if (fields is not null)
        {
            problem = problem with { Errors = problem.Errors.Select(e => fields.TryGetValue(e.Field, out var f) ? e with { Field = f } : e).ToList() };
        }
        if (problem.Kind is ProblemKind.Refused)
        {
            // The only refusal here: the coordinator submitted the report themselves (four eyes).
            ModelState.AddModelError(string.Empty, t["FollowUp.OwnReport"]);
        }
        else
        {
            ProblemMessages.AddTo(ModelState, problem, t, prefix);
        }
        return await ShowAsync(id, fillForm: false, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, bool fillForm, CancellationToken cancellationToken)
    {
        var result = await followUp.MeasureAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        View = result.Value;
        Organisations = await followUp.OrganisationsAsync(cancellationToken);
        Indicators = (await followUp.IndicatorsAsync(null, null, id, User.ToCaseViewer(), cancellationToken)).Value ?? [];
        if (fillForm)
        {
            Measure = MeasureForm.From(View!);
        }
        return Page();
    }
}
