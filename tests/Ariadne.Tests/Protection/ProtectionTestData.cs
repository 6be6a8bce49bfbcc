using System.Diagnostics;
using System.Text;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using Ariadne.Tests.Cases;
using Ariadne.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Ariadne.Tests.Protection;

/// <summary>Synthetic identifying values that occur nowhere else, and ways to look for them at rest.</summary>
internal static class ProtectionTestData
{
    public static CaseInput Distinctive(string suffix = "") => CaseApiTests.ValidInput() with
    {
        GivenName = "Zyxwvutsrq" + suffix,
        FamilyName = "Qponmlkjih",
        Aliases = ["Aliasvwxyz"],
        DateOfBirth = new DateOnly(1991, 7, 23),
        DocumentType = "passport",
        DocumentNumber = "QX-98765432" + suffix,
        Phone = "+49 30 5550199",
        Email = "zyxwvutsrq@example.org",
        Address = "Plaintextweg 4711, Nirgendwo",
        Narrative = "Unmistakable synthetic narrative sentence about Wyxzvq.",
    };

    /// <summary>The values of <see cref="Distinctive"/> that must never be found in the database's bytes.</summary>
    public static readonly string[] Secrets =
    [
        "Zyxwvutsrq", "Qponmlkjih", "Aliasvwxyz", "1991-07-23", "QX-98765432", "98765432", "5550199",
        "zyxwvutsrq@example.org", "Plaintextweg", "Unmistakable synthetic narrative", "Wyxzvq",
    ];

    /// <summary>The secrets found in <paramref name="bytes"/>, as UTF-8 or UTF-16.</summary>
    public static List<string> Find(byte[] bytes, IEnumerable<string> secrets) =>
        [.. secrets.Where(s => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) >= 0
            || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(s)) >= 0
            || bytes.AsSpan().IndexOf(Encoding.BigEndianUnicode.GetBytes(s)) >= 0)];

    /// <summary>
    /// Everything the database holds, as bytes: the SQLite file (and what is left of its write-ahead log after a
    /// checkpoint), or a plain-text pg_dump of the PostgreSQL database.
    /// </summary>
    public static async Task<byte[]> DatabaseBytesAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
            await using (var connection = new SqliteConnection(database.Options.ConnectionString))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            SqliteConnection.ClearAllPools();
            var bytes = new List<byte>();
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
            {
                // Shared read: the application may still hold the file open.
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory, TestContext.Current.CancellationToken);
                bytes.AddRange(memory.ToArray());
            }
            return [.. bytes];
        }
        return await PgDumpAsync(database);
    }

    private static async Task<byte[]> PgDumpAsync(TestDatabase database)
    {
        var pgDump = Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin", "pg_dump"))
            .Where(File.Exists)
            .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException("pg_dump not found under /usr/lib/postgresql/*/bin.");
        var connection = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        var start = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--no-password", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database! })
        {
            start.ArgumentList.Add(argument);
        }
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await copy;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {errors}");
        Assert.True(output.Length > 1000, "pg_dump wrote almost nothing");
        return output.ToArray();
    }

    /// <summary>A case service outside the web app, over <paramref name="db"/>, with the master keys <paramref name="keys"/>.</summary>
    public static CaseService Service(AppDbContext db, IKeyEncryptionKeyProvider keys) =>
        new(db, new FakeTimeProvider(TestApp.Now), CodeListRegistry.Default, new IdentityVault(keys), new RecordingAuditLog());

    public static async Task<Guid> AddOrganisationAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Synthetic NGO " + Guid.NewGuid().ToString("N")[..6], Type = "ngo" };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return organisation.Id;
    }
}
