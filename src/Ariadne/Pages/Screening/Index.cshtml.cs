using Ariadne.Account;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Screening;
using Ariadne.Localization;
using Ariadne.Screening;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Screening;

/// <summary>Screen a case (a form grouped by dimension) and see its screening history.</summary>
[Authorize(Policy = Policies.CaseReader)]
public sealed class IndexModel(CaseService cases, ScreeningService screenings, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The exploitation forms the shipped lists screen for.</summary>
    public static readonly IReadOnlyList<string> Forms = ["forced-labour", "sexual-exploitation"];

    public static readonly IReadOnlyList<Answer> Choices = [Answer.Yes, Answer.No, Answer.Unknown, Answer.NotAsked];

    public Case? Case { get; private set; }

    public IReadOnlyList<ScreeningView> History { get; private set; } = [];

    public CompiledList? List { get; private set; }

    public ScreeningText? Text { get; private set; }

    public string? ListReason { get; private set; }

    public bool CanEdit => User.ToCaseViewer().CanEditCases;

    /// <summary>The exploitation form screened for; empty: from the case.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Form { get; set; }

    /// <summary>There are reasons to believe the person is a child (presumption of minority).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Child { get; set; }

    [BindProperty]
    public Dictionary<string, string> Answers { get; set; } = [];

    [BindProperty]
    public Dictionary<string, string> Notes { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
        foreach (var (code, value) in Answers)
        {
            var answer = ScreeningRequestJson.ParseAnswer(value) ?? Answer.NotAsked;
            var note = Notes.GetValueOrDefault(code);
            if (answer != Answer.NotAsked || !string.IsNullOrWhiteSpace(note))
            {
                answers[code] = new IndicatorAnswer(answer, note);
            }
        }
        var result = await screenings.CreateAsync(id, new ScreeningInput(null, Form, null, null, Child, answers), User.ToCaseViewer(), cancellationToken);
        switch (result.Problem?.Kind)
        {
            case null:
                return RedirectToPage("Result", new { id, screeningId = result.Value!.Id });
            case ProblemKind.Invalid:
                foreach (var error in result.Problem.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }
                break;
            case ProblemKind.Forbidden:
                return Forbid();
            default:
                return NotFoundPage();
        }
        return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
    }

    public string AnswerOf(string code) => Answers.GetValueOrDefault(code) ?? "not-asked";

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Case = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        if (Case is null)
        {
            return false;
        }
        History = await screenings.ListAsync(id, User.ToCaseViewer(), cancellationToken) ?? [];
        var instrument = InstrumentCatalogue.FindShipped(ShippedInstruments.DefaultId)!;
        var request = ScreeningService.RequestFor(Case.Exploitation.AgeAtStart, Case.AgeGroup, Case.FormsKey,
            new ScreeningInput(null, Forms.Contains(Form) ? Form : null, null, null, Child, new Dictionary<string, IndicatorAnswer>()));
        Form = request.Form;
        Text = new ScreeningText(key => t[key] is { ResourceNotFound: false } s ? s.Value : null, instrument.Instrument, System.Globalization.CultureInfo.CurrentUICulture);
        var (list, reason) = ScreeningScorer.ChooseList(instrument, request);
        List = list;
        ListReason = Text.Line(reason);
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Case = null;
        return Page();
    }
}
