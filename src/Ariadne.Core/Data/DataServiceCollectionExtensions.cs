using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AppDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddAriadneData(this IServiceCollection services, DatabaseOptions database)
    {
        services.AddSingleton(database);
        services.AddScoped<SchemaState>();
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => ConfigureSqlite(o, database.ConnectionString));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => ConfigurePostgres(o, database.ConnectionString));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider.");
        }
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable("__EFMigrationsHistory"));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    /// <summary>Creates a context outside dependency injection (CLI commands, tests, benchmarks).</summary>
    public static AppDbContext CreateContext(DatabaseOptions database) => database.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAppDbContext(Build<SqliteAppDbContext>(o => ConfigureSqlite(o, database.ConnectionString))),
        DatabaseProvider.Postgres => new PostgresAppDbContext(Build<PostgresAppDbContext>(o => ConfigurePostgres(o, database.ConnectionString))),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider."),
    };

    /// <summary>
    /// Brings the schema up to date. SQLite files are switched to write-ahead logging, which lets readers
    /// (the web UI) proceed while an import writes.
    /// </summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            if (connection.DataSource is { Length: > 0 } path && !path.Equals(":memory:", StringComparison.Ordinal))
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static DbContextOptions<T> Build<T>(Action<DbContextOptionsBuilder> configure)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder);
        return builder.Options;
    }
}
