using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.ImportExport.Ctdc;

/// <summary>The outcome of a CTDC import.</summary>
/// <param name="Stored">Records stored (0 when the import was refused).</param>
/// <param name="Rejected">Rows left out under skip-invalid.</param>
/// <param name="RejectsFile">Where the rejected rows were written with their reasons, if any.</param>
/// <param name="Errors">Every problem found; with skip-invalid off, any error means nothing was stored.</param>
public sealed record CtdcImportResult(int Stored, int Rejected, string? RejectsFile, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Imports CTDC Global Dataset files into <see cref="CtdcRecord"/>, a statistics table of its own: an import replaces
/// the records of the previous one, all or nothing (or, with skip-invalid, the valid rows, the rejected ones written to
/// <c>FILE.rejected.csv</c> with their reasons).
/// </summary>
public sealed class CtdcStore(AppDbContext db, CodeListRegistry codes)
{
    public const string ReasonsColumn = "rejectionReasons";

    public async Task<CtdcImportResult> ImportAsync(string path, bool skipInvalid, CancellationToken cancellationToken)
    {
        var read = CtdcFile.Read(path, codes);
        if (read.FileErrors.Count > 0)
        {
            return new CtdcImportResult(0, 0, null, read.FileErrors);
        }
        var errors = read.Rows.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0 && !skipInvalid)
        {
            return new CtdcImportResult(0, 0, null, errors);
        }
        var valid = read.Rows.Where(r => r.Record is not null).Select(r => r.Record!).ToList();
        string? rejectsFile = null;
        var rejected = read.Rows.Where(r => r.Record is null).ToList();
        if (rejected.Count > 0)
        {
            rejectsFile = Path.ChangeExtension(path, ".rejected.csv");
            using var stream = ImportExport.PrivateFile.Create(rejectsFile);
            using var writer = CsvWriter.Create(stream, CsvWriterOptions.Default with { WriteByteOrderMark = true });
            writer.WriteHeader([.. read.Header, ReasonsColumn]);
            foreach (var row in rejected)
            {
                var record = new string?[read.Header.Count + 1];
                for (var i = 0; i < read.Header.Count && i < row.Cells.Count; i++)
                {
                    record[i] = row.Cells[i];
                }
                record[^1] = string.Join(" | ", row.Errors.Select(e => $"{e.Column}: {e.Reason}"));
                writer.WriteRecord(record);
            }
        }
        if (valid.Count == 0)
        {
            return new CtdcImportResult(0, rejected.Count, rejectsFile, errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<CtdcRecord>().ExecuteDeleteAsync(cancellationToken);
        db.AddRange(valid);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new CtdcImportResult(valid.Count, rejected.Count, rejectsFile, errors);
    }
}
