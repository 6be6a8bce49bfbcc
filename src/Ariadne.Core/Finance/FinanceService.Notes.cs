using System.Security.Cryptography;
using System.Text;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using StoredAlert = Ariadne.Core.Finance.Data.FinanceAlert;

namespace Ariadne.Core.Finance;

/// <summary>
/// The free text of the finance workflow (the disposition note) is sealed under a data key per dataset, wrapped under the
/// master key like a party's key: rotation re-wraps it (<see cref="FinanceDatasetMasterKeys"/>), and deleting the dataset
/// row destroys the key and every note under it. Notes are bound to their alert and field (associated data), so a
/// ciphertext copied to another alert does not open.
/// </summary>
public sealed partial class FinanceService
{
    internal const string DatasetRecordType = "finance-dataset";
    internal const string AlertRecordType = "finance-alert";
    private const string NoteField = "disposition-note";

    internal static byte[] DatasetKeyContext(Guid datasetId) => Encoding.ASCII.GetBytes($"{DatasetRecordType}:{datasetId:D}:key:v1");

    private async Task<byte[]> SealNoteAsync(StoredAlert alert, string note, CancellationToken cancellationToken)
    {
        var dataset = await db.Set<FinanceDataset>().FirstAsync(d => d.Id == alert.DatasetId, cancellationToken);
        byte[] dataKey;
        if (dataset.WrappedKey is null || dataset.KekId is null)
        {
            // The dataset's first sealed text: a fresh data key, saved with the note (one SaveChanges).
            dataKey = RandomNumberGenerator.GetBytes(IdentityVault.DataKeySize);
            var wrapped = vault.Keys.Wrap(dataKey, DatasetKeyContext(dataset.Id));
            dataset.KekId = wrapped.KeyId;
            dataset.WrappedKey = wrapped.Wrapped;
        }
        else
        {
            dataKey = vault.Keys.Unwrap(dataset.KekId, dataset.WrappedKey, DatasetKeyContext(dataset.Id));
        }
        try
        {
            return vault.SealText(AlertRecordType, alert.Id, NoteField, note, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private async Task<string> OpenNoteAsync(StoredAlert alert, byte[] sealedNote, CancellationToken cancellationToken)
    {
        var key = await db.Set<FinanceDataset>().AsNoTracking().Where(d => d.Id == alert.DatasetId).Select(d => new { d.KekId, d.WrappedKey }).FirstAsync(cancellationToken);
        if (key.KekId is null || key.WrappedKey is null)
        {
            throw new ProtectedDataException("A sealed disposition note has no dataset key.");
        }
        var dataKey = vault.Keys.Unwrap(key.KekId, key.WrappedKey, DatasetKeyContext(alert.DatasetId));
        try
        {
            return vault.OpenText(AlertRecordType, alert.Id, NoteField, sealedNote, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}

/// <summary>The datasets' data keys (disposition notes) as secrets under the master keys: sampled by the key checks, re-wrapped by rotation.</summary>
public sealed class FinanceDatasetMasterKeys : IMasterKeyDependent
{
    public async Task<IReadOnlyList<string>> KeyIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<FinanceDataset>().AsNoTracking().Where(d => d.KekId != null).Select(d => d.KekId!).Distinct().ToListAsync(cancellationToken);

    public async Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken)
    {
        var row = await db.Set<FinanceDataset>().AsNoTracking().Where(d => d.KekId == keyId).OrderBy(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        if (row?.WrappedKey is null)
        {
            return null;
        }
        try
        {
            CryptographicOperations.ZeroMemory(keys.Unwrap(keyId, row.WrappedKey, FinanceService.DatasetKeyContext(row.Id)));
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ProtectedDataException or KeyUnavailableException)
        {
            return false;
        }
    }

    public async Task<int> RewrapAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken)
    {
        var active = keys.ActiveKeyId;
        var rows = await db.Set<FinanceDataset>().Where(d => d.KekId != null && d.KekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var (keyId, wrapped) = FinancePartyMasterKeys.Rewrap(keys, row.KekId!, row.WrappedKey!, FinanceService.DatasetKeyContext(row.Id));
            row.KekId = keyId;
            row.WrappedKey = wrapped;
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    public string Describe(int count, string activeKeyId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count:N0} finance dataset data keys re-wrapped under '{activeKeyId}'.");
}
