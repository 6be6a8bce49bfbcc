using Ariadne.Analytics.FollowUp;

namespace Ariadne.Core.FollowUp;

public sealed record TargetInput(TargetKind Kind, DateOnly DueOn, decimal Value);

/// <summary>
/// An indicator's definition. Exactly one of <see cref="ItemId"/> and <see cref="MeasureId"/>; a computed indicator names
/// its <see cref="Query"/> (and may leave <see cref="Unit"/> empty for the query's unit), a reported one names none.
/// </summary>
public sealed record IndicatorInput(Guid? ItemId, Guid? MeasureId, string? Code, string? Title, IndicatorKind? Kind, string? Unit = null,
    string? TitleDe = null, string? Definition = null, string? DefinitionDe = null, IReadOnlyList<string>? Dimensions = null,
    decimal? BaselineValue = null, DateOnly? BaselineOn = null, string? BaselineSource = null, string? DataSource = null, string? Method = null,
    string? Query = null, IReadOnlyDictionary<string, int>? QueryParameters = null, IReadOnlyList<TargetInput>? Targets = null);

/// <summary>A reported value: the period (both days included), the number, the cell ("Total" or "dimension=label;…") and its evidence.</summary>
public sealed record IndicatorValueInput(DateOnly? PeriodStart, DateOnly? PeriodEnd, decimal? Value, string? Cell = null, string? EvidenceUrl = null,
    string? EvidenceNote = null);

/// <summary>The period of "compute now"; both empty: the calendar year up to today.</summary>
public sealed record ComputeInput(DateOnly? From = null, DateOnly? To = null);

public sealed record IndicatorValueView(Guid Id, DateOnly PeriodStart, DateOnly PeriodEnd, string Cell, decimal? Value, string Display, IndicatorValueState State,
    DateTime EnteredAtUtc, string EnteredBy, string? EvidenceUrl, string? EvidenceNote, string? Query, string? Parameters, DateTime? DataTimeUtc,
    Guid? ReleaseId, string? DecidedBy, string? ReturnReason);

public sealed record IndicatorSummary(Guid Id, string Code, string Title, string? TitleDe, string Unit, IndicatorKind Kind, string? Query, ItemRef Item,
    Guid? MeasureId, string? MeasureTitle, decimal? BaselineValue, TargetPoint? Target, IndicatorValueView? Latest);

public sealed record IndicatorView(Guid Id, ItemRef Item, Guid? MeasureId, string? MeasureTitle, string Code, string Title, string? TitleDe,
    string? Definition, string? DefinitionDe, string Unit, IReadOnlyList<string> Dimensions, decimal? BaselineValue, DateOnly? BaselineOn,
    string? BaselineSource, string? DataSource, string? Method, IndicatorKind Kind, string? Query, IReadOnlyDictionary<string, int> QueryParameters,
    IReadOnlyList<TargetPoint> Targets, IReadOnlyList<TargetStanding> Standings, IReadOnlyList<IndicatorValueView> Values, IReadOnlyList<ChangeView> History,
    int Version, bool MayOwn, bool MayReport);
