using System.Security.Cryptography;
using Ariadne.Analytics.Screening;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ariadne.Core.Screening;

/// <summary>
/// Upgrades screenings stored before <c>ScreeningCompact</c>, whose request (answers and plaintext notes) was one JSON
/// column: the migration moved that column to <c>LegacyAnswersJson</c>, because a migration has no key to seal the
/// notes with. This fills the compact answers and facts, seals the notes under the person's data key (an erased person's
/// notes are dropped: they would be unreadable anyway), then drops the column and, on SQLite, rewrites the file so that
/// no free page keeps the plaintext. Idempotent and resumable: each batch is one transaction.
/// </summary>
public sealed class LegacyScreeningUpgrader(AppDbContext db, IdentityVault vault, InstrumentCatalogue instruments)
{
    public const int BatchSize = 500;

    /// <returns>How many screenings were upgraded; 0 when there was nothing to do.</returns>
    public async Task<int> UpgradeAsync(CancellationToken cancellationToken)
    {
        var sqlite = db.Database.IsSqlite();
        var sql = sqlite
            ? "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info('Screenings') WHERE name = 'LegacyAnswersJson'"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Screenings' AND column_name = 'LegacyAnswersJson'";
        if (await db.Database.SqlQueryRaw<int>(sql).SingleAsync(cancellationToken) == 0)
        {
            return 0;
        }
        var upgraded = 0;
        while (await UpgradeBatchAsync(cancellationToken) is var count and > 0)
        {
            upgraded += count;
        }
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Screenings\" DROP COLUMN \"LegacyAnswersJson\"", cancellationToken);
        if (sqlite && upgraded > 0)
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        }
        return upgraded;
    }

    private async Task<int> UpgradeBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = new List<(Guid Id, string Json)>();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = $"SELECT \"Id\", \"LegacyAnswersJson\" FROM \"Screenings\" WHERE \"LegacyAnswersJson\" IS NOT NULL LIMIT {BatchSize}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetFieldValue<Guid>(0), reader.GetString(1)));
            }
        }
        foreach (var (id, json) in rows)
        {
            var record = await db.Set<ScreeningRecord>().SingleAsync(s => s.Id == id, cancellationToken);
            var key = $"{record.InstrumentId}@{record.InstrumentVersion}";
            var instrument = await instruments.FindAsync(key, cancellationToken)
                ?? throw new InvalidOperationException($"Screening {id}: its instrument {key} is not available, so its answers cannot be stored compactly.");
            var request = ScreeningRequestJson.Parse(json);
            var result = ScreeningSnapshot.Deserialise(record.ResultJson);
            record.Form = request.Form;
            record.AgeAtStart = request.AgeAtStart;
            record.AgeUncertain = request.AgeUncertain;
            record.ReasonsToBelieveChild = request.ReasonsToBelieveChild;
            record.Answers = CompactAnswers.Encode(instrument, request.Answers);
            record.Age = InstrumentLoader.Kebab(result.Age);
            record.FormsKey = ScreeningService.FormsKeyOf(result.Forms);
            var notes = ScreeningService.NotesOf(request);
            var personId = await db.Cases.Where(c => c.Id == record.CaseId).Select(c => c.Person.Id).SingleAsync(cancellationToken);
            if (notes.Count > 0 && await db.PersonKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PersonId == personId, cancellationToken) is { } personKey)
            {
                var dataKey = vault.KeyFor(personKey);
                try
                {
                    record.NotesCiphertext = vault.SealScreeningNotes(id, notes, dataKey);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Screenings\" SET \"LegacyAnswersJson\" = NULL WHERE \"Id\" = {0}", [id], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }
}
