using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Core.CodeLists;
using Ariadne.Core.ImportExport.Cases;
using CsvHelper;

namespace Ariadne.Core.ImportExport.Ctdc;

/// <summary>A data row of a CTDC file: its cells as read and, when valid, the record.</summary>
public sealed record CtdcRow(int Row, IReadOnlyList<string> Cells, CtdcRecord? Record, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Reads the CTDC k-anonymised Global Dataset CSV (63 columns, <see cref="CtdcLayouts.KAnonymisedColumns"/>): ";"
/// or "," separated (taken from the header line), RFC 4180 quotes (line breaks inside quotes included), a byte-order mark ignored. CTDC's own file
/// starts its header with the terms-of-use sentence and every data row with an empty field: that leading column is
/// recognised and dropped. <c>-99</c> and empty cells are missing values; a formula-injection guard ("'-99", as
/// Ariadne's own CSV export writes it) is undone.
/// </summary>
public static class CtdcFile
{
    public sealed record ReadResult(IReadOnlyList<string> Header, IReadOnlyList<CtdcRow> Rows, IReadOnlyList<ImportError> FileErrors);

    private static readonly HashSet<string> Genders = new(["Male", "Female", "Transgender/NonConforming", "Unknown"], StringComparer.Ordinal);

    private static readonly HashSet<string> AgeValues =
        new(["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "Minor", "Adult", "Unknown"], StringComparer.Ordinal);

    private static readonly HashSet<string> Majority = new(["Adult", "Minor", "Unknown"], StringComparer.Ordinal);

    /// <summary>Reads the file at <paramref name="path"/>; rows are numbered as a spreadsheet shows them (a quoted line break stays inside its row).</summary>
    public static ReadResult Read(string path, CodeListRegistry codes)
    {
        char separator;
        using (var head = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            separator = CaseFileReader.DetectDelimiter(head.ReadLine() ?? "");
        }
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            FormatProvider = CultureInfo.InvariantCulture,
            // The header is read as an ordinary record and blank lines count: row numbers match what a spreadsheet shows.
            HasHeader = false,
            SkipEmptyLines = false,
        };
        using var csv = CsvReader.FromFile(path, options);
        if (!csv.Read())
        {
            return new ReadResult([], [], [new ImportError(1, "header", "the file is empty")]);
        }
        var header = Cells(csv);
        header[0] = header[0].TrimStart('\uFEFF');
        var offset = header.Count == CtdcLayouts.KAnonymisedColumns.Count + 1 && header[0].StartsWith("By using this data", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        var columns = header.Skip(offset).Select(h => h.Trim()).ToList();
        var missing = CtdcLayouts.KAnonymisedColumns.Where(c => !columns.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0 || columns.Count != CtdcLayouts.KAnonymisedColumns.Count)
        {
            var unknown = columns.Where(c => !CtdcLayouts.KAnonymisedColumns.Contains(c, StringComparer.Ordinal)).ToList();
            return new ReadResult(header, [], [new ImportError(1, "header",
                $"not the 63-column CTDC layout: {(missing.Count > 0 ? "missing " + string.Join(", ", missing) : "")}{(missing.Count > 0 && unknown.Count > 0 ? "; " : "")}{(unknown.Count > 0 ? "unknown " + string.Join(", ", unknown) : "")}")]);
        }
        var index = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i + offset, StringComparer.Ordinal);
        var rows = new List<CtdcRow>();
        var row = 1;
        while (csv.Read())
        {
            row++;
            var cells = Cells(csv);
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue;
            }
            if (cells.Count != header.Count)
            {
                rows.Add(new CtdcRow(row, cells, null, [new ImportError(row, "row", $"{cells.Count} fields, the header has {header.Count}")]));
                continue;
            }
            rows.Add(Parse(row, cells, index, codes));
        }
        return new ReadResult(header, rows, []);
    }

    private static List<string> Cells(CsvReader csv)
    {
        var cells = new List<string>(csv.FieldCount);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            cells.Add(csv.GetString(i));
        }
        return cells;
    }

    private static CtdcRow Parse(int line, IReadOnlyList<string> cells, Dictionary<string, int> index, CodeListRegistry codes)
    {
        var errors = new List<ImportError>();
        string? Value(string column)
        {
            var v = cells[index[column]].Trim();
            // Ariadne's CSV writer guards against formula injection by prefixing "'" to "-99" and the like; undo it.
            if (v.Length > 1 && v[0] == '\'' && v[1] is '=' or '+' or '-' or '@')
            {
                v = v[1..];
            }
            return v.Length == 0 || v == CtdcLayouts.Missing ? null : v;
        }
        void Check(string column, Func<string, bool> valid, string expected)
        {
            if (Value(column) is { } v && !valid(v))
            {
                errors.Add(new ImportError(line, column, $"'{v}' is not {expected}"));
            }
        }
        Check("yearOfRegistration", IsYearOrPeriod, "a year (e.g. 2019) or a period (e.g. 2015-2019)");
        Check("Datasource", v => v is "Case Management" or "Hotline" or "*", "Case Management or Hotline");
        Check("gender", v => Genders.Contains(v) || v == "*", "Male, Female, Transgender/NonConforming or Unknown");
        Check("ageBroad", v => AgeValues.Contains(v) || v == "*", "a CTDC ageBroad band (e.g. 18--20)");
        Check("majorityStatus", Majority.Contains, "Adult, Minor or Unknown");
        Check("majorityStatusAtExploit", Majority.Contains, "Adult, Minor or Unknown");
        Check("citizenship", v => IsCountry(v, codes), "an ISO 3166-1 alpha-2 code, 00 or a UN region or subregion");
        Check("CountryOfExploitation", v => IsCountry(v, codes), "an ISO 3166-1 alpha-2 code, 00 or a UN region or subregion");
        foreach (var flag in CtdcLayouts.MeansOfControlFlags.Concat(CtdcLayouts.ExploitFlags).Concat(CtdcLayouts.LabourFlags)
            .Concat(CtdcLayouts.SexFlags).Concat(CtdcLayouts.RecruiterFlags).Append("isAbduction"))
        {
            Check(flag, v => v is "0" or "1", "0, 1 or -99");
        }
        if (errors.Count > 0)
        {
            return new CtdcRow(line, cells, null, errors);
        }
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in CtdcLayouts.KAnonymisedColumns)
        {
            if (Value(column) is { } v)
            {
                values[column] = v;
            }
        }
        return new CtdcRow(line, cells, new CtdcRecord
        {
            SourceRow = line,
            YearOfRegistration = Value("yearOfRegistration"),
            Datasource = Value("Datasource"),
            Gender = Value("gender"),
            AgeBroad = Value("ageBroad"),
            Citizenship = Value("citizenship"),
            CountryOfExploitation = Value("CountryOfExploitation"),
            TypeOfExploit = Value("typeOfExploitConcatenated"),
            ValuesJson = JsonSerializer.Serialize(values),
        }, []);
    }

    private static bool IsYearOrPeriod(string v)
    {
        var parts = v.Split('-');
        return parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2200);
    }

    private static bool IsCountry(string v, CodeListRegistry codes) =>
        v is "00" or "*" || (v.Length == 2 && codes.Country.Contains(v))
        || codes.Country.Entries.Any(e => e.Attribute("region") == v || e.Attribute("subregion") == v);
}
