namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// The records as the comparisons need them, computed once per record (never per pair): each compared field
/// normalised and transliterated (<see cref="NameNormaliser"/>), its Soundex code (Name), its day number (Date) and the
/// term frequency of its value (for the term-frequency adjustment). A pair's levels are packed four bits per comparison
/// into one <see cref="ulong"/> (its "pattern", Splink's comparison vector γ).
/// </summary>
public sealed class PreparedRecords
{
    private readonly FieldComparison[] _comparisons;
    private readonly LevelTest[][] _tests;
    private readonly double[][] _values;
    private readonly string[][] _text;
    private readonly string[]?[] _soundex;
    private readonly int[]?[] _days;
    private readonly double[]?[] _termFrequency;
    private readonly int[] _maxLevenshtein;

    public PreparedRecords(IReadOnlyList<IReadOnlyList<string?>> records, IReadOnlyList<FieldComparison> comparisons)
    {
        if (comparisons.Count is 0 or > FieldComparison.MaxComparisons)
        {
            throw new ArgumentException($"A model has 1 to {FieldComparison.MaxComparisons} comparisons.", nameof(comparisons));
        }
        Count = records.Count;
        _comparisons = [.. comparisons];
        _tests = [.. comparisons.Select(c => c.Levels.Select(l => l.Test).ToArray())];
        _values = [.. comparisons.Select(c => c.Levels.Select(l => l.Value).ToArray())];
        _maxLevenshtein = [.. comparisons.Select(c => (int)c.Levels.Where(l => l.Test == LevelTest.Levenshtein).Select(l => l.Value).DefaultIfEmpty(0).Max())];
        _text = new string[comparisons.Count][];
        _soundex = new string[comparisons.Count][];
        _days = new int[comparisons.Count][];
        _termFrequency = new double[comparisons.Count][];
        for (var k = 0; k < comparisons.Count; k++)
        {
            var column = comparisons[k].Column;
            // Per record and independent: in parallel (normalising and transliterating is most of the preparation).
            var text = new string[Count];
            Parallel.For(0, Count, r => text[r] = NameNormaliser.Normalise(records[r][column]));
            _text[k] = text;
            if (_tests[k].Contains(LevelTest.Soundex))
            {
                var soundex = new string[Count];
                Parallel.For(0, Count, r => soundex[r] = BlockingKeys.Soundex(text[r]));
                _soundex[k] = soundex;
            }
            if (_tests[k].Contains(LevelTest.WithinDays) || _tests[k].Contains(LevelTest.DayMonthSwapped))
            {
                var days = new int[Count];
                Parallel.For(0, Count, r => days[r] = Dates.DayNumber(text[r]));
                _days[k] = days;
            }
            if (comparisons[k].TermFrequency)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                var present = 0;
                foreach (var t in text.Where(t => t.Length > 0))
                {
                    counts[t] = counts.GetValueOrDefault(t) + 1;
                    present++;
                }
                _termFrequency[k] = [.. text.Select(t => t.Length == 0 ? 0 : counts[t] / (double)present)];
            }
        }
    }

    private PreparedRecords(PreparedRecords from, int[] records)
    {
        Count = records.Length;
        _comparisons = from._comparisons;
        _tests = from._tests;
        _values = from._values;
        _maxLevenshtein = from._maxLevenshtein;
        _text = [.. from._text.Select(column => records.Select(r => column[r]).ToArray())];
        _soundex = [.. from._soundex.Select(column => column is null ? null : records.Select(r => column[r]).ToArray())];
        _days = [.. from._days.Select(column => column is null ? null : records.Select(r => column[r]).ToArray())];
        _termFrequency = [.. from._termFrequency.Select(column => column is null ? null : records.Select(r => column[r]).ToArray())];
    }

    public int Count { get; }

    /// <summary>The given records (by index) as a prepared set of their own, term frequencies kept from the whole file: for the u sample.</summary>
    public PreparedRecords Subset(int[] records) => new(this, records);

    public IReadOnlyList<FieldComparison> Comparisons => _comparisons;

    /// <summary>The normalised value of comparison <paramref name="k"/> of record <paramref name="record"/>.</summary>
    public string Value(int k, int record) => _text[k][record];

    /// <summary>The share of records (with a value) that have this record's value; 0 when the comparison has no term-frequency adjustment.</summary>
    public double TermFrequency(int k, int record) => _termFrequency[k]?[record] ?? 0;

    /// <summary>The levels of the pair (a, b), four bits per comparison, comparison 0 in the lowest bits.</summary>
    public ulong Pattern(int a, int b)
    {
        ulong pattern = 0;
        for (var k = 0; k < _comparisons.Length; k++)
        {
            pattern |= (ulong)Level(k, a, b) << (4 * k);
        }
        return pattern;
    }

    /// <summary>The level of comparison <paramref name="k"/> in a packed pattern.</summary>
    public static int LevelOf(ulong pattern, int k) => (int)(pattern >> (4 * k) & 0xF);

    /// <summary>The first level of comparison <paramref name="k"/> that holds for records a and b.</summary>
    public int Level(int k, int a, int b)
    {
        var x = _text[k][a];
        var y = _text[k][b];
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }
        var tests = _tests[k];
        var values = _values[k];
        // Each measure at most once per pair: Jaro–Winkler for all its thresholds, the Levenshtein distance capped at
        // the largest threshold (exact up to it, so every lower threshold reads the same number).
        var jaroWinkler = -1.0;
        var levenshtein = -1;
        for (var level = 1; level < tests.Length - 1; level++)
        {
            var value = values[level];
            var holds = tests[level] switch
            {
                LevelTest.Exact => string.Equals(x, y, StringComparison.Ordinal),
                LevelTest.JaroWinkler => (jaroWinkler < 0 ? jaroWinkler = JaroWinkler.Similarity(x, y) : jaroWinkler) >= value,
                LevelTest.Soundex => _soundex[k]![a].Length > 0 && string.Equals(_soundex[k]![a], _soundex[k]![b], StringComparison.Ordinal),
                LevelTest.DayMonthSwapped => Dates.DayMonthSwapped(_days[k]![a], _days[k]![b]),
                LevelTest.Damerau => EditDistance.Damerau(x, y, (int)value) <= value,
                LevelTest.Levenshtein => (levenshtein < 0 ? levenshtein = EditDistance.Levenshtein(x, y, _maxLevenshtein[k]) : levenshtein) <= value,
                LevelTest.WithinDays => _days[k]![a] != Dates.None && _days[k]![b] != Dates.None && Math.Abs((long)_days[k]![a] - _days[k]![b]) <= value,
                _ => false,
            };
            if (holds)
            {
                return level;
            }
        }
        return tests.Length - 1;
    }
}
