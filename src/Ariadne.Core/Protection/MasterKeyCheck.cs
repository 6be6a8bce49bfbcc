using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Ariadne.Core.Protection;

/// <summary>
/// The check value of one master key id (<see cref="IKeyEncryptionKeyProvider.CheckValue"/>), stored the first time
/// the id is seen, so that a different key under the same id is refused instead of silently reading nothing and
/// writing data nobody can read later. Never the key itself.
/// </summary>
public sealed class MasterKeyCheck
{
    public const string Table = "MasterKeyChecks";

    /// <summary>The master key id, or <see cref="MasterKeyChecks.BlindIndexId"/> for the blind-index secret.</summary>
    public required string KeyId { get; set; }

    /// <summary>HMAC-SHA256 under the key over a fixed label (32 bytes).</summary>
    public required byte[] CheckValue { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class MasterKeyCheckConfiguration : IEntityTypeConfiguration<MasterKeyCheck>
{
    public void Configure(EntityTypeBuilder<MasterKeyCheck> builder)
    {
        builder.ToTable(MasterKeyCheck.Table);
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasMaxLength(MasterKeyRing.MaxKeyIdLength);
        builder.Property(k => k.CheckValue).HasMaxLength(32);
    }
}

/// <summary>How one master key id stands against the database (see <see cref="MasterKeyChecks.InspectAsync"/>).</summary>
/// <param name="KeyId">The id.</param>
/// <param name="Configured">Whether the ring has a key under this id.</param>
/// <param name="DataKeys">How many person data keys are wrapped under it.</param>
/// <param name="CheckValueStored">Whether the database holds a check value for it.</param>
/// <param name="SampleOpened">Whether a sampled wrapped key (data key or signing key) opened; null when none was sampled.</param>
/// <param name="Problem">Null when the key fits; else a one-line message naming the key id and what to do.</param>
public sealed record MasterKeyState(string KeyId, bool Configured, int DataKeys, bool CheckValueStored, bool? SampleOpened, string? Problem);

/// <summary>
/// Fails closed on a wrong or missing master key: compares every configured key with its check value in the database
/// (<see cref="MasterKeyCheck"/>) and refuses when the database holds data under a key id that is not configured.
/// Run by <c>serve</c> and the test host at start (writing the check values of new key ids), by every command-line job
/// when its key ring is first used (<see cref="CoreServiceCollectionExtensions.AddAriadneCore"/>), and by
/// <c>keys status</c> and <c>keys rotate</c>.
/// </summary>
/// <remarks>
/// A key id without a stored check value (a database from before the check values, or written by a job that only
/// reads them) is judged by unwrapping one data key stored under it; its check value is then written.
/// </remarks>
public static class MasterKeyChecks
{
    /// <summary>The row that holds the check value of the blind-index secret (not a valid master key id: '#').</summary>
    public const string BlindIndexId = "#blind-index";

    private static readonly byte[] BlindIndexLabel = Encoding.ASCII.GetBytes("ariadne/blind-index-check/v1");

    /// <summary>The check value of the blind-index secret: it changes when the first key of the ring changes (reordered).</summary>
    public static byte[] BlindIndexCheckValue(IKeyEncryptionKeyProvider keys) => HMACSHA256.HashData(keys.BlindIndexSecret, BlindIndexLabel);

    /// <summary>
    /// The state of every configured key id and every key id the database holds data under. With
    /// <paramref name="sampleAll"/> one wrapped key per id is unwrapped even when a check value is stored (status).
    /// </summary>
    public static async Task<IReadOnlyList<MasterKeyState>> InspectAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, bool sampleAll, CancellationToken cancellationToken)
    {
        var stored = await TableExistsAsync(db, MasterKeyCheck.Table, cancellationToken)
            ? await db.Set<MasterKeyCheck>().AsNoTracking().ToDictionaryAsync(c => c.KeyId, c => c.CheckValue, StringComparer.Ordinal, cancellationToken)
            : new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var dataKeys = (await db.PersonKeys.AsNoTracking().GroupBy(k => k.KekId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Key, g => g.Count, StringComparer.Ordinal);
        var signingKeyIds = await db.Set<Referral.Transnational.OrganisationSigningKey>().AsNoTracking().Select(k => k.KekId).Distinct().ToListAsync(cancellationToken);

        var ids = keys.KeyIds
            .Concat(dataKeys.Keys.Order(StringComparer.Ordinal))
            .Concat(signingKeyIds.Order(StringComparer.Ordinal))
            .Concat(stored.Keys.Where(k => k != BlindIndexId).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        var states = new List<MasterKeyState>();
        foreach (var id in ids)
        {
            var count = dataKeys.GetValueOrDefault(id);
            if (!keys.KeyIds.Contains(id, StringComparer.Ordinal))
            {
                states.Add(new MasterKeyState(id, false, count, stored.ContainsKey(id), null, string.Create(CultureInfo.InvariantCulture,
                    $"This database holds data protected under master key '{id}' ({count} data keys), which is not configured. Nothing was read or written. Add the key '{id}' to {MasterKeyRing.KeysEnvironmentVariable} or the key file (restore it from your backup); see docs/field-encryption.md, \"Recovery\".")));
                continue;
            }
            var checkMatches = stored.TryGetValue(id, out var check) ? CryptographicOperations.FixedTimeEquals(check, keys.CheckValue(id)) : (bool?)null;
            bool? opened = checkMatches is null || sampleAll ? await SampleOpensAsync(db, keys, id, cancellationToken) : null;
            string? problem = null;
            if (checkMatches == false)
            {
                problem = $"Master key '{id}' does not match this database (check value differs): it is not the key the data was protected with. Nothing was read or written. Restore the right key (the key file, {MasterKeyRing.KeyFileEnvironmentVariable} or {MasterKeyRing.KeysEnvironmentVariable}) from your backup; see docs/field-encryption.md, \"Recovery\".";
            }
            else if (opened == false)
            {
                problem = $"Master key '{id}' does not match this database (a key wrapped under it does not open): it is not the key the data was protected with, or the stored key was altered. Nothing was read or written. Restore the right key (the key file, {MasterKeyRing.KeyFileEnvironmentVariable} or {MasterKeyRing.KeysEnvironmentVariable}) from your backup; see docs/field-encryption.md, \"Recovery\".";
            }
            states.Add(new MasterKeyState(id, true, count, check is not null, opened, problem));
        }
        // A wrong first key changes the blind-index secret too; that is reported once, as the key's own mismatch.
        var firstKeyFailed = states.Any(s => s.KeyId == keys.KeyIds[0] && s.Problem is not null);
        if (!firstKeyFailed && stored.TryGetValue(BlindIndexId, out var blind) && !CryptographicOperations.FixedTimeEquals(blind, BlindIndexCheckValue(keys)))
        {
            states.Add(new MasterKeyState(BlindIndexId, true, 0, true, null,
                $"The first master key ('{keys.KeyIds[0]}') is not the one this database's lookup indexes were made with: the key list was reordered or its first entry replaced. Nothing was read or written. Put the original first key back at the start of the list; see docs/field-encryption.md, \"Recovery\"."));
        }
        return states;
    }

    /// <summary>
    /// Refuses keys that do not fit the database (<see cref="MasterKeyMismatchException"/>), then stores the check values
    /// of configured key ids that have none yet. Call after the schema is migrated.
    /// </summary>
    /// <exception cref="MasterKeyMismatchException">A key differs from its check value, or data is under a key id not configured.</exception>
    public static async Task VerifyAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, DateTime nowUtc, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var states = await InspectAsync(db, keys, sampleAll: false, cancellationToken);
            ThrowOnProblems(states);
            var missing = states.Where(s => s.Configured && !s.CheckValueStored && s.KeyId != BlindIndexId)
                .Select(s => new MasterKeyCheck { KeyId = s.KeyId, CheckValue = keys.CheckValue(s.KeyId), CreatedAtUtc = nowUtc })
                .ToList();
            if (!await db.Set<MasterKeyCheck>().AnyAsync(c => c.KeyId == BlindIndexId, cancellationToken))
            {
                missing.Add(new MasterKeyCheck { KeyId = BlindIndexId, CheckValue = BlindIndexCheckValue(keys), CreatedAtUtc = nowUtc });
            }
            if (missing.Count == 0)
            {
                return;
            }
            db.Set<MasterKeyCheck>().AddRange(missing);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another process stored a check value for the same id first: look again, against its value.
                db.ChangeTracker.Clear();
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>As <see cref="VerifyAsync(AppDbContext, IKeyEncryptionKeyProvider, DateTime, CancellationToken)"/> with the services' context, keys and clock.</summary>
    /// <exception cref="MasterKeyMismatchException">The keys do not fit the database.</exception>
    public static Task VerifyAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        VerifyAsync(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<IKeyEncryptionKeyProvider>(),
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, cancellationToken);

    /// <summary>
    /// The check a command-line job runs when its key ring is first used: read only, and only on a database that
    /// exists and has been migrated (a new database holds nothing to check).
    /// </summary>
    /// <exception cref="MasterKeyMismatchException">The keys do not fit the database.</exception>
    public static void VerifyExisting(DatabaseOptions database, IKeyEncryptionKeyProvider keys)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (dataSource is not { Length: > 0 } || dataSource == ":memory:" || !File.Exists(dataSource))
            {
                return;
            }
        }
        // Synchronous on purpose: it runs inside the singleton factory of the key ring. Neither the console host nor
        // ASP.NET Core has a synchronisation context, so waiting here cannot deadlock.
        using var db = DataServiceCollectionExtensions.CreateContext(database);
        if (!db.Database.CanConnect() || !TableExistsAsync(db, "PersonKeys", CancellationToken.None).GetAwaiter().GetResult())
        {
            return;
        }
        ThrowOnProblems(InspectAsync(db, keys, sampleAll: false, CancellationToken.None).GetAwaiter().GetResult());
    }

    private static void ThrowOnProblems(IReadOnlyList<MasterKeyState> states)
    {
        var problems = states.Where(s => s.Problem is not null).ToList();
        if (problems.Count > 0)
        {
            throw new MasterKeyMismatchException([.. problems.Select(p => p.KeyId)], string.Join(" ", problems.Select(p => p.Problem)));
        }
    }

    /// <summary>Unwraps one data key (else one signing key) stored under <paramref name="keyId"/>; null when none is stored.</summary>
    private static async Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken)
    {
        var row = await db.PersonKeys.AsNoTracking().Where(k => k.KekId == keyId).OrderBy(k => k.PersonId).FirstOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            try
            {
                CryptographicOperations.ZeroMemory(new IdentityVault(keys).KeyFor(row));
                return true;
            }
            catch (ProtectedDataException)
            {
                return false;
            }
        }
        var signing = await db.Set<Referral.Transnational.OrganisationSigningKey>().AsNoTracking().Where(k => k.KekId == keyId).OrderBy(k => k.Id).FirstOrDefaultAsync(cancellationToken);
        if (signing is null)
        {
            return null;
        }
        try
        {
            Referral.Transnational.SigningKeys.Open(keys, signing).Dispose();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static async Task<bool> TableExistsAsync(AppDbContext db, string table, CancellationToken cancellationToken) =>
        db.Database.IsSqlite()
            ? await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}").SingleAsync(cancellationToken) > 0
            : await db.Database.SqlQuery<int>($"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {table}").SingleAsync(cancellationToken) > 0;
}
