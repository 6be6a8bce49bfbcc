namespace Ariadne.Analytics.Anonymisation;

/// <summary>
/// A value generalisation hierarchy for one attribute: for every original value, its label at each level, level 0
/// being the value itself and the last level usually "*" (fully suppressed). This is the ARX hierarchy CSV format:
/// one line per value, levels separated by semicolons.
/// </summary>
public sealed class GeneralisationHierarchy
{
    private readonly Dictionary<string, string[]> _byValue;

    private GeneralisationHierarchy(Dictionary<string, string[]> byValue, int height)
    {
        _byValue = byValue;
        Height = height;
    }

    /// <summary>The number of levels, the original values included (age 0–4–9–19–*: 5).</summary>
    public int Height { get; }

    /// <summary>The original values in file order.</summary>
    public IEnumerable<string> Values => _byValue.Keys;

    /// <summary>The label of <paramref name="value"/> at <paramref name="level"/>.</summary>
    /// <exception cref="KeyNotFoundException">The value is not in the hierarchy.</exception>
    public string Generalise(string value, int level) => _byValue.TryGetValue(value, out var levels)
        ? levels[level]
        : throw new KeyNotFoundException($"The value '{value}' is not in the hierarchy.");

    public bool Contains(string value) => _byValue.ContainsKey(value);

    /// <summary>A hierarchy from one level list per value (value first); every list must have the same length.</summary>
    /// <exception cref="ArgumentException">Lists of different lengths, a value listed twice, or no values.</exception>
    public static GeneralisationHierarchy FromLevels(IEnumerable<IReadOnlyList<string>> levelsPerValue)
    {
        var byValue = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var height = -1;
        foreach (var levels in levelsPerValue)
        {
            if (height >= 0 && levels.Count != height)
            {
                throw new ArgumentException($"The value '{levels[0]}' has {levels.Count} levels, the values before {height}.", nameof(levelsPerValue));
            }
            height = levels.Count;
            if (height < 1 || !byValue.TryAdd(levels[0], [.. levels]))
            {
                throw new ArgumentException($"The value '{(height < 1 ? "" : levels[0])}' is empty or listed twice.", nameof(levelsPerValue));
            }
        }
        if (height < 1)
        {
            throw new ArgumentException("The hierarchy is empty.", nameof(levelsPerValue));
        }
        return new GeneralisationHierarchy(byValue, height);
    }

    /// <summary>Reads the ARX CSV format (separator ';'); every line must have the same number of levels.</summary>
    /// <exception cref="FormatException">Lines of different lengths, or a value listed twice (with its line number).</exception>
    public static GeneralisationHierarchy Parse(TextReader reader, char separator = ';')
    {
        var byValue = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var height = -1;
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var levels = text.Split(separator);
            if (height >= 0 && levels.Length != height)
            {
                throw new FormatException($"Line {line} has {levels.Length} levels, the lines before {height}.");
            }
            height = levels.Length;
            if (!byValue.TryAdd(levels[0], levels))
            {
                throw new FormatException($"Line {line}: the value '{levels[0]}' is listed twice.");
            }
        }
        if (height < 1)
        {
            throw new FormatException("The hierarchy is empty.");
        }
        return new GeneralisationHierarchy(byValue, height);
    }
}
