using CsvHelper;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// Writes the rows an import rejected: the file's own columns, as they were, and a last column
/// <see cref="ReasonsColumn"/> (<c>column: reason | column: reason</c>), so the file can be corrected and imported again
/// once that column is removed.
/// </summary>
public static class CaseRejectsWriter
{
    public const string ReasonsColumn = "rejectionReasons";

    public static void Write(string path, IReadOnlyList<string> header, IReadOnlyList<CaseFileRow> rejected)
    {
        // The rows are case data as the file had them: readable by the owner only.
        using var stream = PrivateFile.Create(path);
        using var writer = CsvWriter.Create(stream, CsvWriterOptions.Default with { WriteByteOrderMark = true });
        writer.WriteHeader([.. header, ReasonsColumn]);
        var record = new string?[header.Count + 1];
        foreach (var row in rejected)
        {
            Array.Clear(record);
            var cells = row.Cells ?? [];
            for (var i = 0; i < header.Count && i < cells.Count; i++)
            {
                record[i] = cells[i];
            }
            record[^1] = string.Join(" | ", row.Errors.Select(e => $"{e.Column}: {e.Reason}"));
            writer.WriteRecord(record);
        }
    }
}
