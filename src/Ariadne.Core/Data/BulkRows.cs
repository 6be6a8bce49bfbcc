using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

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

    /// <summary>
    /// Inserts every row with one prepared statement bound by position through SQLite's own interface, in the caller's
    /// transaction on <paramref name="connection"/>; reports the rows done every <see cref="ReportEvery"/> rows and
    /// returns their number. Fast path: Microsoft.Data.Sqlite looks each parameter up by name and builds a data reader
    /// per execution, which took most of the time of a million-row import; this binds by index and steps the statement.
    /// </summary>
    public static int SqliteInsertAll<T>(SqliteConnection connection, string table, Column<T>[] columns, IEnumerable<T> rows,
        Action<int>? report, CancellationToken cancellationToken)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})";
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            var done = 0;
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    Check(handle, BindSqlite(statement, i + 1, SqliteValue(columns[i].Value(row))));
                }
                var result = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (result != raw.SQLITE_DONE)
                {
                    Check(handle, result);
                }
                if (++done % ReportEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    report?.Invoke(done);
                }
            }
            return done;
        }
    }

    private static int BindSqlite(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        long l => raw.sqlite3_bind_int64(statement, index, l),
        int i => raw.sqlite3_bind_int64(statement, index, i),
        short s => raw.sqlite3_bind_int64(statement, index, s),
        byte b => raw.sqlite3_bind_int64(statement, index, b),
        bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(statement, index, d),
        string s => raw.sqlite3_bind_text(statement, index, s),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"Bulk rows: no SQLite form for a {value.GetType().Name} (parameter {index})."),
    };

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(handle));
        }
    }

    /// <summary>
    /// The columns of an entity type as the model maps them (column names, value converters, PostgreSQL types), so a bulk
    /// insert of a table written only by EF Core elsewhere follows the model when it gains a column.
    /// </summary>
    public static Column<T>[] EntityColumns<T>(DbContext db) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return [.. entity.GetProperties().Select(property =>
        {
            var getter = property.GetGetter();
            var mapping = property.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            Func<T, object?> value = converter is null
                ? e => getter.GetClrValue(e)
                : e => getter.GetClrValue(e) is { } v ? converter.ConvertToProvider(v) : null;
            return new Column<T>(property.GetColumnName(table)!, value, PostgresType(mapping.StoreType));
        })];
    }

    /// <summary>The PostgreSQL type of a store type name as the model gives it (only the types the bulk-written tables use).</summary>
    private static NpgsqlDbType PostgresType(string storeType) => storeType switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "text" => NpgsqlDbType.Text,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "smallint" => NpgsqlDbType.Smallint,
        "boolean" => NpgsqlDbType.Boolean,
        "bytea" => NpgsqlDbType.Bytea,
        "double precision" => NpgsqlDbType.Double,
        "date" => NpgsqlDbType.Date,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        _ when storeType.StartsWith("character varying", StringComparison.Ordinal) => NpgsqlDbType.Varchar,
        _ when storeType.StartsWith("numeric", StringComparison.Ordinal) => NpgsqlDbType.Numeric,
        // Any other name is a SQLite model's type (TEXT, INTEGER, BLOB…), whose inserts do not use it.
        _ => NpgsqlDbType.Unknown,
    };

    /// <summary>
    /// Drops the secondary indexes of the named tables inside the caller's transaction and returns their definitions to
    /// re-create after the insert: building an index once from sorted data is far cheaper than growing it row by row
    /// (about a third of the insert time at 100,000 cases). SQLite's DDL is transactional, so readers keep seeing the old
    /// indexes and a rollback restores them. Worth it only when the import is larger than what the table holds.
    /// </summary>
    public static List<string> DropSecondaryIndexes(SqliteConnection connection, params string[] tables)
    {
        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN " +
                $"({string.Join(", ", tables.Select((_, i) => $"$t{i}"))})";
            for (var i = 0; i < tables.Length; i++)
            {
                command.Parameters.AddWithValue($"$t{i}", tables[i]);
            }
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            SqliteScalar(connection, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }
        return [.. indexes.Select(i => i.Sql)];
    }

    /// <summary>
    /// <see cref="DropSecondaryIndexes"/> when <paramref name="incomingRows"/> exceed what <paramref name="countedTable"/>
    /// holds (only then is one rebuild cheaper than growing the indexes); else nothing is dropped and the list is empty.
    /// </summary>
    public static List<string> DropSecondaryIndexesForLargeImport(SqliteConnection connection, long incomingRows, string countedTable, params string[] tables) =>
        SqliteCount(connection, countedTable) < incomingRows ? DropSecondaryIndexes(connection, tables) : [];

    /// <summary>Re-creates the indexes <see cref="DropSecondaryIndexes"/> dropped, in the same transaction (a unique index fails it here).</summary>
    public static void RestoreIndexes(SqliteConnection connection, IEnumerable<string> definitions)
    {
        foreach (var create in definitions)
        {
            SqliteScalar(connection, create);
        }
    }

    public static object? SqliteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The number of rows of a table (names come from the callers' fixed lists).</summary>
    public static long SqliteCount(SqliteConnection connection, string table) =>
        Convert.ToInt64(SqliteScalar(connection, $"SELECT count(*) FROM \"{table}\""), CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets a page cache large enough for the indexes being filled (SQLite otherwise spills and re-reads pages: about a
    /// quarter of the insert time at 100,000 cases) until disposed, then restores the connection's size. A negative size
    /// is in KiB; pages are allocated as used.
    /// </summary>
    public static IDisposable SqliteLargeCache(SqliteConnection connection, int kibibytes = 256 * 1024)
    {
        var before = Convert.ToInt64(SqliteScalar(connection, "PRAGMA cache_size"), CultureInfo.InvariantCulture);
        SqliteScalar(connection, $"PRAGMA cache_size = {-kibibytes}");
        return new Restore(() => SqliteScalar(connection, $"PRAGMA cache_size = {before}"));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
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
