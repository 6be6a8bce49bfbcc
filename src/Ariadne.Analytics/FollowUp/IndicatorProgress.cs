namespace Ariadne.Analytics.FollowUp;

/// <summary>A milestone (an intermediate value to reach by a date) or the target (the value the plan aims at).</summary>
public enum TargetKind
{
    Milestone,
    Target,
}

/// <summary>A milestone or target of an indicator: the value to reach by a date.</summary>
public sealed record TargetPoint(TargetKind Kind, DateOnly DueOn, decimal Value);

/// <summary>An actual value of an indicator over a period (both days included); null when it is not published (suppressed, not available).</summary>
public sealed record ActualPoint(DateOnly PeriodStart, DateOnly PeriodEnd, decimal? Value);

/// <summary>How one milestone or target stands: the latest published actual of a period ending by its date, and whether it is met.</summary>
/// <param name="Point">The milestone or target.</param>
/// <param name="Actual">The latest published actual whose period ends on or before the due date; null when none.</param>
/// <param name="Met">Whether the actual reached the value in the desired direction; null when there is no actual or the date is still ahead and nothing reached it yet.</param>
/// <param name="Share">The share of the way from the baseline to the value that the latest actual covers (0 = baseline, 1 = reached); null without a baseline or actual.</param>
public sealed record TargetStanding(TargetPoint Point, ActualPoint? Actual, bool? Met, double? Share);

/// <summary>
/// The period and target logic of indicators with numbers (issue 18, item 3): periods, the direction of progress, the
/// standing of milestones and targets, and the value expected on a date (a straight line from the baseline through the
/// milestones to the target). Pure: the caller passes today's date.
/// </summary>
public static class IndicatorProgress
{
    /// <summary>A period's error, or null when <paramref name="start"/> to <paramref name="end"/> (both included) is a period.</summary>
    public static string? CheckPeriod(DateOnly start, DateOnly end) =>
        end < start ? "the period ends before it starts" : end.DayNumber - start.DayNumber > 3660 ? "a period is at most ten years" : null;

    /// <summary>
    /// Whether higher values are progress: the target is above the baseline (or, without a baseline, not below zero).
    /// An indicator that aims down (e.g. days to a decision, re-trafficking) has a target below its baseline.
    /// </summary>
    public static bool Increasing(decimal? baseline, IReadOnlyList<TargetPoint> points)
    {
        var final = Final(points);
        return baseline is not { } b || final is null || final.Value >= b;
    }

    /// <summary>The target, or the last milestone when there is no target.</summary>
    public static TargetPoint? Final(IReadOnlyList<TargetPoint> points) =>
        points.Where(p => p.Kind == TargetKind.Target).OrderBy(p => p.DueOn).LastOrDefault()
        ?? points.OrderBy(p => p.DueOn).LastOrDefault();

    /// <summary>The standing of every milestone and target, by date.</summary>
    public static IReadOnlyList<TargetStanding> Standings(decimal? baseline, IReadOnlyList<TargetPoint> points, IReadOnlyList<ActualPoint> actuals, DateOnly today)
    {
        var increasing = Increasing(baseline, points);
        var published = actuals.Where(a => a.Value is not null).OrderBy(a => a.PeriodEnd).ThenBy(a => a.PeriodStart).ToList();
        return points.OrderBy(p => p.DueOn).ThenBy(p => p.Kind).Select(point =>
        {
            var actual = published.LastOrDefault(a => a.PeriodEnd <= point.DueOn);
            bool? met = null;
            if (actual is not null)
            {
                var reached = increasing ? actual.Value >= point.Value : actual.Value <= point.Value;
                // Before the due date an unmet value may still be met: not yet decided.
                met = reached ? true : point.DueOn < today ? false : null;
            }
            else if (point.DueOn < today)
            {
                met = false;
            }
            double? share = baseline is { } b && actual?.Value is { } v && point.Value != b ? (double)((v - b) / (point.Value - b)) : null;
            return new TargetStanding(point, actual, met, share);
        }).ToList();
    }

    /// <summary>
    /// The value the plan expects on <paramref name="date"/>: a straight line from the baseline through each milestone to
    /// the target; before the baseline date (or without a baseline) null; after the last point its value.
    /// </summary>
    public static decimal? Expected(decimal? baseline, DateOnly? baselineOn, IReadOnlyList<TargetPoint> points, DateOnly date)
    {
        if (baseline is not { } b || baselineOn is not { } from || date < from)
        {
            return null;
        }
        var previous = (On: from, Value: b);
        foreach (var point in points.OrderBy(p => p.DueOn))
        {
            if (date <= point.DueOn)
            {
                var span = point.DueOn.DayNumber - previous.On.DayNumber;
                return span <= 0 ? point.Value : previous.Value + (point.Value - previous.Value) * (date.DayNumber - previous.On.DayNumber) / span;
            }
            previous = (point.DueOn, point.Value);
        }
        return previous.Value;
    }

    /// <summary>The calendar year of <paramref name="day"/> up to that day: the default period of "compute now".</summary>
    public static (DateOnly Start, DateOnly End) YearToDate(DateOnly day) => (new DateOnly(day.Year, 1, 1), day);
}
