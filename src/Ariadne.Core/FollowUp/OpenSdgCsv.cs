using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ariadne.Core.Common;
using CsvHelper;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// The Open SDG "tidy" CSV layout of national SDG reporting platforms (e.g. the UK's
/// <c>indicator_16-2-2.csv</c>): comma-separated, a header with a <c>Year</c> and a <c>Value</c> column and any other
/// columns (series, units, observation status, disaggregations such as sex and age; an empty cell is the total), one
/// row per year and disaggregation.
/// </summary>
/// <remarks>
/// <para><b>Round trip.</b> What is read is written back exactly: the columns in their order, the rows in their
/// order, every cell as written (an empty cell stays empty; a value keeps its formatting, <c>303.0</c> stays
/// <c>303.0</c>: it is checked to be a number but stored as text), the file's line break (CRLF or LF) and its UTF-8
/// byte-order mark if it had one. Fields are quoted only where they must be (a comma, quote or line break inside);
/// every line ends with the line break. A file written that way (as Open SDG writes them) comes back byte for byte.</para>
/// <para><b>Bad input.</b> All or nothing: every error names the line and column, at most
/// <see cref="FollowUpRules.MaxReportedErrors"/> are listed.</para>
/// </remarks>
public static partial class OpenSdgCsv
{
    public const string YearColumn = "Year";

    public const string ValueColumn = "Value";

    public const int MaxRows = 100_000;

    public const int MaxCellLength = 400;

    /// <summary>A table read from a file: its columns, line break, byte-order mark and rows (all cells as written).</summary>
    public sealed record Table(IReadOnlyList<string> Columns, string NewLine, bool ByteOrderMark, IReadOnlyList<string[]> Rows)
    {
        public int YearIndex => Columns.ToList().IndexOf(YearColumn);

        public int ValueIndex => Columns.ToList().IndexOf(ValueColumn);
    }

    /// <summary>Reads and checks a file; the table only when no line has an error.</summary>
    public static (Table? Table, IReadOnlyList<FieldError> Errors) Read(Stream content)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            return (null, [Error(1, "file", "the file is not UTF-8 text.")]);
        }
        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var errors = new List<FieldError>();
        var rows = new List<string[]>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            FormatProvider = CultureInfo.InvariantCulture,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        string[] header = [];
        try
        {
            using var csv = CsvReader.Create(new StringReader(text), options);
            if (!csv.Read())
            {
                return (null, [Error(1, "header", "the file is empty; the first line names the columns.")]);
            }
            header = Fields(csv);
            var headerErrors = CheckHeader(header);
            if (headerErrors.Count > 0)
            {
                return (null, headerErrors);
            }
            var year = Array.IndexOf(header, YearColumn);
            var value = Array.IndexOf(header, ValueColumn);
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            while (csv.Read() && errors.Count < FollowUpRules.MaxReportedErrors)
            {
                var line = csv.LineNumber;
                var fields = Fields(csv);
                if (fields.Length != header.Length)
                {
                    errors.Add(Error(line, "line", $"{fields.Length} field(s); the header has {header.Length}."));
                    continue;
                }
                if (rows.Count == MaxRows)
                {
                    errors.Add(Error(line, "line", $"more than {MaxRows:N0} rows."));
                    break;
                }
                var before = errors.Count;
                if (!YearPattern().IsMatch(fields[year]))
                {
                    errors.Add(Error(line, YearColumn, $"'{fields[year]}' is not a year (four digits)."));
                }
                if (fields[value].Length > 0 && !NumberPattern().IsMatch(fields[value]))
                {
                    errors.Add(Error(line, ValueColumn, $"'{fields[value]}' is not a number (digits, '.' as decimal point)."));
                }
                for (var i = 0; i < fields.Length; i++)
                {
                    if (fields[i].Length > MaxCellLength)
                    {
                        errors.Add(Error(line, header[i], $"at most {MaxCellLength} characters."));
                    }
                    else if (i != value && fields[i].Length > 0 && "=+@-\t\r".Contains(fields[i][0], StringComparison.Ordinal) && !NumberPattern().IsMatch(fields[i]))
                    {
                        // A spreadsheet would run it as a formula once exported; Open SDG labels never start so.
                        errors.Add(Error(line, header[i], $"'{fields[i]}' starts with '{fields[i][0]}' (a spreadsheet formula)."));
                    }
                }
                var key = string.Join('\u001f', fields.Where((_, i) => i != value));
                if (errors.Count == before && !seen.TryAdd(key, line))
                {
                    errors.Add(Error(line, "line", $"the same year and disaggregation as line {seen[key]}."));
                }
                rows.Add(fields);
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(Error(e.LineNumber, "line", "the line cannot be read (a quote is not closed or stands inside a field)."));
        }
        return errors.Count > 0 ? (null, errors) : (new Table(header, newLine, bom, rows), []);
    }

    /// <summary>Writes a table as it was read (see the remarks on the round trip).</summary>
    public static async Task WriteAsync(Table table, Stream output, CancellationToken cancellationToken)
    {
        var options = CsvWriterOptions.Default with { NewLine = table.NewLine, WriteByteOrderMark = table.ByteOrderMark, Injection = CsvInjection.None };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        csv.WriteHeader([.. table.Columns]);
        foreach (var row in table.Rows)
        {
            await csv.WriteRecordAsync(row, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private static List<FieldError> CheckHeader(string[] header)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Trim().Length == 0)
            {
                errors.Add(Error(1, $"column {i + 1}", "a column has no name."));
            }
            else if (Array.IndexOf(header, header[i]) != i)
            {
                errors.Add(Error(1, header[i], "the column is named twice."));
            }
        }
        foreach (var required in new[] { YearColumn, ValueColumn }.Where(r => !header.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add(Error(1, required, $"the required column is missing (Open SDG CSV: comma-separated, with the columns {YearColumn} and {ValueColumn})."));
        }
        return errors;
    }

    private static string[] Fields(CsvReader csv) => [.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i))];

    private static FieldError Error(long line, string column, string message) =>
        new("Csv", "CsvLine", $"Line {line}, column '{column}': {message}", line, column);

    [GeneratedRegex(@"^[12][0-9]{3}$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
