using System.Globalization;
using System.Security.Cryptography;
using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Benchmarks;

/// <summary>
/// Exact lookup through the blind indexes among 1,000,000 persons on SQLite (target: at most 20 ms). The case list with
/// encryption on and off is <see cref="EncryptedCaseListBenchmark"/>.
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/Ariadne.Benchmarks -- --filter '*BlindIndex*'</c></remarks>
[MemoryDiagnoser]
[InProcess]
public class BlindIndexBenchmark
{
    private static readonly DateOnly FirstBirth = new(1950, 1, 1);
    private string _path = "";
    private AppDbContext _db = null!;
    private CaseService _cases = null!;
    private int _target;

    /// <summary>Persons (and cases) in the database.</summary>
    [Params(1_000_000)]
    public int Persons { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"ariadne-bench-index-{Guid.NewGuid():N}.db");
        var vault = BenchData.Vault();
        (_db, _cases) = BenchData.OpenAsync(_path, vault).GetAwaiter().GetResult();
        // Only every 1,000th person gets a case row: the lookup seeks the persons' index, and a million case rows
        // would make the setup outlast the in-process toolchain's time limit on a shared two-core machine.
        BenchData.InsertAsync(_db, Persons, vault, identityPopulated: true, caseEvery: 1000).GetAwaiter().GetResult();
        _target = Persons / 2;
    }

    [GlobalCleanup]
    public void Cleanup() => BenchData.Delete(_db, _path);

    [Benchmark]
    public async Task<int> LookupByNameAndDateOfBirth()
    {
        var found = await _cases.FindByNameAndDateOfBirthAsync(
            BenchData.Family(_target), BenchData.Given(_target), BenchData.Born(_target), CaseViewer.LocalOperator, CancellationToken.None);
        return found.Count == 1 ? 1 : throw new InvalidOperationException($"found {found.Count}");
    }

    [Benchmark]
    public async Task<int> LookupByDocument()
    {
        var found = await _cases.FindByDocumentAsync("passport", BenchData.Document(_target), CaseViewer.LocalOperator, CancellationToken.None);
        return found.Count == 1 ? 1 : throw new InvalidOperationException($"found {found.Count}");
    }

    /// <summary>Synthetic rows written with raw SQL for speed; the blind indexes are the real ones.</summary>
    internal static class BenchData
    {
        public static IdentityVault Vault() =>
            new(MasterKeyRing.Parse("bench:" + Convert.ToBase64String(Enumerable.Repeat((byte)7, MasterKeyRing.KeySize).ToArray()), "benchmark key"));

        public static string Family(int i) => "Family" + i.ToString(CultureInfo.InvariantCulture);

        public static string Given(int i) => "Given" + (i % 5000).ToString(CultureInfo.InvariantCulture);

        public static DateOnly Born(int i) => FirstBirth.AddDays(i % 20_000);

        public static string Document(int i) => "P" + i.ToString("D8", CultureInfo.InvariantCulture);

        public static async Task<(AppDbContext, CaseService)> OpenAsync(string path, IdentityVault vault)
        {
            var db = DataServiceCollectionExtensions.CreateContext(DatabaseOptions.Parse(path));
            await DataServiceCollectionExtensions.MigrateAsync(db, CancellationToken.None);
            return (db, new CaseService(db, TimeProvider.System, CodeListRegistry.Default, vault, new Core.Audit.AuditLog(DatabaseOptions.Parse(path), TimeProvider.System, new Core.Audit.LocalOperatorAuditContext(), vault.Keys)));
        }

        /// <summary>Writes <paramref name="count"/> persons, a case for every <paramref name="caseEvery"/>-th, with or without sealed identity columns.</summary>
        public static async Task InsertAsync(AppDbContext db, int count, IdentityVault vault, bool identityPopulated, int caseEvery = 1)
        {
            var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Benchmark NGO", Type = "ngo" };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            await using var connection = new SqliteConnection(db.Database.GetConnectionString());
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var person = connection.CreateCommand();
            person.Transaction = transaction;
            person.CommandText = """
                INSERT INTO "Persons" ("Id", "Sex", "YearOfBirth", "Citizenships", "IdentityCiphertext", "NameDobIndex", "DocumentIndex")
                VALUES ($id, $sex, $year, '["NG"]', $identity, $nameDob, $document)
                """;
            var pId = person.Parameters.Add("$id", SqliteType.Text);
            var pSex = person.Parameters.Add("$sex", SqliteType.Text);
            var pYear = person.Parameters.Add("$year", SqliteType.Integer);
            var pIdentity = person.Parameters.Add("$identity", SqliteType.Blob);
            var pNameDob = person.Parameters.Add("$nameDob", SqliteType.Blob);
            var pDocument = person.Parameters.Add("$document", SqliteType.Blob);
            await using var caseCommand = connection.CreateCommand();
            caseCommand.Transaction = transaction;
            caseCommand.CommandText = """
                INSERT INTO "Cases" ("Id", "CaseCode", "OrganisationId", "Status", "PersonId", "ExploitationForms", "MeansOfControl", "LabourTypes",
                    "TraffickingStatus", "IdentificationDate", "DetectingOrganisationType", "Transnationality", "AgeAtIdentification", "AgeGroup",
                    "CreatedAtUtc", "UpdatedAtUtc", "Version", "LegalHold", "NarrativeCiphertext")
                VALUES ($id, $code, $organisation, 'active', $person, '["forced-labour"]', '[]', '[]',
                    'possible', $identified, 'ngo', 0, 30, 2, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 1, 0, $narrative)
                """;
            var cId = caseCommand.Parameters.Add("$id", SqliteType.Text);
            var cCode = caseCommand.Parameters.Add("$code", SqliteType.Text);
            caseCommand.Parameters.AddWithValue("$organisation", organisation.Id.ToString().ToUpperInvariant());
            var cPerson = caseCommand.Parameters.Add("$person", SqliteType.Text);
            var cIdentified = caseCommand.Parameters.Add("$identified", SqliteType.Text);
            var cNarrative = caseCommand.Parameters.Add("$narrative", SqliteType.Blob);
            for (var i = 0; i < count; i++)
            {
                var personId = Guid.CreateVersion7().ToString().ToUpperInvariant();
                pId.Value = personId;
                pSex.Value = i % 2 == 0 ? "female" : "male";
                pYear.Value = Born(i).Year;
                // Sizes of a typical sealed identity (~300 bytes) and narrative (~1 KB); random, as ciphertext is.
                pIdentity.Value = identityPopulated ? RandomNumberGenerator.GetBytes(300) : DBNull.Value;
                pNameDob.Value = identityPopulated ? vault.NameDobIndex(Family(i), Given(i), Born(i)) : DBNull.Value;
                pDocument.Value = identityPopulated ? vault.DocumentIndex("passport", Document(i)) : DBNull.Value;
                await person.ExecuteNonQueryAsync();
                if (i % caseEvery != 0)
                {
                    continue;
                }
                cId.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                cCode.Value = "B-" + i.ToString("D8", CultureInfo.InvariantCulture);
                cPerson.Value = personId;
                cIdentified.Value = new DateOnly(2020, 1, 1).AddDays(i % 2000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                cNarrative.Value = identityPopulated ? RandomNumberGenerator.GetBytes(1000) : DBNull.Value;
                await caseCommand.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            await using var analyse = connection.CreateCommand();
            analyse.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            await analyse.ExecuteNonQueryAsync();
        }

        public static void Delete(AppDbContext db, string path)
        {
            db.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".keys" })
            {
                File.Delete(path + suffix);
            }
        }
    }
}
