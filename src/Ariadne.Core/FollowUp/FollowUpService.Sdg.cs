using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>SDG indicator data in the Open SDG CSV layout (issue 18, item 6): import (coordinators) and export (every reader).</summary>
public sealed partial class FollowUpService
{
    /// <summary>The indicator the product is about: 16.2.2, detected victims of trafficking.</summary>
    public const string SdgIndicator = "16.2.2";

    public const string SdgSubject = "sdg-dataset";

    /// <summary>The file name Open SDG platforms give an indicator's data, e.g. <c>indicator_16-2-2.csv</c>.</summary>
    public static string SdgFileName(string indicator) => $"indicator_{indicator.Replace('.', '-')}.csv";

    /// <summary>
    /// Imports an indicator's Open SDG CSV, replacing the data held for it. All or nothing: any malformed line refuses
    /// the whole file, each error naming the line and column (<see cref="OpenSdgCsv"/>).
    /// </summary>
    /// <returns>The dataset's summary; Forbidden; Invalid (<c>Indicator</c>, or <c>Csv</c> with one error per line and column).</returns>
    public async Task<Result<SdgDatasetSummary>> ImportSdgAsync(string? indicator, Stream csv, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpSdgImport, AuditOutcomes.Denied, SdgSubject, indicator, [], cancellationToken);
            return Problem.Forbidden();
        }
        if (CheckIndicator(indicator) is { } invalid)
        {
            return invalid;
        }
        var (table, errors) = OpenSdgCsv.Read(csv);
        if (table is null)
        {
            await AuditAsync(AuditActions.FollowUpSdgImport, AuditOutcomes.Failed, SdgSubject, indicator,
                new Dictionary<string, string> { ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            return Problem.Invalid(errors);
        }
        var dataset = new SdgDataset
        {
            Id = Guid.CreateVersion7(),
            Indicator = indicator!,
            Columns = JsonSerializer.Serialize(table.Columns, Json),
            NewLine = table.NewLine,
            ByteOrderMark = table.ByteOrderMark,
            Rows = table.Rows.Count,
            ImportedAtUtc = time.GetUtcNow().UtcDateTime,
            ImportedBy = auditContext.Actor.Name,
        };
        int year = table.YearIndex, value = table.ValueIndex;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Replaces the indicator's data: the old rows go with their dataset (cascade).
            await db.Set<SdgDataset>().Where(d => d.Indicator == indicator).ExecuteDeleteAsync(cancellationToken);
            db.Set<SdgDataset>().Add(dataset);
            db.Set<SdgObservation>().AddRange(table.Rows.Select((row, i) => new SdgObservation
            {
                Id = Guid.CreateVersion7(),
                DatasetId = dataset.Id,
                Position = i,
                Year = int.Parse(row[year], NumberStyles.None, CultureInfo.InvariantCulture),
                Value = row[value].Length == 0 ? null : row[value],
                Cells = JsonSerializer.Serialize(row.Where((_, c) => c != year && c != value), Json),
            }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        await AuditAsync(AuditActions.FollowUpSdgImport, AuditOutcomes.Success, SdgSubject, indicator,
            new Dictionary<string, string> { ["rows"] = table.Rows.Count.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        return (await SdgDatasetAsync(indicator, viewer, cancellationToken)).Value!;
    }

    /// <summary>What is held for an indicator: columns, rows, years, who imported it when.</summary>
    /// <returns>The summary; Forbidden; Invalid (<c>Indicator</c>); NotFound when nothing was imported.</returns>
    public async Task<Result<SdgDatasetSummary>> SdgDatasetAsync(string? indicator, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        if (CheckIndicator(indicator) is { } invalid)
        {
            return invalid;
        }
        var dataset = await db.Set<SdgDataset>().AsNoTracking().SingleOrDefaultAsync(d => d.Indicator == indicator, cancellationToken);
        if (dataset is null)
        {
            return Problem.NotFound($"No data for SDG indicator {indicator} have been imported.");
        }
        var years = await db.Set<SdgObservation>().Where(o => o.DatasetId == dataset.Id).GroupBy(o => 1)
            .Select(g => new { First = g.Min(o => o.Year), Last = g.Max(o => o.Year) }).SingleOrDefaultAsync(cancellationToken);
        return new SdgDatasetSummary(dataset.Indicator, JsonSerializer.Deserialize<List<string>>(dataset.Columns, Json)!, dataset.Rows, years?.First, years?.Last,
            dataset.ImportedAtUtc, dataset.ImportedBy, SdgFileName(dataset.Indicator));
    }

    /// <summary>Writes an indicator's data as the Open SDG CSV it was imported from (<see cref="OpenSdgCsv"/>: the round trip is exact).</summary>
    /// <returns>The summary; Forbidden; Invalid (<c>Indicator</c>); NotFound when nothing was imported (nothing is written then).</returns>
    public async Task<Result<SdgDatasetSummary>> ExportSdgAsync(string? indicator, Stream output, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var summary = await SdgDatasetAsync(indicator, viewer, cancellationToken);
        if (!summary.Succeeded)
        {
            return summary;
        }
        var dataset = await db.Set<SdgDataset>().AsNoTracking().SingleAsync(d => d.Indicator == indicator, cancellationToken);
        var rows = await db.Set<SdgObservation>().AsNoTracking().Where(o => o.DatasetId == dataset.Id).OrderBy(o => o.Position)
            .Select(o => new { o.Year, o.Value, o.Cells }).ToListAsync(cancellationToken);
        var columns = summary.Value!.Columns;
        int year = columns.ToList().IndexOf(OpenSdgCsv.YearColumn), value = columns.ToList().IndexOf(OpenSdgCsv.ValueColumn);
        var table = new OpenSdgCsv.Table(columns, dataset.NewLine, dataset.ByteOrderMark, rows.Select(r =>
        {
            var others = new Queue<string>(JsonSerializer.Deserialize<List<string>>(r.Cells, Json)!);
            return columns.Select((_, c) => c == year ? r.Year.ToString(CultureInfo.InvariantCulture) : c == value ? r.Value ?? "" : others.Dequeue()).ToArray();
        }).ToList());
        await OpenSdgCsv.WriteAsync(table, output, cancellationToken);
        return summary;
    }

    private static Problem? CheckIndicator(string? indicator) => indicator is not null && SdgIndicatorPattern().IsMatch(indicator)
        ? null
        : Problem.Invalid("Indicator", "Format", $"Indicator: an SDG indicator such as {SdgIndicator} (goal.target.indicator).", indicator ?? "");

    [GeneratedRegex(@"^[0-9]{1,2}\.[0-9a-z]{1,2}\.[0-9]{1,2}$")]
    private static partial Regex SdgIndicatorPattern();
}
