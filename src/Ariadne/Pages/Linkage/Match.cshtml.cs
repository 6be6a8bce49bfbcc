using System.Globalization;
using Ariadne.Account;
using Ariadne.Core.Jobs;
using Ariadne.Core.Linkage;
using Ariadne.Core.Users;
using Ariadne.Linkage;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Linkage;

/// <summary>
/// The linkage operator matches the agencies' encodings files (<see cref="OperatorLinkage.RunMatchAsync"/>) as a background job
/// (<see cref="OperatorMatchJob"/>) and downloads, from the job's page, a zip with one <c>record_id,cluster_id</c> file per agency. Analysts: they hold no identity and see no case record, which
/// is what a linkage operator must be; the files they upload hold no plaintext either.
/// </summary>
[Authorize(Roles = Roles.Analyst)]
public sealed class MatchModel(JobService jobs, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    [BindProperty]
    public string? Threshold { get; set; } = "0.65";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!double.TryParse(Threshold?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || threshold is <= 0 or > 1)
        {
            ModelState.AddModelError(nameof(Threshold), t["Linkage.Error.Threshold"]);
        }
        var uploads = new List<EncodingsUpload>();
        foreach (var file in Files.Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            uploads.Add(new EncodingsUpload(file.FileName, buffer.ToArray()));
        }
        if (uploads.Count < 2)
        {
            ModelState.AddModelError(nameof(Files), t["Linkage.Error.Files"]);
        }
        if (ModelState.ErrorCount == 0)
        {
            // The names and the threshold are checked here; the files' content is read by the job (a bad file fails it, named).
            var checkedFiles = OperatorLinkage.Check(uploads, threshold);
            var started = checkedFiles.Succeeded
                ? await jobs.StartAsync(OperatorMatchJob.JobKind, OperatorMatchJob.Input(uploads, threshold), User.ToCaseViewer(), LinkageEndpoints.Actor(User), cancellationToken)
                : checkedFiles.Problem!;
            if (started.Succeeded)
            {
                return Redirect($"/Jobs/Status/{started.Value}");
            }
            foreach (var error in started.Problem!.Errors)
            {
                ModelState.AddModelError(error.Field == "Threshold" ? nameof(Threshold) : nameof(Files), t["Linkage.Error.Match", error.Message]);
            }
            if (started.Problem.Kind != Core.Common.ProblemKind.Invalid)
            {
                ProblemMessages.AddTo(ModelState, started.Problem, t);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
