using Ariadne.Account;
using Ariadne.Core.Referral.Transnational;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>
/// Transnational referral packages received by the user's organisation: importing a partner's signed package (its
/// signature is verified against the partner keys registered here; a tampered or unsigned package is refused) and the
/// list of packages received, with the minimal data set, the decisions abroad and the consent evidence each carried.
/// </summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class TransnationalModel(ReferralPackages transnational, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int ListLength = 100;

    public IReadOnlyList<ReceivedView> Received { get; private set; } = [];

    public bool CanImport => User.ToCaseViewer().CanEditCases;

    /// <summary>The package just imported.</summary>
    public ReceivedView? Imported { get; private set; }

    /// <summary>The service's detailed (English) reason when the package was refused.</summary>
    public string? RefusalDetail { get; private set; }

    /// <summary>The package as a file (it wins over pasted text).</summary>
    [BindProperty]
    public IFormFile? PackageFile { get; set; }

    /// <summary>The package pasted as text.</summary>
    [BindProperty]
    public string? PackageText { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string? json = null;
        if (PackageFile is { Length: > 0 } file)
        {
            if (file.Length > ReferralPackages.MaxPackageBytes)
            {
                ModelState.AddModelError(nameof(PackageFile), t["Transnational.TooLarge", file.Length, ReferralPackages.MaxPackageBytes]);
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream());
                json = await reader.ReadToEndAsync(cancellationToken);
            }
        }
        else if (!string.IsNullOrWhiteSpace(PackageText))
        {
            json = PackageText;
        }
        else
        {
            ModelState.AddModelError(nameof(PackageFile), t["Transnational.Choose"]);
        }
        if (json is not null)
        {
            var imported = await transnational.ImportAsync(json, User.ToCaseViewer(), cancellationToken);
            if (imported.Problem is not { } problem)
            {
                Imported = imported.Value;
                PackageText = null;
            }
            else
            {
                // A refused package carries its PackageError name as the one refusal's code, and the English detail.
                var error = problem.Refusals.FirstOrDefault()?.Code ?? nameof(PackageError.Malformed);
                ModelState.AddModelError(PackageFile is { Length: > 0 } ? nameof(PackageFile) : nameof(PackageText), t["Nrm.Package.Error." + error]);
                RefusalDetail = problem.Detail;
            }
        }
        if (Imported is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Received = await transnational.ReceivedAsync(User.ToCaseViewer(), ListLength, cancellationToken);
}
