using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Ariadne.Core.ImportExport;

/// <summary>
/// The limits every imported file is held to, so that a small file cannot make the process allocate gigabytes (a
/// 293 KB workbook once took 4.2 GB). The defaults are far above any real case file or the published GLOTIP workbook
/// (58,769 rows, 26 MB of sheet XML, compressed 11.6 times).
/// </summary>
public sealed record ImportLimits
{
    public static readonly ImportLimits Default = new();

    /// <summary>The largest file read at all, in bytes (CSV, JSON or XLSX as stored).</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>The most bytes the parts of one workbook may unpack to, together.</summary>
    public long MaxUncompressedBytes { get; init; } = 1L << 30;

    /// <summary>The highest ratio of unpacked to packed size a zip entry of <see cref="RatioCheckedFromBytes"/> or more may have.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Smaller entries are not held to <see cref="MaxCompressionRatio"/>: they cannot exhaust anything.</summary>
    public long RatioCheckedFromBytes { get; init; } = 1L << 20;

    /// <summary>The most rows of a sheet or CSV file, the header included (Excel's own maximum).</summary>
    public int MaxRows { get; init; } = 1_048_576;

    /// <summary>The most columns a row may reach.</summary>
    public int MaxColumns { get; init; } = 1024;

    /// <summary>The longest cell, in characters (Excel's own maximum).</summary>
    public int MaxCellLength { get; init; } = 32_767;
}

/// <summary>A file that cannot be imported as a whole: not readable in its format, or beyond an <see cref="ImportLimits"/> limit.</summary>
public sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One row of a sheet: its number as the spreadsheet shows it, and its cells from column A (null where empty).</summary>
/// <param name="Number">The row number (1 for the first row of the sheet).</param>
/// <param name="Cells">string, double, bool or DateTime (a number in a date format), as the cell holds it.</param>
public sealed record XlsxRow(int Number, object?[] Cells);

/// <summary>
/// Reads the first worksheet of an XLSX workbook as a stream of rows, without holding the sheet in memory: the sheet
/// XML is read with an <see cref="XmlReader"/> straight from its zip entry. Before any entry is inflated its declared
/// sizes are checked (<see cref="ImportLimits.MaxUncompressedBytes"/>, <see cref="ImportLimits.MaxCompressionRatio"/>), and
/// while inflating no more bytes are read than it declared, so a zip bomb is refused before it is unpacked. Every
/// failure is an <see cref="ImportFileException"/> whose message names the file and the reason or the limit.
/// </summary>
public sealed class XlsxReader : IDisposable
{
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly string _name;
    private readonly ImportLimits _limits;
    private readonly ZipArchive _zip;
    private readonly List<string> _sharedStrings = [];
    private readonly List<bool> _dateStyles = [];
    private readonly StringBuilder _text = new();
    private readonly char[] _chunk = new char[4096];
    private long _unpacked;
    private bool _zipOpened;
    private XmlReader? _sheet;
    private int _lastRow;
    private int _rows;

    private XlsxReader(Stream stream, string name, ImportLimits limits)
    {
        _name = name;
        _limits = limits;
        _zip = Guard(() => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
    }

    /// <summary>Opens the workbook in <paramref name="stream"/> (a seekable stream; it stays open) and reads its shared strings and styles.</summary>
    /// <param name="stream">The workbook.</param>
    /// <param name="name">The file name used in messages.</param>
    /// <param name="limits">The limits; <see cref="ImportLimits.Default"/> when null.</param>
    /// <exception cref="ImportFileException">The workbook is not valid or is beyond a limit.</exception>
    public static XlsxReader Open(Stream stream, string name, ImportLimits? limits = null)
    {
        limits ??= ImportLimits.Default;
        if (stream.CanSeek && stream.Length > limits.MaxFileBytes)
        {
            throw new ImportFileException($"'{name}' has {stream.Length} bytes; files over {limits.MaxFileBytes} bytes (the limit) are not read.");
        }
        var reader = new XlsxReader(stream, name, limits);
        try
        {
            reader.Guard(reader.OpenParts);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Every row of the first worksheet, in file order; rows without cells in the file are not returned.</summary>
    /// <exception cref="ImportFileException">The sheet is malformed or beyond a limit (raised while enumerating).</exception>
    public IEnumerable<XlsxRow> Rows()
    {
        while (Guard(ReadRow) is { } row)
        {
            yield return row;
        }
    }

    public void Dispose()
    {
        _sheet?.Dispose();
        _zip.Dispose();
    }

    private string Invalid(string reason) => $"'{_name}' is not a valid XLSX workbook ({reason}).";

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ImportFileException)
        {
            throw;
        }
        catch (XmlException e)
        {
            throw new ImportFileException(Invalid($"malformed XML at line {e.LineNumber}, position {e.LinePosition}"), e);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or FormatException or OverflowException)
        {
            var reason = e is not InvalidDataException ? "unreadable content"
                : _zipOpened ? "a damaged or truncated zip archive"
                : "not a zip archive, or a truncated one";
            throw new ImportFileException(Invalid(reason), e);
        }
    }

    private void Guard(Action action) => Guard(() =>
    {
        action();
        return true;
    });

    private void OpenParts()
    {
        _zipOpened = true;
        var workbook = "xl/workbook.xml";
        using (var rels = OpenXml("_rels/.rels", required: false))
        {
            if (rels is not null && Relationships(rels, "").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)) is { } office)
            {
                workbook = office.Target;
            }
        }
        var folder = workbook.Contains('/', StringComparison.Ordinal) ? workbook[..(workbook.LastIndexOf('/') + 1)] : "";
        string? sheetId = null;
        using (var book = OpenXml(workbook, required: true)!)
        {
            while (book.Read())
            {
                if (book.NodeType == XmlNodeType.Element && book.LocalName == "sheet")
                {
                    sheetId = book.GetAttribute("id", RelationshipsNamespace);
                    break;
                }
            }
        }
        var relationships = new List<(string Id, string Type, string Target)>();
        using (var rels = OpenXml(folder + "_rels/" + workbook[folder.Length..] + ".rels", required: false))
        {
            if (rels is not null)
            {
                relationships = Relationships(rels, folder);
            }
        }
        var sheet = relationships.FirstOrDefault(r => r.Id == sheetId).Target
            ?? _zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith(folder + "worksheets/", StringComparison.OrdinalIgnoreCase) && n.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new ImportFileException(Invalid("it has no worksheet"));
        var strings = relationships.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target ?? folder + "sharedStrings.xml";
        var styles = relationships.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target ?? folder + "styles.xml";
        using (var xml = OpenXml(strings, required: false))
        {
            if (xml is not null)
            {
                ReadSharedStrings(xml);
            }
        }
        using (var xml = OpenXml(styles, required: false))
        {
            if (xml is not null)
            {
                ReadStyles(xml);
            }
        }
        _sheet = OpenXml(sheet, required: true);
    }

    private static List<(string Id, string Type, string Target)> Relationships(XmlReader xml, string folder)
    {
        var list = new List<(string, string, string)>();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("TargetMode") != "External")
            {
                var target = xml.GetAttribute("Target") ?? "";
                target = target.StartsWith('/') ? target[1..] : folder + target;
                list.Add((xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", Normalise(target)));
            }
        }
        return list;
    }

    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>An XML reader over a zip entry whose declared sizes were checked first; null when absent and not required.</summary>
    private XmlReader? OpenXml(string path, bool required)
    {
        var entry = _zip.GetEntry(path) ?? _zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return required ? throw new ImportFileException(Invalid($"the part {path} is missing")) : null;
        }
        var budget = _limits.MaxUncompressedBytes - _unpacked;
        if (entry.Length > budget)
        {
            throw new ImportFileException(
                $"'{_name}' unpacks to more than {_limits.MaxUncompressedBytes} bytes (the limit; {entry.FullName} alone declares {entry.Length}); it is refused.");
        }
        if (entry.Length >= _limits.RatioCheckedFromBytes && entry.Length > (double)Math.Max(entry.CompressedLength, 1) * _limits.MaxCompressionRatio)
        {
            throw new ImportFileException(
                $"'{_name}': {entry.FullName} unpacks to {entry.Length} bytes, {entry.Length / Math.Max(entry.CompressedLength, 1)} times its packed size; more than {_limits.MaxCompressionRatio} times (the limit) is refused as a possible zip bomb.");
        }
        _unpacked += entry.Length;
        var stream = new BoundedStream(entry.Open(), entry.Length,
            () => new ImportFileException($"'{_name}': {entry.FullName} unpacks to more than the {entry.Length} bytes it declares; the archive is refused."));
        return XmlReader.Create(stream, XmlSettings);
    }

    private void ReadSharedStrings(XmlReader xml)
    {
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                _sharedStrings.Add(ReadText(xml, $"shared string {_sharedStrings.Count + 1}"));
            }
        }
    }

    private void ReadStyles(XmlReader xml)
    {
        var customDates = new HashSet<int>();
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "numFmt"
                && int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && IsDateFormat(xml.GetAttribute("formatCode") ?? ""))
            {
                customDates.Add(id);
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "cellXfs")
            {
                inCellXfs = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            else if (inCellXfs && xml.NodeType == XmlNodeType.Element && xml.LocalName == "xf" && _dateStyles.Count < 65_536)
            {
                var format = int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                _dateStyles.Add(format is (>= 14 and <= 22) or (>= 45 and <= 47) || customDates.Contains(format));
            }
        }
    }

    /// <summary>A number format shows a date when it has a day, month, year, hour or second part outside quotes and brackets.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        foreach (var c in code)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                default:
                    if (!quoted && !bracket && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    private XlsxRow? ReadRow()
    {
        var xml = _sheet!;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }
            var number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > _lastRow ? r : _lastRow + 1;
            _lastRow = number;
            if (++_rows > _limits.MaxRows || number > _limits.MaxRows)
            {
                throw new ImportFileException($"'{_name}' has more than {_limits.MaxRows} rows (the limit); split it into smaller files.");
            }
            var cells = new List<object?>();
            if (xml.IsEmptyElement)
            {
                return new XlsxRow(number, []);
            }
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
                {
                    var column = ColumnIndex(xml.GetAttribute("r")) ?? cells.Count;
                    if (column >= _limits.MaxColumns)
                    {
                        throw new ImportFileException($"'{_name}': row {number} has a cell in column {column + 1}; more than {_limits.MaxColumns} columns (the limit) are refused.");
                    }
                    var value = ReadCell(xml, number, column);
                    while (cells.Count <= column)
                    {
                        cells.Add(null);
                    }
                    cells[column] = value;
                }
            }
            return new XlsxRow(number, [.. cells]);
        }
        return null;
    }

    private object? ReadCell(XmlReader xml, int row, int column)
    {
        var type = xml.GetAttribute("t") ?? "n";
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var where = $"row {row}, column {ColumnName(column)}";
        if (xml.IsEmptyElement)
        {
            return null;
        }
        string? value = null;
        string? inline = null;
        var depth = xml.Depth;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
            {
                value = ReadText(xml, where);
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "is")
            {
                inline = ReadText(xml, where);
            }
        }
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _sharedStrings.Count
                    ? _sharedStrings[index]
                    : throw new ImportFileException(Invalid($"{where} refers to shared string '{value}', which does not exist"));
            case "inlineStr":
                return inline;
            case "b":
                return value is null ? null : value == "1";
            case "str" or "e":
                return value;
            case "d":
                return value is null ? null : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d : value;
            default:
                if (value is null)
                {
                    return null;
                }
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return value;
                }
                return style < _dateStyles.Count && _dateStyles[style] && number is >= -657_434 and < 2_958_466
                    ? DateTime.FromOADate(number)
                    : number;
        }
    }

    /// <summary>
    /// The text of the current element and its descendants (phonetic runs left out), read in chunks so that an
    /// over-long cell is refused after <see cref="ImportLimits.MaxCellLength"/> characters, not after it is all in memory.
    /// OOXML's escapes for characters XML cannot hold (<c>_x000D_</c>) are decoded.
    /// </summary>
    private string ReadText(XmlReader xml, string where)
    {
        if (xml.IsEmptyElement)
        {
            return "";
        }
        var text = _text.Clear();
        var buffer = _chunk;
        var depth = xml.Depth;
        var skipDepth = -1;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (skipDepth >= 0)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == skipDepth)
                {
                    skipDepth = -1;
                }
                continue;
            }
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh" && !xml.IsEmptyElement)
            {
                skipDepth = xml.Depth;
                continue;
            }
            // Plain whitespace is the indentation between elements; a cell's own spaces come as significant (xml:space="preserve").
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                {
                    text.Append(buffer, 0, read);
                    if (text.Length > _limits.MaxCellLength * 2 + 16)
                    {
                        break;
                    }
                }
            }
        }
        var value = Unescape(text.ToString());
        if (value.Length > _limits.MaxCellLength)
        {
            throw new ImportFileException($"'{_name}': {where} has more than {_limits.MaxCellLength} characters (the limit for a cell).");
        }
        return value;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains("_x", StringComparison.Ordinal))
        {
            return value;
        }
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '_' && i + 6 < value.Length && value[i + 1] == 'x' && value[i + 6] == '_'
                && ushort.TryParse(value.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
            }
            else
            {
                result.Append(value[i]);
            }
        }
        return result.ToString();
    }

    /// <summary>The 0-based column of a cell reference ("B7" → 1), or null when absent or malformed.</summary>
    internal static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 1_000_000)
            {
                return column;
            }
        }
        return i == 0 ? null : column - 1;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes from an inflating stream; one byte more raises the given error.</summary>
    private sealed class BoundedStream(Stream inner, long limit, Func<Exception> tooLong) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Ask for one byte beyond the limit at most, so that an entry longer than it declares is noticed.
            var allowed = (int)Math.Min(buffer.Length, limit - _read + 1);
            var read = inner.Read(buffer[..allowed]);
            _read += read;
            if (_read > limit)
            {
                throw tooLong();
            }
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
