using Ariadne.Account;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>A case in the referral mechanism: its state, deadlines, the steps the user may take now and the history.</summary>
[Authorize(Policy = Policies.ReferralParticipant)]
public sealed class LifecycleModel(CaseService cases, NrmLifecycleService referrals, ServiceReferralService services, Jurisdictions jurisdictions, OrganisationDirectory directory, IStringLocalizer<SharedResource> t) : PageModel
{
    public Guid CaseId { get; private set; }

    public string? CaseCode { get; private set; }

    /// <summary>The case's pseudonymised summary (age group, sex, forms, dates): what every participant may see, never an identity.</summary>
    public Core.Cases.Case? Summary { get; private set; }

    /// <summary>Whether the viewer reads case files (case workers, coordinators): the link back to the case file is shown to them only.</summary>
    public bool ReadsCaseFiles => User.IsInRole(Core.Users.Roles.CaseWorker) || User.IsInRole(Core.Users.Roles.Coordinator);

    /// <summary>
    /// Whether the viewer may record a service delivered: the owning organisation's case workers, or a support provider
    /// of the case (an organisation whose referral was accepted), as <see cref="ServiceReferralService.RecordAssistanceAsync"/> decides.
    /// </summary>
    public bool CanRecordAssistance => View is not null && User.ToCaseViewer().CanRespondToReferrals
        && (IsOwner || View.ActorRoles.Contains(NrmLifecycleService.SupportProviderRole));

    public LifecycleView? View { get; private set; }

    public IEnumerable<string> JurisdictionIds => jurisdictions.Definitions.Select(d => d.Jurisdiction).Order(StringComparer.Ordinal);

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    /// <summary>Whether the viewer's organisation owns the case (and so may refer it, record cooperation and appoint a guardian).</summary>
    public bool IsOwner { get; private set; }

    /// <summary>Organisation names by id, for the referral and assistance tables and forms.</summary>
    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The services each organisation declares, for the referral form.</summary>
    public ILookup<Guid, string> Offers { get; private set; } = Array.Empty<(Guid, string)>().ToLookup(o => o.Item1, o => o.Item2);

    [BindProperty]
    public string? Step { get; set; }

    [BindProperty]
    public string? Reasons { get; set; }

    [BindProperty]
    public string? RequesterRole { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostStartAsync(Guid id, string? jurisdiction, bool presumedChild, CancellationToken cancellationToken)
    {
        var result = await referrals.StartAsync(id, jurisdiction, presumedChild, User.ToCaseViewer(), cancellationToken);
        return result.Problem?.Kind switch
        {
            null or ProblemKind.Conflict => RedirectToPage(new { id }),
            ProblemKind.Forbidden => Forbid(),
            _ => NotFoundPage(),
        };
    }

    public async Task<IActionResult> OnPostStepAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Step))
        {
            ModelState.AddModelError(nameof(Step), t["Nrm.ChooseStep"]);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
        }
        var result = await referrals.TransitionAsync(id, new TransitionInput(Step, Reasons, string.IsNullOrEmpty(RequesterRole) ? null : RequesterRole), User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t["Nrm.StepTaken", NrmText.Label(t, "Nrm.Transition.", Step)].Value;
                return RedirectToPage(new { id });
            case ProblemKind.Refused:
                ProblemMessages.AddTo(ModelState, result.Problem, t, refusalText: r => NrmText.Refusal(t, r),
                    refusalKey: r => r.Code == Refusal.FieldRequired ? nameof(Reasons) : nameof(Step));
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.Conflict:
                ModelState.AddModelError(nameof(Step), t["Nrm.Conflict"]);
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            default:
                return NotFoundPage();
        }
    }

    /// <summary>Refers the case to another organisation for a service (the consent gate decides).</summary>
    public async Task<IActionResult> OnPostServiceAsync(Guid id, string? service, Guid? toOrganisationId, string? sharedNote, string? overrideReason,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(service) || toOrganisationId is null)
        {
            return await InvalidAsync(id, "service", t["Nrm.Services.Choose"], cancellationToken);
        }
        var input = new ServiceRequestInput(service, toOrganisationId.Value, sharedNote, string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason);
        return await AfterAsync(id, await services.RequestServiceAsync(id, input, User.ToCaseViewer(), cancellationToken), "service", "Nrm.Services.Requested", cancellationToken);
    }

    /// <summary>Revokes a referral this organisation made.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(Guid id, Guid referralId, string? reason, CancellationToken cancellationToken) =>
        await AfterAsync(id, await services.RespondAsync(referralId, ServiceReferralAction.Revoke, reason, User.ToCaseViewer(), cancellationToken),
            "reason-" + referralId, "Nrm.Incoming.Done", cancellationToken);

    /// <summary>Records a service delivered (the assistance record).</summary>
    public async Task<IActionResult> OnPostAssistanceAsync(Guid id, string? assistService, Guid? providerOrganisationId, DateOnly? startedOn, DateOnly? endedOn,
        Guid? serviceReferralId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(assistService) || providerOrganisationId is null || startedOn is null)
        {
            return await InvalidAsync(id, "assistService", t["Nrm.Assistance.Incomplete"], cancellationToken);
        }
        return await AfterAsync(id, await services.RecordAssistanceAsync(id, assistService, providerOrganisationId.Value, startedOn.Value, endedOn, serviceReferralId,
            User.ToCaseViewer(), cancellationToken), "assistService", "Nrm.Assistance.Recorded", cancellationToken);
    }

    /// <summary>Records the person's cooperation with the authorities (read by no rule).</summary>
    public async Task<IActionResult> OnPostCooperationAsync(Guid id, CooperationStatus cooperationStatus, DateOnly? recordedOn, string? cooperationNote,
        CancellationToken cancellationToken)
    {
        if (recordedOn is null)
        {
            return await InvalidAsync(id, "recordedOn", t["Nrm.Cooperation.DateRequired"], cancellationToken);
        }
        return await AfterAsync(id, await referrals.RecordCooperationAsync(id, cooperationStatus, recordedOn.Value, cooperationNote, User.ToCaseViewer(), cancellationToken),
            "cooperationStatus", "Nrm.Cooperation.Recorded", cancellationToken);
    }

    /// <summary>Records that a guardian was appointed for a child.</summary>
    public async Task<IActionResult> OnPostGuardianAsync(Guid id, DateOnly? appointedOn, CancellationToken cancellationToken)
    {
        if (appointedOn is null)
        {
            return await InvalidAsync(id, "appointedOn", t["Nrm.Guardian.DateRequired"], cancellationToken);
        }
        return await AfterAsync(id, await referrals.AppointGuardianAsync(id, appointedOn.Value, null, User.ToCaseViewer(), cancellationToken),
            "appointedOn", "Nrm.Guardian.Recorded", cancellationToken);
    }

    private async Task<IActionResult> InvalidAsync(Guid id, string field, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(field, message);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
    }

    private async Task<IActionResult> AfterAsync<T>(Guid id, Result<T> result, string field, string doneKey, CancellationToken cancellationToken)
    {
        switch (result.Problem?.Kind)
        {
            case null:
                TempData["StatusMessage"] = t[doneKey].Value;
                return RedirectToPage(new { id });
            case ProblemKind.Refused:
                ProblemMessages.AddTo(ModelState, result.Problem, t, refusalText: r => NrmText.Refusal(t, r), refusalKey: _ => field);
                return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.Conflict:
                return await InvalidAsync(id, field, t["Nrm.Conflict"], cancellationToken);
            default:
                return NotFoundPage();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var found = await cases.GetAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            return false;
        }
        CaseId = id;
        CaseCode = found.CaseCode;
        Summary = found;
        IsOwner = CaseAccess.MayEdit(viewer, found.OrganisationId);
        View = (await referrals.GetLifecycleAsync(id, viewer, cancellationToken)).Value;
        Organisations = (await directory.NamesAsync(cancellationToken)).OrderBy(o => o.Value, StringComparer.CurrentCulture).ToDictionary();
        Offers = await services.OffersAsync(cancellationToken);
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        CaseCode = null;
        return Page();
    }
}
