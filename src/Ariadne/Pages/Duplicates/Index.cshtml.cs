using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Duplicates;
using Ariadne.Core.Jobs;
using Ariadne.Core.Users;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Duplicates;

/// <summary>
/// Deduplication of an organisation's case registry for coordinators: start a run (thresholds, optionally merge all
/// certain pairs) as a background job, followed on <c>/Jobs/Status/{id}</c>, which links back here when it has finished; the latest runs with the model's precision on the reviewed pairs, and the review queue (paged,
/// filtered by status and probability), each pair linking to its review page. Un-merge is posted here from the case
/// page. Everything goes through <see cref="DuplicateService"/>.
/// </summary>
[Authorize(Roles = Roles.Coordinator)]
public sealed class IndexModel(DuplicateService duplicates, JobService jobs, IAuditContext auditContext, IStringLocalizer<SharedResource> t) : PageModel
{
    public DuplicateOverview? Overview { get; private set; }

    public IReadOnlyList<DuplicateOrganisation> Organisations { get; private set; } = [];

    public PagedResult<DuplicatePairSummary>? Pairs { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = nameof(DuplicatePairStatus.Pending);

    // Numbers are bound as text and read invariantly: a number input sends "0.9" whatever the page's culture.
    [BindProperty(SupportsGet = true)]
    public string? MinProbability { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MaxProbability { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public string Threshold { get; set; } = DuplicateService.DefaultThreshold.ToString(CultureInfo.InvariantCulture);

    [BindProperty]
    public string LowerBound { get; set; } = DuplicateService.DefaultLowerBound.ToString(CultureInfo.InvariantCulture);

    [BindProperty]
    public bool MergeCertain { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRunAsync(CancellationToken cancellationToken)
    {
        var unreadable = ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).ToList();
        ModelState.Clear();
        foreach (var field in unreadable)
        {
            ModelState.AddModelError(field, t["Dup.Unreadable"]);
        }
        if (OrganisationId is not { } organisation)
        {
            ModelState.AddModelError(nameof(OrganisationId), t["Dup.Run.OrganisationRequired"]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var request = new DuplicateRunRequest(OrganisationId!.Value, Parse(Threshold) ?? double.NaN, Parse(LowerBound) ?? double.NaN, MergeCertain);
        var viewer = User.ToCaseViewer();
        // Checked here so that a wrong field is answered on this form; the run itself is a background job.
        var checkedRun = await duplicates.CheckRunAsync(request, viewer, cancellationToken);
        var started = checkedRun.Succeeded
            ? await jobs.StartAsync(DuplicateRunJob.JobKind, DuplicateRunJob.Input(request), viewer, auditContext.Actor, cancellationToken)
            : checkedRun.Problem!;
        if (!started.Succeeded)
        {
            ProblemMessages.AddTo(ModelState, started.Problem!, t);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/Jobs/Status/{started.Value}");
    }

    /// <summary>Undoes a merge (from the case page or a pair page); back to the case when <paramref name="caseId"/> is given.</summary>
    public async Task<IActionResult> OnPostUnmergeAsync(Guid mergeId, Guid? caseId, CancellationToken cancellationToken)
    {
        var result = await duplicates.UnmergeAsync(mergeId, User.ToCaseViewer(), cancellationToken);
        TempData["StatusMessage"] = result.Succeeded
            ? t["Dup.Unmerged", result.Value!.Members.Count].Value
            : result.Problem!.Detail ?? ProblemMessages.KindMessage(t, result.Problem.Kind);
        return caseId is { } id ? Redirect($"/Cases/Details/{id}") : RedirectToPage();
    }

    public string QueryFor(int page) =>
        $"?Status={Uri.EscapeDataString(Status ?? "")}&MinProbability={Number(MinProbability)}&MaxProbability={Number(MaxProbability)}&p={page}";

    private static string Number(string? value) => Uri.EscapeDataString(value ?? "");

    private static double? Parse(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        Organisations = await duplicates.OrganisationsAsync(viewer, cancellationToken);
        Overview = (await duplicates.OverviewAsync(null, viewer, cancellationToken)).Value;
        DuplicatePairStatus? status = Enum.TryParse<DuplicatePairStatus>(Status, out var s) ? s : null;
        var pairs = await duplicates.PairsAsync(new DuplicatePairQuery(status, Parse(MinProbability) ?? (string.IsNullOrWhiteSpace(MinProbability) ? null : double.NaN),
            Parse(MaxProbability) ?? (string.IsNullOrWhiteSpace(MaxProbability) ? null : double.NaN), null, PageNumber), viewer, cancellationToken);
        if (pairs.Succeeded)
        {
            Pairs = pairs.Value;
        }
        else
        {
            ProblemMessages.AddTo(ModelState, pairs.Problem!, t);
        }
    }
}
