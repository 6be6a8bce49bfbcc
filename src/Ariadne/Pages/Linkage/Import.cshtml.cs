using Ariadne.Account;
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
/// Coordinators import the operator's result for their organisation (<see cref="AgencyLinkage.ImportClustersAsync"/>):
/// the persons get the linkage cluster keys under which statistics count each human being once. All or nothing.
/// </summary>
[Authorize(Roles = Roles.Coordinator)]
public sealed class ImportModel(AgencyLinkage linkage, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public IFormFile? ResultFile { get; set; }

    public AgencyImportSummary? Imported { get; private set; }

    public IReadOnlyList<LinkageRun> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Runs = await linkage.RunsAsync(User.OrganisationId(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ResultFile is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(ResultFile), t["Linkage.Error.File"]);
        }
        else
        {
            await using var content = ResultFile.OpenReadStream();
            var result = await linkage.ImportClustersAsync(User.OrganisationId(), content, Path.GetFileName(ResultFile.FileName), LinkageEndpoints.Actor(User), cancellationToken);
            if (result.Problem is { } problem)
            {
                foreach (var error in problem.Errors)
                {
                    ModelState.AddModelError(nameof(ResultFile), t["Linkage.Error.Import", error.Message]);
                }
            }
            else
            {
                Imported = result.Value;
            }
        }
        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Runs = await linkage.RunsAsync(User.OrganisationId(), cancellationToken);
        return Page();
    }
}
