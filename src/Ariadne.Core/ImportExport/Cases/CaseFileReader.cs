using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using CsvHelper;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// Reads a case file (CSV, XLSX or a JSON export) into validated rows. Each row is parsed with
/// <see cref="CaseFileLayout"/>, checked with <see cref="CaseRules.Validate"/> and for case codes used twice in the
/// file or already taken. The original cells are kept only for rejected rows (for the rejects file).
/// </summary>
/// <param name="codes">The code lists cells are resolved against.</param>
/// <param name="today">The date against which "in the future" is judged.</param>
/// <param name="limits">The size limits the file is held to; <see cref="ImportLimits.Default"/> when null.</param>
public sealed class CaseFileReader(CodeListRegistry codes, DateOnly today, ImportLimits? limits = null)
{
    private readonly ImportLimits _limits = limits ?? ImportLimits.Default;

    // Names a JSON export (CaseDto) has besides the layout's columns; accepted and ignored like ReadOnlyColumns (an
    // assignment names a user of the exporting installation, which means nothing where the file is imported).
    private static readonly HashSet<string> JsonReadOnly = new(
        [.. CaseFileLayout.ReadOnlyColumns, "organisationId", "organisationName", "assignedUserId"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="path"/>; the format follows the extension (.csv or .txt, .xlsx, .json).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="takenCaseCodes">Case codes already stored; a row reusing one is rejected.</param>
    /// <param name="progress">Receives the share of the file read so far, from 0 to 1.</param>
    /// <exception cref="NotSupportedException">The extension is none of the above.</exception>
    /// <exception cref="ImportFileException">
    /// The file as a whole cannot be read: not valid in its format, or beyond one of <see cref="ImportLimits"/> (the message names it).
    /// </exception>
    public CaseFileContent Read(string path, IReadOnlySet<string> takenCaseCodes, IProgress<double>? progress = null)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var content = new Builder(codes, today, takenCaseCodes);
        if (new FileInfo(path).Length is var size && size > _limits.MaxFileBytes)
        {
            throw new ImportFileException($"'{Path.GetFileName(path)}' has {size} bytes; files over {_limits.MaxFileBytes} bytes (the limit) are not read.");
        }
        switch (extension)
        {
            case ".csv" or ".txt":
                ReadCsv(path, content, progress);
                break;
            case ".xlsx":
                ReadXlsx(path, content, progress);
                break;
            case ".json":
                ReadJson(path, content, progress);
                break;
            default:
                throw new NotSupportedException($"'{Path.GetFileName(path)}': only .csv, .xlsx and .json files can be imported.");
        }
        progress?.Report(1);
        return content.Build();
    }

    /// <summary>The delimiter of a CSV header line: ';' when it has more semicolons than commas outside quotes, else ','.</summary>
    public static char DetectDelimiter(string headerLine)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    private void ReadCsv(string path, Builder content, IProgress<double>? progress)
    {
        char separator;
        using (var head = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            separator = DetectDelimiter(head.ReadLine() ?? "");
        }
        var length = Math.Max(new FileInfo(path).Length, 1);
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            FormatProvider = CultureInfo.InvariantCulture,
            // The header is read as an ordinary record, and blank lines are rows too: row numbers match what a spreadsheet shows.
            HasHeader = false,
            SkipEmptyLines = false,
        };
        using var reader = CsvReader.FromFile(path, options);
        var row = 0;
        var lastReport = 0L;
        while (reader.Read())
        {
            row++;
            if (row > _limits.MaxRows)
            {
                throw new ImportFileException($"'{Path.GetFileName(path)}' has more than {_limits.MaxRows} rows (the limit); split it into smaller files.");
            }
            if (reader.FieldCount > _limits.MaxColumns)
            {
                throw new ImportFileException($"'{Path.GetFileName(path)}': row {row} has {reader.FieldCount} fields; more than {_limits.MaxColumns} columns (the limit) are refused.");
            }
            var record = new string?[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                // The bytes are checked before they are decoded: a lenient decoder would store U+FFFD in place of each bad byte.
                if (!System.Text.Unicode.Utf8.IsValid(reader.GetRawSpan(i)))
                {
                    if (row == 1)
                    {
                        throw new ImportFileException($"'{Path.GetFileName(path)}': the header row is not valid UTF-8 text; save the file as UTF-8.");
                    }
                    content.BadData(row, "The cell is not valid UTF-8 text; save the file as UTF-8.", content.ColumnName(i));
                    continue;
                }
                record[i] = UnescapeFormula(reader.GetString(i));
                if (record[i]!.Length > _limits.MaxCellLength)
                {
                    throw new ImportFileException(
                        $"'{Path.GetFileName(path)}': row {row}, column {content.ColumnName(i)} has {record[i]!.Length} characters; at most {_limits.MaxCellLength} (the limit for a cell) are read.");
                }
            }
            if (row == 1)
            {
                content.Header(record);
                if (content.HasFileErrors)
                {
                    return;
                }
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            content.Row(row, record);
            if (progress is not null && reader.ByteOffset - lastReport > 1 << 20)
            {
                lastReport = reader.ByteOffset;
                progress.Report((double)reader.ByteOffset / length);
            }
        }
        if (row == 0)
        {
            content.EmptyFile();
        }
    }

    /// <summary>
    /// Undoes the exporter's protection against formula injection: an apostrophe in front of =, +, -, @, tab or CR is
    /// removed (<c>'+49 30 1234</c> reads as <c>+49 30 1234</c>). A value that really starts with such an apostrophe
    /// loses it; spreadsheet programs treat it the same way.
    /// </summary>
    internal static string? UnescapeFormula(string? value) =>
        value is { Length: > 1 } && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    private void ReadXlsx(string path, Builder content, IProgress<double>? progress)
    {
        using var stream = File.OpenRead(path);
        using var workbook = XlsxReader.Open(stream, Path.GetFileName(path), _limits);
        var first = true;
        var last = 0;
        foreach (var (row, cells) in workbook.Rows())
        {
            last = row;
            var record = cells.Select(CellText).ToArray();
            if (first)
            {
                first = false;
                // Trailing empty header cells are the spreadsheet's unused width, not unnamed columns.
                var width = Array.FindLastIndex(record, c => !string.IsNullOrWhiteSpace(c)) + 1;
                content.Header(record[..width]);
                if (content.HasFileErrors)
                {
                    return;
                }
                continue;
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            content.Row(row, record);
            if (row % 5000 == 0)
            {
                progress?.Report((double)stream.Position / Math.Max(stream.Length, 1));
            }
        }
        if (last == 0)
        {
            content.EmptyFile();
        }
    }

    private static void ReadJson(string path, Builder content, IProgress<double>? progress)
    {
        using var document = ParseJson(path);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            content.FileError("$", "A JSON case file is an array of case objects.");
            return;
        }
        content.Header(CaseFileLayout.Columns);
        var index = CaseFileLayout.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.OrdinalIgnoreCase);
        var total = document.RootElement.GetArrayLength();
        var row = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            row++;
            var cells = new string?[CaseFileLayout.Columns.Count];
            string? ageGroup = null;
            if (element.ValueKind != JsonValueKind.Object)
            {
                content.BadData(row, "The element is not a case object.");
                content.Row(row, cells);
                continue;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (index.TryGetValue(property.Name, out var i))
                {
                    cells[i] = JsonText(property.Value);
                }
                else if (string.Equals(property.Name, "ageGroup", StringComparison.OrdinalIgnoreCase))
                {
                    ageGroup = JsonText(property.Value);
                }
                else if (!JsonReadOnly.Contains(property.Name))
                {
                    content.BadData(row, $"'{property.Name}' is not a field of the case layout.", property.Name);
                }
            }
            // A JSON export carries the age group instead of the majority flag; it says the same where the age is unknown.
            var minor = index[CaseFileLayout.MinorAtIdentification];
            cells[minor] ??= ageGroup?.ToUpperInvariant() switch
            {
                "MINOR" => "true",
                "ADULT" => "false",
                _ => null,
            };
            content.Row(row, cells);
            if (row % 5000 == 0)
            {
                progress?.Report((double)row / total);
            }
        }
    }

    private static JsonDocument ParseJson(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ImportFileException($"'{Path.GetFileName(path)}' is not valid JSON (line {e.LineNumber + 1}).", e);
        }
    }

    private static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join(CaseFileLayout.ListSeparator, value.EnumerateArray().Select(JsonText)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number or JsonValueKind.Object => value.GetRawText(),
        _ => value.GetRawText(),
    };

    /// <summary>A spreadsheet cell as the text the layout parses: numbers without a culture, dates as yyyy-MM-dd.</summary>
    private static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime d => d.TimeOfDay == TimeSpan.Zero
            ? d.ToString(CaseFileLayout.DateFormat, CultureInfo.InvariantCulture)
            : d.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Collects rows while validating them; one per read.</summary>
    private sealed class Builder(CodeListRegistry codes, DateOnly today, IReadOnlySet<string> taken)
    {
        private readonly List<ImportError> _fileErrors = [];
        private readonly List<CaseFileRow> _valid = [];
        private readonly List<CaseFileRow> _rejected = [];
        private readonly Dictionary<string, int> _codeRows = new(StringComparer.Ordinal);
        private readonly Dictionary<int, List<ImportError>> _pending = [];
        private readonly List<(int Row, IReadOnlyList<string?> Cells, List<ImportError> Errors)> _rows = [];
        private IReadOnlyList<string> _header = [];
        private int[] _map = [];

        public bool HasFileErrors => _fileErrors.Count > 0;

        public void Header(IReadOnlyList<string?> header)
        {
            _header = [.. header.Select(h => h ?? "")];
            _map = CaseFileLayout.MapHeader(header, _fileErrors);
        }

        /// <summary>The header's name for column <paramref name="index"/> (0-based), or "#n" beyond it.</summary>
        public string ColumnName(int index) =>
            index < _header.Count && _header[index].Length > 0 ? _header[index] : $"#{index + 1}";

        public void EmptyFile() => _fileErrors.Add(new(1, "-", "The file is empty: it has no header row."));

        public void FileError(string column, string reason) => _fileErrors.Add(new(1, column, reason));

        /// <summary>An error found while reading a row, before it is parsed.</summary>
        public void BadData(int row, string reason, string column = "-")
        {
            if (!_pending.TryGetValue(row, out var list))
            {
                _pending[row] = list = [];
            }
            list.Add(new(row, column, reason));
        }

        public void Row(int row, IReadOnlyList<string?> cells) =>
            _rows.Add((row, cells, _pending.Remove(row, out var early) ? early : []));

        /// <summary>Parses and checks the rows: each row on its own in parallel, then the case codes in file order.</summary>
        private void Check()
        {
            var checkedRows = new (CaseInput Input, List<ImportError> Errors)[_rows.Count];
            Parallel.For(0, _rows.Count, i => checkedRows[i] = Check(_rows[i].Row, _rows[i].Cells, _rows[i].Errors));
            for (var i = 0; i < _rows.Count; i++)
            {
                var (row, cells, _) = _rows[i];
                var (input, errors) = checkedRows[i];
                if (input.CaseCode is { Length: > 0 } code)
                {
                    if (taken.Contains(code))
                    {
                        errors.Add(new(row, CaseFileLayout.CaseCode, $"The case code '{code}' is already in use."));
                    }
                    else if (_codeRows.TryGetValue(code, out var first))
                    {
                        errors.Add(new(row, CaseFileLayout.CaseCode, $"The case code '{code}' is already used in row {first}."));
                    }
                    else
                    {
                        _codeRows[code] = row;
                    }
                }
                if (errors.Count == 0)
                {
                    _valid.Add(new(row, input, null, []));
                }
                else
                {
                    _rejected.Add(new(row, input, [.. cells], errors));
                }
            }
            _rows.Clear();
        }

        private (CaseInput, List<ImportError>) Check(int row, IReadOnlyList<string?> cells, List<ImportError> errors)
        {
            var input = CaseFileLayout.ParseRow(row, cells, _map, codes, errors);
            var unreadable = errors.Count == 0 ? null : errors.Select(e => e.Column).ToHashSet(StringComparer.Ordinal);
            foreach (var error in CaseRules.Validate(input, codes, today))
            {
                var column = CaseFileLayout.ColumnOf(error.Field);
                // A cell that could not be read is already reported; "required" or a follow-on rule would only repeat it.
                if (unreadable is null || !unreadable.Contains(column))
                {
                    errors.Add(new(row, column, error.Message));
                }
            }
            return (input, errors);
        }

        public CaseFileContent Build()
        {
            Check();
            return new(_header, _fileErrors, _valid, _rejected, _codeRows.Keys.ToHashSet(StringComparer.Ordinal));
        }
    }
}

/// <summary>What <see cref="CaseFileReader.Read"/> found in a file.</summary>
/// <param name="Header">The header cells as written in the file.</param>
/// <param name="FileErrors">Errors that make the whole file unusable (unknown or missing columns); rows are not read then.</param>
/// <param name="Valid">Rows that passed every check, in file order.</param>
/// <param name="Rejected">Rows with at least one error, in file order, with their original cells.</param>
/// <param name="CaseCodes">The case codes the valid rows (and the first row of each duplicate) use.</param>
public sealed record CaseFileContent(
    IReadOnlyList<string> Header,
    IReadOnlyList<ImportError> FileErrors,
    IReadOnlyList<CaseFileRow> Valid,
    IReadOnlyList<CaseFileRow> Rejected,
    IReadOnlySet<string> CaseCodes)
{
    /// <summary>Every error: file errors, then each rejected row's, in row order.</summary>
    public IEnumerable<ImportError> Errors => FileErrors.Concat(Rejected.SelectMany(r => r.Errors));
}

/// <summary>One case row of a file.</summary>
/// <param name="Row">The spreadsheet row number (header = 1), or for JSON the 1-based position in the array.</param>
/// <param name="Input">The parsed input; fields whose cell could not be read are null.</param>
/// <param name="Cells">The original cells; kept for rejected rows only.</param>
/// <param name="Errors">Empty for a valid row.</param>
public sealed record CaseFileRow(int Row, CaseInput Input, IReadOnlyList<string?>? Cells, IReadOnlyList<ImportError> Errors);
