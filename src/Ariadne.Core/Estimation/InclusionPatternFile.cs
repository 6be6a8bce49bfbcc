using System.Globalization;
using System.Text;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.ImportExport;
using Ariadne.Core.ImportExport.Cases;
using CsvHelper;

namespace Ariadne.Core.Estimation;

/// <summary>
/// Reads the counts of persons per inclusion pattern for multiple systems estimation: a CSV whose header names the
/// lists and ends with a <c>count</c> column; each row is a pattern, 0 or 1 per list, and its count. Patterns with a zero
/// count may be absent; the pattern on no list may not appear (it is what is estimated). Comma or semicolon separated.
/// </summary>
public static class InclusionPatternFile
{
    public const string CountColumn = "count";

    /// <summary>At most this many lists: 2^12 − 1 patterns, far beyond what the models can be fitted to.</summary>
    public const int MaxLists = 12;

    /// <summary>The counts, or every error found (row and column named), never both.</summary>
    public static (InclusionPatternCounts? Counts, IReadOnlyList<ImportError> Errors) Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>As <see cref="Read(string)"/>, from an uploaded file (the API, the estimate page); the stream is read to its end and left open.</summary>
    public static (InclusionPatternCounts? Counts, IReadOnlyList<ImportError> Errors) Read(Stream content)
    {
        string text;
        using (var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            text = reader.ReadToEnd();
        }
        var separator = CaseFileReader.DetectDelimiter(text.Split('\n', 2)[0]);
        var options = CsvReaderOptions.Default with { Separator = separator, FormatProvider = CultureInfo.InvariantCulture, HasHeader = false };
        using var csv = CsvReader.Create(new StringReader(text), options);
        if (!csv.Read())
        {
            return (null, [new ImportError(1, "header", "the file is empty")]);
        }
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim().TrimStart('\uFEFF')).ToList();
        var lists = header.Count > 0 && header[^1].Equals(CountColumn, StringComparison.OrdinalIgnoreCase) ? header[..^1] : null;
        if (lists is null)
        {
            return (null, [new ImportError(1, "header", $"the last column must be '{CountColumn}', after one column per list")]);
        }
        if (lists.Count is < 2 or > MaxLists)
        {
            return (null, [new ImportError(1, "header", $"{lists.Count} list column(s); give 2 to {MaxLists} lists before '{CountColumn}'")]);
        }
        if (lists.FirstOrDefault(l => l.Length == 0 || lists.Count(o => string.Equals(o, l, StringComparison.OrdinalIgnoreCase)) > 1) is { } bad)
        {
            return (null, [new ImportError(1, "header", bad.Length == 0 ? "a list column has no name" : $"the list '{bad}' is named twice")]);
        }
        var errors = new List<ImportError>();
        var counts = new Dictionary<int, long>();
        var firstRowOf = new Dictionary<int, int>();
        var row = 1;
        while (csv.Read())
        {
            row++;
            if (csv.FieldCount == 1 && csv.GetString(0).Trim().Length == 0)
            {
                continue;
            }
            if (csv.FieldCount != header.Count)
            {
                errors.Add(new ImportError(row, "row", $"{csv.FieldCount} fields, the header has {header.Count}"));
                continue;
            }
            var pattern = 0;
            var valid = true;
            for (var i = 0; i < lists.Count; i++)
            {
                switch (csv.GetString(i).Trim())
                {
                    case "1":
                        pattern |= 1 << i;
                        break;
                    case "0":
                        break;
                    case var other:
                        errors.Add(new ImportError(row, lists[i], $"'{other}' is not 0 or 1"));
                        valid = false;
                        break;
                }
            }
            var countText = csv.GetString(lists.Count).Trim();
            if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                errors.Add(new ImportError(row, CountColumn, $"'{countText}' is not a whole number of persons (0 or more)"));
                valid = false;
            }
            if (!valid)
            {
                continue;
            }
            if (pattern == 0)
            {
                errors.Add(new ImportError(row, "row", "the pattern on no list is what is estimated; it cannot have a count"));
            }
            else if (firstRowOf.TryGetValue(pattern, out var first))
            {
                errors.Add(new ImportError(row, "row", $"the same pattern as row {first}"));
            }
            else
            {
                firstRowOf[pattern] = row;
                counts[pattern] = count;
            }
        }
        if (errors.Count == 0 && counts.Values.Sum() == 0)
        {
            errors.Add(new ImportError(1, "count", "no person is counted on any list"));
        }
        return errors.Count > 0 ? (null, errors) : (new InclusionPatternCounts(lists, counts), []);
    }
}
