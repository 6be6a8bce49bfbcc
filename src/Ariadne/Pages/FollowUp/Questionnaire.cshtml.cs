using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp.Questionnaires;
using Ariadne.Core.FollowUp.Reports;
using Ariadne.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.FollowUp;

/// <summary>
/// One questionnaire for a cycle: every question with its answer, status and history, the data it draws on (indicator
/// values as published, measures' status), an answer form per question (focal points: coordinators and case workers),
/// approve or return (coordinators, not their own submission) and the export links (HTML, XLSX, CSV, JSON in the page's
/// language). Through <see cref="QuestionnaireService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class QuestionnaireModel(QuestionnaireService questionnaires, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Cycle { get; set; }

    [BindProperty]
    public string? Question { get; set; }

    [BindProperty]
    public string? Answer { get; set; }

    [BindProperty]
    public bool Submit { get; set; }

    [BindProperty]
    public Guid AnswerId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public QuestionnaireCycleView? View { get; private set; }

    /// <summary>The question whose form failed, to show its errors beside it.</summary>
    public string? FailedQuestion { get; private set; }

    public static string Language => FollowUpPage.German ? "de" : "en";

    public string ExportLink(string format) =>
        $"/FollowUp/Questionnaire/{Uri.EscapeDataString(Code)}?handler=Export&cycle={Uri.EscapeDataString(View?.Cycle ?? Cycle ?? "")}&format={format}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        format ??= "html";
        if (!ReviewReportFiles.Formats.Contains(format))
        {
            return BadRequest();
        }
        var result = await questionnaires.ReportAsync(Code, Cycle, Language, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!.Kind switch
            {
                ProblemKind.Forbidden => Forbid(),
                ProblemKind.NotFound => NotFound(),
                _ => BadRequest(),
            };
        }
        using var output = new MemoryStream();
        await QuestionnaireFiles.WriteAsync(result.Value!, format, output, cancellationToken);
        return File(output.ToArray(), ReviewReportFiles.MediaType(format), format == "html" ? null : QuestionnaireFiles.FileName(result.Value!, format));
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await questionnaires.AnswerAsync(Code, new AnswerInput(Cycle, Question, Answer, Submit), User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            FailedQuestion = Question;
            return await FailAsync(result.Problem!, cancellationToken);
        }
        TempData["StatusMessage"] = t[Submit ? "FollowUp.Questionnaire.Submitted" : "FollowUp.Questionnaire.Saved", result.Value!.Question].Value;
        return Back(result.Value.Question);
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) => await DecideAsync(approve: true, cancellationToken);

    public async Task<IActionResult> OnPostReturnAsync(CancellationToken cancellationToken) => await DecideAsync(approve: false, cancellationToken);

    private async Task<IActionResult> DecideAsync(bool approve, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var result = await questionnaires.DecideAsync(AnswerId, approve, Reason, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            FailedQuestion = Question;
            return await FailAsync(result.Problem!, cancellationToken);
        }
        TempData["StatusMessage"] = t[approve ? "FollowUp.Questionnaire.Approved" : "FollowUp.Questionnaire.Returned", result.Value!.Question].Value;
        return Back(result.Value.Question);
    }

    private RedirectResult Back(string question) =>
        Redirect($"/FollowUp/Questionnaire/{Uri.EscapeDataString(Code)}?cycle={Uri.EscapeDataString(Cycle ?? "")}#q-{Uri.EscapeDataString(question)}");

    private async Task<IActionResult> FailAsync(Problem problem, CancellationToken cancellationToken)
    {
        if (problem.Kind == ProblemKind.Forbidden)
        {
            return Forbid();
        }
        if (problem.Kind == ProblemKind.NotFound)
        {
            return NotFound();
        }
        ProblemMessages.AddTo(ModelState, problem, t, refusalText: r => r.Code == "OwnAnswer" ? t["FollowUp.Questionnaire.OwnAnswer"] : r.ToString());
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await questionnaires.CycleAsync(Code, Cycle, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            switch (result.Problem!.Kind)
            {
                case ProblemKind.Forbidden:
                    return Forbid();
                case ProblemKind.NotFound:
                    return NotFound();
                default:
                    ProblemMessages.AddTo(ModelState, result.Problem, t);
                    Cycle = null;
                    result = await questionnaires.CycleAsync(Code, null, User.ToCaseViewer(), cancellationToken);
                    break;
            }
        }
        View = result.Value;
        Cycle = View?.Cycle;
        return Page();
    }
}
