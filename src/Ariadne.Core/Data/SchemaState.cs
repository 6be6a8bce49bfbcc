using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Data;

/// <summary>Where a database's schema stands against the migrations this build carries.</summary>
public enum SchemaStatus
{
    /// <summary>No database yet, or one without any table: it may be created from scratch.</summary>
    New,

    /// <summary>Every migration is applied.</summary>
    UpToDate,

    /// <summary>The database holds tables but some migrations are not applied: only <c>ariadne migrate</c> or <c>serve</c> upgrade it.</summary>
    OutOfDate,
}

/// <summary>A schema's status and the migrations still to apply (empty unless <see cref="SchemaStatus.OutOfDate"/>).</summary>
public sealed record SchemaReport(SchemaStatus Status, IReadOnlyList<string> PendingMigrations);

/// <summary>
/// The one place that decides what happens to a database's schema. <c>migrate</c> and <c>serve</c> upgrade
/// (<see cref="UpgradeAsync"/>); every other command may create a brand-new database but refuses an existing one that is
/// out of date (<see cref="PrepareAsync"/>), so that an upgrade is always a deliberate step.
/// </summary>
public sealed class SchemaState(AppDbContext db)
{
    /// <summary>Inspects the schema without changing anything.</summary>
    public async Task<SchemaReport> InspectAsync(CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken) || !await creator.HasTablesAsync(cancellationToken))
        {
            return new SchemaReport(SchemaStatus.New, []);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return new SchemaReport(pending.Count == 0 ? SchemaStatus.UpToDate : SchemaStatus.OutOfDate, pending);
    }

    /// <summary>
    /// Creates a brand-new database; leaves an up-to-date one alone; changes nothing in an out-of-date one and returns
    /// its report, which the caller refuses.
    /// </summary>
    public async Task<SchemaReport> PrepareAsync(CancellationToken cancellationToken)
    {
        var report = await InspectAsync(cancellationToken);
        if (report.Status == SchemaStatus.New)
        {
            await UpgradeAsync(cancellationToken);
            return new SchemaReport(SchemaStatus.UpToDate, []);
        }
        return report;
    }

    /// <summary>Creates or upgrades the schema (<c>migrate</c> and <c>serve</c>).</summary>
    public Task UpgradeAsync(CancellationToken cancellationToken) => DataServiceCollectionExtensions.MigrateAsync(db, cancellationToken);

    /// <summary>The one line a command prints when it refuses an out-of-date database.</summary>
    public static string Refusal(DatabaseOptions database, SchemaReport report) =>
        $"the database {database.Describe()} is out of date (pending migrations: {string.Join(", ", report.PendingMigrations)}); run `ariadne migrate` to upgrade it first.";

    /// <summary>True when <paramref name="database"/> is a SQLite file that does not exist yet (nothing to read from it).</summary>
    public static bool IsMissingSqliteFile(DatabaseOptions database) =>
        database.Provider == DatabaseProvider.Sqlite && !File.Exists(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);

    /// <summary>The message worth showing for a failed database write: the provider's own reason rather than EF's wrapper.</summary>
    public static Exception Innermost(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null && inner is DbUpdateException)
        {
            inner = inner.InnerException;
        }
        return inner;
    }
}
