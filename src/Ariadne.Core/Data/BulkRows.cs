using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Core.Data;

/// <summary>
/// Fast inserts of many rows for the bulk importers (cases, financial transactions): a prepared SQLite insert bound row
/// by row, or PostgreSQL's binary COPY. Values are written in the form EF Core stores them: on SQLite, GUIDs as
/// upper-case text, dates as <c>yyyy-MM-dd</c>, instants as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, string lists as JSON
/// arrays; on PostgreSQL, the column's native type. Table and column names come from the callers' fixed lists, never
/// from input.
/// </summary>
public static class BulkRows
{
    private const int ReportEvery = 1000;

    /// <summary>A column: its name, how a row gives its value, and its PostgreSQL type.</summary>
    public sealed record Column<T>(string Name, Func<T, object?> Value, NpgsqlDbType PostgresType);

    public static SqliteCommand SqliteInsert<T>(SqliteConnection connection, SqliteTransaction transaction, string table, Column<T>[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
        }
        command.Prepare();
        return command;
    }

    public static void Bind<T>(SqliteCommand command, Column<T>[] columns, T row)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters[i].Value = SqliteValue(columns[i].Value(row));
        }
    }

    /// <summary>A value in the form EF Core's SQLite provider stores it.</summary>
    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString().ToUpperInvariant(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        List<string> list => JsonSerializer.Serialize(list),
        _ => value,
    };

    public static async Task CopyAsync<T>(NpgsqlConnection connection, string table, Column<T>[] columns, IEnumerable<T> rows,
        Action<int>? report, CancellationToken cancellationToken)
    {
        var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        var done = 0;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                switch (column.Value(row))
                {
                    case null:
                        await writer.WriteNullAsync(cancellationToken);
                        break;
                    case List<string> list:
                        await writer.WriteAsync(list.ToArray(), column.PostgresType, cancellationToken);
                        break;
                    case var value:
                        await writer.WriteAsync(value, column.PostgresType, cancellationToken);
                        break;
                }
            }
            if (++done % ReportEvery == 0)
            {
                report?.Invoke(done);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
