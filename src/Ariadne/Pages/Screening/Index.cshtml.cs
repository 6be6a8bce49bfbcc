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
    /// <summary>The exploitation forms the default instrument has lists for (every form it supports), in its order.</summary>
    public static IReadOnlyList<string> Forms { get; } =
        [.. InstrumentCatalogue.FindShipped(ShippedInstruments.DefaultId)!.Instrument.Lists.Select(l => l.Form).Distinct(StringComparer.Ordinal)];

    /// <summary>Answers taken from the case (indicator code → answer), shown as prefilled until the case worker changes them.</summary>
    public IReadOnlyDictionary<string, Answer> Prefilled { get; private set; } = new Dictionary<string, Answer>();

    /// <summary>The case says the person is a minor: the child lists apply whatever the box says.</summary>
    public bool CaseSaysChild { get; private set; }

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
            case ProblemKind.Forbidden:
                return Forbid();
            case ProblemKind.NotFound:
                return NotFoundPage();
        }
        // The Core rules (an empty screening among them) name the field; the message in the page's language.
        ProblemMessages.AddTo(ModelState, result.Problem, t);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFoundPage();
    }

    /// <summary>The answer the form shows: the one posted, else the one taken from the case, else "not asked".</summary>
    public string AnswerOf(string code) =>
        Answers.GetValueOrDefault(code) ?? (Prefilled.TryGetValue(code, out var answer) ? ScreeningRequestJson.Spell(answer) : "not-asked");

    /// <summary>How many of <paramref name="codes"/> the form shows as answered (anything but "not asked").</summary>
    public int Answered(IEnumerable<string> codes) => codes.Count(code => AnswerOf(code) != "not-asked");

    /// <summary>The means of control a case records (code list <c>means-of-control</c>) and the indicator each is evidence of.</summary>
    private static readonly IReadOnlyDictionary<string, string> MeansIndicators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["withholds-documents"] = "CD01",
        ["debt-bondage"] = "CD02",
        ["restricts-movement"] = "CD03",
        ["physical-abuse"] = "CD04",
        ["threat-of-law-enforcement"] = "CD09",
        ["threats"] = "CD11",
        ["takes-earnings"] = "CD14",
        ["excessive-working-hours"] = "EX01",
    };

    /// <summary>
    /// What the case already says, as indicator answers ("yes"): a known recruitment method is the act of recruitment
    /// (AC01), an abduction also the coercive recruitment indicator CR02; each recorded means of control its indicator of
    /// coercion at destination or exploitation (<see cref="MeansIndicators"/>). Nothing is inferred beyond what the case records.
    /// </summary>
    public static IReadOnlyDictionary<string, Answer> FromCase(string? recruitmentMethod, IEnumerable<string> meansOfControl)
    {
        var result = new Dictionary<string, Answer>(StringComparer.Ordinal);
        if (recruitmentMethod is { Length: > 0 } method && method != "unknown")
        {
            result["AC01"] = Answer.Yes;
            if (method == "abduction")
            {
                result["CR02"] = Answer.Yes;
            }
        }
        foreach (var means in meansOfControl)
        {
            if (MeansIndicators.TryGetValue(means, out var code))
            {
                result[code] = Answer.Yes;
            }
        }
        return result;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Case = await cases.GetAsync(id, User.ToCaseViewer(), cancellationToken);
        if (Case is null)
        {
            return false;
        }
        History = await screenings.ListAsync(id, User.ToCaseViewer(), cancellationToken) ?? [];
        Prefilled = FromCase(Case.Exploitation.RecruitmentMethod, Case.Exploitation.MeansOfControl);
        CaseSaysChild = Case.AgeGroup == AgeGroup.Minor;
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
