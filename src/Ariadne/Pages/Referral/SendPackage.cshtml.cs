using System.Text;
using Ariadne.Account;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>
/// Sends a case abroad: signs its minimal data set for a registered partner organisation and returns the package as
/// a file. The consent gate applies as to any referral (an adult's consent to that partner, a child's best-interest decision).
/// </summary>
[Authorize(Policy = Policies.CaseEditor)]
public sealed class SendPackageModel(CaseService cases, ReferralPackages transnational, PartnerKeys partners, Core.Consent.ConsentService consents, IStringLocalizer<SharedResource> t) : PageModel
{
    public Guid CaseId { get; private set; }

    public string? CaseCode { get; private set; }

    public bool IsChild { get; private set; }

    /// <summary>Active partner organisations, one entry each.</summary>
    public IReadOnlyList<PartnerView> Partners { get; private set; } = [];

    [BindProperty]
    public Guid? ToOrganisationId { get; set; }

    [BindProperty]
    public List<string> Services { get; set; } = [];

    /// <summary>For a child: whether a best-interest decision in favour of a referral is on record (the consent gate reads it).</summary>
    public bool BestInterestOnRecord { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (ToOrganisationId is null)
        {
            ModelState.AddModelError(nameof(ToOrganisationId), t["SendPackage.ChoosePartner"]);
            return await LoadAsync(id, cancellationToken);
        }
        var result = await transnational.ExportAsync(id, new PackageRequest(ToOrganisationId.Value, Services), User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                var exported = result.Value!;
                return File(Encoding.UTF8.GetBytes(exported.Json), ReferralPackage.MediaType, exported.FileName);
            case ProblemKind.Refused:
                ProblemMessages.AddTo(ModelState, result.Problem, t, refusalText: Text, refusalKey: FieldOf);
                return await LoadAsync(id, cancellationToken);
            case ProblemKind.Forbidden:
                return Forbid();
            default:
                return NotFoundPage();
        }
    }

    private static string FieldOf(Refusal refusal) => refusal.Code switch
    {
        "NotAPartner" => nameof(ToOrganisationId),
        "ServiceRequired" or "UnknownService" => nameof(Services),
        Refusal.ConsentRequired => "BestInterest",
        _ => "",
    };

    /// <summary>The consent refusal in words for a package (its own key: a child needs a best-interest decision here); others as elsewhere.</summary>
    private string Text(Refusal refusal) => refusal.Code == Refusal.ConsentRequired
        ? t["SendPackage.ConsentRequired", refusal.Arguments.FirstOrDefault() ?? ""].Value
        : NrmText.Refusal(t, refusal);

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var found = await cases.GetAsync(id, viewer, cancellationToken);
        if (found is null)
        {
            return NotFoundPage();
        }
        if (!CaseAccess.MayEdit(viewer, found.OrganisationId))
        {
            // Visible (e.g. referred to this organisation for a service) but not its to send abroad.
            return Forbid();
        }
        CaseId = id;
        CaseCode = found.CaseCode;
        IsChild = found.AgeGroup == AgeGroup.Minor;
        BestInterestOnRecord = IsChild && (await consents.ListBestInterestAsync(id, viewer, cancellationToken) ?? [])
            .Any(d => d.Outcome == Core.Consent.BestInterestOutcome.ReferralInBestInterest);
        Partners = [.. (await partners.PartnersAsync(cancellationToken))
            .Where(p => p.RevokedAtUtc is null && p.OrganisationId != found.OrganisationId)
            .DistinctBy(p => p.OrganisationId)
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)];
        return Page();
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        CaseCode = null;
        return Page();
    }
}
