using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.DemoData;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// Treaty status (issue 18, item 5): every country × instrument of the current imports (the Trafficking Protocol, CETS
/// 197, ILO P29 and C181), filtered by instrument, with each import's source and "as of" date and the history of
/// imports; coordinators upload a CSV or a saved UN Treaty Collection status page. Through <see cref="FollowUpService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class TreatiesModel(FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<TreatyInstrumentStatus> Instruments { get; private set; } = [];

    /// <summary>The countries of the current imports, by name in the page's language.</summary>
    public IReadOnlyList<string> Countries { get; private set; } = [];

    public bool MayOwn { get; private set; }

    /// <summary>The instrument filter (<c>?instrument=</c>); null shows all four.</summary>
    [BindProperty(SupportsGet = true)]
    public TreatyInstrument? Instrument { get; set; }

    [BindProperty]
    public TreatyInstrument? ImportInstrument { get; set; }

    [BindProperty]
    public IFormFile? StatusFile { get; set; }

    [BindProperty]
    public string? SourceUrl { get; set; }

    [BindProperty]
    public string? AsOf { get; set; }

    /// <summary>The demo's imports are marked as not being the treaty record.</summary>
    public static bool IsDemo(TreatyImportSummary import) => import.FileName.StartsWith(DemoFollowUpSeeder.TreatyDemoPrefix, StringComparison.Ordinal);

    public static string CountryName(string iso3) => FollowUpService.TreatyCountries.Name(iso3, System.Globalization.CultureInfo.CurrentUICulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var asOf = FollowUpPage.Date(AsOf, nameof(AsOf), ModelState, t);
        if (StatusFile is not { Length: > 0 } file)
        {
            ModelState.AddModelError(nameof(StatusFile), t["FollowUp.Treaties.NoFile"]);
        }
        else if (file.Length > FollowUpService.MaxTreatyFileBytes)
        {
            ModelState.AddModelError(nameof(StatusFile), t["FollowUp.Treaties.TooLarge"]);
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }
        string content;
        using (var reader = new StreamReader(StatusFile!.OpenReadStream()))
        {
            content = await reader.ReadToEndAsync(cancellationToken);
        }
        var result = await followUp.ImportTreatiesAsync(new TreatyImportInput(ImportInstrument, Path.GetFileName(StatusFile.FileName), SourceUrl, asOf), content,
            User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Problem!.Kind == ProblemKind.Forbidden)
            {
                return Forbid();
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            return await ShowAsync(cancellationToken);
        }
        TempData["StatusMessage"] = t["FollowUp.Treaties.Imported", result.Value!.Participants, t["FollowUp.Treaty." + result.Value.Instrument]].Value;
        return RedirectToPage(new { instrument = result.Value.Instrument });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await followUp.TreatiesAsync(Instrument, viewer, cancellationToken);
        if (result.Problem is { Kind: ProblemKind.Forbidden })
        {
            return Forbid();
        }
        Instruments = result.Value ?? [];
        Countries = Instruments.SelectMany(i => i.Participants).Select(p => p.Country).Distinct()
            .OrderBy(CountryName, StringComparer.CurrentCulture).ToList();
        MayOwn = FollowUpRules.MayOwn(viewer);
        ImportInstrument ??= Instrument;
        return Page();
    }
}
