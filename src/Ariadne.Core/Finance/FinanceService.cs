using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Data.Migrations;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Jobs;
using Ariadne.Core.Protection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.Finance;

/// <summary>
/// Financial-flow analysis in the database (docs/finance.md, "In the product"): import of a bank's export (transactions,
/// accounts, parties with sealed identifiers), analysis with the engine of <c>Ariadne.Analytics.Finance</c> plus the
/// shared-identifier rule on blind indexes, and the investigator workflow (queue, assignment, disposition, case links,
/// precision report). The one service behind the /Finance pages, <c>/api/v1/finance</c> and <c>ariadne finance</c>;
/// only financial investigators (and the local operator) may use it.
/// </summary>
public sealed partial class FinanceService(AppDbContext db, IdentityVault vault, IAuditLog audit, IAuditContext auditContext, TimeProvider time)
{
    public const int MaxNoteLength = 2000;
    public const int NetworkEdgeLimit = 500;
    public const int AccountTransactionLimit = 500;
    public static readonly string[] Formats = ["amlsim", "ibm", "generic"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="viewer"/> may use the financial-flow analysis at all.</summary>
    public static bool MayUse(CaseViewer viewer) => viewer.IsLocalOperator || viewer.Roles.Contains(UserRoles.FinancialInvestigator);

    // ---------------------------------------------------------------- import

    /// <summary>
    /// The whole import, as the command line runs it: the dataset with its sealed parties, then the transactions and
    /// accounts. All or nothing: any bad row (named by file, line and column) leaves no trace but a failed dataset row.
    /// </summary>
    public async Task<Result<DatasetView>> ImportAsync(FinanceImportRequest request, CaseViewer viewer, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var created = await CreateDatasetAsync(request.Name, request.Format, request.PartiesPath, viewer, cancellationToken);
        if (!created.Succeeded)
        {
            return created.Problem!;
        }
        return await ImportTransactionsAsync(created.Value, request.TransactionsPath, request.AccountsPath, request.MappingPath, viewer, progress, cancellationToken,
            request.Analyse);
    }

    /// <summary>
    /// Creates a dataset (state Importing) and seals its parties at once, so that no plaintext identifier waits in a job's
    /// input: the page and the API call this in the request and queue the transactions as a job.
    /// </summary>
    public async Task<Result<Guid>> CreateDatasetAsync(string? name, string? format, string? partiesPath, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > FinanceDataset.MaxNameLength)
        {
            errors.Add(new FieldError("Name", "Required", $"Give the dataset a name of at most {FinanceDataset.MaxNameLength} characters."));
        }
        if (format is null || !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("Format", "Invalid", $"The format is one of {string.Join(", ", Formats)}."));
        }
        IReadOnlyList<PartyRow> parties = [];
        if (partiesPath is not null)
        {
            var (rows, fileErrors) = TransactionFiles.ReadParties(partiesPath);
            errors.AddRange(fileErrors.Select(e => new FieldError("Parties", "Row", e.ToString())));
            parties = rows ?? [];
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var actor = auditContext.Actor;
        var now = time.GetUtcNow().UtcDateTime;
        var dataset = new FinanceDataset
        {
            Id = Guid.CreateVersion7(),
            Name = name!.Trim(),
            Format = format!.ToLowerInvariant(),
            OrganisationId = viewer.OrganisationId,
            ImportedAtUtc = now,
            ImportedByUserId = actor.UserId,
            ImportedByName = actor.Name,
            State = FinanceDatasetState.Importing,
            Parties = parties.Count,
        };
        // The dataset row and its sealed parties in one transaction; the parties in bulk (100,000 holders through the change
        // tracker took most of a million-transaction import).
        var names = new FinancePartyNames(vault.Keys);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            dataset.Number = await NextDatasetNumberAsync(cancellationToken);
            db.Add(dataset);
            await db.SaveChangesAsync(cancellationToken);
            var sqlite = db.Database.GetDbConnection() as SqliteConnection;
            var rebuild = sqlite is null ? [] : BulkRows.DropSecondaryIndexesForLargeImport(sqlite, parties.Count, "FinanceParties", "FinanceParties");
            // Sealing and encoding are CPU work per party, independent of each other (each call makes its own cipher); they
            // run on the other cores while this thread writes the rows, in the file's order.
            var sealedParties = parties.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(row => SealParty(dataset.Id, row, names));
            await InsertAsync(BulkRows.EntityColumns<FinanceParty>(db), "FinanceParties", sealedParties, null, cancellationToken);
            if (sqlite is not null)
            {
                BulkRows.RestoreIndexes(sqlite, rebuild);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            db.ChangeTracker.Clear();
        }
        return dataset.Id;
    }

    /// <summary>
    /// The next free <see cref="FinanceDataset.Number"/>, inside the caller's transaction, held until it ends: on SQLite the
    /// transaction took the write lock when it began (Microsoft.Data.Sqlite begins immediate transactions), on PostgreSQL a
    /// transaction-scoped advisory lock makes a second import that starts meanwhile wait for this one to commit or roll back.
    /// </summary>
    private async Task<int> NextDatasetNumberAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({DatasetNumberLock})", cancellationToken);
        }
        return (await db.Set<FinanceDataset>().MaxAsync(d => (int?)d.Number, cancellationToken) ?? 0) + 1;
    }

    /// <summary>The advisory lock's key ("ariadne finance dataset number" in the lock space of this installation's database).</summary>
    private const long DatasetNumberLock = 0x4172_6961_646E_6546;

    /// <summary>
    /// Reads the transactions (and accounts) file into the columnar store (labels never read), checks the parties'
    /// accounts, and writes accounts and transactions in bulk in one transaction. On any error the dataset is marked failed
    /// and its parties are deleted. With <paramref name="analyse"/> the dataset is also analysed as
    /// <see cref="AnalyseAsync"/> does, from the store already in memory instead of reading it back (the same store: its
    /// account and transaction indexes are the stored Index and Seq): the engine runs while the rows are written, the party
    /// rules and the storing of alerts after.
    /// </summary>
    public async Task<Result<DatasetView>> ImportTransactionsAsync(Guid datasetId, string transactionsPath, string? accountsPath, string? mappingPath,
        CaseViewer viewer, IProgress<JobProgress>? progress, CancellationToken cancellationToken, bool analyse = false)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var dataset = await db.Set<FinanceDataset>().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
        {
            return Problem.NotFound();
        }
        if (dataset.State != FinanceDatasetState.Importing)
        {
            return Problem.Conflict("The dataset was imported already.");
        }
        progress?.Report(new JobProgress(0, "Reading"));
        var layout = Enum.Parse<TransactionLayout>(dataset.Format, ignoreCase: true);
        // Ticket passengers are reduced to the installation's name blind index at once (the parties' NameIndex, so they compare).
        // The sealed parties' name indexes make the holders of the store (R10 compares them with the passengers), as
        // LoadStoreAsync does when the dataset is read back: the store is the same either way.
        var parties = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == datasetId)
            .Select(p => new { p.AccountId, p.NameIndex }).ToListAsync(cancellationToken);
        var (store, fileErrors) = TransactionFiles.Read(layout, transactionsPath, accountsPath, mappingPath, HolderNameKeys.ForVault(vault),
            holderNameKeys: parties.Where(p => p.NameIndex is not null).Select(p => (p.AccountId, Convert.ToHexString(p.NameIndex!))));
        var errors = fileErrors.Select(e => new FieldError("Transactions", "Row", e.ToString())).ToList();
        if (store is not null)
        {
            var known = new HashSet<string>(store.Accounts.Take(store.AccountCount), StringComparer.Ordinal);
            errors.AddRange(parties.Select(p => p.AccountId).Where(account => !known.Contains(account)).Distinct(StringComparer.Ordinal)
                .Select(account => new FieldError("Parties", "Row", $"parties: account_id '{account}' is in neither the transactions nor the accounts file")));
        }
        if (errors.Count > 0)
        {
            await FailAsync(dataset, errors.Count, cancellationToken);
            return Problem.Invalid([.. errors.Take(TransactionFiles.MaxListedErrors)]);
        }
        progress?.Report(new JobProgress(0.3, "Storing"));
        dataset.Accounts = store!.AccountCount;
        dataset.Transactions = store.Count;
        dataset.State = FinanceDatasetState.Imported;
        // With analyse, the engine runs over the store on the other core while this thread writes it to the database.
        var engine = analyse ? await StartEngineAsync(store, null, cancellationToken) : null;
        try
        {
            await BulkInsertAsync(dataset, store, p => progress?.Report(new JobProgress(0.3 + 0.7 * p, "Storing")), cancellationToken);
        }
        catch when (engine is not null)
        {
            // Not left running (nor its failure unobserved) after a failed import.
            await ((Task)engine.Result).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceImport, AuditOutcomes.Success, "finance-dataset", datasetId.ToString(),
            Details: new Dictionary<string, string>
            {
                ["format"] = dataset.Format,
                ["accounts"] = dataset.Accounts.ToString(CultureInfo.InvariantCulture),
                ["parties"] = dataset.Parties.ToString(CultureInfo.InvariantCulture),
                ["transactions"] = dataset.Transactions.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        return engine is not null ? await FinishAnalysisAsync(dataset, engine, progress, cancellationToken) : ToView(dataset);
    }

    private async Task FailAsync(FinanceDataset dataset, int errorCount, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.Set<FinanceParty>().Where(p => p.DatasetId == dataset.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<FinanceDataset>().Where(d => d.Id == dataset.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, FinanceDatasetState.Failed).SetProperty(d => d.Parties, 0), cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceImport, AuditOutcomes.Failed, "finance-dataset", dataset.Id.ToString(),
            Details: new Dictionary<string, string> { ["errors"] = errorCount.ToString(CultureInfo.InvariantCulture) }), cancellationToken);
    }

    /// <summary>Seals a party's identifiers under a fresh data key and computes its blind indexes and name encoding; the plaintext row is not kept.</summary>
    private FinanceParty SealParty(Guid datasetId, PartyRow row, FinancePartyNames names)
    {
        var id = Guid.CreateVersion7();
        var dataKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(IdentityVault.DataKeySize);
        try
        {
            var wrapped = vault.Keys.Wrap(dataKey, PartyKeyContext(id));
            var identity = new FinancePartyIdentity(row.Name, row.Phone, row.Email, row.Address, row.DocumentNumber, row.DateOfBirth);
            return new FinanceParty
            {
                Id = id,
                DatasetId = datasetId,
                AccountId = row.AccountId,
                KekId = wrapped.KeyId,
                WrappedKey = wrapped.Wrapped,
                IdentityCiphertext = vault.SealText(PartyRecordType, id, "identity", JsonSerializer.Serialize(identity, Json), dataKey),
                NameIndex = vault.IdentifierIndex("name", IdentityVault.NormaliseName(row.Name)),
                PhoneIndex = vault.IdentifierIndex("phone", NormalisePhone(row.Phone)),
                EmailIndex = vault.IdentifierIndex("email", row.Email?.Trim().ToLowerInvariant()),
                AddressIndex = vault.IdentifierIndex("address", IdentityVault.NormaliseName(row.Address)),
                DocumentIndex = vault.IdentifierIndex("document", IdentityVault.NormaliseDocument(row.DocumentNumber)),
                BirthDateIndex = vault.IdentifierIndex("birth", row.DateOfBirth),
                NameEncoding = names.Encode(row.Name),
            };
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    internal const string PartyRecordType = "finance-party";

    internal static byte[] PartyKeyContext(Guid partyId) => Encoding.ASCII.GetBytes($"{PartyRecordType}:{partyId:D}:key:v1");

    /// <summary>Digits only, a leading 00 read as +: "+49 (30) 1234-56" and "0049301234 56" are the same number.</summary>
    public static string? NormalisePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : digits;
    }

    internal FinancePartyIdentity OpenParty(FinanceParty party)
    {
        var dataKey = vault.Keys.Unwrap(party.KekId, party.WrappedKey, PartyKeyContext(party.Id));
        try
        {
            return JsonSerializer.Deserialize<FinancePartyIdentity>(vault.OpenText(PartyRecordType, party.Id, "identity", party.IdentityCiphertext, dataKey), Json)
                ?? throw new ProtectedDataException("A sealed party is empty.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    // ---------------------------------------------------------------- bulk insert

    private static readonly BulkRows.Column<(TransactionStore S, int I)>[] TransactionColumns =
    [
        new("DatasetNumber", _ => null, NpgsqlDbType.Integer),
        new("Seq", r => r.I, NpgsqlDbType.Integer),
        new("ExternalId", r => r.S.Ids[r.I], NpgsqlDbType.Bigint),
        new("SourceIndex", r => r.S.Source[r.I], NpgsqlDbType.Integer),
        new("TargetIndex", r => r.S.Target[r.I], NpgsqlDbType.Integer),
        new("AmountMinor", r => r.S.Amount[r.I], NpgsqlDbType.Bigint),
        new("Currency", r => Text(r.S.Currencies[r.S.Currency[r.I]]), NpgsqlDbType.Varchar),
        new("Timestamp", r => r.S.Time[r.I], NpgsqlDbType.Bigint),
        new("Channel", r => (short)r.S.Channel[r.I], NpgsqlDbType.Smallint),
        new("Branch", r => Text(r.S.Branches[r.S.Branch[r.I]]), NpgsqlDbType.Varchar),
        new("MerchantCategory", r => r.S.MerchantCategory[r.I], NpgsqlDbType.Smallint),
        new("Country", r => Text(r.S.Countries[r.S.Country[r.I]]), NpgsqlDbType.Varchar),
        new("Place", r => Text(r.S.Places[r.S.Place[r.I]]), NpgsqlDbType.Varchar),
        new("Kind", r => Text(r.S.Kinds[r.S.Kind[r.I]]), NpgsqlDbType.Varchar),
        new("Flags", r => (short)r.S.Flags[r.I], NpgsqlDbType.Smallint),
    ];

    private static readonly BulkRows.Column<(TransactionStore S, int I)>[] AccountColumns =
    [
        new("DatasetId", _ => null, NpgsqlDbType.Uuid),
        new("Index", r => r.I, NpgsqlDbType.Integer),
        new("ExternalId", r => r.S.Accounts[r.I], NpgsqlDbType.Varchar),
        new("Bank", r => r.S.Accounts[r.I].IndexOf(':', StringComparison.Ordinal) is var c and > 0 ? r.S.Accounts[r.I][..c] : null, NpgsqlDbType.Varchar),
        new("Kind", r => (short)r.S.AccountKinds[r.I], NpgsqlDbType.Smallint),
        new("Country", r => Text(r.S.Countries[r.S.AccountCountry[r.I]]), NpgsqlDbType.Varchar),
        new("BusinessType", r => Text(r.S.BusinessTypes[r.S.AccountBusinessType[r.I]]), NpgsqlDbType.Varchar),
        new("OpeningHours", r => r.S.Schedules[r.S.AccountOpeningHours[r.I]]?.Text, NpgsqlDbType.Varchar),
        new("TimeZone", r => Text(r.S.TimeZones[r.S.AccountTimeZone[r.I]]), NpgsqlDbType.Varchar),
        new("Score", _ => 0.0, NpgsqlDbType.Double),
        new("Flagged", _ => false, NpgsqlDbType.Boolean),
        new("Reasons", _ => null, NpgsqlDbType.Text),
    ];

    /// <summary>Only the rows that name a passenger (tickets): the passenger's name blind index by the transaction's Seq.</summary>
    private static readonly BulkRows.Column<(TransactionStore S, int I)>[] PassengerColumns =
    [
        new("DatasetId", _ => null, NpgsqlDbType.Uuid),
        new("Seq", r => r.I, NpgsqlDbType.Integer),
        new("PassengerIndex", r => Convert.FromHexString(r.S.NameKeys[r.S.Passenger[r.I]]), NpgsqlDbType.Bytea),
    ];

    private static IEnumerable<(TransactionStore S, int I)> PassengerRows(TransactionStore store)
    {
        for (var i = 0; i < store.Passenger.Length; i++)
        {
            if (store.Passenger[i] != 0)
            {
                yield return (store, i);
            }
        }
    }

    private static string? Text(string value) => value.Length == 0 ? null : value;

    /// <summary>
    /// Accounts, then transactions, then the parties' account indexes (one statement), in one transaction: multi-row
    /// prepared inserts on SQLite (with the two tables' secondary indexes rebuilt once at the end when the import is
    /// larger than what they hold), binary COPY on PostgreSQL; no change tracker per row. The dataset id column is filled
    /// per provider (upper-case text on SQLite, as EF Core stores a GUID there; uuid on PostgreSQL); transactions carry
    /// the dataset's small number instead (<see cref="FinanceDataset.Number"/>).
    /// </summary>
    private async Task BulkInsertAsync(FinanceDataset dataset, TransactionStore store, Action<double> report, CancellationToken cancellationToken)
    {
        var total = (double)Math.Max(1, store.Count + store.AccountCount);
        var datasetId = DatasetParameter(db, dataset.Id);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var sqlite = db.Database.GetDbConnection() as SqliteConnection;
            using var cache = sqlite is null ? null : BulkRows.SqliteLargeCache(sqlite);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rebuild = sqlite is null ? [] : BulkRows.DropSecondaryIndexesForLargeImport(sqlite, store.Count, "FinanceTransactions", "FinanceTransactions", "FinanceAccounts");
            await InsertAsync(WithDataset(AccountColumns, datasetId), "FinanceAccounts", Rows(store, store.AccountCount), null, cancellationToken);
            var transactionColumns = WithDataset(TransactionColumns, dataset.Number);
            Action<int> reportRows = n => report((store.AccountCount + n) / total);
            if (db.Database.GetDbConnection() is NpgsqlConnection postgres && await ScalarAsync(FinanceTransactionPartitions.IsPartitionedSql, cancellationToken) is true)
            {
                // A table of its own, filled without indexes or foreign-key checks, then attached as the dataset's
                // partition (which builds its key and indexes and checks the foreign key once): FinanceTransactionPartitions.
                await ScalarAsync(FinanceTransactionPartitions.CreateSql(dataset.Number), cancellationToken);
                await BulkRows.CopyAsync(postgres, FinanceTransactionPartitions.Partition(dataset.Number), transactionColumns, Rows(store, store.Count), reportRows, cancellationToken);
                await ScalarAsync(FinanceTransactionPartitions.AttachSql(dataset.Number), cancellationToken);
            }
            else
            {
                await InsertAsync(transactionColumns, FinanceTransactionPartitions.Table, Rows(store, store.Count), reportRows, cancellationToken);
            }
            await InsertAsync(WithDataset(PassengerColumns, datasetId), "FinanceTicketPassengers", PassengerRows(store), null, cancellationToken);
            if (sqlite is not null)
            {
                BulkRows.RestoreIndexes(sqlite, rebuild);
            }
            await using (var index = Command(db, "UPDATE \"FinanceParties\" SET \"AccountIndex\" = (SELECT a.\"Index\" FROM \"FinanceAccounts\" a " +
                "WHERE a.\"DatasetId\" = \"FinanceParties\".\"DatasetId\" AND a.\"ExternalId\" = \"FinanceParties\".\"AccountId\") WHERE \"DatasetId\" = @d", ("d", datasetId)))
            {
                index.Transaction = transaction.GetDbTransaction();
                await index.ExecuteNonQueryAsync(cancellationToken);
            }
            // The dataset's counts and state (tracked since loaded) in the same transaction.
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One statement in the current transaction (<see cref="Command"/> joins it), its first value if any; the SQL is built from fixed names and numbers, never input.</summary>
    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(db, sql);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Rows into a table in the current transaction: multi-row prepared inserts on SQLite, binary COPY on PostgreSQL.</summary>
    private async Task InsertAsync<T>(BulkRows.Column<T>[] columns, string table, IEnumerable<T> rows, Action<int>? report, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
        {
            await BulkRows.CopyAsync(postgres, table, columns, rows, report, cancellationToken);
        }
        else
        {
            BulkRows.SqliteInsertAll((SqliteConnection)db.Database.GetDbConnection(), table, columns, rows, report, cancellationToken);
        }
    }

    private static IEnumerable<(TransactionStore S, int I)> Rows(TransactionStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return (store, i);
        }
    }

    private static BulkRows.Column<T>[] WithDataset<T>(BulkRows.Column<T>[] columns, object datasetId) =>
        [new(columns[0].Name, _ => datasetId, columns[0].PostgresType), .. columns[1..]];

    // ---------------------------------------------------------------- datasets

    public async Task<Result<IReadOnlyList<DatasetView>>> DatasetsAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var rows = await db.Set<FinanceDataset>().AsNoTracking().OrderByDescending(d => d.ImportedAtUtc).ToListAsync(cancellationToken);
        return rows.Select(ToView).ToList();
    }

    public async Task<Result<DatasetView>> DatasetAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!MayUse(viewer))
        {
            return Problem.Forbidden();
        }
        var row = await db.Set<FinanceDataset>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? Problem.NotFound() : ToView(row);
    }

    private static DatasetView ToView(FinanceDataset d) =>
        new(d.Id, d.Name, d.Format, d.ImportedAtUtc, d.ImportedByName, d.Accounts, d.Parties, d.Transactions, d.Alerts, d.State.ToString(), d.AnalysedAtUtc);

    internal static DateTime Utc(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;

    internal static object DatasetParameter(AppDbContext db, Guid id) => db.Database.IsNpgsql() ? id : id.ToString().ToUpperInvariant();

    internal static DbCommand Command(AppDbContext db, string sql, params (string Name, object Value)[] parameters) =>
        RawCommands.Create(db, sql, parameters.Select(p => (p.Name, (object?)p.Value)));
}
