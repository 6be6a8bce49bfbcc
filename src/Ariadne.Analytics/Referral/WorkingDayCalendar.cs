using System.Collections.Concurrent;

namespace Ariadne.Analytics.Referral;

/// <summary>One public-holiday rule of a jurisdiction: a fixed date every year, a date relative to Easter Sunday, or one explicit date.</summary>
/// <param name="Name">For people reading the definition; not used in computations.</param>
/// <param name="Month">With <paramref name="Day"/>: a holiday on the same date every year.</param>
/// <param name="Day">With <paramref name="Month"/>.</param>
/// <param name="EasterOffset">Days after (negative: before) Western Easter Sunday, e.g. -2 for Good Friday.</param>
/// <param name="Date">One explicit date (substitute days, one-off holidays, years listed one by one).</param>
public sealed record HolidayRule(string Name, int? Month = null, int? Day = null, int? EasterOffset = null, DateOnly? Date = null)
{
    internal IEnumerable<DateOnly> In(int year)
    {
        if (Month is { } month && Day is { } day)
        {
            yield return new DateOnly(year, month, day);
        }
        else if (EasterOffset is { } offset)
        {
            yield return WorkingDayCalendar.EasterSunday(year).AddDays(offset);
        }
        else if (Date is { } date && date.Year == year)
        {
            yield return date;
        }
    }
}

/// <summary>
/// The working days of one jurisdiction: every day except its weekend days and public holidays (pure; the holidays of a
/// year are computed once and cached). Dates are local dates in the jurisdiction; <see cref="LocalDate"/> and
/// <see cref="StartOfDay"/> convert to and from instants in its time zone, daylight-saving changes included.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly IReadOnlyList<HolidayRule> _holidays;
    private readonly bool[] _weekend = new bool[7];
    private readonly ConcurrentDictionary<int, HashSet<DateOnly>> _byYear = new();
    private readonly ConcurrentDictionary<int, bool[]> _workingByYear = new();

    public WorkingDayCalendar(TimeZoneInfo timeZone, IEnumerable<DayOfWeek> weekend, IEnumerable<HolidayRule> holidays)
    {
        TimeZone = timeZone;
        foreach (var day in weekend)
        {
            _weekend[(int)day] = true;
        }
        if (_weekend.All(w => w))
        {
            throw new ArgumentException("A calendar needs at least one working day in the week.", nameof(weekend));
        }
        _holidays = [.. holidays];
    }

    public TimeZoneInfo TimeZone { get; }

    public bool IsHoliday(DateOnly date) => _byYear.GetOrAdd(date.Year, static (year, holidays) => [.. holidays.SelectMany(h => h.In(year))], _holidays).Contains(date);

    /// <summary>Whether <paramref name="date"/> is a working day: one array lookup (a year's days are computed once).</summary>
    public bool IsWorkingDay(DateOnly date) => _workingByYear.GetOrAdd(date.Year, static (year, calendar) => calendar.WorkingDaysOf(year), this)[date.DayOfYear - 1];

    private bool[] WorkingDaysOf(int year)
    {
        var days = new bool[DateTime.IsLeapYear(year) ? 366 : 365];
        for (var i = 0; i < days.Length; i++)
        {
            var date = new DateOnly(year, 1, 1).AddDays(i);
            days[i] = !_weekend[(int)date.DayOfWeek] && !IsHoliday(date);
        }
        return days;
    }

    /// <summary>The date <paramref name="count"/> working days after <paramref name="date"/> (which itself is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = date;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return day;
    }

    /// <summary>
    /// The working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when on the same day or
    /// before): the inverse of <see cref="AddWorkingDays"/> for a working day <paramref name="to"/>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The local date in the jurisdiction at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>
    /// The instant the local day <paramref name="date"/> begins in the jurisdiction. Where midnight does not exist (a
    /// daylight-saving change at midnight) the day begins at the first valid local time; where it occurs twice, at the first.
    /// </summary>
    public DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
