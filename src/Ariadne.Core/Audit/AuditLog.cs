using System.Data;
using System.Text.Json;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Audit;

/// <summary>
/// Appends to, reads and verifies the audit log. Each append runs in its own short transaction on its own connection,
/// so it neither joins nor disturbs the caller's unit of work, and it is serialised against every other appender, in
/// this process or on another node: PostgreSQL by a transaction-scoped advisory lock, SQLite by its database write lock
/// (<c>BEGIN IMMEDIATE</c>). The tail is read only after the lock is held. Each entry is authenticated with the audit
/// key (<see cref="IKeyEncryptionKeyProvider.AuditSecret"/>), which the database does not hold.
/// </summary>
public sealed class AuditLog(DatabaseOptions database, TimeProvider time, IAuditContext context, IKeyEncryptionKeyProvider keys) : IAuditLog
{
    /// <summary>The advisory lock key of audit appends ("ARIADNE" in ASCII); any constant shared by all nodes would do.</summary>
    public const long PostgresLockKey = 0x41524941444E45;

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var actor = record.Actor ?? context.Actor;
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // SQLite: Serializable makes Microsoft.Data.Sqlite issue BEGIN IMMEDIATE, so the write lock is taken before the
        // tail is read. PostgreSQL: read committed under the advisory lock; serializable there would only add
        // serialisation failures, as the lock already orders the appenders.
        var isolation = db.Database.IsSqlite() ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted;
        await using var transaction = await db.Database.BeginTransactionAsync(isolation, cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
        }
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var entry = new AuditEntry
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            AtUtc = AuditHash.TruncateToMicroseconds(time.GetUtcNow().UtcDateTime),
            ActorUserId = actor.UserId,
            ActorName = Limit(actor.Name, 256),
            ActorOrganisationId = actor.OrganisationId,
            Action = record.Action,
            SubjectType = record.SubjectType,
            SubjectId = record.SubjectId,
            Reason = record.Reason is null ? null : Limit(record.Reason, 2000),
            FromAddress = context.FromAddress,
            Outcome = record.Outcome,
            Details = SerialiseDetails(record.Details),
            PreviousHash = last?.Hash ?? AuditHash.Genesis,
            Hash = "",
        };
        entry.Hash = AuditHash.Compute(entry);
        entry.Mac = AuditHash.ComputeMac(entry, keys.AuditSecret);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One page of entries matching <paramref name="query"/>, newest first.</summary>
    public async Task<PagedResult<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var page = Math.Max(query.Page, 1);
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        var filtered = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var items = await filtered.OrderByDescending(e => e.Sequence)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntry>(items, page, pageSize, total);
    }

    /// <summary>Every entry matching <paramref name="query"/> (paging ignored), oldest first.</summary>
    public async IAsyncEnumerable<AuditEntry> ReadAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        await foreach (var entry in Filter(db.AuditEntries.AsNoTracking(), query).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>Reads the whole log and checks the chain and every authentication code; see <see cref="AuditChain.Verify"/>.</summary>
    public Task<AuditVerification> VerifyAsync(string? expectedHead, CancellationToken cancellationToken) =>
        VerifyAsync(expectedHead, null, cancellationToken);

    /// <summary>As <see cref="VerifyAsync(string?, CancellationToken)"/>; the log must also still hold the head <paramref name="checkpoint"/> recorded.</summary>
    /// <exception cref="AuditCheckpointException">The checkpoint was not made with this audit key, or was changed.</exception>
    public async Task<AuditVerification> VerifyAsync(string? expectedHead, AuditCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var key = keys.AuditSecret.ToArray();
        if (checkpoint is not null && !checkpoint.IsAuthentic(key))
        {
            throw new AuditCheckpointException("The checkpoint is not authentic: it was changed, or made with another audit key (another installation or master key list).");
        }
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return AuditChain.Verify(entries, expectedHead, key, checkpoint);
    }

    /// <summary>A signed checkpoint of the current head (the last entry's number and hash, and the time).</summary>
    public async Task<AuditCheckpoint> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var db = DataServiceCollectionExtensions.CreateContext(database);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return AuditCheckpoint.Create(last?.Sequence ?? 0, last?.Hash ?? AuditHash.Genesis, time.GetUtcNow().UtcDateTime, keys.AuditSecret);
    }

    /// <summary>Compact JSON with keys in ordinal order, so the same details always give the same text (and hash).</summary>
    public static string? SerialiseDetails(IReadOnlyDictionary<string, string>? details) =>
        details is null || details.Count == 0
            ? null
            : JsonSerializer.Serialize(new SortedDictionary<string, string>(details.ToDictionary(), StringComparer.Ordinal));

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            entries = entries.Where(e => e.Action == q.Action);
        }
        if (!string.IsNullOrWhiteSpace(q.Outcome))
        {
            entries = entries.Where(e => e.Outcome == q.Outcome);
        }
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            var actor = q.Actor.Trim();
            entries = entries.Where(e => e.ActorName.Contains(actor));
        }
        if (q.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc >= start);
        }
        if (q.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc < end);
        }
        if (!string.IsNullOrWhiteSpace(q.Subject))
        {
            var subject = q.Subject.Trim();
            entries = entries.Where(e => e.SubjectId == subject || (e.Details != null && e.Details.Contains(subject)));
        }
        return entries;
    }

    private static string Limit(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>A checkpoint given to verify against is not authentic; the message says why (never key material).</summary>
public sealed class AuditCheckpointException(string message) : Exception(message);
