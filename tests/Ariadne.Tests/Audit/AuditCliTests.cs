using Ariadne.Cli;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Audit;

/// <summary>The console is process-wide: these tests capture it, so they run alone.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>
/// An attacker with database access: drops the append-only triggers, then edits, deletes or reorders rows with raw SQL.
/// <c>ariadne audit verify</c> exits 1 and names the first broken entry (issue #3).
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class AuditCliTests
{
    public static TheoryData<DatabaseProvider, string, string> Attacks
    {
        get
        {
            var data = new TheoryData<DatabaseProvider, string, string>();
            foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            {
                data.Add(provider, """UPDATE "AuditEntries" SET "ActorName" = 'someone-else' WHERE "Sequence" = 3""", "#3: altered");
                data.Add(provider, """UPDATE "AuditEntries" SET "Hash" = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' WHERE "Sequence" = 3""", "#3: altered");
                data.Add(provider, """DELETE FROM "AuditEntries" WHERE "Sequence" = 3""", "#3: deleted");
                data.Add(provider, """
                    UPDATE "AuditEntries" SET "Sequence" = -1 WHERE "Sequence" = 3;
                    UPDATE "AuditEntries" SET "Sequence" = 3 WHERE "Sequence" = 4;
                    UPDATE "AuditEntries" SET "Sequence" = 4 WHERE "Sequence" = -1;
                    """, "#3: reordered");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_IntactLog_Exit0(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);

        var (exit, output, error) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);

        Assert.True(exit == 0, error);
        Assert.Contains("Audit log verified: 5 entries, chain intact.", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Verify_TamperedWithRawSql_Exit1AndNamesTheEntry(DatabaseProvider provider, string sql, string expected)
    {
        await using var database = await SeededAsync(provider);
        await TamperAsync(database, sql);

        var (exit, _, error) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);

        Assert.Equal(1, exit);
        Assert.Contains($"Audit log broken at entry {expected} (", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_TruncatedTail_OnlyDetectedWithExpectHead(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        var (_, before, _) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);
        var head = before.Split('\n').Single(l => l.StartsWith("Head: ", StringComparison.Ordinal))["Head: ".Length..].Trim();
        await TamperAsync(database, """DELETE FROM "AuditEntries" WHERE "Sequence" = 5""");

        var (plain, _, _) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);
        var (anchored, _, error) = await CliRunner.RunAsync("audit", "verify", "--expect-head", head, "--database", database.Options.ConnectionString);

        Assert.Equal(0, plain);
        Assert.Equal(1, anchored);
        Assert.Contains("Audit log broken at entry #5: deleted (", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FilterByActionAsJson_OneObjectPerLine()
    {
        await using var database = await SeededAsync(DatabaseProvider.Sqlite);

        var (exit, output, error) = await CliRunner.RunAsync("audit", "list", "--action", AuditActions.CaseCreate, "--format", "json", "--database", database.Options.ConnectionString);
        var (all, text, _) = await CliRunner.RunAsync("audit", "list", "--actor", AuditActor.LocalOperatorPrefix, "--from", "2026-06-15", "--to", "2026-06-15", "--database", database.Options.ConnectionString);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"action\":\"case-create\"", l, StringComparison.Ordinal));
        Assert.Equal(0, all);
        Assert.Equal(5, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task UsersAdd_Cli_AuditedAsLocalOperator()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, _, error) = await CliRunner.RunAsync("users", "add", "cli-auditor", "--role", "Auditor", "--organisation", "Synthetic Oversight",
            "--password", TestApp.Password, "--database", database.Options.ConnectionString);

        Assert.True(exit == 0, error);
        await using var db = database.NewContext();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([AuditActions.UserCreate, AuditActions.RoleChange], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal($"local operator ({Environment.UserName})", e.ActorName));
    }

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var log = AuditLogTests.NewLog(database);
        foreach (var action in new[] { AuditActions.SignIn, AuditActions.CaseCreate, AuditActions.CaseUpdate, AuditActions.CaseCreate, AuditActions.SignOut })
        {
            await log.AppendAsync(new AuditRecord(action, AuditOutcomes.Success, "case", Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        }
        return database;
    }

    /// <summary>What an attacker with database access does: removes the append-only triggers, then runs raw SQL.</summary>
    private static async Task TamperAsync(TestDatabase database, string sql)
    {
        await using var db = database.NewContext();
        await db.Database.ExecuteSqlRawAsync(database.Provider == DatabaseProvider.Sqlite
            ? "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;"
            : """DROP TRIGGER audit_entries_no_update_or_delete ON "AuditEntries";""", TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken);
    }
}
