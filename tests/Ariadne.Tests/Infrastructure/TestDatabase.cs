using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ariadne.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database owned by one test, on either provider. SQLite is a temporary file; PostgreSQL is a new
/// database on the server named by <c>ARIADNE_TEST_POSTGRES</c> (set by ./test.sh). Without that variable PostgreSQL
/// tests are skipped locally and fail on CI (CI=true), so a green CI run always includes them.
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

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(),
            DatabaseProvider.Postgres => await CreatePostgresAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        if (migrate)
        {
            await using var db = database.NewContext();
            await DataServiceCollectionExtensions.MigrateAsync(db, TestContext.Current.CancellationToken);
        }
        return database;
    }

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

    private static TestDatabase CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ariadne-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseOptions.Parse(path), path, null, null);
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = RequirePostgresServer();
        var name = $"ariadne_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        return new TestDatabase(DatabaseOptions.Parse(builder.ConnectionString), null, server, name);
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
