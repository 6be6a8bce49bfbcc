using System.Globalization;
using MiniExcelLibs;

namespace Ariadne.Tests.CodeLists;

/// <summary>
/// The external reference files the code-list mappings are checked against, read once per test run. Cells are
/// returned as trimmed invariant-culture text; an empty cell is "".
/// </summary>
internal static class ReferenceFiles
{
    private static readonly Lazy<IReadOnlyList<GlotipRow>> GlotipRows = new(ReadGlotip);

    /// <summary>Every data row of the UNODC GLOTIP country dataset (header in row 3).</summary>
    public static IReadOnlyList<GlotipRow> Glotip => GlotipRows.Value;

    public static string CtdcDictionaryPath =>
        TestData.Path("ctdc", "CTDC Global Dataset DATA DICTIONARY version 15082018.xlsx");

    /// <summary>The rows of one sheet of an xlsx file, each as its cells by column letter.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Rows(string path, string sheet, string startCell = "A1") =>
        MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet, startCell: startCell)
            .Cast<IDictionary<string, object?>>()
            .Select(row => (IReadOnlyDictionary<string, string>)row.ToDictionary(
                c => c.Key,
                c => Convert.ToString(c.Value, CultureInfo.InvariantCulture)?.Trim() ?? "",
                StringComparer.Ordinal));

    private static List<GlotipRow> ReadGlotip()
    {
        var path = TestData.Path("ctdc", "data_glotip.xlsx");
        var sheet = MiniExcel.GetSheetNames(path)[0];
        var rows = Rows(path, sheet, "A3").ToList();
        var header = rows[0];
        var column = header.Where(c => c.Value.Length > 0).ToDictionary(c => c.Value, c => c.Key, StringComparer.Ordinal);
        string Cell(IReadOnlyDictionary<string, string> row, string name) => row.GetValueOrDefault(column[name]) ?? "";
        return [.. rows.Skip(1).Select(r => new GlotipRow(
            Cell(r, "Iso3_code"), Cell(r, "Country"), Cell(r, "Indicator"), Cell(r, "Dimension"), Cell(r, "Category"), Cell(r, "Sex")))];
    }
}

internal sealed record GlotipRow(string Iso3Code, string Country, string Indicator, string Dimension, string Category, string Sex);
