using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ariadne.Core.Data;

/// <summary>
/// Reading many rows through SQLite's own interface: one prepared statement stepped row by row, columns read by
/// position, text cells handed over as their UTF-8 bytes (an <see cref="Utf8Interner"/> turns them into small codes
/// without a string per cell). For reads of a million rows that are counted in process, where Microsoft.Data.Sqlite's
/// reader (a string per text cell, a parameter looked up by name) costs more than SQLite's own work.
/// </summary>
public static class SqliteRows
{
    /// <summary>
    /// Runs <paramref name="sql"/> on <paramref name="connection"/> (open; in its current transaction if any) with the
    /// named parameters bound (<c>@name</c>; strings, integers or null) and calls <paramref name="row"/> for each row.
    /// </summary>
    /// <exception cref="SqliteException">SQLite refused the statement or failed while stepping it.</exception>
    public static void ForEach(SqliteConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, Action<Row> row,
        CancellationToken cancellationToken)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, "@" + name);
                if (index == 0)
                {
                    continue;
                }
                Check(handle, value switch
                {
                    null => raw.sqlite3_bind_null(statement, index),
                    string s => raw.sqlite3_bind_text(statement, index, s),
                    int i => raw.sqlite3_bind_int64(statement, index, i),
                    long l => raw.sqlite3_bind_int64(statement, index, l),
                    _ => throw new NotSupportedException($"SQLite rows: no SQLite form for a {value.GetType().Name} (parameter {name})."),
                });
            }
            var reader = new Row(statement);
            var count = 0;
            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                row(reader);
                if (++count % 65_536 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            if (result != raw.SQLITE_DONE)
            {
                Check(handle, result);
            }
        }
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(handle));
        }
    }

    /// <summary>The current row of a statement being stepped; valid only inside the callback.</summary>
    public readonly struct Row
    {
        private readonly sqlite3_stmt _statement;

        internal Row(sqlite3_stmt statement) => _statement = statement;

        public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

        public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

        /// <summary>The cell's text as UTF-8 bytes (empty for an empty text or NULL).</summary>
        public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);
    }
}

/// <summary>
/// Small integer codes for the distinct texts of a column read as UTF-8 bytes (<see cref="SqliteRows.Row.Utf8"/>): the
/// same bytes always get the same code, and <see cref="this[int]"/> gives each code's one string back. A column of a
/// million rows with a few hundred distinct values allocates a few hundred strings; a lookup hashes and compares bytes
/// (open addressing, FNV-1a), no text is decoded on the way.
/// </summary>
public sealed class Utf8Interner
{
    private int[] _slots = Empty(64);
    private readonly List<byte[]> _bytes = [];
    private readonly List<uint> _hashes = [];
    private readonly List<string> _texts = [];

    /// <summary>The text of <paramref name="code"/>.</summary>
    public string this[int code] => _texts[code];

    /// <summary>The code of the text whose UTF-8 bytes are <paramref name="utf8"/>, a new one the first time.</summary>
    public int Code(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }
        var mask = _slots.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var code = _slots[slot];
            if (code < 0)
            {
                return Add(utf8, hash, slot);
            }
            if (_hashes[code] == hash && utf8.SequenceEqual(_bytes[code]))
            {
                return code;
            }
        }
    }

    private int Add(ReadOnlySpan<byte> utf8, uint hash, int slot)
    {
        var code = _texts.Count;
        _bytes.Add(utf8.ToArray());
        _hashes.Add(hash);
        _texts.Add(Encoding.UTF8.GetString(utf8));
        _slots[slot] = code;
        if (_texts.Count * 2 > _slots.Length)
        {
            // Keep the table at most half full: twice the slots, every code placed again.
            _slots = Empty(_slots.Length * 2);
            var mask = _slots.Length - 1;
            for (var c = 0; c < _hashes.Count; c++)
            {
                var s = (int)(_hashes[c] & (uint)mask);
                while (_slots[s] >= 0)
                {
                    s = (s + 1) & mask;
                }
                _slots[s] = c;
            }
        }
        return code;
    }

    private static int[] Empty(int size)
    {
        var slots = new int[size];
        Array.Fill(slots, -1);
        return slots;
    }
}
