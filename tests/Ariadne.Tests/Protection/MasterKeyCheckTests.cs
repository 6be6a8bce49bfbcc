using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Ariadne.Core.Users;
using Ariadne.Tests.Audit;
using Ariadne.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Tests.Protection;

/// <summary>
/// A wrong or missing master key fails closed (security issue #12, finding 1): with another key under the same id, a
/// key id missing from the list, or a lost key file, the web app, <c>serve</c>'s preparation and every command refuse
/// before anything is read or written, naming the key id; a matching key works as before.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class MasterKeyCheckTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Another key under the id "test-a" (32 bytes 0x43): what a typo or another server's key file gives.</summary>
    private static readonly string WrongEntryA = "test-a:" + Convert.ToBase64String(Enumerable.Repeat((byte)0x43, MasterKeyRing.KeySize).ToArray());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_WrongKeyUnderTheSameId_RefusesNamingTheKeyAndWritesNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var app = await TestApp.StartAsync(provider, sharedDatabase: database))
        {
            var client = await app.ClientAsAsync("worker", "NGO A", Roles.CaseWorker);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/cases", ProtectionTestData.Distinctive(), Json, ct)).StatusCode);
        }
        var before = await SnapshotAsync(database);

        var error = await Assert.ThrowsAsync<MasterKeyMismatchException>(() =>
            TestApp.StartAsync(provider, keys: TestKeys.Ring(WrongEntryA), sharedDatabase: database));

        Assert.StartsWith("Master key 'test-a' does not match this database (check value differs)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["test-a"], error.KeyIds);
        Assert.Equal(before, await SnapshotAsync(database));

        // The right key still opens everything.
        await using var again = await TestApp.StartAsync(provider, sharedDatabase: database);
        var reader = await again.ClientAsAsync("reader", "NGO A", Roles.CaseWorker);
        var cases = await reader.GetAsync("/api/v1/cases", ct);
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_WrongKeyOnDatabaseWithoutCheckValues_RefusedBecauseAStoredKeyDoesNotOpen(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using (var db = database.NewContext())
        {
            await ProtectionTestData.Service(db, TestKeys.Default).CreateAsync(ProtectionTestData.Distinctive(), organisation, CaseViewer.LocalOperator, ct);
        }
        var before = await SnapshotAsync(database);

        var error = await Assert.ThrowsAsync<MasterKeyMismatchException>(() =>
            TestApp.StartAsync(provider, keys: TestKeys.Ring(WrongEntryA), sharedDatabase: database));

        Assert.StartsWith("Master key 'test-a' does not match this database (a key wrapped under it does not open)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(database));
        await using var check = database.NewContext();
        Assert.Empty(await check.MasterKeyChecks.ToListAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_DataUnderAKeyIdNotConfigured_Refuses(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using (var db = database.NewContext())
        {
            await ProtectionTestData.Service(db, TestKeys.Default).CreateAsync(ProtectionTestData.Distinctive(), organisation, CaseViewer.LocalOperator, ct);
        }

        var error = await Assert.ThrowsAsync<MasterKeyMismatchException>(() =>
            TestApp.StartAsync(provider, keys: TestKeys.Ring(TestKeys.EntryB), sharedDatabase: database));

        Assert.StartsWith("This database holds data protected under master key 'test-a' (1 data keys), which is not configured.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_WrongKeyUnderTheSameId_EveryCommandExit1NamingTheKey(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var connection = database.Options.ConnectionString;
        var (migrated, _, migrateError) = await CliRunner.RunAsync("migrate", "--database", connection);
        Assert.True(migrated == 0, migrateError);
        var (imported, _, importError) = await CliRunner.RunAsync("users", "add", "cli-worker", "--role", "CaseWorker", "--organisation", "Synthetic NGO",
            "--password", TestApp.Password, "--database", connection);
        Assert.True(imported == 0, importError);
        var before = await AuditCountAsync(database);

        var (status, statusOutput, statusError) = await CliRunner.RunWithKeysAsync(WrongEntryA, "keys", "status", "--database", connection);
        var (rotate, _, rotateError) = await CliRunner.RunWithKeysAsync(WrongEntryA + "," + TestKeys.EntryB, "keys", "rotate", "--database", connection);
        var (users, _, usersError) = await CliRunner.RunWithKeysAsync(WrongEntryA, "users", "add", "cli-other", "--role", "CaseWorker", "--organisation", "Synthetic NGO",
            "--password", TestApp.Password, "--database", connection);
        var (migrate, _, migrateAgainError) = await CliRunner.RunWithKeysAsync(WrongEntryA, "migrate", "--database", connection);

        Assert.Equal(1, status);
        Assert.Contains("  test-a: 0 data keys; check value stored (active); FAILED", statusOutput, StringComparison.Ordinal);
        Assert.Contains("ariadne: Master key 'test-a' does not match this database (check value differs)", statusError, StringComparison.Ordinal);
        foreach (var (exit, error) in new[] { (rotate, rotateError), (users, usersError), (migrate, migrateAgainError) })
        {
            Assert.Equal(1, exit);
            Assert.StartsWith("ariadne: Master key 'test-a' does not match this database (check value differs)", error, StringComparison.Ordinal);
        }
        Assert.Equal(before, await AuditCountAsync(database));
        await using var db = database.NewContext();
        Assert.Null(await db.MasterKeyChecks.SingleOrDefaultAsync(c => c.KeyId == "test-b", TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeysStatus_MatchingKeys_Exit0AndEveryKeyOk(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organisation = await ProtectionTestData.AddOrganisationAsync(database);
        await using (var db = database.NewContext())
        {
            await ProtectionTestData.Service(db, TestKeys.Default).CreateAsync(ProtectionTestData.Distinctive(), organisation, CaseViewer.LocalOperator, ct);
        }
        var both = TestKeys.EntryA + "," + TestKeys.EntryB;

        var (status, output, error) = await CliRunner.RunAsync("keys", "status", "--database", database.Options.ConnectionString);
        var (rotate, _, rotateError) = await CliRunner.RunWithKeysAsync(both, "keys", "rotate", "--database", database.Options.ConnectionString);
        var (after, afterOutput, afterError) = await CliRunner.RunWithKeysAsync(both, "keys", "status", "--database", database.Options.ConnectionString);

        Assert.True(status == 0, error);
        Assert.Contains("  test-a: 1 data keys; no check value yet, a wrapped key opens (active); OK", output, StringComparison.Ordinal);
        Assert.True(rotate == 0, rotateError);
        Assert.True(after == 0, afterError);
        Assert.Contains("  test-a: 0 data keys; check value stored; OK", afterOutput, StringComparison.Ordinal);
        Assert.Contains("  test-b: 1 data keys; check value stored, a wrapped key opens (active); OK", afterOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_LostBesideADatabaseWithWrappedKeys_NotRecreatedAndEveryCommandRefuses()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var path = database.Options.ConnectionString;
        var keyFile = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(path).DataSource + ".keys";
        try
        {
            // First start without a configured key: the key file is created beside the new database.
            var (migrated, _, migrateError) = await CliRunner.RunWithKeysAsync("", "migrate", "--database", path);
            Assert.True(migrated == 0, migrateError);
            Assert.True(File.Exists(keyFile));
            File.Delete(keyFile);

            var (status, _, statusError) = await CliRunner.RunWithKeysAsync("", "keys", "status", "--database", path);
            var (migrate, _, migrateAgainError) = await CliRunner.RunWithKeysAsync("", "migrate", "--database", path);

            Assert.Equal(1, status);
            Assert.Contains("holds data protected under master keys, but its key file", statusError, StringComparison.Ordinal);
            Assert.Contains("is missing. A new key could not read that data, so none is created", statusError, StringComparison.Ordinal);
            Assert.Equal(1, migrate);
            Assert.Contains("so none is created", migrateAgainError, StringComparison.Ordinal);
            Assert.False(File.Exists(keyFile));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task KeyFile_ReplacedByANewKeyUnderTheSameId_Refused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var path = database.Options.ConnectionString;
        var keyFile = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(path).DataSource + ".keys";
        try
        {
            var (migrated, _, migrateError) = await CliRunner.RunWithKeysAsync("", "migrate", "--database", path);
            Assert.True(migrated == 0, migrateError);
            await File.WriteAllTextAsync(keyFile, MasterKeyRing.NewEntry("k1") + "\n", TestContext.Current.CancellationToken);

            var (exit, _, error) = await CliRunner.RunWithKeysAsync("", "migrate", "--database", path);

            Assert.Equal(1, exit);
            Assert.StartsWith("ariadne: Master key 'k1' does not match this database (check value differs)", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static async Task<int> AuditCountAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.CountAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var ct = TestContext.Current.CancellationToken;
        var persons = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.IdentityCiphertext }).ToListAsync(ct);
        var keys = await db.PersonKeys.AsNoTracking().OrderBy(k => k.PersonId).ToListAsync(ct);
        var checks = await db.MasterKeyChecks.AsNoTracking().OrderBy(c => c.KeyId).ToListAsync(ct);
        var audit = await db.AuditEntries.CountAsync(ct);
        return string.Join("|", persons.Select(p => $"{p.Id}:{Convert.ToBase64String(p.IdentityCiphertext ?? [])}"))
            + string.Join("|", keys.Select(k => $"{k.PersonId}:{k.KekId}:{Convert.ToBase64String(k.WrappedKey)}"))
            + string.Join("|", checks.Select(c => $"{c.KeyId}:{Convert.ToBase64String(c.CheckValue)}"))
            + "|" + audit;
    }
}
