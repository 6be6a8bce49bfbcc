using Ariadne.Analytics.FollowUp;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Common;
using Ariadne.Core.FollowUp;

namespace Ariadne.Tests.FollowUp;

/// <summary>The period and target logic of indicators (pure) and the catalogue's checks at definition time.</summary>
public sealed class IndicatorUnitTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static readonly TargetPoint[] Up =
    [
        new(TargetKind.Milestone, new DateOnly(2025, 12, 31), 20),
        new(TargetKind.Target, new DateOnly(2027, 12, 31), 40),
    ];

    [Fact]
    public void Periods_EndNotBeforeStart_AtMostTenYears_DefaultIsTheYearToDate()
    {
        Assert.Null(IndicatorProgress.CheckPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1)));
        Assert.Equal("the period ends before it starts", IndicatorProgress.CheckPeriod(new DateOnly(2025, 2, 1), new DateOnly(2025, 1, 31)));
        Assert.Equal("a period is at most ten years", IndicatorProgress.CheckPeriod(new DateOnly(2000, 1, 1), new DateOnly(2015, 1, 1)));
        Assert.Equal((new DateOnly(2026, 1, 1), Today), IndicatorProgress.YearToDate(Today));
    }

    [Fact]
    public void Standings_JudgeEachPointOnTheLatestPublishedActualOfAPeriodEndingByItsDate()
    {
        ActualPoint[] actuals =
        [
            new(new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), 15),
            new(new DateOnly(2025, 7, 1), new DateOnly(2025, 12, 31), 22),
            new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), null),
        ];
        var standings = IndicatorProgress.Standings(10, Up, actuals, Today);
        Assert.Equal((true, 22m, 1.2), (standings[0].Met, standings[0].Actual!.Value, Math.Round(standings[0].Share!.Value, 3)));
        // The target is ahead and not yet reached: open; the suppressed actual is not used.
        Assert.Equal((null, 22m), (standings[1].Met, standings[1].Actual!.Value));

        // No actual by a past date: not met; a past date with a value short of it: not met.
        Assert.False(IndicatorProgress.Standings(10, Up, [], Today)[0].Met);
        Assert.False(IndicatorProgress.Standings(10, Up, [new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 18)], Today)[0].Met);
    }

    [Fact]
    public void ADecreasingIndicator_IsMetAtOrBelowItsValue_AndTheExpectedPathIsAStraightLineBetweenPoints()
    {
        TargetPoint[] down = [new(TargetKind.Target, new DateOnly(2026, 12, 31), 5)];
        Assert.False(IndicatorProgress.Increasing(12, down));
        var standing = IndicatorProgress.Standings(12, down, [new(new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 31), 4)], Today)[0];
        Assert.True(standing.Met);
        Assert.True(IndicatorProgress.Increasing(null, down));

        var baselineOn = new DateOnly(2025, 1, 1);
        Assert.Null(IndicatorProgress.Expected(10, baselineOn, Up, new DateOnly(2024, 12, 31)));
        Assert.Equal(10m, IndicatorProgress.Expected(10, baselineOn, Up, baselineOn));
        Assert.Equal(20m, IndicatorProgress.Expected(10, baselineOn, Up, new DateOnly(2025, 12, 31)));
        Assert.Equal(30m, decimal.Round(IndicatorProgress.Expected(10, baselineOn, Up, new DateOnly(2026, 12, 31))!.Value));
        Assert.Equal(40m, IndicatorProgress.Expected(10, baselineOn, Up, new DateOnly(2030, 1, 1)));
        Assert.Equal(Up[1], IndicatorProgress.Final(Up));
    }

    [Fact]
    public void Catalogue_RefusesUnknownQueriesDimensionsAndParameters_NamingThem_AndFillsDefaults()
    {
        var errors = new List<FieldError>();
        var effective = IndicatorQueries.Check(IndicatorQueries.AssistedWithinDays, [], null, errors);
        Assert.Empty(errors);
        Assert.Equal(30, (int)effective["days"]!);

        IndicatorQueries.Check(IndicatorQueries.PersonsIdentified, ["sex", "colour"], new Dictionary<string, int> { ["days"] = 3 }, errors);
        IndicatorQueries.Check(IndicatorQueries.AssistedWithinDays, [], new Dictionary<string, int> { ["days"] = 400 }, errors);
        IndicatorQueries.Check("victims", [], null, errors);
        Assert.Equal(["UnknownDimension:colour", "UnknownParameter:days", "OutOfRange:days", "UnknownQuery:victims"],
            errors.Select(e => e.Code + ":" + e.Arguments[0]));
        Assert.All(IndicatorQueries.All, q => Assert.Matches("^[a-z0-9-]+$", q.Name));
    }

    [Fact]
    public void WorkingDaysBetween_CountsTheWorkingDaysAfterTheFirstUpToTheLast()
    {
        var calendar = new WorkingDayCalendar(TimeZoneInfo.Utc, [DayOfWeek.Saturday, DayOfWeek.Sunday], [new HolidayRule("New Year", 1, 1)]);
        var monday = new DateOnly(2026, 3, 2);
        Assert.Equal(0, calendar.WorkingDaysBetween(monday, monday));
        Assert.Equal(4, calendar.WorkingDaysBetween(monday, monday.AddDays(4)));
        Assert.Equal(9, calendar.WorkingDaysBetween(monday, monday.AddDays(12)));
        Assert.Equal(1, calendar.WorkingDaysBetween(new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 2)));
        Assert.Equal(7, calendar.WorkingDaysBetween(monday, calendar.AddWorkingDays(monday, 7)));
    }
}
