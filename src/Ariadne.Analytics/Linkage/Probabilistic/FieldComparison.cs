using System.Globalization;

namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>How a field is compared; each kind has its own ordered levels (Splink's comparison library).</summary>
public enum ComparisonKind
{
    /// <summary>Exact, else. Sex, a document type, anything that is equal or not.</summary>
    Exact,

    /// <summary>Exact, Jaro–Winkler at thresholds (default 0.9, 0.7), else. Places, streets, postcodes.</summary>
    Text,

    /// <summary>Exact, Jaro–Winkler ≥ 0.92, ≥ 0.88, same Soundex, Jaro–Winkler ≥ 0.70, else (Splink's NameComparison with a phonetic level).</summary>
    Name,

    /// <summary>Exact, day and month swapped, one edit (typing error), within 31 days, within 365 days, else.</summary>
    Date,

    /// <summary>Exact, Levenshtein distance at most each threshold (default 1, 2), else. Identity numbers.</summary>
    Distance,
}

/// <summary>What a comparison level tests; levels are tried in order and the first that holds is the pair's level.</summary>
public enum LevelTest
{
    /// <summary>One of the two values is missing: the level carries no weight (m = u).</summary>
    Null,
    Exact,
    JaroWinkler,
    Soundex,
    DayMonthSwapped,
    Damerau,
    Levenshtein,
    WithinDays,
    Else,
}

/// <param name="Test">What the level tests.</param>
/// <param name="Value">The Jaro–Winkler threshold, the edit distance or the number of days.</param>
public sealed record ComparisonLevel(LevelTest Test, double Value)
{
    /// <summary>A short label for the pairs file and the model parameters: <c>exact</c>, <c>jw&gt;=0.92</c>, <c>days&lt;=31</c>…</summary>
    public string Label => Test switch
    {
        LevelTest.Null => "null",
        LevelTest.Exact => "exact",
        LevelTest.JaroWinkler => string.Create(CultureInfo.InvariantCulture, $"jw>={Value}"),
        LevelTest.Soundex => "soundex",
        LevelTest.DayMonthSwapped => "day-month-swapped",
        LevelTest.Damerau => string.Create(CultureInfo.InvariantCulture, $"damerau<={Value}"),
        LevelTest.Levenshtein => string.Create(CultureInfo.InvariantCulture, $"levenshtein<={Value}"),
        LevelTest.WithinDays => string.Create(CultureInfo.InvariantCulture, $"days<={Value}"),
        _ => "else",
    };
}

/// <summary>
/// One comparison of the model: a field (by column index into the prepared records), its kind and its levels. Level 0
/// is always <see cref="LevelTest.Null"/>, level 1 always <see cref="LevelTest.Exact"/> (the level a term-frequency
/// adjustment applies to), the last always <see cref="LevelTest.Else"/>.
/// </summary>
/// <param name="Name">The field's name (the CSV column).</param>
/// <param name="Column">The field's index in the records' values.</param>
/// <param name="Kind">How the field is compared.</param>
/// <param name="Levels">The ordered levels: null, exact, …, else.</param>
/// <param name="TermFrequency">Whether an exact match weighs by how rare the value is (rare surnames weigh more).</param>
public sealed record FieldComparison(string Name, int Column, ComparisonKind Kind, IReadOnlyList<ComparisonLevel> Levels, bool TermFrequency)
{
    /// <summary>The most levels a comparison may have (a pair's levels are packed four bits per comparison).</summary>
    public const int MaxLevels = 15;

    /// <summary>The most comparisons in a model.</summary>
    public const int MaxComparisons = 16;

    /// <summary>A comparison of <paramref name="kind"/> with its default levels, or with <paramref name="thresholds"/> for Text, Name (Jaro–Winkler) and Distance (edits).</summary>
    public static FieldComparison Create(string name, int column, ComparisonKind kind, bool termFrequency, IReadOnlyList<double>? thresholds = null)
    {
        var levels = new List<ComparisonLevel> { new(LevelTest.Null, 0), new(LevelTest.Exact, 0) };
        switch (kind)
        {
            case ComparisonKind.Text:
                levels.AddRange((thresholds ?? [0.9, 0.7]).Select(t => new ComparisonLevel(LevelTest.JaroWinkler, t)));
                break;
            case ComparisonKind.Name:
                if (thresholds is null)
                {
                    levels.AddRange([new(LevelTest.JaroWinkler, 0.92), new(LevelTest.JaroWinkler, 0.88), new(LevelTest.Soundex, 0), new(LevelTest.JaroWinkler, 0.7)]);
                }
                else
                {
                    levels.AddRange(thresholds.Select(t => new ComparisonLevel(LevelTest.JaroWinkler, t)));
                    levels.Add(new(LevelTest.Soundex, 0));
                }
                break;
            case ComparisonKind.Date:
                levels.AddRange([new(LevelTest.DayMonthSwapped, 0), new(LevelTest.Damerau, 1), new(LevelTest.WithinDays, 31), new(LevelTest.WithinDays, 365)]);
                break;
            case ComparisonKind.Distance:
                levels.AddRange((thresholds ?? [1, 2]).Select(t => new ComparisonLevel(LevelTest.Levenshtein, t)));
                break;
            default:
                break;
        }
        levels.Add(new(LevelTest.Else, 0));
        if (levels.Count > MaxLevels)
        {
            throw new ArgumentException($"A comparison has at most {MaxLevels} levels.", nameof(thresholds));
        }
        return new FieldComparison(name, column, kind, levels, termFrequency);
    }
}
