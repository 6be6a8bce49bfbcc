using System.Text;
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
/// Coordinators encode their own organisation's persons for linkage between agencies (<see cref="AgencyLinkage.EncodeAsync"/>)
/// and download the encodings file for the operator. Coordinators, not case workers: taking part in a linkage round is
/// the organisation's decision, and the coordinator never sees a name here (the identities are opened inside Core and
/// only keyed Bloom filters leave); the secret is uploaded or pasted for this request only and never stored.
/// </summary>
[Authorize(Roles = Roles.Coordinator)]
public sealed class EncodeModel(AgencyLinkage linkage, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public IFormFile? SecretFile { get; set; }

    [BindProperty]
    public string? SecretText { get; set; }

    public IReadOnlyList<LinkageRun> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Runs = await linkage.RunsAsync(User.OrganisationId(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        byte[]? secret = null;
        if (SecretFile is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await SecretFile.CopyToAsync(buffer, cancellationToken);
            secret = AgencyLinkage.SecretFrom(buffer.ToArray());
        }
        else if (!string.IsNullOrWhiteSpace(SecretText))
        {
            secret = AgencyLinkage.SecretFrom(Encoding.UTF8.GetBytes(SecretText.Trim()));
        }
        SecretText = null;
        if (secret is null || secret.Length < AgencyLinkage.MinSecretBytes)
        {
            ModelState.AddModelError(nameof(SecretFile), t["Linkage.Error.Secret", AgencyLinkage.MinSecretBytes]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Runs = await linkage.RunsAsync(User.OrganisationId(), cancellationToken);
            return Page();
        }
        using var output = new MemoryStream();
        var result = await linkage.EncodeAsync(User.OrganisationId(), secret, output, LinkageEndpoints.Actor(User), null, cancellationToken);
        if (result.Problem is { } problem)
        {
            ProblemMessages.AddTo(ModelState, problem, t);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Runs = await linkage.RunsAsync(User.OrganisationId(), cancellationToken);
            return Page();
        }
        Response.Headers.CacheControl = "no-store";
        return File(output.ToArray(), "text/csv", $"encodings-{time.GetUtcNow():yyyyMMdd}-{result.Value!.RunId.ToString("N")[..8]}.enc");
    }
}
