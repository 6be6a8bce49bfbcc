using Ariadne.Account;
using Ariadne.Core.Jobs;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Jobs;

/// <summary>
/// One of the user's background jobs: a progress bar that reloads itself every two seconds while the job waits or runs
/// (a meta refresh, no JavaScript), then its result page, its file, or the problem that stopped it. Another user's job
/// is "not found".
/// </summary>
[Authorize]
public sealed class StatusModel(JobService jobs, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>Seconds between reloads while the job is not finished.</summary>
    public const int RefreshSeconds = 2;

    public JobView? Job { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Job = (await jobs.GetAsync(id, User.ToCaseViewer(), cancellationToken)).Value;
        if (Job is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else if (Job.Problem is { } problem)
        {
            ProblemMessages.AddTo(ModelState, problem, t);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await jobs.OutputAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!file.Succeeded)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        return File(file.Value!.Content, file.Value.ContentType, file.Value.FileName);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await jobs.CancelAsync(id, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded && result.Problem!.Kind == Core.Common.ProblemKind.NotFound)
        {
            return NotFound();
        }
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// A finished job's summary in the reader's language: the resource the job named, with its numbers in the reader's
    /// culture, or the job's English sentence when this node has no such resource (a module added later, an older job).
    /// </summary>
    public static string SummaryText(JobSummary summary, IStringLocalizer<SharedResource> t)
    {
        if (summary.Key is { } key && t[key, [.. (summary.Arguments ?? []).Cast<object>()]] is { ResourceNotFound: false } text)
        {
            return text.Value;
        }
        return summary.Text;
    }

    /// <summary>The translated name of a kind or stage, or the raw name when no translation exists (a module added later).</summary>
    public string Label(string prefix, string? name)
    {
        if (name is null)
        {
            return "";
        }
        var text = t[$"{prefix}.{name}"];
        return text.ResourceNotFound ? name : text.Value;
    }
}
