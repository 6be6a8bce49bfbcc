using System.Data.Common;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Protection;

/// <summary>
/// Upgrades a database from before field encryption: seals the values still held in the old plaintext columns
/// (<c>Persons.GivenName</c>, <c>FamilyName</c>, <c>DateOfBirth</c>, <c>Cases.Narrative</c>) under each person's data
/// key, then drops those columns. The migration <c>FieldEncryption</c> leaves them in place because a migration has
/// no key. Idempotent and resumable: each batch is one transaction, and a sealed row's old columns are emptied in it.
/// </summary>
public sealed class LegacyPlaintextSealer(AppDbContext db, IdentityVault vault, TimeProvider time)
{
    public const int BatchSize = 500;

    private static readonly (string Table, string Column)[] LegacyColumns =
        [("Persons", "GivenName"), ("Persons", "FamilyName"), ("Persons", "DateOfBirth"), ("Cases", "Narrative")];

    /// <summary>Seals and removes the old plaintext columns, if any are left.</summary>
    /// <returns>How many records were sealed; 0 when there was nothing to do.</returns>
    public async Task<int> SealAsync(CancellationToken cancellationToken)
    {
        var sqlite = db.Database.IsSqlite();
        var present = new List<(string Table, string Column)>();
        foreach (var column in LegacyColumns)
        {
            if (await ColumnExistsAsync(sqlite, column.Table, column.Column, cancellationToken))
            {
                present.Add(column);
            }
        }
        if (present.Count == 0)
        {
            return 0;
        }
        var sealedCount = 0;
        if (present.Count == LegacyColumns.Length)
        {
            while (await SealBatchAsync(cancellationToken) is var count and > 0)
            {
                sealedCount += count;
            }
        }
        foreach (var (table, column) in present)
        {
            // Identifiers cannot be parameters; these come from the constant LegacyColumns, never from input.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\"", cancellationToken);
#pragma warning restore EF1002
        }
        if (sqlite)
        {
            // Rewrites the file so that no free page keeps the old plaintext, then empties the write-ahead log.
            await db.Database.ExecuteSqlRawAsync("VACUUM", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        }
        return sealedCount;
    }

    private async Task<int> SealBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = new List<(Guid PersonId, string? Given, string? Family, DateOnly? Born, Guid CaseId, string? Narrative)>();
        var connection = db.Database.GetDbConnection();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = $"""
                SELECT p."Id", p."GivenName", p."FamilyName", p."DateOfBirth", c."Id", c."Narrative"
                FROM "Persons" p JOIN "Cases" c ON c."PersonId" = p."Id"
                WHERE p."GivenName" IS NOT NULL OR p."FamilyName" IS NOT NULL OR p."DateOfBirth" IS NOT NULL OR c."Narrative" IS NOT NULL
                LIMIT {BatchSize}
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetFieldValue<Guid>(0), Text(reader, 1), Text(reader, 2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<Guid>(4), Text(reader, 5)));
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            var entity = await db.Cases.Include(c => c.Person).ThenInclude(p => p.Key).FirstAsync(c => c.Id == row.CaseId, cancellationToken);
            OpenCurrent(entity);
            var person = entity.Person;
            // A value written since the upgrade (already sealed) wins over the old column.
            var identity = person.Identity ?? new PersonIdentity();
            person.Identity = identity with
            {
                GivenName = identity.GivenName ?? row.Given,
                FamilyName = identity.FamilyName ?? row.Family,
                DateOfBirth = identity.DateOfBirth ?? row.Born,
            };
            entity.Narrative ??= row.Narrative;
            CaseService.SealIdentity(entity, vault, now);
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"Persons\" SET \"GivenName\" = NULL, \"FamilyName\" = NULL, \"DateOfBirth\" = NULL WHERE \"Id\" = {0}", [row.PersonId], cancellationToken);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Cases\" SET \"Narrative\" = NULL WHERE \"Id\" = {0}", [row.CaseId], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    private void OpenCurrent(Case entity)
    {
        var person = entity.Person;
        if (person.Key is null)
        {
            return;
        }
        var dataKey = vault.KeyFor(person.Key);
        if (person.IdentityCiphertext is not null)
        {
            person.Identity = vault.Open(person.Id, person.IdentityCiphertext, dataKey);
        }
        if (entity.NarrativeCiphertext is not null)
        {
            entity.Narrative = vault.OpenNarrative(entity.Id, entity.NarrativeCiphertext, dataKey);
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
    }

    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) || reader.GetString(ordinal) is not { Length: > 0 } value ? null : value;

    private async Task<bool> ColumnExistsAsync(bool sqlite, string table, string column, CancellationToken cancellationToken)
    {
        var sql = sqlite
            ? "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info({0}) WHERE name = {1}"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {0} AND column_name = {1}";
        var count = await db.Database.SqlQueryRaw<int>(sql, table, column).SingleAsync(cancellationToken);
        return count > 0;
    }
}
