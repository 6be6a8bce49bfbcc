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
/// One commitment: its texts in both languages, institutions, confirmed links, the likely duplicates the words suggest
/// (a coordinator confirms one as a link), its measures, and the full version history; coordinators edit it and add
/// measures here.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class ItemModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public ItemView? View { get; private set; }

    public bool MayOwn { get; private set; }

    public IReadOnlyList<OrganisationRef> Organisations { get; private set; } = [];

    /// <summary>The indicators measuring this one (linked from the page).</summary>
    public IReadOnlyList<IndicatorSummary> Indicators { get; private set; } = [];

    [BindProperty]
    public ItemForm Item { get; set; } = new();

    [BindProperty]
    public MeasureForm Measure { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, fillForm: true, cancellationToken);

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await followUp.UpdateItemAsync(id, Item.ToInput(), User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, "Item.", t["FollowUp.ItemSaved"], cancellationToken);
    }

    public async Task<IActionResult> OnPostLinkAsync(Guid id, Guid otherItemId, string? note, CancellationToken cancellationToken)
    {
        var result = await followUp.LinkAsync(id, new LinkInput(otherItemId, note), User.ToCaseViewer(), cancellationToken);
        return await AfterAsync(id, result.Problem, "", t["FollowUp.Linked"], cancellationToken);
    }

    public async Task<IActionResult> OnPostAddMeasureAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = Measure.ToInput(ModelState, t, "Measure.");
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, fillForm: false, cancellationToken);
        }
        var result = await followUp.CreateMeasureAsync(id, input, User.ToCaseViewer(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["StatusMessage"] = t["FollowUp.MeasureCreated"].Value;
            return RedirectToPage("Measure", new { id = result.Value });
        }
        return await AfterAsync(id, result.Problem, "Measure.", "", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Problem? problem, string prefix, string done, CancellationToken cancellationToken)
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
        ProblemMessages.AddTo(ModelState, problem, t, prefix);
        return await ShowAsync(id, fillForm: false, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, bool fillForm, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await followUp.ItemAsync(id, viewer, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        View = result.Value;
        MayOwn = FollowUpRules.MayOwn(viewer);
        Organisations = await followUp.OrganisationsAsync(cancellationToken);
        Indicators = (await followUp.IndicatorsAsync(null, id, null, viewer, cancellationToken)).Value ?? [];
        if (fillForm)
        {
            Item = ItemForm.From(View!);
        }
        return Page();
    }
}

/// <summary>The fields of a measure as the forms send them; amounts and dates are read by hand (any page language).</summary>
public sealed class MeasureForm
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public Guid? LeadOrganisationId { get; set; }

    public List<Guid> PartnerIds { get; set; } = [];

    public string? BudgetAmount { get; set; }

    public string? BudgetCurrency { get; set; }

    public string? StartOn { get; set; }

    public string? DueOn { get; set; }

    public MeasureStatus? Status { get; set; }

    public MeasureInput ToInput(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, IStringLocalizer<SharedResource> t, string prefix) =>
        new(Title, LeadOrganisationId, Description, PartnerIds, FollowUpPage.Amount(BudgetAmount, prefix + nameof(BudgetAmount), modelState, t), BudgetCurrency,
            FollowUpPage.Date(StartOn, prefix + nameof(StartOn), modelState, t), FollowUpPage.Date(DueOn, prefix + nameof(DueOn), modelState, t), Status);

    public static MeasureForm From(MeasureView m) => new()
    {
        Title = m.Title,
        Description = m.Description,
        LeadOrganisationId = m.Lead.Id,
        PartnerIds = m.Partners.Select(p => p.Id).ToList(),
        BudgetAmount = m.BudgetAmount?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        BudgetCurrency = m.BudgetCurrency,
        StartOn = FollowUpPage.IsoDate(m.StartOn),
        DueOn = FollowUpPage.IsoDate(m.DueOn),
        Status = m.Status,
    };
}
