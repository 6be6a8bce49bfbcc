using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Cases;

/// <summary>The consents of one case: what the person agreed to, for which purpose, and withdrawals.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class ConsentsModel(CaseService cases, ConsentService consents, OrganisationDirectory organisations, IStringLocalizer<SharedResource> t) : PageModel
{
    public CaseDto? Case { get; private set; }

    public IReadOnlyList<ConsentRecord> Records { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    [BindProperty]
    public ConsentForm Input { get; set; } = new();

    /// <summary>The case's best-interest decisions, newest first (reasons sealed without a reveal).</summary>
    public IReadOnlyList<BestInterestDecision> Decisions { get; private set; } = [];

    [BindProperty]
    public BestInterestForm Decision { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        // No defaults: what the person agreed to, when and how is chosen on purpose, never preset (issue 15).
        return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
    }

    /// <summary>Records a child's best-interest decision (what the consent gate reads for a child's referral without consent).</summary>
    public async Task<IActionResult> OnPostBestInterestAsync(Guid id, CancellationToken cancellationToken)
    {
        var input = new BestInterestInput(Decision.DecidedOn, Decision.Outcome, Decision.Reasons, Decision.GuardianType is not null, Decision.GuardianType,
            Decision.RecipientOrganisationId);
        var result = await consents.RecordBestInterestAsync(id, input, User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t["BestInterest.Recorded"].Value;
                return RedirectToPage(new { id });
            case ProblemKind.Invalid:
                ProblemMessages.AddTo(ModelState, result.Problem, t, "Decision.");
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            case ProblemKind.Forbidden:
                return Forbid();
            default:
                return NotFoundPage();
        }
    }

    public async Task<IActionResult> OnPostRecordAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Input.Purpose is null)
        {
            ModelState.AddModelError("Input.Purpose", t["Consent.Error.Purpose"]);
        }
        if (Input.Method is null)
        {
            ModelState.AddModelError("Input.Method", t["Consent.Error.Method"]);
        }
        if (ModelState.IsValid)
        {
            var result = await consents.RecordAsync(id, new ConsentInput(Input.Purpose!.Value, Input.RecipientOrganisationId, Input.GivenOn, Input.Method!.Value, Input.Note),
                User.ToCaseViewer(), cancellationToken);
            switch (result.Problem?.Kind)
            {
                case null:
                    TempData["StatusMessage"] = t["Consent.Recorded"].Value;
                    return RedirectToPage(new { id });
                case ProblemKind.Invalid:
                    ProblemMessages.AddTo(ModelState, result.Problem, t, "Input.");
                    break;
                case ProblemKind.Forbidden:
                    return Forbid();
                default:
                    return NotFoundPage();
            }
        }
        return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid consentId, CancellationToken cancellationToken)
    {
        var result = await consents.WithdrawAsync(id, consentId, null, null, User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t["Consent.Withdrawn"].Value;
                return RedirectToPage(new { id });
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.Invalid:
                ProblemMessages.AddTo(ModelState, result.Problem, t);
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            default:
                return NotFoundPage();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        if (found is null)
        {
            return false;
        }
        Case = CaseDto.From(found);
        Records = await consents.ListAsync(id, User.ToCaseViewer(), cancellationToken) ?? [];
        Decisions = await consents.ListBestInterestAsync(id, User.ToCaseViewer(), cancellationToken) ?? [];
        Organisations = (await organisations.NamesAsync(cancellationToken)).OrderBy(o => o.Value, StringComparer.CurrentCulture).ToDictionary();
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Case = null;
        return Page();
    }

    public sealed class ConsentForm
    {
        /// <summary>Null until chosen: there is no default purpose.</summary>
        public ConsentPurpose? Purpose { get; set; }

        public Guid? RecipientOrganisationId { get; set; }

        public DateOnly? GivenOn { get; set; }

        /// <summary>Null until chosen: there is no default method.</summary>
        public ConsentMethod? Method { get; set; }

        public string? Note { get; set; }
    }

    public sealed class BestInterestForm
    {
        public DateOnly? DecidedOn { get; set; }

        public BestInterestOutcome? Outcome { get; set; }

        public string? Reasons { get; set; }

        /// <summary>The guardian's role; none means no guardian took part.</summary>
        public GuardianType? GuardianType { get; set; }

        public Guid? RecipientOrganisationId { get; set; }
    }
}
