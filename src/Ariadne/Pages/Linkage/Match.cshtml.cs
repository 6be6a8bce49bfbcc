using System.Globalization;
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
/// The linkage operator matches the agencies' encodings files (<see cref="OperatorLinkage.RunMatchAsync"/>) and downloads a
/// zip with one <c>record_id,cluster_id</c> file per agency. Analysts: they hold no identity and see no case record, which
/// is what a linkage operator must be; the files they upload hold no plaintext either.
/// </summary>
[Authorize(Roles = Roles.Analyst)]
public sealed class MatchModel(OperatorLinkage linkage, IStringLocalizer<SharedResource> t) : PageModel
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
            var result = await linkage.RunMatchAsync(uploads, threshold, LinkageEndpoints.Actor(User), null, cancellationToken);
            if (result.Problem is null)
            {
                Response.Headers.CacheControl = "no-store";
                return File(result.Value!.Zip, "application/zip", "linkage-results.zip");
            }
            foreach (var error in result.Problem.Errors)
            {
                ModelState.AddModelError(error.Field == "Threshold" ? nameof(Threshold) : nameof(Files), t["Linkage.Error.Match", error.Message]);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
