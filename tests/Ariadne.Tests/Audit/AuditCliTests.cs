using Ariadne.Audit;
using Ariadne.Cli;
using Ariadne.Core.Audit;
using Ariadne.Core.Data;
using Ariadne.Core.Users;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_EntryRewrittenWithEveryFollowingHashRecomputed_Exit1Forged(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        await TamperAsync(database, "SELECT 1");
        await using (var db = database.NewContext())
        {
            // The attacker knows the open hash algorithm: edits #3 and recomputes every hash and link from there on.
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
            entries[2].ActorName = "someone-else";
            for (var i = 2; i < entries.Count; i++)
            {
                entries[i].PreviousHash = entries[i - 1].Hash;
                entries[i].Hash = AuditHash.Compute(entries[i]);
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.True(AuditChain.Verify(entries).IsIntact);
        }

        var (exit, _, error) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);

        Assert.Equal(1, exit);
        Assert.Contains("Audit log broken at entry #3: forged (", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_EntryAppendedWithACorrectLink_Exit1ForgedEvenWithExpectHead(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        var (_, before, _) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);
        var head = before.Split('\n').Single(l => l.StartsWith("Head: ", StringComparison.Ordinal))["Head: ".Length..].Trim();
        await using (var db = database.NewContext())
        {
            // Inserting needs no trigger to be dropped: the log is append-only, and the link and hash are right.
            var forged = new AuditEntry
            {
                Sequence = 6,
                AtUtc = AuditHash.TruncateToMicroseconds(TestApp.Now.UtcDateTime.AddMinutes(1)),
                ActorName = "admin",
                Action = AuditActions.SignIn,
                Outcome = AuditOutcomes.Success,
                PreviousHash = head,
                Hash = "",
            };
            forged.Hash = AuditHash.Compute(forged);
            forged.Mac = AuditHash.ComputeMac(forged, new byte[32]);
            db.AuditEntries.Add(forged);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (plain, _, plainError) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);
        var (anchored, _, anchoredError) = await CliRunner.RunAsync("audit", "verify", "--expect-head", head, "--database", database.Options.ConnectionString);

        Assert.Equal(1, plain);
        Assert.Contains("Audit log broken at entry #6: forged (", plainError, StringComparison.Ordinal);
        Assert.Equal(1, anchored);
        Assert.Contains("Audit log broken at entry #6: forged (", anchoredError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_TruncatedTail_DetectedWithACheckpoint(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        var file = Path.Combine(Path.GetTempPath(), $"ariadne-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            var (written, writtenOutput, writtenError) = await CliRunner.RunAsync("audit", "checkpoint", "--out", file, "--database", database.Options.ConnectionString);
            Assert.True(written == 0, writtenError);
            Assert.Contains("Audit checkpoint of entry #5 written to", writtenOutput, StringComparison.Ordinal);
            var (intact, _, intactError) = await CliRunner.RunAsync("audit", "verify", "--checkpoint", file, "--database", database.Options.ConnectionString);
            Assert.True(intact == 0, intactError);
            await TamperAsync(database, """DELETE FROM "AuditEntries" WHERE "Sequence" = 5""");

            var (plain, _, _) = await CliRunner.RunAsync("audit", "verify", "--database", database.Options.ConnectionString);
            var (anchored, _, error) = await CliRunner.RunAsync("audit", "verify", "--checkpoint", file, "--database", database.Options.ConnectionString);

            Assert.Equal(0, plain);
            Assert.Equal(1, anchored);
            Assert.Contains("Audit log broken at entry #5: deleted (the checkpoint of ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Verify_CheckpointChangedOrFromAnotherKey_Exit2()
    {
        await using var database = await SeededAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(Path.GetTempPath(), $"ariadne-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            var (_, json, _) = await CliRunner.RunAsync("audit", "checkpoint", "--database", database.Options.ConnectionString);
            var checkpoint = AuditCheckpoint.Parse(json);
            Assert.True(checkpoint.IsAuthentic(TestKeys.Default.AuditSecret));
            Assert.Equal(5, checkpoint.Sequence);
            // Pretends the log was longer, so a later truncation to 5 entries would look legitimate.
            await File.WriteAllTextAsync(file, (checkpoint with { Sequence = 4 }).ToJson(), TestContext.Current.CancellationToken);

            var (exit, _, error) = await CliRunner.RunAsync("audit", "verify", "--checkpoint", file, "--database", database.Options.ConnectionString);

            Assert.Equal(2, exit);
            Assert.StartsWith("ariadne: --checkpoint: The checkpoint is not authentic", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_Checkpoint_WrittenToTheConfiguredFileAndVerifies(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"ariadne-checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            // The schedule is off (interval 0) so that only the call below writes the file.
            await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?>
            {
                ["Audit:CheckpointPath"] = file,
                ["Audit:CheckpointInterval"] = "00:00:00",
            });
            await app.ClientAsAsync("auditor", "Synthetic Oversight", Roles.Auditor);

            var checkpoint = await app.Services.GetRequiredService<AuditCheckpointService>().WriteCheckpointAsync(ct);
            var (exit, _, error) = await CliRunner.RunAsync("audit", "verify", "--checkpoint", file, "--database", app.Database.Options.ConnectionString);

            Assert.NotNull(checkpoint);
            Assert.True(checkpoint.Sequence > 0);
            Assert.Equal(checkpoint.ToJson(), (await File.ReadAllTextAsync(file, ct)).Trim());
            Assert.True(checkpoint.IsAuthentic(TestKeys.Default.AuditSecret));
            Assert.True(exit == 0, error);
        }
        finally
        {
            File.Delete(file);
        }
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
