namespace Ariadne.Core.FollowUp.Questionnaires;

/// <summary>The latest version of a questionnaire and the cycles that hold answers to it (of any version).</summary>
public sealed record QuestionnaireSummary(string Code, int Version, string Title, string TitleDe, string? Source, int Questions, DateTime ImportedAtUtc,
    string ImportedBy, IReadOnlyList<string> Cycles);

/// <summary>What an import did: <see cref="Created"/> is false when the file equals the latest version (nothing stored).</summary>
public sealed record QuestionnaireImportResult(QuestionnaireSummary Questionnaire, bool Created);

/// <summary>An answer: draft, submitted, approved or returned (with the reason), who changed it last, and its history.</summary>
public sealed record AnswerView(Guid Id, string Question, string Answer, AnswerState State, int Version, DateTime UpdatedAtUtc, string UpdatedBy,
    string? SubmittedBy, DateTime? DecidedAtUtc, string? DecidedBy, string? ReturnReason, IReadOnlyList<ChangeView> History);

/// <summary>An approved value of a linked indicator in the cycle's period, as published: a suppressed cell keeps its mark ("&lt;5", "x").</summary>
public sealed record DrawnValue(DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, string Display, Guid? ReleaseId, DateTime? DataTimeUtc);

public sealed record DrawnIndicator(string Code, string Title, string? TitleDe, string Unit, IndicatorKind Kind, IReadOnlyList<DrawnValue> Values);

public sealed record DrawnMeasure(Guid Id, string Title, string Lead, MeasureStatus Status, DateOnly? DueOn);

public sealed record DrawnItem(Guid Id, string Framework, string Number, string Title, string? TitleDe, IReadOnlyList<DrawnMeasure> Measures);

/// <summary>One question of a cycle: its section, the question, its answer (if any) and the data it draws on.</summary>
public sealed record QuestionView(string SectionKey, string SectionTitle, string SectionTitleDe, QuestionnaireQuestion Question, AnswerView? Answer,
    IReadOnlyList<DrawnIndicator> Indicators, IReadOnlyList<DrawnItem> Items);

/// <summary>
/// A questionnaire answered for a cycle: the version the cycle's answers keep (the latest when none is written yet), the
/// cycle's period (first day of the first year to the last day of the last), every question with its answer and data,
/// and what the viewer may do.
/// </summary>
public sealed record QuestionnaireCycleView(string Code, int Version, int LatestVersion, string Title, string TitleDe, string? Source, bool Summaries,
    string Cycle, DateOnly From, DateOnly To, IReadOnlyList<QuestionView> Questions, IReadOnlyList<string> Cycles, bool MayAnswer, bool MayDecide);

/// <summary>An answer to write: the cycle, the question's number, the answer, and whether it is handed in (submitted) now.</summary>
public sealed record AnswerInput(string? Cycle, string? Question, string? Answer, bool Submit = false);

/// <summary>The answered questionnaire as exported (with the report): the cycle view, the language of the headings, who generated it when.</summary>
public sealed record QuestionnaireReport(string Language, DateTime GeneratedAtUtc, string GeneratedBy, QuestionnaireCycleView Questionnaire);
