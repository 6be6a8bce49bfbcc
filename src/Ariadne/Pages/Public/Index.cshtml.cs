using Ariadne.Core.FollowUp;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ariadne.Pages.Public;

/// <summary>
/// The public transparency page (issue 18, item 7), without sign-in: the frameworks and their commitments, the measures
/// and the published indicator values, with their standing against baseline, milestones and target. Answers 404 unless
/// the installation switched it on (<c>FollowUp:PublicPage</c>). The kiosk layout: no navigation into the application,
/// nothing of a signed-in user. Listed as a public route in AuthorisationMatrixTests; reads are not audited (see
/// <see cref="PublicFollowUpService"/>).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(PublicFollowUpService service) : PageModel
{
    public PublicFollowUp? Overview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await service.ReadAsync(cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        Overview = result.Value;
        return Page();
    }
}
