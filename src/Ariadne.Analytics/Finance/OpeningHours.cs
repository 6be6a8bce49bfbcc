using System.Globalization;

namespace Ariadne.Analytics.Finance;

/// <summary>
/// A business's declared weekly opening hours (rule R12), parsed strictly from the accounts file's
/// <c>opening_hours</c> text: rules separated by ';', each a day list and a time list, e.g.
/// <c>Mo-Fr 09:00-18:00; Sa 09:00-13:00</c>, <c>Mo,We,Fr 08:00-12:00,14:00-18:00</c>, <c>Fr-Sa 18:00-02:00</c> (past
/// midnight: into the next day), <c>Su off</c>, or <c>24/7</c>. Days are Mo Tu We Th Fr Sa Su; times are HH:MM from
/// 00:00 to 24:00; a range is open from its start (included) to its end (excluded). A day named in several rules is open
/// in each rule's ranges; <c>off</c> (or <c>closed</c>) closes the days it names, whatever another rule says. Kept as a
/// bitmap of the week's 10,080 minutes (1,260 bytes, one per distinct text of a dataset).
/// </summary>
public sealed class OpeningHours
{
    private const int MinutesPerDay = 1_440;
    private const int MinutesPerWeek = 7 * MinutesPerDay;
    private static readonly string[] DayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

    /// <summary>A longer text is refused: a schedule, not free text (and the database column's length).</summary>
    public const int MaxLength = 256;

    private readonly ulong[] _open = new ulong[(MinutesPerWeek + 63) / 64];

    private OpeningHours(string text) => Text = text;

    /// <summary>The text as declared, trimmed (equal texts are one schedule).</summary>
    public string Text { get; }

    /// <summary>Whether the business is open at a local time (<paramref name="day"/> Monday = 0 … Sunday = 6, <paramref name="minute"/> of the day 0 … 1439).</summary>
    public bool IsOpen(int day, int minute)
    {
        var at = day * MinutesPerDay + minute;
        return (_open[at >> 6] & (1UL << (at & 63))) != 0;
    }

    /// <summary>Whether the business is open at a local wall-clock time.</summary>
    public bool IsOpen(DateTime local) => IsOpen(((int)local.DayOfWeek + 6) % 7, local.Hour * 60 + local.Minute);

    /// <summary>The schedule, or why the text is not one (the part named).</summary>
    public static (OpeningHours? Hours, string? Problem) Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return (null, "empty opening hours");
        }
        if (trimmed.Length > MaxLength)
        {
            return (null, $"longer than {MaxLength} characters");
        }
        var hours = new OpeningHours(trimmed);
        if (trimmed == "24/7")
        {
            for (var at = 0; at < MinutesPerWeek; at++)
            {
                hours._open[at >> 6] |= 1UL << (at & 63);
            }
            return (hours, null);
        }
        var closed = new bool[7];
        foreach (var part in trimmed.Split(';'))
        {
            var rule = part.Trim();
            var space = rule.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return (null, $"'{rule}' is not a rule: days, a space, then times (e.g. Mo-Fr 09:00-18:00)");
            }
            var days = ParseDays(rule[..space]);
            if (days is null)
            {
                return (null, $"'{rule[..space]}' is not a day list (Mo Tu We Th Fr Sa Su, ranges with '-', lists with ',')");
            }
            var times = rule[(space + 1)..].Trim();
            if (times is "off" or "closed")
            {
                foreach (var d in days)
                {
                    closed[d] = true;
                }
                continue;
            }
            foreach (var range in times.Split(','))
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0 || Minute(range[..dash].Trim()) is not { } from || Minute(range[(dash + 1)..].Trim()) is not { } to || from == MinutesPerDay || from == to)
                {
                    return (null, $"'{range.Trim()}' is not a time range (HH:MM-HH:MM, 00:00 to 24:00, start and end different)");
                }
                foreach (var d in days)
                {
                    // A range that ends before it starts runs past midnight into the next day (Sunday into Monday).
                    var start = d * MinutesPerDay + from;
                    var length = to > from ? to - from : MinutesPerDay - from + to;
                    for (var m = 0; m < length; m++)
                    {
                        var at = (start + m) % MinutesPerWeek;
                        hours._open[at >> 6] |= 1UL << (at & 63);
                    }
                }
            }
        }
        for (var d = 0; d < 7; d++)
        {
            if (closed[d])
            {
                for (var at = d * MinutesPerDay; at < (d + 1) * MinutesPerDay; at++)
                {
                    hours._open[at >> 6] &= ~(1UL << (at & 63));
                }
            }
        }
        return (hours, null);
    }

    private static List<int>? ParseDays(string text)
    {
        var days = new List<int>();
        foreach (var item in text.Split(','))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var first = Day(dash < 0 ? item : item[..dash]);
            var last = dash < 0 ? first : Day(item[(dash + 1)..]);
            if (first < 0 || last < 0)
            {
                return null;
            }
            // Fr-Mo wraps over the weekend.
            for (var d = first; ; d = (d + 1) % 7)
            {
                days.Add(d);
                if (d == last)
                {
                    break;
                }
            }
        }
        return days;
    }

    private static int Day(string text) => Array.IndexOf(DayNames, text);

    private static int? Minute(string text)
    {
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return null;
        }
        var (h, m) = (int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture), int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture));
        return h < 24 && m < 60 ? h * 60 + m : h == 24 && m == 0 ? MinutesPerDay : null;
    }

    /// <summary>How many of the week's minutes are open (for explanations and tests).</summary>
    public int OpenMinutesPerWeek()
    {
        var count = 0;
        foreach (var word in _open)
        {
            count += System.Numerics.BitOperations.PopCount(word);
        }
        return count;
    }

    public override string ToString() => Text;
}
