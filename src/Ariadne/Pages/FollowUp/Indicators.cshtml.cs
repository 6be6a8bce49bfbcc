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
public sealed class IndicatorsModel(FollowUpService followUp, IndicatorPlanComputation plan, IStringLocalizer<SharedResource> t) : PageModel
{
    public FrameworkView? Framework { get; private set; }

    public IReadOnlyList<IndicatorSummary> Indicators { get; private set; } = [];

    public IReadOnlyList<MeasureSummary> Measures { get; private set; } = [];

    public bool MayOwn { get; private set; }

    [BindProperty]
    public IndicatorForm Indicator { get; set; } = new();

    /// <summary>The period of "compute the plan" (yyyy-MM-dd; both empty: this year up to today).</summary>
    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

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

    /// <summary>
    /// "Compute the plan" (coordinators): every computed indicator of the framework, inline in the request. Inline because
    /// the plan shares its reads of the cases (<see cref="IndicatorPlanComputation"/>): a plan of 50 indicators over
    /// 1,000,000 cases took 19 s in the benchmark, a typical one a second or two; larger runs belong to the CLI
    /// (<c>ariadne followup indicators compute --framework</c>). Each indicator is published and audited as "compute now" is.
    /// </summary>
    public async Task<IActionResult> OnPostComputePlanAsync(Guid id, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var input = FollowUpPage.ComputePeriod(From, To, ModelState, t);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, cancellationToken);
        }
        var result = await plan.ComputeAsync(id, input, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        var outcomes = result.Value!.Select(r => r.Outcome()).ToList();
        foreach (var failed in outcomes.Where(o => !o.Computed))
        {
            ModelState.AddModelError(string.Empty, t["Indicator.PlanFailed", failed.Code, string.Join("; ", failed.Errors)]);
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, cancellationToken);
        }
        TempData["StatusMessage"] = t["Indicator.PlanComputed", outcomes.Count].Value;
        return RedirectToPage(new { id });
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

    /// <summary>The <c>survivor-feedback-share</c> query's question and answer as "question:answer" (positions in the instrument).</summary>
    public string? FeedbackAnswer { get; set; }

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
            Kind == IndicatorKind.Computed ? Parameters(modelState, t) : null,
            targets);
    }

    /// <summary>The query parameters given: <c>days</c>, and <c>question</c> and <c>answer</c> from <see cref="FeedbackAnswer"/>; the service checks them against the query.</summary>
    private Dictionary<string, int>? Parameters(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        var parameters = new Dictionary<string, int>();
        if (Days is { } days)
        {
            parameters["days"] = days;
        }
        if (!string.IsNullOrWhiteSpace(FeedbackAnswer))
        {
            var parts = FeedbackAnswer.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], out var question) && int.TryParse(parts[1], out var answer))
            {
                parameters["question"] = question;
                parameters["answer"] = answer;
            }
            else
            {
                modelState.AddModelError("Indicator." + nameof(FeedbackAnswer), t["FollowUp.Unreadable"]);
            }
        }
        return parameters.Count == 0 ? null : parameters;
    }

    /// <summary>
    /// The form filled with an indicator's definition (the edit form): numbers without group separators in the page's
    /// language, dates as yyyy-MM-dd. The form holds the first milestone and the target; the edit handler keeps the others.
    /// </summary>
    public static IndicatorForm From(IndicatorView v)
    {
        static string Number(decimal value) => value.ToString("0.####", System.Globalization.CultureInfo.CurrentCulture);
        var milestone = v.Targets.FirstOrDefault(p => p.Kind == TargetKind.Milestone);
        var target = v.Targets.FirstOrDefault(p => p.Kind == TargetKind.Target);
        return new IndicatorForm
        {
            Subject = v.MeasureId is { } m ? "measure:" + m : "item:" + v.Item.Id,
            Code = v.Code,
            Title = v.Title,
            TitleDe = v.TitleDe,
            Definition = v.Definition,
            DefinitionDe = v.DefinitionDe,
            Kind = v.Kind,
            Unit = v.Kind == IndicatorKind.Computed && IndicatorQueries.Find(v.Query)?.Unit == v.Unit ? null : v.Unit,
            Query = v.Query,
            Dimensions = v.Dimensions.Count == 0 ? null : string.Join(", ", v.Dimensions),
            Days = v.QueryParameters.TryGetValue("days", out var days) ? days : null,
            FeedbackAnswer = v.QueryParameters.TryGetValue("question", out var q) && v.QueryParameters.TryGetValue("answer", out var a) ? $"{q}:{a}" : null,
            BaselineValue = v.BaselineValue is { } b ? Number(b) : null,
            BaselineOn = v.BaselineOn is null ? null : FollowUpPage.IsoDate(v.BaselineOn),
            BaselineSource = v.BaselineSource,
            DataSource = v.DataSource,
            Method = v.Method,
            MilestoneValue = milestone is null ? null : Number(milestone.Value),
            MilestoneOn = milestone is null ? null : FollowUpPage.IsoDate(milestone.DueOn),
            TargetValue = target is null ? null : Number(target.Value),
            TargetOn = target is null ? null : FollowUpPage.IsoDate(target.DueOn),
        };
    }
}
