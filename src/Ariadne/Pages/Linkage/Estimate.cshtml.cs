using Ariadne.Account;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Estimation;
using Ariadne.Core.Jobs;
using Ariadne.Linkage;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Linkage;

/// <summary>
/// Multiple systems estimation for analysts and coordinators (the rapporteur): from the database's linkage clusters
/// (<see cref="LinkageOverlap"/>; lists = organisations or organisation types) or from an uploaded counts CSV as
/// <c>ariadne estimate mse</c> reads it. Shows the inclusion-pattern counts (internal: not offered for download; a
/// publication goes through the statistics module's disclosure control), every fitted model, the selected one with its
/// 95 % interval, and says plainly when no estimate exists or the interval is unbounded.
/// </summary>
[Authorize(Policy = Ariadne.Account.Policies.StatisticsReader)]
public sealed class EstimateModel(LinkageOverlap overlap, JobService jobs, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Round { get; set; }

    [BindProperty]
    public string By { get; set; } = "organisation";

    [BindProperty]
    public string Model { get; set; } = "stepwise";

    [BindProperty]
    public IFormFile? CountsFile { get; set; }

    public IReadOnlyList<LinkageRound> Rounds { get; private set; } = [];

    public InclusionPatternCounts? Counts { get; private set; }

    public MseResult? Result { get; private set; }

    /// <summary>The page; with <paramref name="job"/>, the estimate that finished background job (one of the user's own) made.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? job, CancellationToken cancellationToken)
    {
        Rounds = await overlap.RoundsAsync(cancellationToken);
        if (job is { } id)
        {
            var file = await jobs.OutputAsync(id, User.ToCaseViewer(), cancellationToken);
            if (!file.Succeeded || LinkageEstimateJob.ReadOutput(file.Value!.Content) is not { } output)
            {
                return NotFound();
            }
            Round = output.Round;
            By = output.By;
            Model = output.Estimate.Selection switch
            {
                MseSelection.MainEffects => "main-effects",
                MseSelection.Bic => "bic",
                _ => "stepwise",
            };
            Counts = output.Counts();
            Result = output.Result();
        }
        return Page();
    }

    /// <summary>From the database's linkage clusters: started as a background job; its page links back here with the estimate.</summary>
    public async Task<IActionResult> OnPostDatabaseAsync(CancellationToken cancellationToken)
    {
        Rounds = await overlap.RoundsAsync(cancellationToken);
        var request = LinkageEstimateJob.Check(Round, By, Model);
        var started = request.Succeeded
            ? await jobs.StartAsync(LinkageEstimateJob.JobKind, LinkageEstimateJob.Input(request.Value!), User.ToCaseViewer(), LinkageEndpoints.Actor(User), cancellationToken)
            : request.Problem!;
        if (started.Succeeded)
        {
            return Redirect($"/Jobs/Status/{started.Value}");
        }
        foreach (var error in started.Problem!.Errors)
        {
            ModelState.AddModelError(error.Field == "Model" ? nameof(Model) : nameof(By), t["Filter.Error.Choice", error.Arguments.FirstOrDefault()?.ToString() ?? ""]);
        }
        if (started.Problem.Kind != Core.Common.ProblemKind.Invalid)
        {
            ProblemMessages.AddTo(ModelState, started.Problem, t);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>From an uploaded counts CSV.</summary>
    public async Task<IActionResult> OnPostFileAsync(CancellationToken cancellationToken)
    {
        Rounds = await overlap.RoundsAsync(cancellationToken);
        var selection = Selection();
        if (CountsFile is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(CountsFile), t["Linkage.Error.File"]);
        }
        if (selection is null || ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await using var content = CountsFile!.OpenReadStream();
        var (counts, errors) = await MseInput.ReadCsvAsync(content, cancellationToken);
        if (counts is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(nameof(CountsFile), t["Linkage.Error.Counts", error.Row, error.Column, error.Reason]);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Counts = counts;
        Result = MultipleSystemsEstimation.Estimate(counts, selection.Value);
        return Page();
    }

    private MseSelection? Selection()
    {
        var selection = MseReport.ParseSelection(Model);
        if (selection is null)
        {
            ModelState.AddModelError(nameof(Model), t["Filter.Error.Choice", Model]);
        }
        return selection;
    }
}
