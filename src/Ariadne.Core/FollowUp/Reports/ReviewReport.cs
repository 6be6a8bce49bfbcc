using Ariadne.Analytics.FollowUp;

namespace Ariadne.Core.FollowUp.Reports;

/// <summary>What a review report covers: one framework (or every framework) over a period (both days included).</summary>
/// <param name="FrameworkId">The framework; null for every framework.</param>
/// <param name="From">The first day; default the first day of the year of <paramref name="To"/> (the annual report).</param>
/// <param name="To">The last day; default today (UTC of the injected clock). A quadrennial review is the same report over four years.</param>
/// <param name="Language">"en" or "de": the language of the titles and of the files' headings.</param>
public sealed record ReviewReportRequest(Guid? FrameworkId = null, DateOnly? From = null, DateOnly? To = null, string Language = "en");

/// <summary>
/// The review report of a cycle (issue 18, item 6): built once (<see cref="ReviewReportService.BuildAsync"/>) and written
/// as a printable page, XLSX, CSV and JSON. Every figure that comes from the cases is a statistics release (its id is
/// given), so suppressed cells carry their mark ("&lt;5", "x") and never a small count.
/// </summary>
public sealed record ReviewReport(
    string Language,
    DateOnly From,
    DateOnly To,
    DateOnly Today,
    DateTime GeneratedAtUtc,
    string GeneratedBy,
    IReadOnlyList<ReportFramework> Frameworks,
    IReadOnlyList<ReportItem> Items,
    IReadOnlyList<ReportMeasure> Measures,
    IReadOnlyList<ReportIndicator> Indicators,
    IReadOnlyList<ReportStatisticsTable> Statistics,
    IReadOnlyList<SdgApiObservation> Sdg,
    IReadOnlyList<ReportAnswer> Answers);

/// <summary>
/// An approved answer of a questionnaire answered in the report's cycle (a cycle whose years lie inside the report's
/// period): the question's number and text, the institution that answered (null: answered once for the installation),
/// the answer in words, who approved it, and the indicator values it drew on as published (a suppressed cell keeps its
/// mark "&lt;5" or "x"; the number behind it is never read).
/// </summary>
public sealed record ReportAnswer(string Questionnaire, string Cycle, int Version, string Number, string Question, string? Institution, string Answer,
    string? DecidedBy, IReadOnlyList<ReportAnswerValue> DrawsOn);

/// <summary>An indicator value an answer drew on, as published.</summary>
public sealed record ReportAnswerValue(string Indicator, DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, string Display, Guid? ReleaseId);

public sealed record ReportFramework(Guid Id, FrameworkKind Kind, string Code, string Title, string? Source, DateOnly? IssuedOn, string? Cycle);

/// <summary>An item with its acceptance and how its measures stand (all of them, completed, overdue).</summary>
public sealed record ReportItem(string Framework, string Number, string Title, AcceptanceStatus Acceptance, IReadOnlyList<string> Themes,
    int Measures, int Completed, int Overdue);

/// <summary>A measure with its lead institution, dates, status (as of today), whether it is overdue today, and its evidence.</summary>
public sealed record ReportMeasure(string Framework, string Item, string Title, string Lead, IReadOnlyList<string> Partners, DateOnly? StartOn, DateOnly? DueOn,
    MeasureStatus Status, bool Overdue, IReadOnlyList<ReportEvidence> Evidence);

public sealed record ReportEvidence(string? Url, string? Note, DateTime AddedAtUtc);

/// <summary>The standing of a milestone or the target: "met", "not met" or "open" (<see cref="IndicatorProgress.Standings"/>).</summary>
public sealed record ReportStanding(TargetKind Kind, DateOnly DueOn, decimal Value, string? Actual, string Standing);

/// <summary>An approved value of the period: a computed one names its release, data time and parameters.</summary>
public sealed record ReportValue(DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, string Display, Guid? ReleaseId, DateTime? DataTimeUtc, string? Parameters);

/// <summary>An indicator with baseline, milestones and target, the period's approved values and the overall standing (the target's, else the last milestone's).</summary>
public sealed record ReportIndicator(string Framework, string Item, string? Measure, string Code, string Title, string Unit, IndicatorKind Kind, string? Query,
    decimal? BaselineValue, DateOnly? BaselineOn, string? BaselineSource, IReadOnlyList<ReportStanding> Targets, IReadOnlyList<ReportValue> Values, string Standing);

/// <summary>
/// A GRETA-style statistics table (GRETA questionnaire Part III): presumed and identified victims of one year by one
/// dimension, from one <c>followup-indicator</c> release of <c>persons-identified</c> by trafficking status and the
/// dimension. "Presumed" are persons with status possible or actual, "identified" those with status actual.
/// </summary>
public sealed record ReportStatisticsTable(int Year, DateOnly From, DateOnly To, string Dimension, Guid ReleaseId, IReadOnlyList<ReportStatisticsRow> Rows);

/// <summary>One label of a table ("Total" for the total): the published presumed and identified counts or their marks.</summary>
public sealed record ReportStatisticsRow(string Label, string Presumed, string Identified);

/// <summary>
/// One observation shaped like the UN SDG API's <c>Series/Data</c> records (goal, target, indicator, series, …). The
/// value is a string as in the API; a suppressed one keeps its mark ("&lt;5", "x") with <see cref="ValueType"/>
/// "Suppressed" and is never a small number. <see cref="ReleaseId"/> names the release it comes from.
/// </summary>
public sealed record SdgApiObservation(
    IReadOnlyList<string> Goal,
    IReadOnlyList<string> Target,
    IReadOnlyList<string> Indicator,
    string Series,
    string SeriesDescription,
    string GeoAreaCode,
    string GeoAreaName,
    int TimePeriodStart,
    string Value,
    string ValueType,
    string Units,
    IReadOnlyDictionary<string, string> Dimensions,
    IReadOnlyDictionary<string, string> Attributes,
    Guid ReleaseId);
