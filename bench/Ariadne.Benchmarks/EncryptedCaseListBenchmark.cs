using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Ariadne.Core.Organisations;
using Ariadne.Core.Protection;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Benchmarks;

/// <summary>
/// The same case list (<see cref="CaseService.ListAsync"/>) over two databases of 100,000 cases built in the same run:
/// one with encryption on, as the product writes it (a wrapped data key per person in <c>PersonKeys</c>, the identity
/// and the narrative sealed with AES-256-GCM, blind indexes), and one with encryption off (the same identity JSON and
/// narrative bytes stored in plaintext in the same columns, no data keys, no blind indexes), which is what the list
/// would read without field encryption. Issue target: encrypted ≤ 1.3 × plaintext (the Ratio column).
/// </summary>
/// <remarks><c>dotnet run -c Release --project bench/Ariadne.Benchmarks -- --filter '*EncryptedCaseList*'</c></remarks>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(10)]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EncryptedCaseListBenchmark
{
    private const int Cases = 100_000;
    private static readonly CaseQuery FirstPage = new();
    private static readonly CaseQuery FemaleByCode = new() { Sex = "female", Sort = CaseSort.CaseCode };

    private readonly Dictionary<bool, (string Path, AppDbContext Db, CaseService Cases)> _databases = [];

    [GlobalSetup]
    public void Setup()
    {
        var vault = BlindIndexBenchmark.BenchData.Vault();
        foreach (var encrypted in new[] { false, true })
        {
            var path = Path.Combine(Path.GetTempPath(), $"ariadne-bench-list-{(encrypted ? "on" : "off")}-{Guid.NewGuid():N}.db");
            var (db, cases) = BlindIndexBenchmark.BenchData.OpenAsync(path, vault).GetAwaiter().GetResult();
            InsertAsync(db, Cases, vault, encrypted).GetAwaiter().GetResult();
            _databases[encrypted] = (path, db, cases);
            Console.WriteLine($"// encryption {(encrypted ? "on" : "off")}: {new FileInfo(path).Length / 1024 / 1024} MiB");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (path, db, _) in _databases.Values)
        {
            BlindIndexBenchmark.BenchData.Delete(db, path);
        }
    }

    [Benchmark(Baseline = true, Description = "First page, encryption off (peer)")]
    [BenchmarkCategory("first-page")]
    public Task<int> FirstPagePlain() => ListAsync(false, FirstPage);

    [Benchmark(Description = "First page, encryption on")]
    [BenchmarkCategory("first-page")]
    public Task<int> FirstPageEncrypted() => ListAsync(true, FirstPage);

    [Benchmark(Baseline = true, Description = "sex=female by code, encryption off (peer)")]
    [BenchmarkCategory("filtered")]
    public Task<int> FilteredPlain() => ListAsync(false, FemaleByCode);

    [Benchmark(Description = "sex=female by code, encryption on")]
    [BenchmarkCategory("filtered")]
    public Task<int> FilteredEncrypted() => ListAsync(true, FemaleByCode);

    private async Task<int> ListAsync(bool encrypted, CaseQuery query) =>
        (await _databases[encrypted].Cases.ListAsync(query, CaseViewer.LocalOperator, CancellationToken.None)).Items.Count;

    /// <summary>
    /// Writes <paramref name="count"/> persons with a case each. Encrypted: sealed by <see cref="IdentityVault"/> under a
    /// fresh data key per person, with its <c>PersonKeys</c> row and blind indexes. Plain: the same bytes unsealed.
    /// </summary>
    private static async Task InsertAsync(AppDbContext db, int count, IdentityVault vault, bool encrypted)
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Benchmark NGO", Type = "ngo" };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var person = Command(connection, transaction, """
            INSERT INTO "Persons" ("Id", "Sex", "YearOfBirth", "Citizenships", "IdentityCiphertext", "NameDobIndex", "DocumentIndex")
            VALUES ($id, $sex, $year, '["NG"]', $identity, $nameDob, $document)
            """);
        await using var key = Command(connection, transaction, """
            INSERT INTO "PersonKeys" ("PersonId", "KekId", "WrappedKey", "CreatedAtUtc") VALUES ($id, $kek, $wrapped, '2026-01-01 10:00:00')
            """);
        await using var caseRow = Command(connection, transaction, """
            INSERT INTO "Cases" ("Id", "CaseCode", "OrganisationId", "Status", "PersonId", "ExploitationForms", "MeansOfControl", "LabourTypes",
                "TraffickingStatus", "IdentificationDate", "DetectingOrganisationType", "Transnationality", "AgeAtIdentification", "AgeGroup",
                "CreatedAtUtc", "UpdatedAtUtc", "Version", "LegalHold", "NarrativeCiphertext", "Sex", "FormsKey", "CitizenshipsKey")
            VALUES ($id, $code, $organisation, 'active', $person, '["forced-labour"]', '[]', '[]',
                'possible', $identified, 'ngo', 0, 30, 2, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 1, 0, $narrative, $sex, '|forced-labour|', '|NG|')
            """);
        caseRow.Parameters.AddWithValue("$organisation", organisation.Id.ToString().ToUpperInvariant());
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        for (var i = 0; i < count; i++)
        {
            var personId = Guid.CreateVersion7();
            var caseId = Guid.CreateVersion7();
            var identity = new PersonIdentity
            {
                GivenName = BlindIndexBenchmark.BenchData.Given(i),
                FamilyName = BlindIndexBenchmark.BenchData.Family(i),
                DateOfBirth = BlindIndexBenchmark.BenchData.Born(i),
                DocumentType = "passport",
                DocumentNumber = BlindIndexBenchmark.BenchData.Document(i),
                Phone = "+000 5550 " + i.ToString("D6", CultureInfo.InvariantCulture),
                Address = "Synthetic Street " + i.ToString(CultureInfo.InvariantCulture) + ", 00000 Nowhere",
            };
            var narrative = string.Concat(Enumerable.Repeat("Synthetic narrative of a benchmark case. ", 24));
            var sex = i % 2 == 0 ? "female" : "male";
            object identityValue, narrativeValue, nameDob = DBNull.Value, document = DBNull.Value;
            if (encrypted)
            {
                var (row, dataKey) = vault.NewKeyFor(personId, DateTime.UtcNow);
                identityValue = vault.Seal(personId, identity, dataKey);
                narrativeValue = vault.SealNarrative(caseId, narrative, dataKey);
                nameDob = vault.NameDobIndex(identity.FamilyName, identity.GivenName, identity.DateOfBirth)!;
                document = vault.DocumentIndex(identity.DocumentType, identity.DocumentNumber)!;
                Set(key, ("$id", Text(personId)), ("$kek", row.KekId), ("$wrapped", row.WrappedKey));
            }
            else
            {
                identityValue = JsonSerializer.SerializeToUtf8Bytes(identity, json);
                narrativeValue = Encoding.UTF8.GetBytes(narrative);
            }
            Set(person, ("$id", Text(personId)), ("$sex", sex), ("$year", BlindIndexBenchmark.BenchData.Born(i).Year),
                ("$identity", identityValue), ("$nameDob", nameDob), ("$document", document));
            await person.ExecuteNonQueryAsync();
            if (encrypted)
            {
                await key.ExecuteNonQueryAsync();
            }
            Set(caseRow, ("$id", Text(caseId)), ("$code", "B-" + i.ToString("D8", CultureInfo.InvariantCulture)), ("$person", Text(personId)),
                ("$identified", new DateOnly(2020, 1, 1).AddDays(i % 2000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("$narrative", narrativeValue), ("$sex", sex));
            await caseRow.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await using var analyse = connection.CreateCommand();
        analyse.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await analyse.ExecuteNonQueryAsync();
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }
}
