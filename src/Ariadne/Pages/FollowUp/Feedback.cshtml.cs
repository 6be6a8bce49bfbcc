using Ariadne.Account;
using Ariadne.Core.FollowUp;
using Ariadne.Core.Statistics.Releases;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// Survivor feedback for staff: case workers and coordinators open a one-time code for a survivor (the link, and the
/// kiosk page to hand the device over); coordinators, analysts and auditors see the published counts of closed months.
/// Through <see cref="SurvivorFeedbackService"/>; no page here shows a single answer.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class FeedbackModel(SurvivorFeedbackService feedback, IStringLocalizer<SharedResource> t) : PageModel
{
    public bool MayInvite { get; private set; }

    public bool MayReadResults { get; private set; }

    /// <summary>The code just opened (shown once).</summary>
    public FeedbackCode? Opened { get; private set; }

    public FeedbackResults? Results { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public SurvivorFeedbackInstrument Instrument => SurvivorFeedbackService.Instrument;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken)
    {
        var result = await feedback.OpenAsync(User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return Forbid();
        }
        Opened = result.Value;
        From = To = null;
        return await ShowAsync(cancellationToken);
    }

    /// <summary>The link the survivor opens (on their device, or on this one in the kiosk page).</summary>
    public string Link(FeedbackCode code) => $"{Request.Scheme}://{Request.Host}{Request.PathBase}/Feedback?code={Uri.EscapeDataString(code.Code)}";

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        MayInvite = SurvivorFeedbackService.MayInvite(viewer);
        MayReadResults = SurvivorFeedbackService.MayReadResults(viewer);
        if (MayReadResults)
        {
            try
            {
                var result = await feedback.ResultsAsync(From, To, viewer, cancellationToken);
                if (result.Succeeded)
                {
                    Results = result.Value;
                }
                else
                {
                    ProblemMessages.AddTo(ModelState, result.Problem!, t);
                }
            }
            catch (ReleaseParameterException e)
            {
                ModelState.AddModelError(nameof(From), e.Message);
            }
        }
        return Page();
    }
}
