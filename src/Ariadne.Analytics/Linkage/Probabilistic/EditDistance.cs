namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// Bounded edit distances over spans, without allocation for strings up to 128 characters: the result is exact when it
/// is at most <c>max</c> and <c>max + 1</c> otherwise, so a comparison level "distance ≤ 2" stops early on strings that
/// differ a lot.
/// </summary>
public static class EditDistance
{
    private const int StackLimit = 129;

    /// <summary>Levenshtein distance (insert, delete, substitute), capped at <paramref name="max"/> + 1.</summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max) => Distance(a, b, max, transpositions: false);

    /// <summary>Damerau–Levenshtein distance in its optimal-string-alignment form (adjacent transpositions cost 1), capped at <paramref name="max"/> + 1.</summary>
    public static int Damerau(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max) => Distance(a, b, max, transpositions: true);

    private static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, bool transpositions)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }
        if (b.Length + 1 > StackLimit)
        {
            return Heap(a, b, max, transpositions);
        }
        Span<int> before = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        return Rows(a, b, max, transpositions, before, previous, current);
    }

    private static int Heap(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, bool transpositions) =>
        Rows(a, b, max, transpositions, new int[b.Length + 1], new int[b.Length + 1], new int[b.Length + 1]);

    private static int Rows(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, bool transpositions, Span<int> before, Span<int> previous, Span<int> current)
    {
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }
        return Math.Min(previous[b.Length], max + 1);
    }
}
