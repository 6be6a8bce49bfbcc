namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// Jaro and Jaro–Winkler similarity (Winkler 1990), hand-written over spans: no allocation per pair (the match flags
/// live on the stack for strings up to 128 characters, which every name and date is; longer strings rent from the pool).
/// </summary>
/// <remarks>
/// Jaro = (c/|a| + c/|b| + (c − t)/c) / 3, where c counts characters equal within a window of
/// ⌊max(|a|,|b|)/2⌋ − 1 positions and t is half the number of those matched in a different order. Jaro–Winkler adds
/// ℓ·p·(1 − Jaro) for a common prefix of ℓ ≤ 4 characters with p = 0.1, as Splink and the textbook values do
/// (MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813). Two empty strings are equal (1); one empty string
/// against a non-empty one is 0.
/// </remarks>
public static class JaroWinkler
{
    private const int StackLimit = 128;

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        var prefix = 0;
        var limit = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }
        if (a.SequenceEqual(b))
        {
            return 1;
        }
        if (a.Length > b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }
        bool[]? rented = null;
        Span<bool> flags = b.Length <= StackLimit ? stackalloc bool[StackLimit] : (rented = System.Buffers.ArrayPool<bool>.Shared.Rent(b.Length));
        var bFlags = flags[..b.Length];
        bFlags.Clear();
        Span<bool> aFlags = stackalloc bool[Math.Min(a.Length, StackLimit)];
        bool[]? rentedA = null;
        if (a.Length > StackLimit)
        {
            rentedA = System.Buffers.ArrayPool<bool>.Shared.Rent(a.Length);
            aFlags = rentedA.AsSpan(0, a.Length);
        }
        aFlags.Clear();
        try
        {
            var window = Math.Max(0, b.Length / 2 - 1);
            var matches = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var from = Math.Max(0, i - window);
                var to = Math.Min(b.Length - 1, i + window);
                for (var j = from; j <= to; j++)
                {
                    if (!bFlags[j] && a[i] == b[j])
                    {
                        aFlags[i] = true;
                        bFlags[j] = true;
                        matches++;
                        break;
                    }
                }
            }
            if (matches == 0)
            {
                return 0;
            }
            var transpositions = 0;
            var k = 0;
            for (var i = 0; i < a.Length; i++)
            {
                if (!aFlags[i])
                {
                    continue;
                }
                while (!bFlags[k])
                {
                    k++;
                }
                if (a[i] != b[k])
                {
                    transpositions++;
                }
                k++;
            }
            double m = matches;
            return (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<bool>.Shared.Return(rented);
            }
            if (rentedA is not null)
            {
                System.Buffers.ArrayPool<bool>.Shared.Return(rentedA);
            }
        }
    }
}
