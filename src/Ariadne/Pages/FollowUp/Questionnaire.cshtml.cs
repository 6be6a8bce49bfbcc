using Ariadne.Account;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;
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
/// one per responsible institution for a question assigned to institutions (only that institution's focal points), the
/// coordinators' assignment of questions and sections to institutions, approve or return (coordinators, not their own
/// submission) and the export links (HTML, XLSX, CSV, JSON in the page's
/// language). Through <see cref="QuestionnaireService"/>.
/// </summary>
[Authorize(Roles = FollowUpPage.Readers)]
public sealed class QuestionnaireModel(QuestionnaireService questionnaires, FollowUpService followUp, IStringLocalizer<SharedResource> t) : PageModel
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

    /// <summary>The institution an answer is written for (a question assigned to institutions), or assigned.</summary>
    [BindProperty]
    public string? Institution { get; set; }

    /// <summary>What the assign form assigns: "q:NUMBER" (one question) or "s:KEY" (a whole section).</summary>
    [BindProperty]
    public string? Target { get; set; }

    /// <summary>The organisations a coordinator assigns questions to.</summary>
    public IReadOnlyList<OrganisationRef> Organisations { get; private set; } = [];

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
        var result = await questionnaires.AnswerAsync(Code, new AnswerInput(Cycle, Question, Answer, Submit, Institution), User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            FailedQuestion = Question;
            return await FailAsync(result.Problem!, cancellationToken);
        }
        TempData["StatusMessage"] = t[Submit ? "FollowUp.Questionnaire.Submitted" : "FollowUp.Questionnaire.Saved", result.Value!.Question].Value;
        return Back(result.Value.Question);
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken cancellationToken) => await AssignAsync(remove: false, cancellationToken);

    public async Task<IActionResult> OnPostUnassignAsync(CancellationToken cancellationToken) => await AssignAsync(remove: true, cancellationToken);

    private async Task<IActionResult> AssignAsync(bool remove, CancellationToken cancellationToken)
    {
        FollowUpPage.Unreadable(ModelState, t);
        var target = Target ?? "";
        var input = new AssignmentInput(target.StartsWith("s:", StringComparison.Ordinal) ? target[2..] : null,
            target.StartsWith("q:", StringComparison.Ordinal) ? target[2..] : null, Institution, remove);
        var result = await questionnaires.AssignAsync(Code, input, User.ToCaseViewer(), cancellationToken);
        if (!result.Succeeded)
        {
            return await FailAsync(result.Problem!, cancellationToken);
        }
        TempData["StatusMessage"] = t[remove ? "FollowUp.Questionnaire.Unassigned" : "FollowUp.Questionnaire.Assigned"].Value;
        return Redirect($"/FollowUp/Questionnaire/{Uri.EscapeDataString(Code)}?cycle={Uri.EscapeDataString(Cycle ?? "")}#assignments");
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
        ProblemMessages.AddTo(ModelState, problem, t, refusalText: r => r.Code switch
        {
            "OwnAnswer" => t["FollowUp.Questionnaire.OwnAnswer"],
            "OtherInstitution" => t["FollowUp.Questionnaire.OtherInstitution"],
            _ => r.ToString(),
        });
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
        if (View is { MayDecide: true })
        {
            Organisations = await followUp.OrganisationsAsync(cancellationToken);
        }
        return Page();
    }
}

/// <summary>What the answer partial shows: one answer (the installation's, or an institution's) and whether the viewer may write it.</summary>
public sealed record AnswerBlock(QuestionnaireCycleView View, QuestionView Question, AnswerView? Answer, OrganisationRef? Institution, string Id, bool MayAnswer,
    bool Failed, string? Posted);
