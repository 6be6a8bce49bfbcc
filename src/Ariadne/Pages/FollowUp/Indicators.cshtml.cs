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
/// The results framework of one framework: its indicators (under its items and their measures) with baseline, target and
/// latest approved total; for coordinators a form to define an indicator, reported or computed by a query of the catalogue.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class IndicatorsModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public FrameworkView? Framework { get; private set; }

    public IReadOnlyList<IndicatorSummary> Indicators { get; private set; } = [];

    public IReadOnlyList<MeasureSummary> Measures { get; private set; } = [];

    public bool MayOwn { get; private set; }

    [BindProperty]
    public IndicatorForm Indicator { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostDefineAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = Indicator.ToInput(ModelState, t);
        if (ModelState.IsValid)
        {
            var result = await followUp.CreateIndicatorAsync(input, User.ToCaseViewer(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["StatusMessage"] = t["Indicator.Created"].Value;
                return RedirectToPage("Indicator", new { id = result.Value });
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t, "Indicator.");
        }
        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var framework = await followUp.FrameworkAsync(id, viewer, cancellationToken);
        if (!framework.Succeeded)
        {
            return framework.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        Framework = framework.Value;
        Indicators = (await followUp.IndicatorsAsync(id, null, null, viewer, cancellationToken)).Value ?? [];
        Measures = await followUp.MeasuresOfFrameworkAsync(id, cancellationToken);
        MayOwn = FollowUpRules.MayOwn(viewer);
        return Page();
    }
}

/// <summary>The define form: the subject as "item:ID" or "measure:ID", decimals in the page's language, dates as yyyy-MM-dd.</summary>
public sealed class IndicatorForm
{
    public string? Subject { get; set; }

    public string? Code { get; set; }

    public string? Title { get; set; }

    public string? TitleDe { get; set; }

    public string? Definition { get; set; }

    public string? DefinitionDe { get; set; }

    public IndicatorKind Kind { get; set; }

    public string? Unit { get; set; }

    public string? Query { get; set; }

    public string? Dimensions { get; set; }

    public int? Days { get; set; }

    public string? BaselineValue { get; set; }

    public string? BaselineOn { get; set; }

    public string? BaselineSource { get; set; }

    public string? DataSource { get; set; }

    public string? Method { get; set; }

    public string? MilestoneValue { get; set; }

    public string? MilestoneOn { get; set; }

    public string? TargetValue { get; set; }

    public string? TargetOn { get; set; }

    public IndicatorInput ToInput(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        Guid? item = null, measure = null;
        var parts = (Subject ?? "").Split(':', 2);
        if (parts.Length == 2 && Guid.TryParse(parts[1], out var subject))
        {
            (item, measure) = parts[0] == "measure" ? ((Guid?)null, (Guid?)subject) : (subject, null);
        }
        var targets = new List<TargetInput>();
        void Target(TargetKind kind, string? value, string? on, string valueField, string onField)
        {
            var number = FollowUpPage.Amount(value, "Indicator." + valueField, modelState, t);
            var day = FollowUpPage.Date(on, "Indicator." + onField, modelState, t);
            if (number is { } n && day is { } d)
            {
                targets.Add(new TargetInput(kind, d, n));
            }
        }
        Target(TargetKind.Milestone, MilestoneValue, MilestoneOn, nameof(MilestoneValue), nameof(MilestoneOn));
        Target(TargetKind.Target, TargetValue, TargetOn, nameof(TargetValue), nameof(TargetOn));
        return new IndicatorInput(item, measure, Code, Title, Kind, Unit, TitleDe, Definition, DefinitionDe,
            Dimensions is null ? null : [Dimensions],
            FollowUpPage.Amount(BaselineValue, "Indicator." + nameof(BaselineValue), modelState, t),
            FollowUpPage.Date(BaselineOn, "Indicator." + nameof(BaselineOn), modelState, t),
            BaselineSource, DataSource, Method,
            Kind == IndicatorKind.Computed ? Query : null,
            Kind == IndicatorKind.Computed && Days is { } days ? new Dictionary<string, int> { ["days"] = days } : null,
            targets);
    }
}
