using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Finance;

/// <summary>
/// The transactions of a dataset imported as a background job (kind <see cref="JobKind"/>). The input is a zip of the
/// dataset id and the uploaded transactions, accounts and mapping files — account ids and amounts, no party identifier:
/// parties are sealed in the request that created the dataset (<see cref="FinanceService.CreateDatasetAsync"/>). The
/// files are written to a private temporary directory for the reader and deleted afterwards.
/// </summary>
public sealed class FinanceImportJob(FinanceService finance) : IJobHandler
{
    public const string JobKind = "finance-import";
    public const string ResultPath = "/Finance";

    // An empty entry in the input: analyse once imported.
    private const string AnalyseEntry = "analyse";

    public string Kind => JobKind;

    /// <summary>
    /// The job's input: the dataset and the files' contents (transactions required; accounts and mapping optional), and
    /// whether to analyse the dataset once imported.
    /// </summary>
    public static byte[] Input(Guid datasetId, byte[] transactions, byte[]? accounts, byte[]? mapping, bool analyse = false)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] content)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
            Add("dataset.txt", System.Text.Encoding.ASCII.GetBytes(datasetId.ToString("D")));
            Add("transactions.csv", transactions);
            if (accounts is not null)
            {
                Add("accounts.csv", accounts);
            }
            if (mapping is not null)
            {
                Add("mapping.json", mapping);
            }
            if (analyse)
            {
                Add(AnalyseEntry, []);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The dataset an input of this kind names, or null when the input is not one (read without extracting the files).</summary>
    public static Guid? DatasetOf(byte[] input)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(input), ZipArchiveMode.Read);
            using var reader = new StreamReader(zip.GetEntry("dataset.txt")?.Open() ?? Stream.Null);
            return Guid.TryParse(reader.ReadToEnd(), out var id) ? id : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    public async Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ariadne-finance-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(directory);
        try
        {
            Guid datasetId;
            try
            {
                using var zip = new ZipArchive(new MemoryStream(context.Input), ZipArchiveMode.Read);
                zip.ExtractToDirectory(directory);
                datasetId = Guid.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "dataset.txt"), cancellationToken));
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
            {
                return Problem.Invalid("Input", "Invalid", "The job's input is not a finance import.");
            }
            string? Optional(string name) => File.Exists(Path.Combine(directory, name)) ? Path.Combine(directory, name) : null;
            var result = await finance.ImportTransactionsAsync(datasetId, Path.Combine(directory, "transactions.csv"), Optional("accounts.csv"), Optional("mapping.json"),
                context.Viewer, context.Progress, cancellationToken, analyse: Optional(AnalyseEntry) is not null);
            if (!result.Succeeded)
            {
                return result.Problem!;
            }
            var view = result.Value!;
            return view.AnalysedAtUtc is null
                ? new JobOutput(ResultPath, null, JobSummary.Of("Finance.Job.Imported", "Imported {0} transactions of {1} accounts and {2} parties.",
                    view.Transactions, view.Accounts, view.Parties))
                : new JobOutput($"{FinanceAnalyseJob.ResultPath}?dataset={datasetId}", null, JobSummary.Of("Finance.Job.ImportedAnalysed",
                    "Imported {0} transactions of {1} accounts and {2} parties; analysis finished: {3} alerts.", view.Transactions, view.Accounts, view.Parties, view.Alerts));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The analysis of a dataset as a background job (kind <see cref="JobKind"/>); the input is the dataset id.</summary>
public sealed class FinanceAnalyseJob(FinanceService finance) : IJobHandler
{
    public const string JobKind = "finance-analyse";
    public const string ResultPath = "/Finance/Alerts";

    public string Kind => JobKind;

    public static byte[] Input(Guid datasetId) => JsonSerializer.SerializeToUtf8Bytes(datasetId);

    /// <summary>The dataset an input of this kind names, or null when the input is not one.</summary>
    public static Guid? DatasetOf(byte[] input)
    {
        try
        {
            return JsonSerializer.Deserialize<Guid>(input);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        Guid datasetId;
        try
        {
            datasetId = JsonSerializer.Deserialize<Guid>(context.Input);
        }
        catch (JsonException)
        {
            return Problem.Invalid("Input", "Invalid", "The job's input is not a dataset.");
        }
        var result = await finance.AnalyseAsync(datasetId, null, context.Viewer, context.Progress, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Problem!;
        }
        return new JobOutput($"{ResultPath}?dataset={datasetId}", null,
            JobSummary.Of("Finance.Job.Analysed", "Analysis finished: {0} alerts.", result.Value!.Alerts));
    }
}

/// <summary>The parties' data keys as secrets under the master keys: sampled by the key checks, re-wrapped by rotation.</summary>
public sealed class FinancePartyMasterKeys : IMasterKeyDependent
{
    public async Task<IReadOnlyList<string>> KeyIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Set<FinanceParty>().AsNoTracking().Select(p => p.KekId).Distinct().ToListAsync(cancellationToken);

    public async Task<bool?> SampleOpensAsync(AppDbContext db, IKeyEncryptionKeyProvider keys, string keyId, CancellationToken cancellationToken)
    {
        var row = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.KekId == keyId).OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        try
        {
            CryptographicOperations.ZeroMemory(keys.Unwrap(row.KekId, row.WrappedKey, FinanceService.PartyKeyContext(row.Id)));
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
        var rows = await db.Set<FinanceParty>().Where(p => p.KekId != active).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            (row.KekId, row.WrappedKey) = Rewrap(keys, row.KekId, row.WrappedKey, FinanceService.PartyKeyContext(row.Id));
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>A data key wrapped under <paramref name="keyId"/>, unwrapped and wrapped again under the active master key (the plain key zeroed).</summary>
    internal static (string KeyId, byte[] Wrapped) Rewrap(IKeyEncryptionKeyProvider keys, string keyId, byte[] wrappedKey, byte[] context)
    {
        var dataKey = keys.Unwrap(keyId, wrappedKey, context);
        try
        {
            var wrapped = keys.Wrap(dataKey, context);
            return (wrapped.KeyId, wrapped.Wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string Describe(int count, string activeKeyId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count:N0} finance party data keys re-wrapped under '{activeKeyId}'.");
}
