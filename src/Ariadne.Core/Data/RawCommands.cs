using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Data;

/// <summary>Hand-written statements on a context's own connection (for reads EF Core's translation makes slow).</summary>
public static class RawCommands
{
    /// <summary>
    /// A command for <paramref name="sql"/> on <paramref name="db"/>'s connection, in its current transaction if any, with
    /// <paramref name="parameters"/> bound by name (<c>@name</c> in the text; values, never concatenated).
    /// </summary>
    public static DbCommand Create(DbContext db, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
