using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>
/// The printable non-punishment notice for prosecutors: the offences flagged as a direct consequence of being
/// trafficked, the case reference and its trafficking status; no name or narrative. Also where flags are added.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class NoticeModel(CaseService cases, NrmLifecycleService referrals, IAuditLog audit, IStringLocalizer<SharedResource> t) : PageModel
{
    public Guid CaseId { get; private set; }

    public string? CaseCode { get; private set; }

    public string? TraffickingStatus { get; private set; }

    public IReadOnlyList<NonPunishmentFlag> Flags { get; private set; } = [];

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    /// <summary>Shows the notice; every rendering is audited as a print, since this page exists to be printed.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFoundPage();
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.Print, AuditOutcomes.Success, "case", id.ToString(),
            Details: new Dictionary<string, string> { ["document"] = "non-punishment-notice", ["flags"] = Flags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? offence, string? basis, string? proceedingsReference, CancellationToken cancellationToken)
    {
        var result = await referrals.FlagNonPunishmentAsync(id, offence ?? "", basis ?? "", proceedingsReference, User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                return RedirectToPage(new { id });
            case ProblemKind.Refused:
                ProblemMessages.AddTo(ModelState, result.Problem, t, refusalText: r => NrmText.Refusal(t, r), refusalKey: r => r.Arguments.FirstOrDefault() ?? "");
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
        CaseId = id;
        CaseCode = found.CaseCode;
        TraffickingStatus = found.TraffickingStatus;
        Flags = await referrals.NonPunishmentFlagsAsync(id, User.ToCaseViewer(), cancellationToken) ?? [];
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        CaseCode = null;
        return Page();
    }
}
