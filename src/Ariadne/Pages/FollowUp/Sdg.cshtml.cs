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
/// SDG indicator 16.2.2 in the Open SDG CSV layout: what is held, the download (every reader) and the upload that
/// replaces it (coordinators; all or nothing, each error naming the line and column). Through <see cref="FollowUpService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class SdgModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public SdgDatasetSummary? Dataset { get; private set; }

    public bool MayOwn { get; private set; }

    [BindProperty]
    public IFormFile? CsvFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var result = await followUp.ExportSdgAsync(FollowUpService.SdgIndicator, output, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind == ProblemKind.Forbidden ? Forbid() : NotFound();
        }
        return File(output.ToArray(), "text/csv", result.Value!.FileName);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (CsvFile is not { Length: > 0 } file)
        {
            ModelState.AddModelError(nameof(CsvFile), t["FollowUp.Sdg.NoFile"]);
            return await ShowAsync(cancellationToken);
        }
        await using var stream = file.OpenReadStream();
        var result = await followUp.ImportSdgAsync(FollowUpService.SdgIndicator, stream, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Problem!.Kind == ProblemKind.Forbidden)
            {
                return Forbid();
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.Sdg.Imported", result.Value!.Rows].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await followUp.SdgDatasetAsync(FollowUpService.SdgIndicator, viewer, cancellationToken);
        if (result.Problem is { Kind: ProblemKind.Forbidden })
        {
            return Forbid();
        }
        Dataset = result.Value;
        MayOwn = FollowUpRules.MayOwn(viewer);
        return Page();
    }
}
