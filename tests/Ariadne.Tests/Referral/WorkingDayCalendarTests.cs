using Ariadne.Analytics.Referral;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using Microsoft.Extensions.Time.Testing;

namespace Ariadne.Tests.Referral;

public sealed class WorkingDayCalendarTests
{
    private static readonly LifecycleEngine Germany = Jurisdictions.Default.For("DE");
    private static readonly LifecycleEngine England = Jurisdictions.Default.For("GB");
    private static readonly LifecycleEngine Generic = Jurisdictions.Default.For("generic");

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears(int year, int month, int day) =>
        Assert.Equal(D(year, month, day), WorkingDayCalendar.EasterSunday(year));

    [Fact]
    public void GermanHolidays_IncludeEasterRelativeFixedAndOneOffDates()
    {
        var calendar = Germany.Definition.Calendar;
        Assert.True(calendar.IsHoliday(D(2026, 4, 3)));   // Good Friday
        Assert.True(calendar.IsHoliday(D(2026, 5, 14)));  // Ascension: Easter + 39
        Assert.True(calendar.IsHoliday(D(2026, 5, 25)));  // Whit Monday: Easter + 50
        Assert.True(calendar.IsHoliday(D(2026, 10, 3)));
        Assert.True(calendar.IsHoliday(D(2017, 10, 31))); // Reformation Day 2017 only
        Assert.False(calendar.IsHoliday(D(2026, 10, 31)));
        Assert.False(calendar.IsWorkingDay(D(2026, 11, 28))); // Saturday
        Assert.True(calendar.IsWorkingDay(D(2026, 11, 30)));
    }

    [Theory]
    [InlineData("generic", "2026-11-27", 1, "2026-11-30")] // Friday + 1 over a weekend
    [InlineData("generic", "2026-11-28", 1, "2026-11-30")] // from a Saturday
    [InlineData("generic", "2026-11-26", 5, "2026-12-03")] // over a month end
    [InlineData("generic", "2026-11-26", 0, "2026-11-26")]
    [InlineData("DE", "2026-04-30", 2, "2026-05-05")]      // month end, then Labour Day on a Friday
    [InlineData("DE", "2026-04-02", 5, "2026-04-13")]      // Good Friday and Easter Monday
    [InlineData("DE", "2026-12-23", 3, "2026-12-29")]      // Christmas Eve counts; Christmas Day and Boxing Day do not
    [InlineData("GB", "2026-12-23", 5, "2027-01-04")]      // Christmas, substitute Boxing Day, New Year, year end
    [InlineData("GB", "2026-08-28", 1, "2026-09-01")]      // summer bank holiday on the last day of August
    public void AddWorkingDays_SkipsWeekendsAndHolidays(string jurisdiction, string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Jurisdictions.Default.For(jurisdiction).Definition.Calendar.AddWorkingDays(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days));

    [Fact]
    public void ReasonableGroundsTarget_ReferralLateOnFridayUtc_CountsFromSaturdayInBerlinAcrossTheSpringChange()
    {
        // 23:30 UTC on Friday 27 March 2026 is 00:30 on Saturday in Berlin; clocks go forward on Sunday 29 March.
        var referred = new DateTimeOffset(2026, 3, 27, 23, 30, 0, TimeSpan.Zero);

        var deadline = Germany.DeadlineFor("referred", referred)!;

        // Mon 30 (1), Tue 31 (2), Wed 1 (3), Thu 2 (4), Good Friday, weekend, Easter Monday, Tue 7 April (5).
        Assert.Equal(D(2026, 4, 7), deadline.DueDate);
        Assert.Equal("reasonable-grounds-target", deadline.Kind);
        // The end of 7 April in Berlin, summer time (UTC+2).
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 22, 0, 0, TimeSpan.Zero), deadline.DueAt);
    }

    [Fact]
    public void RecoveryPeriod_InLondonAcrossTheAutumnChange_EndsAtLocalMidnight()
    {
        var decided = new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero);

        var deadline = England.DeadlineFor("recovery", decided)!;

        Assert.Equal(D(2026, 11, 9), deadline.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), deadline.DueAt); // GMT again
    }

    [Fact]
    public void RecoveryPeriod_InGermany_IsThreeCalendarMonths()
    {
        var deadline = Germany.DeadlineFor("recovery", new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.Zero))!;

        Assert.Equal(D(2027, 1, 20), deadline.DueDate);
        Assert.Equal(new DateTimeOffset(2027, 1, 20, 23, 0, 0, TimeSpan.Zero), deadline.DueAt); // CET, UTC+1
    }

    [Fact]
    public void MoveOn_FromTheLastDayOfJanuary_EndsInMarch() =>
        Assert.Equal(D(2026, 3, 17), Generic.DeadlineFor("move-on", new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero))!.DueDate);

    [Fact]
    public void ServiceResponse_FiveWorkingDays() =>
        Assert.Equal(D(2026, 12, 7), Generic.ServiceResponseDeadline(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)).DueDate);

    [Fact]
    public void StartOfDay_WhereMidnightDoesNotExist_IsTheFirstValidLocalTime()
    {
        // Chile moves its clocks from 24:00 to 01:00 on the first Sunday of September.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var calendar = new WorkingDayCalendar(santiago, [DayOfWeek.Saturday, DayOfWeek.Sunday], []);

        Assert.True(santiago.IsInvalidTime(new DateTime(2026, 9, 6, 0, 30, 0, DateTimeKind.Unspecified)));
        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), calendar.StartOfDay(D(2026, 9, 6)));
        Assert.Equal(D(2026, 9, 6), calendar.LocalDate(calendar.StartOfDay(D(2026, 9, 6))));
    }

    [Fact]
    public void Evaluate_WithAFakeClock_PendingThenDueThenOverdue()
    {
        var referred = new DateTimeOffset(2026, 3, 27, 23, 30, 0, TimeSpan.Zero);
        var deadline = Germany.DeadlineFor("referred", referred)!; // due by the end of 7 April, Berlin
        var clock = new FakeTimeProvider(referred);

        Assert.Equal(DeadlineStatus.Pending, Germany.Evaluate(deadline, clock.GetUtcNow()));
        clock.SetUtcNow(new DateTimeOffset(2026, 4, 4, 21, 59, 0, TimeSpan.Zero)); // 23:59 on 4 April in Berlin
        Assert.Equal(DeadlineStatus.Pending, Germany.Evaluate(deadline, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1)); // 5 April begins: two days before
        Assert.Equal(DeadlineStatus.Due, Germany.Evaluate(deadline, clock.GetUtcNow()));
        clock.SetUtcNow(new DateTimeOffset(2026, 4, 7, 21, 59, 59, TimeSpan.Zero));
        Assert.Equal(DeadlineStatus.Due, Germany.Evaluate(deadline, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DeadlineStatus.Overdue, Germany.Evaluate(deadline, clock.GetUtcNow()));
    }

    [Fact]
    public void Calendar_WithoutWorkingDays_Refused() =>
        Assert.Throws<ArgumentException>(() => new WorkingDayCalendar(TimeZoneInfo.Utc, Enum.GetValues<DayOfWeek>(), []));
}
