using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ariadne.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database owned by one test, on either provider. SQLite is a temporary file; PostgreSQL is a new
/// database on the server named by <c>ARIADNE_TEST_POSTGRES</c> (set by ./test.sh). Without that variable PostgreSQL
/// tests are skipped locally and fail on CI (CI=true), so a green CI run always includes them.
/// A migrated database is a copy of one template per provider and test run, migrated once: a file copy for SQLite,
/// <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL. Running the migration for each of about a thousand databases
/// cost more CI time than any test.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresEnvironmentVariable = "ARIADNE_TEST_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresServer;
    private readonly string? _postgresDatabase;

    private TestDatabase(DatabaseOptions options, string? sqlitePath, string? postgresServer, string? postgresDatabase)
    {
        Options = options;
        _sqlitePath = sqlitePath;
        _postgresServer = postgresServer;
        _postgresDatabase = postgresDatabase;
    }

    public DatabaseOptions Options { get; }

    public DatabaseProvider Provider => Options.Provider;

    /// <summary>The providers every persistence test runs on.</summary>
    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync);

    /// <summary>A new database; with <paramref name="migrate"/> a copy of the migrated template, else empty.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true) => provider switch
    {
        DatabaseProvider.Sqlite => await CreateSqliteAsync(migrate ? await SqliteTemplate.Value : null),
        DatabaseProvider.Postgres => await CreatePostgresAsync(migrate ? await PostgresTemplate.Value : null),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public AppDbContext NewContext() => DataServiceCollectionExtensions.CreateContext(Options);

    /// <summary>The PostgreSQL server connection string, or a skip (locally) / failure (on CI) when none is configured.</summary>
    public static string RequirePostgresServer()
    {
        var server = Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{PostgresEnvironmentVariable} is not set: PostgreSQL tests are required on CI. Run ./test.sh.");
        }
        Assert.Skip($"{PostgresEnvironmentVariable} is not set; run ./test.sh to include PostgreSQL.");
        return "";
    }

    private static async Task<TestDatabase> CreateSqliteAsync(string? templatePath)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-test-{Guid.NewGuid():N}.db");
        if (templatePath is not null)
        {
            await using var source = File.OpenRead(templatePath);
            await using var target = File.Create(path);
            await source.CopyToAsync(target, TestContext.Current.CancellationToken);
        }
        return new TestDatabase(DatabaseOptions.Parse(path), path, null, null);
    }

    private static async Task<TestDatabase> CreatePostgresAsync(string? templateName)
    {
        var server = RequirePostgresServer();
        var name = $"ariadne_test_{Guid.NewGuid():N}";
        await CreatePostgresDatabaseAsync(server, name, templateName, TestContext.Current.CancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        return new TestDatabase(DatabaseOptions.Parse(builder.ConnectionString), null, server, name);
    }

    private static async Task CreatePostgresDatabaseAsync(string server, string name, string? templateName, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        var template = templateName is null ? "" : $" TEMPLATE \"{templateName}\"";
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{template}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Migrates a template file once per test run. The migration leaves the file in WAL mode; a truncating checkpoint
    /// moves every page into the main file, so a copy of that file alone is the whole database.
    /// </summary>
    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var template = await CreateSqliteAsync(null);
        await using (var db = template.NewContext())
        {
            await DataServiceCollectionExtensions.MigrateAsync(db, CancellationToken.None);
            await db.Database.OpenConnectionAsync(CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        var path = template._sqlitePath!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        };
        return path;
    }

    /// <summary>
    /// Migrates a template database once per test run. Its connections are not pooled, so none is open when a test's
    /// database is copied from it (PostgreSQL refuses to copy a template somebody is connected to).
    /// </summary>
    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var server = RequirePostgresServer();
        var name = $"ariadne_template_{Guid.NewGuid():N}";
        await CreatePostgresDatabaseAsync(server, name, null, CancellationToken.None);
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        await using (var db = DataServiceCollectionExtensions.CreateContext(DatabaseOptions.Parse(builder.ConnectionString)))
        {
            await DataServiceCollectionExtensions.MigrateAsync(db, CancellationToken.None);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        };
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }
        if (_postgresServer is not null && _postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
