using System.Globalization;
using MiniExcelLibs;

namespace Ariadne.Core.ImportExport.Glotip;

/// <summary>
/// The UNODC GLOTIP long format as published in <c>data_glotip.xlsx</c>: a banner ("UNODC", the date), a header row
/// and 13 columns; <c>txtVALUE</c> is text with thousands separators ("1,013") or a suppressed count ("&lt;5").
/// </summary>
public static class GlotipFile
{
    public static readonly string[] Columns =
        ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source"];

    /// <summary>The rows and, if any, every malformed value with its row; rows with errors are left out.</summary>
    public sealed record ReadResult(string? Date, IReadOnlyList<GlotipStatistic> Rows, IReadOnlyList<ImportError> Errors);

    /// <exception cref="ImportExport.ImportFileException">Not a valid workbook, or beyond an <see cref="ImportExport.ImportLimits"/> limit.</exception>
    public static ReadResult Read(string path, ImportExport.ImportLimits? limits = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), limits);
    }

    /// <summary>Reads a workbook streamed from its zip entries (<see cref="ImportExport.XlsxReader"/>), never held whole in memory.</summary>
    /// <param name="xlsx">A seekable stream.</param>
    /// <param name="name">The file name used in messages.</param>
    /// <param name="limits">The limits; <see cref="ImportExport.ImportLimits.Default"/> when null.</param>
    /// <exception cref="ImportExport.ImportFileException">Not a valid workbook, or beyond an <see cref="ImportExport.ImportLimits"/> limit.</exception>
    public static ReadResult Read(Stream xlsx, string name = "the workbook", ImportExport.ImportLimits? limits = null)
    {
        var rows = new List<GlotipStatistic>();
        var errors = new List<ImportError>();
        string? date = null;
        var header = -1;
        using var workbook = ImportExport.XlsxReader.Open(xlsx, name, limits);
        foreach (var (row, cells) in workbook.Rows())
        {
            var values = cells.Select(Text).ToArray();
            if (header < 0)
            {
                if (values.Length >= Columns.Length && values.Take(Columns.Length).SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
                {
                    header = row;
                }
                else if (row == 2)
                {
                    date = values.FirstOrDefault();
                }
                else if (row > 10)
                {
                    errors.Add(new ImportError(1, "header", $"no header row with the columns {string.Join(", ", Columns)} in the first 10 rows"));
                    break;
                }
                continue;
            }
            if (values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var parsed = Parse(row, values, errors);
            if (parsed is not null)
            {
                rows.Add(parsed);
            }
        }
        if (header < 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(1, "header", $"no header row with the columns {string.Join(", ", Columns)}"));
        }
        return new ReadResult(date, rows, errors);
    }

    /// <summary>Parses a GLOTIP value: digits with optional thousands separators, or "&lt;N" for a suppressed count.</summary>
    public static bool TryParseValue(string text, out long? value, out int? suppressedBelow)
    {
        value = null;
        suppressedBelow = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('<'))
        {
            if (int.TryParse(trimmed.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var bound) && bound > 0)
            {
                suppressedBelow = bound;
                return true;
            }
            return false;
        }
        // Thousands separators must group by three ("1,013", "12,345,678"): "1,01" is malformed.
        var groups = trimmed.Split(',');
        if (groups[0].Length is < 1 or > 3 && groups.Length > 1)
        {
            return false;
        }
        for (var i = 1; i < groups.Length; i++)
        {
            if (groups[i].Length != 3)
            {
                return false;
            }
        }
        if (long.TryParse(string.Concat(groups), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }
        return false;
    }

    /// <summary>The published text of a value: "1,013", or "&lt;5" when suppressed.</summary>
    public static string FormatValue(long? value, int? suppressedBelow) => suppressedBelow is { } bound
        ? "<" + bound.ToString(CultureInfo.InvariantCulture)
        : value!.Value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Writes the rows in the published layout (banner, header, 13 columns), <c>Year</c> as a number, <c>txtVALUE</c> as text.</summary>
    public static void Write(Stream xlsx, IEnumerable<GlotipStatistic> rows, string date)
    {
        var sheet = new List<Dictionary<string, object?>>
        {
            Line("UNODC"),
            Line(date),
            Line([.. Columns]),
        };
        foreach (var s in rows)
        {
            sheet.Add(Line(s.Iso3, s.Country, s.Region, s.Subregion, s.Indicator, s.Dimension, s.Category, s.Sex, s.Age, s.Year,
                s.Unit, FormatValue(s.Value, s.SuppressedBelow), s.Source));
        }
        xlsx.SaveAs(sheet, printHeader: false, sheetName: "data_glotip_1", excelType: ExcelType.XLSX);
    }

    private static Dictionary<string, object?> Line(params object?[] cells)
    {
        var line = new Dictionary<string, object?>(Columns.Length);
        for (var i = 0; i < Columns.Length; i++)
        {
            line[Columns[i]] = i < cells.Length ? cells[i] : null;
        }
        return line;
    }

    private static GlotipStatistic? Parse(int row, string[] v, List<ImportError> errors)
    {
        string Cell(int i) => i < v.Length ? v[i].Trim() : "";
        var before = errors.Count;
        // Regional and global aggregates have no country code.
        var iso3 = Cell(0);
        if (!int.TryParse(Cell(9), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2200)
        {
            errors.Add(new ImportError(row, Columns[9], $"'{Cell(9)}' is not a year"));
        }
        if (!TryParseValue(Cell(11), out var value, out var suppressed))
        {
            errors.Add(new ImportError(row, Columns[11], $"'{Cell(11)}' is neither a count (e.g. 1,013) nor a suppressed count (e.g. <5)"));
        }
        if (Cell(4).Length == 0)
        {
            errors.Add(new ImportError(row, Columns[4], "empty"));
        }
        if (errors.Count > before)
        {
            return null;
        }
        return new GlotipStatistic
        {
            SourceRow = row,
            Iso3 = iso3,
            Country = Cell(1),
            Region = Cell(2),
            Subregion = Cell(3),
            Indicator = Cell(4),
            Dimension = Cell(5),
            Category = Cell(6),
            Sex = Cell(7),
            Age = Cell(8),
            Year = year,
            Unit = Cell(10),
            Value = value,
            SuppressedBelow = suppressed,
            Source = Cell(12),
        };
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s,
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
