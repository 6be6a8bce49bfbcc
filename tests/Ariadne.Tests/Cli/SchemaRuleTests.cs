using Ariadne.Core.Data;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Tests.Cli;

/// <summary>
/// The schema rule of the command line: any command may create a brand-new database; an existing database that is out
/// of date is upgraded only by <c>migrate</c> (and <c>serve</c>), every other command refuses it with exit 1, one stderr
/// line naming the database and <c>ariadne migrate</c>, and changes nothing.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SchemaRuleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportGlotip_AsTheFirstCommandOnABrandNewDatabase_CreatesItAndImports(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        Assert.Equal(SchemaStatus.New, await InspectAsync(database));

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "import", "glotip", TestData.Path("ctdc", "data_glotip.xlsx"));

        Assert.True(exit == 0, error);
        Assert.StartsWith("Imported ", output, StringComparison.Ordinal);
        Assert.Equal(SchemaStatus.UpToDate, await InspectAsync(database));
        await using var db = database.NewContext();
        Assert.True(await db.GlotipStatistics.AnyAsync(Ct));
    }

    /// <summary>A command that never migrated before (it failed on a missing table) now works on a brand-new database too.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TokensList_OnABrandNewDatabase_CreatesItAndListsNone(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "tokens", "list");

        Assert.True(exit == 0, error);
        Assert.Equal("0 token(s).", output.Trim());
        Assert.Equal(SchemaStatus.UpToDate, await InspectAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Commands_OnAnOutOfDateDatabase_RefuseWithOneLineNamingMigrate_AndChangeNothing(DatabaseProvider provider)
    {
        await using var database = await OutOfDateAsync(provider);
        var before = await TablesAsync(database);

        foreach (var args in new[]
        {
            new[] { "users", "add", "someone", "--role", "CaseWorker", "--organisation", "NGO A", "--password", "a long synthetic passphrase 42" },
            ["import", "glotip", TestData.Path("ctdc", "data_glotip.xlsx")],
            ["tokens", "list"],
        })
        {
            var (exit, output, error) = await CliRunner.RunAsync(["--database", database.Options.ConnectionString, .. args]);

            Assert.Equal(1, exit);
            Assert.Equal("", output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Equal($"ariadne: the database {database.Options.Describe()} is out of date (pending migrations: {string.Join(", ", await PendingAsync(database))}); run `ariadne migrate` to upgrade it first.", line);
        }

        Assert.Equal(before, await TablesAsync(database));
        Assert.Equal(SchemaStatus.OutOfDate, await InspectAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_UpgradesAnOutOfDateDatabase_ThenCommandsWork(DatabaseProvider provider)
    {
        await using var database = await OutOfDateAsync(provider);

        var (exit, output, error) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "migrate");

        Assert.True(exit == 0, error);
        Assert.Contains($"Database {database.Options.Describe()} is up to date.", output, StringComparison.Ordinal);
        Assert.Equal(SchemaStatus.UpToDate, await InspectAsync(database));
        Assert.Empty(await PendingAsync(database));
        var (listExit, listed, listError) = await CliRunner.RunAsync("--database", database.Options.ConnectionString, "tokens", "list");
        Assert.True(listExit == 0, listError);
        Assert.Equal("0 token(s).", listed.Trim());
    }

    /// <summary>
    /// A database an earlier build started: EF's migration history table is there, but none of this build's migrations
    /// is applied, so <c>GetPendingMigrations</c> lists them (the squashed <c>Initial</c> is the only one; its <c>Down</c>
    /// leaves PostgreSQL functions behind, so "migrate to 0" is no honest way back).
    /// </summary>
    private static async Task<TestDatabase> OutOfDateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.NewContext();
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(Ct))
        {
            await creator.CreateAsync(Ct);
        }
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(Ct);
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(Ct));
        return database;
    }

    private static async Task<SchemaStatus> InspectAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return (await new SchemaState(db).InspectAsync(Ct)).Status;
    }

    private static async Task<List<string>> PendingAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return [.. await db.Database.GetPendingMigrationsAsync(Ct)];
    }

    /// <summary>The tables the database holds, and how many rows its migration history has.</summary>
    private static async Task<string> TablesAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var tables = database.Provider == DatabaseProvider.Sqlite
            ? await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' ORDER BY name").ToListAsync(Ct)
            : await db.Database.SqlQueryRaw<string>("SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name").ToListAsync(Ct);
        var history = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync(Ct);
        return string.Join(",", tables) + $"; history rows: {history}";
    }
}
