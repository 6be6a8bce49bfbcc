using Ariadne.Account;
using Ariadne.Core.Cases;
using Ariadne.Core.Screening;
using Ariadne.Localization;
using Ariadne.Screening;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Screening;

/// <summary>One stored screening: the explained recommendation as computed when it was made.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class ResultModel(CaseService cases, ScreeningService screenings, InstrumentCatalogue catalogue, IStringLocalizer<SharedResource> t) : PageModel
{
    public ScreeningView? Screening { get; private set; }

    public ScreeningText? Text { get; private set; }

    /// <summary>The screened case's code, which the page names and links back to.</summary>
    public string CaseCode { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid screeningId, CancellationToken cancellationToken)
    {
        Screening = await screenings.GetAsync(id, screeningId, User.ToCaseViewer(), cancellationToken);
        if (Screening is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        CaseCode = (await cases.CodesAsync([id], User.ToCaseViewer(), cancellationToken)).GetValueOrDefault(id, "");
        var instrument = await catalogue.FindAsync(Screening.Instrument, cancellationToken);
        Text = new ScreeningText(key => t[key] is { ResourceNotFound: false } s ? s.Value : null, instrument?.Instrument, System.Globalization.CultureInfo.CurrentUICulture);
        return Page();
    }
}
