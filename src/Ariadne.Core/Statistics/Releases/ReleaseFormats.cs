using System.Text.Json;
using CsvHelper;
using MiniExcelLibs;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>Writes a <see cref="ReleaseTable"/> as CSV, JSON or XLSX, each carrying the release id and method.</summary>
public static class ReleaseFormats
{
    public static readonly IReadOnlyList<string> All = ["csv", "json", "xlsx"];

    public static string MediaType(string format) => format switch
    {
        "csv" => "text/csv",
        "json" => "application/json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new ReleaseParameterException("format", $"Unknown format '{format}'; use csv, json or xlsx."),
    };

    /// <summary>
    /// CSV: the table only (UTF-8; a byte-order mark when <paramref name="byteOrderMark"/>, for spreadsheet programs);
    /// JSON: columns, rows, method and release id; XLSX: a "data" sheet and a "method" sheet.
    /// </summary>
    public static async Task WriteAsync(ReleaseTable table, StatisticsRelease release, string format, Stream output, bool byteOrderMark, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case "csv":
                // Labels come from imported files too: a cell that a spreadsheet would run as a formula is escaped.
                await using (var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = byteOrderMark, Injection = CsvInjection.Escape }, leaveOpen: true))
                {
                    csv.WriteHeader([.. table.Columns]);
                    foreach (var row in table.Rows)
                    {
                        await csv.WriteRecordAsync(row, cancellationToken);
                    }
                    await csv.FlushAsync(cancellationToken);
                }
                break;
            case "json":
                await JsonSerializer.SerializeAsync(output, new
                {
                    release = release.Id,
                    kind = release.Kind,
                    parameters = JsonDocument.Parse(release.ParametersJson).RootElement,
                    columns = table.Columns,
                    rows = table.Rows,
                    method = release.Method,
                }, new JsonSerializerOptions { WriteIndented = true }, cancellationToken);
                break;
            case "xlsx":
                var data = table.Rows.Select(r => table.Columns.Select((c, i) => (c, v: r[i])).ToDictionary(p => p.c, p => (object?)p.v));
                var method = new[]
                {
                    new Dictionary<string, object?> { ["field"] = "release", ["value"] = release.Id.ToString() },
                    new Dictionary<string, object?> { ["field"] = "kind", ["value"] = release.Kind },
                    new Dictionary<string, object?> { ["field"] = "parameters", ["value"] = release.ParametersJson },
                    new Dictionary<string, object?> { ["field"] = "method", ["value"] = release.Method },
                };
                var sheets = new Dictionary<string, object> { ["data"] = data, ["method"] = method };
                await output.SaveAsAsync(sheets, cancellationToken: cancellationToken);
                break;
            default:
                throw new ReleaseParameterException("format", $"Unknown format '{format}'; use csv, json or xlsx.");
        }
    }
}
