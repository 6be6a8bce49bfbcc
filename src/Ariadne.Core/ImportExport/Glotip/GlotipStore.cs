using System.Data.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.ImportExport.Glotip;

/// <summary>The outcome of a GLOTIP import: the rows stored, or the malformed values (and nothing stored).</summary>
public sealed record GlotipImportResult(int Stored, int Suppressed, IReadOnlyList<ImportError> Errors);

/// <summary>One year of an indicator: the sum of the country totals that are published as numbers.</summary>
/// <param name="Year">The year.</param>
/// <param name="CountriesReporting">Countries with a total for the year, suppressed ones included.</param>
/// <param name="Sum">The sum of the numeric country totals.</param>
/// <param name="SuppressedCountries">Countries whose total is published only as "&lt;5" (not in the sum).</param>
public sealed record GlotipYearTotal(int Year, int CountriesReporting, long Sum, int SuppressedCountries);

/// <summary>GLOTIP country-level statistics in their own table, apart from case records.</summary>
public sealed class GlotipStore(AppDbContext db)
{
    /// <summary>
    /// Reads <paramref name="path"/> and, if every row is valid, replaces the stored GLOTIP statistics with it in one
    /// transaction; otherwise stores nothing and returns the errors.
    /// </summary>
    public Task<GlotipImportResult> ImportAsync(string path, CancellationToken cancellationToken) =>
        StoreAsync(GlotipFile.Read(path), cancellationToken);

    /// <summary>As <see cref="ImportAsync(string, CancellationToken)"/>, from a workbook stream named <paramref name="name"/> in errors.</summary>
    public Task<GlotipImportResult> ImportAsync(Stream xlsx, string name, CancellationToken cancellationToken) =>
        StoreAsync(GlotipFile.Read(xlsx, name), cancellationToken);

    private async Task<GlotipImportResult> StoreAsync(GlotipFile.ReadResult file, CancellationToken cancellationToken)
    {
        if (file.Errors.Count > 0)
        {
            return new GlotipImportResult(0, 0, file.Errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<GlotipStatistic>().ExecuteDeleteAsync(cancellationToken);
        await InsertAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), file.Rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new GlotipImportResult(file.Rows.Count, file.Rows.Count(r => r.SuppressedBelow is not null), []);
    }

    /// <summary>Writes the stored statistics in the published layout, in the order of the imported file.</summary>
    public async Task<int> ExportAsync(Stream xlsx, string date, CancellationToken cancellationToken)
    {
        var rows = await db.Set<GlotipStatistic>().AsNoTracking().OrderBy(s => s.SourceRow).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        GlotipFile.Write(xlsx, rows, date);
        return rows.Count;
    }

    /// <summary>
    /// Per year, the sum of the country totals of <paramref name="indicator"/> (rows whose dimension, category, sex and
    /// age are all "Total") and the number of countries reporting.
    /// </summary>
    public async Task<IReadOnlyList<GlotipYearTotal>> YearTotalsAsync(string indicator, CancellationToken cancellationToken)
    {
        var totals = await db.Set<GlotipStatistic>().AsNoTracking()
            .Where(s => s.Indicator == indicator && s.Dimension == "Total" && s.Category == "Total" && s.Sex == "Total" && s.Age == "Total")
            .Select(s => new { s.Year, s.Iso3, s.Value })
            .ToListAsync(cancellationToken);
        return [.. totals
            .GroupBy(t => t.Year)
            .OrderBy(g => g.Key)
            .Select(g => new GlotipYearTotal(g.Key, g.Select(t => t.Iso3).Distinct().Count(), g.Sum(t => t.Value ?? 0), g.Count(t => t.Value is null)))];
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<GlotipStatistic> rows, CancellationToken cancellationToken)
    {
        // One prepared statement reused for every row: EF change tracking would cost seconds for 60,000 rows.
        string[] columns = ["SourceRow", "Iso3", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age", "Year", "Unit", "Value", "SuppressedBelow", "Source"];
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"GlotipStatistics\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        parameters[0].DbType = System.Data.DbType.Int32;
        parameters[10].DbType = System.Data.DbType.Int32;
        parameters[12].DbType = System.Data.DbType.Int64;
        parameters[13].DbType = System.Data.DbType.Int32;
        for (var i = 1; i < columns.Length; i++)
        {
            if (i is not 10 and not 12 and not 13)
            {
                parameters[i].DbType = System.Data.DbType.String;
            }
        }
        await command.PrepareAsync(cancellationToken);
        foreach (var s in rows)
        {
            parameters[0].Value = s.SourceRow;
            parameters[1].Value = s.Iso3;
            parameters[2].Value = s.Country;
            parameters[3].Value = s.Region;
            parameters[4].Value = s.Subregion;
            parameters[5].Value = s.Indicator;
            parameters[6].Value = s.Dimension;
            parameters[7].Value = s.Category;
            parameters[8].Value = s.Sex;
            parameters[9].Value = s.Age;
            parameters[10].Value = s.Year;
            parameters[11].Value = s.Unit;
            parameters[12].Value = (object?)s.Value ?? DBNull.Value;
            parameters[13].Value = (object?)s.SuppressedBelow ?? DBNull.Value;
            parameters[14].Value = s.Source;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
