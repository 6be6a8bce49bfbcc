namespace Ariadne.Core.FollowUp.Questionnaires;

/// <summary>The latest version of a questionnaire and the cycles that hold answers to it (of any version).</summary>
public sealed record QuestionnaireSummary(string Code, int Version, string Title, string TitleDe, string? Source, int Questions, DateTime ImportedAtUtc,
    string ImportedBy, IReadOnlyList<string> Cycles);

/// <summary>What an import did: <see cref="Created"/> is false when the file equals the latest version (nothing stored).</summary>
public sealed record QuestionnaireImportResult(QuestionnaireSummary Questionnaire, bool Created);

/// <summary>An answer: draft, submitted, approved or returned (with the reason), who changed it last, and its history.</summary>
public sealed record AnswerView(Guid Id, string Question, string Answer, AnswerState State, int Version, DateTime UpdatedAtUtc, string UpdatedBy,
    string? SubmittedBy, DateTime? DecidedAtUtc, string? DecidedBy, string? ReturnReason, IReadOnlyList<ChangeView> History,
    OrganisationRef? Institution = null);

/// <summary>
/// A responsible institution a question is assigned to (directly or through its section), its answer for the cycle (null
/// while unanswered), and whether the viewer may answer for it (a focal point of that institution).
/// </summary>
public sealed record InstitutionAnswer(OrganisationRef Institution, bool ThroughSection, AnswerView? Answer, bool MayAnswer);

/// <summary>An assignment of a question or a whole section to an institution.</summary>
public sealed record AssignmentView(Guid Id, string? Section, string? Question, OrganisationRef Institution, DateTime AssignedAtUtc, string AssignedBy);

/// <summary>
/// Assign (or with <see cref="Remove"/> unassign) one question (<see cref="Question"/>, its number) or a whole section
/// (<see cref="Section"/>, its key) to an institution, by id or name.
/// </summary>
public sealed record AssignmentInput(string? Section, string? Question, string? Institution, bool Remove = false);

/// <summary>An approved value of a linked indicator in the cycle's period, as published: a suppressed cell keeps its mark ("&lt;5", "x").</summary>
public sealed record DrawnValue(DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, string Display, Guid? ReleaseId, DateTime? DataTimeUtc);

public sealed record DrawnIndicator(string Code, string Title, string? TitleDe, string Unit, IndicatorKind Kind, IReadOnlyList<DrawnValue> Values);

public sealed record DrawnMeasure(Guid Id, string Title, string Lead, MeasureStatus Status, DateOnly? DueOn);

public sealed record DrawnItem(Guid Id, string Framework, string Number, string Title, string? TitleDe, IReadOnlyList<DrawnMeasure> Measures);

/// <summary>One question of a cycle: its section, the question, its answer (if any) and the data it draws on.</summary>
/// <remarks>
/// A question assigned to institutions is answered once per institution (<see cref="Institutions"/>); <see cref="Answer"/>
/// is then null unless the question was answered before it was assigned.
/// </remarks>
public sealed record QuestionView(string SectionKey, string SectionTitle, string SectionTitleDe, QuestionnaireQuestion Question, AnswerView? Answer,
    IReadOnlyList<DrawnIndicator> Indicators, IReadOnlyList<DrawnItem> Items, IReadOnlyList<InstitutionAnswer> Institutions)
{
    /// <summary>Every answer to the question: the installation's one and each institution's.</summary>
    public IEnumerable<AnswerView> Answers => Institutions.Where(i => i.Answer is not null).Select(i => i.Answer!).Prepend(Answer).OfType<AnswerView>();
}

/// <summary>
/// A questionnaire answered for a cycle: the version the cycle's answers keep (the latest when none is written yet), the
/// cycle's period (first day of the first year to the last day of the last), every question with its answer and data,
/// and what the viewer may do.
/// </summary>
public sealed record QuestionnaireCycleView(string Code, int Version, int LatestVersion, string Title, string TitleDe, string? Source, bool Summaries,
    string Cycle, DateOnly From, DateOnly To, IReadOnlyList<QuestionView> Questions, IReadOnlyList<string> Cycles, bool MayAnswer, bool MayDecide,
    IReadOnlyList<AssignmentView> Assignments);

/// <summary>An answer to write: the cycle, the question's number, the answer, and whether it is handed in (submitted) now.</summary>
/// <remarks>
/// <see cref="Institution"/> (id or name) names the institution answering a question assigned to institutions; when left
/// out, the viewer's own organisation answers if the question is assigned to it.
/// </remarks>
public sealed record AnswerInput(string? Cycle, string? Question, string? Answer, bool Submit = false, string? Institution = null);

/// <summary>The answered questionnaire as exported (with the report): the cycle view, the language of the headings, who generated it when.</summary>
public sealed record QuestionnaireReport(string Language, DateTime GeneratedAtUtc, string GeneratedBy, QuestionnaireCycleView Questionnaire);
