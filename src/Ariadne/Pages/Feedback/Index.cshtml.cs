using System.Globalization;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Feedback;

/// <summary>
/// The survivor's side of survivor feedback, without sign-in: on their own device through the link, or on the case
/// worker's device (kiosk layout: nothing of the case files or the signed-in user is shown or linked). Steps: the code
/// (unless the link carries it); what is asked and why, with Agree and Decline; the questions (every one may be skipped);
/// thanks. Whoever is signed in on the device is ignored: nothing of the user goes with the answers.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(SurvivorFeedbackService feedback, IStringLocalizer<SharedResource> t) : PageModel
{
    public enum Step { Code, Consent, Questions, Thanks, Declined }

    public Step Shown { get; private set; } = Step.Code;

    public SurvivorFeedbackInstrument Instrument => SurvivorFeedbackService.Instrument;

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    /// <summary>The answers as posted: question number → value (or the free text, which goes no further than the service).</summary>
    [BindProperty]
    public Dictionary<int, string?> Answers { get; set; } = [];

    public int Stored { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            return Page();
        }
        return await AskConsentAsync(cancellationToken);
    }

    /// <summary>The code typed in: the consent step when it is open.</summary>
    public async Task<IActionResult> OnPostCodeAsync(CancellationToken cancellationToken) => await AskConsentAsync(cancellationToken);

    public async Task<IActionResult> OnPostAgreeAsync(CancellationToken cancellationToken)
    {
        if (!await feedback.IsOpenAsync(Code, cancellationToken))
        {
            return NotOpen();
        }
        Shown = Step.Questions;
        return Page();
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken)
    {
        await feedback.DeclineAsync(Code, cancellationToken);
        Code = null;
        Shown = Step.Declined;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await feedback.SubmitAsync(Code, Answers, cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Problem!.Kind == ProblemKind.NotFound)
            {
                return NotOpen();
            }
            ProblemMessages.AddTo(ModelState, result.Problem!, t);
            Shown = Step.Questions;
            return Page();
        }
        Stored = result.Value;
        Code = null;
        Answers = [];
        Shown = Step.Thanks;
        return Page();
    }

    public string? Chosen(int question) => Answers.GetValueOrDefault(question);

    public static string Name(int question) => "Answers[" + question.ToString(CultureInfo.InvariantCulture) + "]";

    private async Task<IActionResult> AskConsentAsync(CancellationToken cancellationToken)
    {
        if (!await feedback.IsOpenAsync(Code, cancellationToken))
        {
            return NotOpen();
        }
        Shown = Step.Consent;
        return Page();
    }

    private PageResult NotOpen()
    {
        ModelState.Clear();
        ModelState.AddModelError(nameof(Code), t["Feedback.NotOpen"]);
        Shown = Step.Code;
        return Page();
    }
}
