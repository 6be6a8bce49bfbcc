namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// Dates of birth as day numbers for the date comparison levels. Accepted forms (after normalisation to digits and
/// spaces): <c>yyyyMMdd</c> (FEBRL), <c>yyyy MM dd</c> (ISO 8601 <c>yyyy-MM-dd</c>) and <c>dd MM yyyy</c>
/// (<c>dd.MM.yyyy</c>). A value that is no valid date gives <see cref="None"/>; its comparison then falls back to the
/// edit-distance level on the text.
/// </summary>
public static class Dates
{
    public const int None = int.MinValue;

    /// <summary>The day number (days since 0001-01-01) of a normalised date, or <see cref="None"/>.</summary>
    public static int DayNumber(ReadOnlySpan<char> value)
    {
        Span<int> parts = stackalloc int[3];
        Span<int> lengths = stackalloc int[3];
        var count = 0;
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == ' ')
            {
                i++;
                continue;
            }
            if (count == 3)
            {
                return None;
            }
            var start = i;
            var number = 0;
            while (i < value.Length && value[i] is >= '0' and <= '9')
            {
                number = number * 10 + (value[i] - '0');
                i++;
                if (i - start > 8)
                {
                    return None;
                }
            }
            if (i == start || (i < value.Length && value[i] != ' '))
            {
                return None;
            }
            parts[count] = number;
            lengths[count] = i - start;
            count++;
        }
        int year, month, day;
        if (count == 1 && lengths[0] == 8)
        {
            year = parts[0] / 10000;
            month = parts[0] / 100 % 100;
            day = parts[0] % 100;
        }
        else if (count == 3 && lengths[0] == 4)
        {
            (year, month, day) = (parts[0], parts[1], parts[2]);
        }
        else if (count == 3 && lengths[2] == 4)
        {
            (year, month, day) = (parts[2], parts[1], parts[0]);
        }
        else
        {
            return None;
        }
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return None;
        }
        return (int)(new DateOnly(year, month, day).DayNumber);
    }

    /// <summary>Whether two day numbers are the same date with day and month swapped (3 April and 4 March of one year).</summary>
    public static bool DayMonthSwapped(int a, int b)
    {
        // Swapped day and month of one year are less than a year apart: most pairs are decided without a calendar.
        if (a == None || b == None || a == b || Math.Abs((long)a - b) > 366)
        {
            return false;
        }
        var x = DateOnly.FromDayNumber(a);
        var y = DateOnly.FromDayNumber(b);
        return x.Year == y.Year && x.Month == y.Day && x.Day == y.Month;
    }
}
