using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.Finance.Assets;
using Ariadne.Localization;
using Ariadne.Pages.FollowUp;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Roles = Ariadne.Core.Users.Roles;

namespace Ariadne.Pages.Cases;

/// <summary>
/// A case's asset ledger (docs/finance.md, "Asset ledger per case"): totals per status and currency for everyone who may
/// read it; for its keepers (financial investigators, competent authorities) the entries with their histories, adding an
/// entry (prefilled from a linked finance alert with <c>?alert=</c>) and recording a status step. Reached from the case
/// page, from the finance alert page by case code (<c>/Cases/Assets?case=CODE&amp;alert=ID</c>) and from the referral
/// pages. Everything goes through <see cref="AssetLedgerService"/>.
/// </summary>
[Authorize(Roles = Roles.CaseWorker + "," + Roles.Coordinator + "," + Roles.CompetentAuthority + "," + Roles.FinancialInvestigator)]
public sealed class AssetsModel(AssetLedgerService ledger, IStringLocalizer<SharedResource> t) : PageModel
{
    public AssetLedgerView? Ledger { get; private set; }

    public DateOnly Today => ledger.Today;

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The estimated value as typed (1234.56, or 1.234,56 in German); parsed by <see cref="FollowUpPage.Amount"/>.</summary>
    [BindProperty]
    public string? EstimatedValue { get; set; }

    [BindProperty]
    public string? Currency { get; set; }

    [BindProperty]
    public string? HolderReference { get; set; }

    [BindProperty]
    public Guid? AlertId { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public DateOnly? On { get; set; }

    [BindProperty]
    public string? Authority { get; set; }

    [BindProperty]
    public string? LegalReference { get; set; }

    /// <summary>The entry whose step form was refused (its errors are shown there, under the prefix <c>Step.</c>).</summary>
    public Guid? StepAssetId { get; private set; }

    [BindProperty(Name = "Step")]
    public StepForm StepInput { get; set; } = new();

    public sealed class StepForm
    {
        public string? Status { get; set; }

        public DateOnly? On { get; set; }

        public string? Authority { get; set; }

        public string? LegalReference { get; set; }

        public int? Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, [FromQuery(Name = "case")] string? caseCode, Guid? alert, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        if (id is null)
        {
            return await ledger.FindCaseAsync(caseCode, viewer, cancellationToken) is { } found
                ? RedirectToPage(new { id = found, alert })
                : NotFound();
        }
        if (alert is { } alertId && (await ledger.DraftFromAlertAsync(id.Value, alertId, viewer, cancellationToken)).Value is { } draft)
        {
            (Kind, Description, Currency, HolderReference, AlertId, Status, On) = (draft.Kind, draft.Description, draft.Currency, draft.HolderReference, draft.AlertId, draft.Status, draft.On);
            EstimatedValue = draft.EstimatedValue?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }
        On ??= Today;
        StepInput.On ??= Today;
        return await LoadAsync(id.Value, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken cancellationToken)
    {
        var dateUnreadable = ModelState[nameof(On)] is { Errors.Count: > 0 };
        ModelState.Clear();
        var value = FollowUpPage.Amount(EstimatedValue, nameof(EstimatedValue), ModelState, t);
        var amountUnreadable = ModelState[nameof(EstimatedValue)] is { Errors.Count: > 0 };
        var result = await ledger.AddAsync(id, new AssetInput(Kind, Description, value, Currency, HolderReference, AlertId, Status, On, Authority, LegalReference),
            User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Asset.Added"].Value;
            return RedirectToPage(new { id, alert = (Guid?)null });
        }
        var skip = new HashSet<string>();
        if (amountUnreadable)
        {
            skip.Add(nameof(EstimatedValue));
        }
        if (dateUnreadable)
        {
            skip.Add(nameof(On));
            ModelState.AddModelError(nameof(On), t["Validation.Required.On"]);
        }
        StepInput.On ??= Today;
        return await ProblemAsync(id, result.Problem!, "", skip, cancellationToken);
    }

    public async Task<IActionResult> OnPostStepAsync(Guid id, Guid assetId, CancellationToken cancellationToken)
    {
        var dateUnreadable = ModelState["Step.On"] is { Errors.Count: > 0 };
        ModelState.Clear();
        var result = await ledger.StepAsync(id, assetId, new AssetStepInput(StepInput.Status, StepInput.On, StepInput.Authority, StepInput.LegalReference, StepInput.Version),
            User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["Asset.Stepped"].Value;
            return RedirectToPage(new { id });
        }
        StepAssetId = assetId;
        var skip = new HashSet<string>();
        if (dateUnreadable)
        {
            skip.Add(nameof(StepForm.On));
            ModelState.AddModelError("Step.On", t["Validation.Required.On"]);
        }
        On ??= Today;
        return await ProblemAsync(id, result.Problem!, "Step.", skip, cancellationToken);
    }

    private async Task<IActionResult> ProblemAsync(Guid id, Problem problem, string prefix, HashSet<string> skip, CancellationToken cancellationToken)
    {
        switch (problem.Kind)
        {
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.NotFound:
                return NotFound();
        }
        ProblemMessages.AddTo(ModelState, problem, t, prefix, skipFields: skip);
        var page = await LoadAsync(id, cancellationToken);
        Response.StatusCode = problem.Kind == ProblemKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await ledger.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        Ledger = result.Value;
        if (Ledger is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
