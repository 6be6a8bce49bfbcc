using Ariadne.Analytics.Estimation;
using Ariadne.Core.Common;
using Ariadne.Core.ImportExport;

namespace Ariadne.Core.Estimation;

/// <summary>The counts per inclusion pattern as the API and the estimate page receive them: an uploaded CSV (<see cref="InclusionPatternFile"/>) or JSON lists and patterns.</summary>
public static class MseInput
{
    /// <summary>Reads an uploaded counts CSV to its end (asynchronously, so a request body can be given) and parses it.</summary>
    public static async Task<(InclusionPatternCounts? Counts, IReadOnlyList<ImportError> Errors)> ReadCsvAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return InclusionPatternFile.Read(buffer);
    }

    /// <summary>
    /// The counts from JSON: <paramref name="lists"/> names 2 to <see cref="InclusionPatternFile.MaxLists"/> lists; each
    /// pattern has one 0/1 per list (not all 0) and a count of 0 or more; a pattern given twice is refused. Errors name
    /// <c>lists</c> or <c>counts[i]</c>.
    /// </summary>
    public static Result<InclusionPatternCounts> FromJson(IReadOnlyList<string>? lists, IReadOnlyList<(int[]? Pattern, long? Count)>? patterns)
    {
        if (lists is null || lists.Count is < 2 or > InclusionPatternFile.MaxLists || lists.Any(string.IsNullOrWhiteSpace)
            || lists.Distinct(StringComparer.OrdinalIgnoreCase).Count() != lists.Count)
        {
            return Problem.Invalid("lists", "Invalid", $"2 to {InclusionPatternFile.MaxLists} distinct, non-empty list names.");
        }
        if (patterns is null || patterns.Count == 0)
        {
            return Problem.Invalid("counts", "Required", "At least one pattern with its count.");
        }
        var errors = new List<FieldError>();
        var counts = new Dictionary<int, long>();
        for (var i = 0; i < patterns.Count; i++)
        {
            var (pattern, count) = patterns[i];
            var field = $"counts[{i}]";
            if (pattern is null || pattern.Length != lists.Count || pattern.Any(b => b is not (0 or 1)))
            {
                errors.Add(new FieldError(field + ".pattern", "Invalid", $"one 0 or 1 per list ({lists.Count})"));
                continue;
            }
            var mask = pattern.Select((b, j) => b << j).Sum();
            if (mask == 0)
            {
                errors.Add(new FieldError(field + ".pattern", "Invalid", "the pattern on no list is what is estimated; it cannot have a count"));
            }
            else if (count is not >= 0)
            {
                errors.Add(new FieldError(field + ".count", "Invalid", "a whole number of persons, 0 or more"));
            }
            else if (!counts.TryAdd(mask, count.Value))
            {
                errors.Add(new FieldError(field + ".pattern", "Invalid", "the same pattern is given twice"));
            }
        }
        if (errors.Count == 0 && counts.Values.Sum() == 0)
        {
            errors.Add(new FieldError("counts", "Invalid", "no person is counted on any list"));
        }
        return errors.Count > 0 ? Problem.Invalid(errors) : new InclusionPatternCounts([.. lists.Select(l => l.Trim())], counts);
    }
}
