using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Core.ImportExport;

/// <summary>
/// Writes the cases a viewer may see, ordered by identification date then id, as CSV or XLSX (the
/// <see cref="CaseFileLayout.ExportColumns"/>, which <see cref="CaseImporter"/> reads back) or as a JSON array of
/// <see cref="CaseDto"/>. Cases are read in pages of <see cref="PageSize"/>, so memory stays flat for any number of cases.
/// </summary>
public sealed class CaseExporter(AppDbContext db)
{
    public const int PageSize = 1000;

    /// <summary>The JSON form of the API: camelCase names, enums as their names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Writes every visible case to <paramref name="output"/> (left open) and returns how many were written.</summary>
    /// <param name="output">The destination; it stays open.</param>
    /// <param name="format">The file format.</param>
    /// <param name="viewer">Whose view of the cases is exported (<see cref="CaseAccess.Visible"/>).</param>
    /// <param name="byteOrderMark">Start a CSV with a UTF-8 byte order mark, which spreadsheet programs need to read it as UTF-8.</param>
    /// <param name="progress">Receives the number of cases written so far and the total.</param>
    /// <param name="cancellationToken">Stops the export; what was written stays written.</param>
    public async Task<int> ExportAsync(Stream output, CaseExportFormat format, CaseViewer viewer, bool byteOrderMark,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var ids = await db.Cases.AsNoTracking().Visible(viewer)
            .OrderBy(c => c.IdentificationDate).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var done = 0;
        void Report(int n)
        {
            done += n;
            progress?.Report((done, ids.Count));
        }
        switch (format)
        {
            case CaseExportFormat.Csv:
                await WriteCsvAsync(output, ids, byteOrderMark, Report, cancellationToken);
                break;
            case CaseExportFormat.Xlsx:
                WriteXlsx(output, ids, Report, cancellationToken);
                break;
            case CaseExportFormat.Json:
                await WriteJsonAsync(output, ids, Report, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
        }
        return ids.Count;
    }

    private async Task WriteCsvAsync(Stream output, List<Guid> ids, bool byteOrderMark, Action<int> report, CancellationToken cancellationToken)
    {
        await using var writer = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = byteOrderMark }, leaveOpen: true);
        writer.WriteHeader([.. CaseFileLayout.ExportColumns]);
        foreach (var chunk in ids.Chunk(PageSize))
        {
            foreach (var dto in await PageAsync(chunk, cancellationToken))
            {
                await writer.WriteRecordAsync(CaseFileLayout.ToCells(dto)!, cancellationToken);
            }
            report(chunk.Length);
        }
        await writer.FlushAsync(cancellationToken);
    }

    private void WriteXlsx(Stream output, List<Guid> ids, Action<int> report, CancellationToken cancellationToken)
    {
        // MiniExcel pulls rows from a synchronous sequence; the pages are read synchronously as it asks for them.
        IEnumerable<IDictionary<string, object?>> Rows()
        {
            foreach (var chunk in ids.Chunk(PageSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var dto in Page(chunk))
                {
                    yield return XlsxRow(dto);
                }
                report(chunk.Length);
            }
        }
        var rows = ids.Count == 0 ? [EmptyXlsxRow()] : Rows();
        output.SaveAs(rows, printHeader: true, excelType: ExcelType.XLSX);
    }

    private async Task WriteJsonAsync(Stream output, List<Guid> ids, Action<int> report, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartArray();
        foreach (var chunk in ids.Chunk(PageSize))
        {
            foreach (var dto in await PageAsync(chunk, cancellationToken))
            {
                JsonSerializer.Serialize(writer, dto, Json);
            }
            await writer.FlushAsync(cancellationToken);
            report(chunk.Length);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    private IQueryable<Case> PageQuery(Guid[] ids) =>
        db.Cases.AsNoTracking().Include(c => c.Person).Include(c => c.Organisation).Where(c => ids.Contains(c.Id));

    private async Task<IEnumerable<CaseDto>> PageAsync(Guid[] ids, CancellationToken cancellationToken) =>
        InOrder(ids, await PageQuery(ids).ToListAsync(cancellationToken));

    private IEnumerable<CaseDto> Page(Guid[] ids) => InOrder(ids, [.. PageQuery(ids)]);

    private static IEnumerable<CaseDto> InOrder(Guid[] ids, List<Case> cases)
    {
        var byId = cases.ToDictionary(c => c.Id);
        // A case deleted since the ids were read is simply left out.
        return ids.Where(byId.ContainsKey).Select(id => CaseDto.From(byId[id]));
    }

    private static Dictionary<string, object?> XlsxRow(CaseDto dto)
    {
        var cells = CaseFileLayout.ToCells(dto);
        var row = new Dictionary<string, object?>(cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            row[CaseFileLayout.ExportColumns[i]] = cells[i];
        }
        return row;
    }

    private static Dictionary<string, object?> EmptyXlsxRow() => CaseFileLayout.ExportColumns.ToDictionary(c => c, _ => (object?)null);
}

public enum CaseExportFormat
{
    Csv,
    Xlsx,
    Json,
}
