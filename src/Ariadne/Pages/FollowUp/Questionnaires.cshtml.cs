using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// The questionnaires of review instruments (latest versions, cycles with answers), the upload of a questionnaire file
/// and the loading of the shipped ones (coordinators; all or nothing, each error naming the line and field). Through
/// <see cref="QuestionnaireService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class QuestionnairesModel(QuestionnaireService questionnaires, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<QuestionnaireSummary> Questionnaires { get; private set; } = [];

    public bool MayOwn { get; private set; }

    [BindProperty]
    public IFormFile? QuestionnaireFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (QuestionnaireFile is not { Length: > 0 } file)
        {
            ModelState.AddModelError(nameof(QuestionnaireFile), t["FollowUp.Questionnaires.NoFile"]);
            return await ShowAsync(cancellationToken);
        }
        using var bytes = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(bytes, cancellationToken);
        }
        var result = await questionnaires.ImportAsync(bytes.ToArray(), User.ToCaseViewer(), cancellationToken);
        return await DoneAsync(result.Problem, () => result.Value!.Created
            ? t["FollowUp.Questionnaires.Imported", result.Value.Questionnaire.Code, result.Value.Questionnaire.Version]
            : t["FollowUp.Questionnaires.Unchanged", result.Value.Questionnaire.Code, result.Value.Questionnaire.Version], cancellationToken);
    }

    public async Task<IActionResult> OnPostShippedAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var result = await questionnaires.LoadShippedAsync(User.ToCaseViewer(), cancellationToken);
        return await DoneAsync(result.Problem, () => t["FollowUp.Questionnaires.ShippedLoaded", result.Value!.Count(r => r.Created)], cancellationToken);
    }

    private async Task<IActionResult> DoneAsync(Problem? problem, Func<LocalizedString> message, CancellationToken cancellationToken)
    {
        if (problem is not null)
        {
            if (problem.Kind == ProblemKind.Forbidden)
            {
                return Forbid();
            }
            ProblemMessages.AddTo(ModelState, problem, t);
            return await ShowAsync(cancellationToken);
        }
        TempData["StatusMessage"] = message().Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var viewer = User.ToCaseViewer();
        var result = await questionnaires.ListAsync(viewer, cancellationToken);
        if (!result.Succeeded)
        {
            return Forbid();
        }
        Questionnaires = result.Value!;
        MayOwn = FollowUpRules.MayOwn(viewer);
        return Page();
    }
}
