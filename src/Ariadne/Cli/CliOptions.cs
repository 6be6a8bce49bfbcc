using System.CommandLine;
using Ariadne.Core.Data;

namespace Ariadne.Cli;

/// <summary>Options shared by every command.</summary>
public static class CliOptions
{
    public const string DatabaseEnvironmentVariable = "ARIADNE_DATABASE";

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "SQLite file path or PostgreSQL connection string (default: $ARIADNE_DATABASE, else ariadne.db).",
        Recursive = true,
    };

    /// <summary>The database named on the command line, else in the environment, else <paramref name="fallback"/>.</summary>
    public static DatabaseOptions ResolveDatabase(ParseResult parseResult, string fallback = DatabaseOptions.DefaultSqlitePath) =>
        DatabaseOptions.Parse(parseResult.GetValue(Database)
            ?? Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable)
            ?? fallback);
}
