using System.Globalization;
using System.Text;

namespace Ariadne.Analytics.FollowUp;

/// <summary>
/// Likely duplicates among commitments by their words (follow-up-and-review.md §4.1: overlapping recommendations are
/// clustered): each text becomes the set of its normalised words (lower case, diacritics removed, stop words and words
/// shorter than three letters dropped) and two texts are compared by the cosine of their word sets,
/// |A ∩ B| / √(|A|·|B|), from 0 (no word in common) to 1 (the same words). A suggestion only: a coordinator confirms it
/// as a link or leaves it.
/// </summary>
public static class TextSimilarity
{
    /// <summary>From this cosine on, two items are shown as "possibly the same as".</summary>
    public const double DefaultThreshold = 0.5;

    // Function words of English and German that say nothing about the subject of a commitment.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "its", "their", "our", "are", "was", "were", "has", "have", "had", "been",
        "all", "any", "not", "but", "from", "into", "such", "which", "who", "whom", "other", "also", "including", "well",
        "der", "die", "das", "den", "dem", "des", "und", "oder", "ein", "eine", "einer", "eines", "einem", "einen", "mit",
        "von", "fur", "fuer", "auf", "aus", "bei", "nach", "sich", "sind", "wird", "werden", "wir", "uns", "unsere",
        "unserer", "unseren", "auch", "dass", "zur", "zum", "als", "wie", "ist", "nicht", "durch", "insbesondere",
    };

    /// <summary>The normalised word set of <paramref name="text"/>.</summary>
    public static IReadOnlySet<string> Words(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        foreach (var word in folded.ToString().Replace("ß", "ss", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length >= 3 && !StopWords.Contains(word))
            {
                words.Add(word);
            }
        }
        return words;
    }

    /// <summary>The cosine of two word sets; 0 when either is empty.</summary>
    public static double Cosine(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = small.Count(large.Contains);
        return common / Math.Sqrt((double)a.Count * b.Count);
    }

    /// <summary>
    /// The candidates at or above <paramref name="threshold"/> against <paramref name="target"/>, best first (ties by
    /// key), at most <paramref name="limit"/>.
    /// </summary>
    public static IReadOnlyList<(TKey Key, double Score)> MostSimilar<TKey>(string target, IEnumerable<(TKey Key, string Text)> candidates,
        double threshold = DefaultThreshold, int limit = 5) where TKey : IComparable<TKey>
    {
        var words = Words(target);
        return candidates.Select(c => (c.Key, Score: Cosine(words, Words(c.Text))))
            .Where(c => c.Score >= threshold)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Key)
            .Take(limit)
            .ToList();
    }
}
