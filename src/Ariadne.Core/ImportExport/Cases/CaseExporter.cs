using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Ariadne.Core.ImportExport.Cases;

/// <summary>
/// Writes the cases a viewer may see, ordered by identification date then id, as CSV or XLSX (the
/// <see cref="CaseFileLayout.ExportColumns"/>, which <see cref="CaseImporter"/> reads back) or as a JSON array of
/// <see cref="CaseDto"/>. Cases are read in pages of <see cref="PageSize"/>, so memory stays flat for any number of cases.
/// Identifying fields are decrypted only when the caller asks for them (<c>includeIdentity</c>); otherwise those columns
/// stay empty and the export is pseudonymous (case codes only). Whether the caller may ask is decided by the caller.
/// </summary>
public sealed class CaseExporter(AppDbContext db, IdentityVault vault, IAuditLog audit)
{
    public const int PageSize = 1000;

    /// <summary>The JSON form of the API: camelCase names, enums as their names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Writes every visible case to <paramref name="output"/> (left open), audits the export (format, count, whether
    /// identifying fields were included, the reason) and returns how many cases were written.
    /// </summary>
    /// <param name="output">The destination; it stays open.</param>
    /// <param name="options">Format, identity and reason.</param>
    /// <param name="viewer">Whose view of the cases is exported (<see cref="CaseAccess.Visible"/>).</param>
    /// <param name="progress">Receives the number of cases written so far and the total.</param>
    /// <param name="cancellationToken">Stops the export; what was written stays written.</param>
    /// <exception cref="UnauthorizedAccessException">Identifying fields were asked for by a viewer who may not reveal them.</exception>
    /// <exception cref="ArgumentException">Identifying fields were asked for without a reason.</exception>
    /// <exception cref="KeyUnavailableException">With identifying fields: a person's master key is not configured.</exception>
    public async Task<int> ExportAsync(Stream output, CaseExportOptions options, CaseViewer viewer,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>
        {
            ["format"] = options.Format.ToString().ToLowerInvariant(),
            ["identity"] = options.IncludeIdentity ? "included" : "omitted",
        };
        if (options.IncludeIdentity && !viewer.CanRevealIdentity)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Export, AuditOutcomes.Denied, "cases", null, options.Reason, details), cancellationToken);
            throw new UnauthorizedAccessException("Exporting identifying fields needs the permission to reveal identities (a case-worker role).");
        }
        if (options.IncludeIdentity && string.IsNullOrWhiteSpace(options.Reason))
        {
            throw new ArgumentException("Exporting identifying fields needs a reason (it is written to the audit log).", nameof(options));
        }
        // With identity: only the cases whose identity the viewer may reveal (not those merely referred to their organisation).
        var scope = options.IncludeIdentity ? db.Cases.AsNoTracking().Revealable(viewer) : db.Cases.AsNoTracking().Visible(viewer);
        var ids = await scope
            .OrderBy(c => c.IdentificationDate).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var identity = options.IncludeIdentity;
        var format = options.Format;
        var byteOrderMark = options.ByteOrderMark;
        var done = 0;
        void Report(int n)
        {
            done += n;
            progress?.Report((done, ids.Count));
        }
        switch (format)
        {
            case CaseExportFormat.Csv:
                await WriteCsvAsync(output, ids, identity, byteOrderMark, Report, cancellationToken);
                break;
            case CaseExportFormat.Xlsx:
                WriteXlsx(output, ids, identity, Report, cancellationToken);
                break;
            case CaseExportFormat.Json:
                await WriteJsonAsync(output, ids, identity, Report, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
        }
        details["cases"] = ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await audit.AppendAsync(new AuditRecord(AuditActions.Export, AuditOutcomes.Success, "cases", null, options.Reason?.Trim(), details), cancellationToken);
        return ids.Count;
    }

    private async Task WriteCsvAsync(Stream output, List<Guid> ids, bool identity, bool byteOrderMark, Action<int> report, CancellationToken cancellationToken)
    {
        // Free text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe;
        // CaseFileReader removes it again, so an exported file imports back unchanged.
        await using var writer = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = byteOrderMark, Injection = CsvInjection.Escape }, leaveOpen: true);
        writer.WriteHeader([.. CaseFileLayout.ExportColumns]);
        foreach (var chunk in ids.Chunk(PageSize))
        {
            foreach (var dto in await PageAsync(chunk, identity, cancellationToken))
            {
                await writer.WriteRecordAsync(CaseFileLayout.ToCells(dto)!, cancellationToken);
            }
            report(chunk.Length);
        }
        await writer.FlushAsync(cancellationToken);
    }

    private void WriteXlsx(Stream output, List<Guid> ids, bool identity, Action<int> report, CancellationToken cancellationToken)
    {
        // MiniExcel pulls rows from a synchronous sequence; the pages are read synchronously as it asks for them.
        IEnumerable<IDictionary<string, object?>> Rows()
        {
            foreach (var chunk in ids.Chunk(PageSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var dto in Page(chunk, identity))
                {
                    yield return XlsxRow(dto);
                }
                report(chunk.Length);
            }
        }
        var rows = ids.Count == 0 ? [EmptyXlsxRow()] : Rows();
        output.SaveAs(rows, printHeader: true, excelType: ExcelType.XLSX);
    }

    private async Task WriteJsonAsync(Stream output, List<Guid> ids, bool identity, Action<int> report, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartArray();
        foreach (var chunk in ids.Chunk(PageSize))
        {
            foreach (var dto in await PageAsync(chunk, identity, cancellationToken))
            {
                JsonSerializer.Serialize(writer, dto, Json);
            }
            await writer.FlushAsync(cancellationToken);
            report(chunk.Length);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    private IQueryable<Case> PageQuery(Guid[] ids, bool identity)
    {
        IQueryable<Case> query = db.Cases.AsNoTracking().Include(c => c.Person).Include(c => c.Organisation);
        if (identity)
        {
            query = query.Include(c => c.Person).ThenInclude(p => p.Key);
        }
        return query.Where(c => ids.Contains(c.Id));
    }

    private async Task<IEnumerable<CaseDto>> PageAsync(Guid[] ids, bool identity, CancellationToken cancellationToken) =>
        InOrder(ids, identity, await PageQuery(ids, identity).ToListAsync(cancellationToken));

    private IEnumerable<CaseDto> Page(Guid[] ids, bool identity) => InOrder(ids, identity, [.. PageQuery(ids, identity)]);

    private IEnumerable<CaseDto> InOrder(Guid[] ids, bool identity, List<Case> cases)
    {
        if (identity)
        {
            foreach (var c in cases)
            {
                CaseService.OpenIdentity(c, vault);
            }
        }
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

/// <summary>What an export writes.</summary>
/// <param name="Format">The file format.</param>
/// <param name="IncludeIdentity">Decrypt and write the identifying fields (needs the reveal permission and a reason); otherwise they stay empty.</param>
/// <param name="Reason">Why identifying data leaves the system; written to the audit log.</param>
/// <param name="ByteOrderMark">Start a CSV with a UTF-8 byte order mark, which spreadsheet programs need to read it as UTF-8.</param>
public sealed record CaseExportOptions(CaseExportFormat Format, bool IncludeIdentity = false, string? Reason = null, bool ByteOrderMark = false);

public enum CaseExportFormat
{
    Csv,
    Xlsx,
    Json,
}
