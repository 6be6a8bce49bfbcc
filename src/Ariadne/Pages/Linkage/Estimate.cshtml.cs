using Ariadne.Analytics.Estimation;
using Ariadne.Core.Estimation;
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
public sealed class EstimateModel(LinkageOverlap overlap, IStringLocalizer<SharedResource> t) : PageModel
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

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rounds = await overlap.RoundsAsync(cancellationToken);

    /// <summary>From the database's linkage clusters.</summary>
    public async Task<IActionResult> OnPostDatabaseAsync(CancellationToken cancellationToken)
    {
        Rounds = await overlap.RoundsAsync(cancellationToken);
        var selection = Selection();
        OverlapLists? by = By switch { "organisation" => OverlapLists.Organisation, "organisation-type" => OverlapLists.OrganisationType, _ => null };
        if (by is null)
        {
            ModelState.AddModelError(nameof(By), t["Filter.Error.Choice", By]);
        }
        if (selection is null || by is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await overlap.EstimateAsync(string.IsNullOrWhiteSpace(Round) ? null : Round, by.Value, selection.Value, LinkageEndpoints.Actor(User), cancellationToken);
        if (result.Problem is { } problem)
        {
            foreach (var error in problem.Errors)
            {
                ModelState.AddModelError(error.Field == "Round" ? nameof(Round) : nameof(By), t["Linkage.Error.Estimate." + error.Code]);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Counts = result.Value!.Counts;
        Result = result.Value.Result;
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
