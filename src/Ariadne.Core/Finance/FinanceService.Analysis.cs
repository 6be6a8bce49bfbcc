using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Finance.Data;
using Ariadne.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using StoredAlert = Ariadne.Core.Finance.Data.FinanceAlert;

namespace Ariadne.Core.Finance;

public sealed partial class FinanceService
{
    /// <summary>
    /// Analyses a dataset: reads its accounts and transactions from the database into the columnar store (one streamed
    /// query each, columns only), runs the rules and typologies of <see cref="FinanceAnalysis"/>, adds R6 from the parties'
    /// blind indexes (no identifier is opened), and stores account scores and alerts. The open and assigned alerts of an
    /// earlier run are replaced; closed (disposed) ones are kept, and an alert that a closed one already covers (same
    /// rule, accounts and transactions) is not raised again.
    /// </summary>
    public async Task<Result<DatasetView>> AnalyseAsync(Guid datasetId, RuleSet? rules, CaseViewer viewer, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
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
        if (dataset.State is not (FinanceDatasetState.Imported or FinanceDatasetState.Analysed))
        {
            return Problem.Conflict("Only an imported dataset can be analysed.");
        }
        progress?.Report(new JobProgress(0, "Reading"));
        var store = await LoadStoreAsync(datasetId, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new JobProgress(0.4, "Analysing"));
        var engine = await StartEngineAsync(store, rules, cancellationToken);
        return await FinishAnalysisAsync(dataset, engine, progress, cancellationToken);
    }

    /// <summary>The rules an analysis uses and the engine's run over the store, started on the thread pool.</summary>
    private sealed record EngineRun(RuleSet Rules, string Used, int AccountCount, Task<FinanceAnalysisResult> Result);

    /// <summary>
    /// Resolves the rules (without a rule set of its own — the jobs, `finance run`, `import --analyse` — the stored
    /// settings and lists, FinanceService.Lists.cs) and starts <see cref="FinanceAnalysis.Run"/> over <paramref name="store"/>
    /// on the thread pool: the engine reads only the store, never this context, so the import writes the same
    /// transactions to the database on this thread meanwhile (<see cref="ImportTransactionsAsync"/>).
    /// </summary>
    private async Task<EngineRun> StartEngineAsync(TransactionStore store, RuleSet? rules, CancellationToken cancellationToken)
    {
        var used = "given rule set";
        if (rules is null)
        {
            (rules, used) = await StoredRulesAsync(cancellationToken);
        }
        var resolved = rules;
        return new EngineRun(resolved, used, store.AccountCount, Task.Run(() => FinanceAnalysis.Run(store, resolved), cancellationToken));
    }

    /// <summary>The rest of <see cref="AnalyseAsync"/> once the engine has run: the party rules (R6, R19) from the database, then scores and alerts stored.</summary>
    private async Task<Result<DatasetView>> FinishAnalysisAsync(FinanceDataset dataset, EngineRun engine, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        var datasetId = dataset.Id;
        var (rules, used) = (engine.Rules, engine.Used);
        var result = await engine.Result;
        var alerts = result.Alerts.ToList();
        var score = new double[engine.AccountCount];
        var reasons = new List<string>?[engine.AccountCount];
        foreach (var risk in result.Accounts)
        {
            score[risk.Account] = risk.Score;
            reasons[risk.Account] = [.. risk.Reasons];
        }
        if (rules.SharedIdentifiers.Enabled)
        {
            foreach (var alert in await SharedIdentifierAlertsAsync(datasetId, rules, cancellationToken))
            {
                alerts.Add(alert);
                foreach (var a in alert.Accounts)
                {
                    score[a] = 1 - (1 - score[a]) * (1 - rules.Weight("R6"));
                    (reasons[a] ??= []).Add($"R6 shared_identifier {alert.Id}");
                }
            }
        }
        if (rules.AdIdentifiers.Enabled)
        {
            foreach (var alert in await AdIdentifierAlertsAsync(datasetId, rules, cancellationToken))
            {
                alerts.Add(alert);
                foreach (var a in alert.Accounts)
                {
                    score[a] = 1 - (1 - score[a]) * (1 - rules.Weight("R19"));
                    (reasons[a] ??= []).Add($"R19 ad_identifier {alert.Id}");
                }
            }
        }
        progress?.Report(new JobProgress(0.8, "Storing"));
        await StoreScoresAsync(datasetId, score, reasons, rules.FlagThreshold, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<StoredAlert>().Where(a => a.DatasetId == datasetId && a.Status != FinanceAlertStatus.Closed).ExecuteDeleteAsync(cancellationToken);
        var closed = (await db.Set<StoredAlert>().AsNoTracking().Where(a => a.DatasetId == datasetId)
            .Select(a => new { a.Rule, a.Typology, a.AccountIndexes, a.TransactionSeqs }).ToListAsync(cancellationToken))
            .Select(a => (a.Rule, a.Typology, a.AccountIndexes, a.TransactionSeqs)).ToHashSet();
        var stored = new List<StoredAlert>();
        foreach (var alert in alerts)
        {
            var accounts = string.Join(';', alert.Accounts);
            var transactions = string.Join(';', alert.Transactions);
            if (closed.Contains((alert.Rule, alert.Typology, accounts, transactions)))
            {
                continue;
            }
            stored.Add(new StoredAlert
            {
                Id = Guid.CreateVersion7(),
                DatasetId = datasetId,
                Code = alert.Id,
                Rule = alert.Rule,
                Typology = alert.Typology,
                Source = Truncate(alert.Source, 256),
                Score = alert.Score,
                AccountIndexes = accounts,
                TransactionSeqs = transactions,
                CreatedAtUtc = now,
                Status = FinanceAlertStatus.Open,
                ExplanationJson = JsonSerializer.Serialize(new { text = alert.Explanation, rule = alert.Rule, typology = alert.Typology, source = alert.Source }, Json),
            });
        }
        // Thousands of alerts on a large dataset: in bulk, not through the change tracker.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await InsertAsync(BulkRows.EntityColumns<StoredAlert>(db), "FinanceAlerts", stored, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var added = stored.Count;
        dataset.State = FinanceDatasetState.Analysed;
        dataset.AnalysedAtUtc = now;
        await db.SaveChangesAsync(cancellationToken);
        dataset.Alerts = await db.Set<StoredAlert>().CountAsync(a => a.DatasetId == datasetId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.FinanceAnalyse, AuditOutcomes.Success, "finance-dataset", datasetId.ToString(),
            Details: new Dictionary<string, string>
            {
                ["alerts"] = added.ToString(CultureInfo.InvariantCulture),
                ["flagged"] = score.Count(s => s >= rules.FlagThreshold).ToString(CultureInfo.InvariantCulture),
                ["rules"] = used,
            }), cancellationToken);
        progress?.Report(new JobProgress(1, "Storing"));
        return ToView(dataset);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>The dataset as the engine's store; account and transaction indexes equal the stored Index and Seq.</summary>
    internal async Task<TransactionStore> LoadStoreAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await db.Set<FinanceDataset>().Where(d => d.Id == datasetId).Select(d => new { d.Number, d.Transactions }).SingleAsync(cancellationToken);
        var number = dataset.Number;
        var builder = new TransactionStoreBuilder((int)Math.Min(dataset.Transactions, int.MaxValue));
        var names = new List<string>();
        var parameter = DatasetParameter(db, datasetId);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var schedules = new Dictionary<string, OpeningHours?>(StringComparer.Ordinal);
            await using (var command = Command(db, "SELECT \"ExternalId\", \"Kind\", \"Country\", \"BusinessType\", \"OpeningHours\", \"TimeZone\" FROM \"FinanceAccounts\" WHERE \"DatasetId\" = @d ORDER BY \"Index\"", ("d", parameter)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetString(0);
                    names.Add(id);
                    builder.DescribeAccount(id, (AccountKind)Convert.ToByte(reader.GetValue(1), CultureInfo.InvariantCulture), NullableString(reader, 2), NullableString(reader, 3));
                    var (hours, zone) = (NullableString(reader, 4), NullableString(reader, 5));
                    if (hours is not null || zone is not null)
                    {
                        // Checked on import; a text that no longer parses (a stricter parser) counts as none declared.
                        var schedule = hours is null ? null : schedules.TryGetValue(hours, out var known) ? known : schedules[hours] = OpeningHours.Parse(hours).Hours;
                        builder.DescribeOpeningHours(id, schedule, zone);
                    }
                }
            }
            // The holders' name blind indexes (R10), compared with the tickets' passengers; nothing is opened.
            await using (var command = Command(db, "SELECT \"AccountIndex\", \"NameIndex\" FROM \"FinanceParties\" WHERE \"DatasetId\" = @d AND \"AccountIndex\" >= 0 AND \"NameIndex\" IS NOT NULL", ("d", parameter)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    builder.DescribeHolder(names[reader.GetInt32(0)], Convert.ToHexString((byte[])reader.GetValue(1)));
                }
            }
            var passengers = new Dictionary<int, string>();
            await using (var command = Command(db, "SELECT \"Seq\", \"PassengerIndex\" FROM \"FinanceTicketPassengers\" WHERE \"DatasetId\" = @d", ("d", parameter)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    passengers[reader.GetInt32(0)] = Convert.ToHexString((byte[])reader.GetValue(1));
                }
            }
            const string sql = "SELECT \"ExternalId\", \"SourceIndex\", \"TargetIndex\", \"AmountMinor\", \"Timestamp\", \"Channel\", \"Currency\", \"MerchantCategory\", " +
                "\"Branch\", \"Country\", \"Place\", \"Kind\", \"Flags\" FROM \"FinanceTransactions\" WHERE \"DatasetNumber\" = @n ORDER BY \"Seq\"";
            if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                // A million rows: read by position through SQLite's interface, each text column's few distinct values
                // interned from their bytes (Microsoft.Data.Sqlite's reader made a string per cell and was a third of `finance run`).
                var texts = new[] { new Utf8Interner(), new Utf8Interner(), new Utf8Interner(), new Utf8Interner(), new Utf8Interner() };
                string? Text(SqliteRows.Row row, int column, int interner) => row.IsNull(column) ? null : texts[interner][texts[interner].Code(row.Utf8(column))];
                var seq = 0;
                SqliteRows.ForEach(sqlite, sql, [("n", number)], row =>
                {
                    var passenger = passengers.Count == 0 ? null : passengers.GetValueOrDefault(seq);
                    seq++;
                    builder.Add(row.Int64(0), names[(int)row.Int64(1)], names[(int)row.Int64(2)], row.Int64(3), row.Int64(4), (Channel)row.Int64(5), Text(row, 6, 0),
                        (short)row.Int64(7), Text(row, 8, 1), Text(row, 9, 2), Text(row, 10, 3), Text(row, 11, 4), (byte)row.Int64(12), passenger);
                }, cancellationToken);
            }
            else
            {
                await using var command = Command(db, sql, ("n", number));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var seq = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var passenger = passengers.Count == 0 ? null : passengers.GetValueOrDefault(seq);
                    seq++;
                    builder.Add(reader.GetInt64(0), names[reader.GetInt32(1)], names[reader.GetInt32(2)], reader.GetInt64(3), reader.GetInt64(4),
                        (Channel)Convert.ToByte(reader.GetValue(5), CultureInfo.InvariantCulture), NullableString(reader, 6),
                        Convert.ToInt16(reader.GetValue(7), CultureInfo.InvariantCulture), NullableString(reader, 8), NullableString(reader, 9),
                        NullableString(reader, 10), NullableString(reader, 11), Convert.ToByte(reader.GetValue(12), CultureInfo.InvariantCulture), passenger);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return builder.Build();
    }

    private static string? NullableString(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    /// <summary>
    /// R6 alerts from the parties' blind indexes (entity resolution on exact shared identifiers) and name encodings (fuzzy
    /// names with a shared date of birth or address, <see cref="SimilarNames"/>); ids S000001 …. Nothing is opened.
    /// </summary>
    private async Task<List<Analytics.Finance.FinanceAlert>> SharedIdentifierAlertsAsync(Guid datasetId, RuleSet rules, CancellationToken cancellationToken)
    {
        var parties = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == datasetId && p.AccountIndex >= 0)
            .OrderBy(p => p.AccountIndex)
            .Select(p => new { p.AccountIndex, p.NameIndex, p.PhoneIndex, p.EmailIndex, p.DocumentIndex, p.AddressIndex, p.BirthDateIndex, p.NameEncoding })
            .ToListAsync(cancellationToken);
        static string? Key(byte[]? index) => index is null ? null : Convert.ToHexString(index);
        var keys = new Dictionary<string, string?[]>
        {
            ["phone"] = [.. parties.Select(p => Key(p.PhoneIndex))],
            ["email"] = [.. parties.Select(p => Key(p.EmailIndex))],
            ["document"] = [.. parties.Select(p => Key(p.DocumentIndex))],
            ["address"] = [.. parties.Select(p => Key(p.AddressIndex))],
        };
        IReadOnlyList<NameLink> links = [];
        var threshold = rules.SharedIdentifiers.NameThreshold;
        if (threshold is > 0 and <= 1)
        {
            var words = new ulong[parties.Count * Ariadne.Analytics.Linkage.BloomFilterEncoder.EncodingWords];
            var hasName = new bool[parties.Count];
            for (var i = 0; i < parties.Count; i++)
            {
                hasName[i] = FinancePartyNames.Load(parties[i].NameEncoding, words, i);
            }
            var blocks = new Dictionary<string, string?[]>
            {
                ["date of birth"] = [.. parties.Select(p => Key(p.BirthDateIndex))],
                ["address"] = keys["address"],
            };
            links = SimilarNames.Link(words, hasName, blocks, threshold, rules.SharedIdentifiers.MaxBlock).Links;
        }
        var entities = SharedIdentifiers.Resolve([.. parties.Select(p => p.AccountIndex)], [.. parties.Select(p => Key(p.NameIndex))], keys,
            rules.SharedIdentifiers.MinAccounts, links);
        var alerts = new List<Analytics.Finance.FinanceAlert>();
        foreach (var entity in entities)
        {
            var shared = string.Join(", ", entity.SharedKeys.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Value} {k.Key}")));
            alerts.Add(new Analytics.Finance.FinanceAlert(string.Create(CultureInfo.InvariantCulture, $"S{alerts.Count + 1:D6}"), "R6", "shared_identifier",
                "FIN-2014-A008; FATF/APG 2018", entity.Accounts, [], rules.Weight("R6"),
                string.Create(CultureInfo.InvariantCulture,
                    $"{entity.Accounts.Length} accounts whose {entity.Parties} holders carry {entity.DistinctNames} different names share identifiers ({shared}){SimilarNamesText(entity)}; minimum {rules.SharedIdentifiers.MinAccounts} accounts")));
        }
        return alerts;
    }

    /// <summary>
    /// R19 alerts (FIN-2020-A008 #6): an account whose holder's phone or e-mail blind index is on a stored ad-identifier
    /// list, one alert per account and list, ids I000001 … (<see cref="AdIdentifierAlerts"/>, shared with
    /// <c>finance analyse --ad-list</c>). The explanation names the identifier kind and the list's name, version, source
    /// and legal basis — never the identifier. Nothing is opened.
    /// </summary>
    private async Task<List<Analytics.Finance.FinanceAlert>> AdIdentifierAlertsAsync(Guid datasetId, RuleSet rules, CancellationToken cancellationToken)
    {
        var lists = await StoredAdListsAsync(cancellationToken);
        if (lists.Count == 0)
        {
            return [];
        }
        var parties = await db.Set<FinanceParty>().AsNoTracking().Where(p => p.DatasetId == datasetId && p.AccountIndex >= 0 && (p.PhoneIndex != null || p.EmailIndex != null))
            .Select(p => new { p.AccountIndex, p.PhoneIndex, p.EmailIndex }).ToListAsync(cancellationToken);
        static string? Key(byte[]? index) => index is null ? null : Convert.ToHexString(index);
        var hits = AdIdentifiers.Match([.. parties.Select(p => p.AccountIndex)], [.. parties.Select(p => Key(p.PhoneIndex))], [.. parties.Select(p => Key(p.EmailIndex))],
            [.. lists.Select(l => l.Keys)]);
        return AdIdentifierAlerts.Build([.. lists.Select(l => new AdIdentifierAlerts.Label(l.Name, l.Version, l.Source, l.LegalBasis))], hits, rules);
    }

    /// <summary>"; one holder under similar names: names similar 0.93 on the encoded comparison, same date of birth", or empty.</summary>
    private static string SimilarNamesText(SharedIdentifierEntity entity) =>
        entity.NameLinks.Count == 0
            ? ""
            : "; the same holder under similar names: " + string.Join("; ", entity.NameLinks.Take(5).Select(l =>
                string.Create(CultureInfo.InvariantCulture, $"names similar {l.Similarity:0.00} on the encoded comparison, same {string.Join(" and same ", l.Attributes)}")))
                + (entity.NameLinks.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $"; {entity.NameLinks.Count - 5} more") : "");

    /// <summary>Resets the dataset's scores of an earlier run (only the rows that have one), then writes the non-zero ones (a few per cent of the accounts) row by row in one transaction.</summary>
    private async Task StoreScoresAsync(Guid datasetId, double[] score, List<string>?[] reasons, double threshold, CancellationToken cancellationToken)
    {
        var parameter = DatasetParameter(db, datasetId);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var dbTransaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction);
            await using (var reset = Command(db, "UPDATE \"FinanceAccounts\" SET \"Score\" = 0, \"Flagged\" = @f, \"Reasons\" = NULL " +
                "WHERE \"DatasetId\" = @d AND (\"Score\" <> 0 OR \"Reasons\" IS NOT NULL)", ("f", false), ("d", parameter)))
            {
                reset.Transaction = dbTransaction;
                await reset.ExecuteNonQueryAsync(cancellationToken);
            }
            var rows = Enumerable.Range(0, score.Length).Where(a => score[a] > 0 || reasons[a] is { Count: > 0 })
                .Select(a => (Index: a, Score: Math.Round(score[a], 6), Why: reasons[a] is { Count: > 0 } list ? string.Join(';', list) : null))
                .Select(r => (r.Index, r.Score, Flagged: r.Score >= threshold && r.Why is not null, r.Why)).ToList();
            if (db.Database.IsNpgsql())
            {
                // One statement for all (tens of thousands of round trips to the server took most of the analysis' storing).
                await using var update = Command(db, "UPDATE \"FinanceAccounts\" AS a SET \"Score\" = v.s, \"Flagged\" = v.f, \"Reasons\" = v.r " +
                    "FROM unnest(@i, @s, @f, @r) AS v(i, s, f, r) WHERE a.\"DatasetId\" = @d AND a.\"Index\" = v.i",
                    ("i", rows.Select(r => r.Index).ToArray()), ("s", rows.Select(r => r.Score).ToArray()), ("f", rows.Select(r => r.Flagged).ToArray()),
                    ("r", rows.Select(r => r.Why).ToArray()), ("d", parameter));
                update.Transaction = dbTransaction;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                // In process on SQLite: one prepared statement per account is as fast as a batch.
                await using var update = Command(db, "UPDATE \"FinanceAccounts\" SET \"Score\" = @s, \"Flagged\" = @f, \"Reasons\" = @r WHERE \"DatasetId\" = @d AND \"Index\" = @i",
                    ("s", 0.0), ("f", false), ("r", ""), ("d", parameter), ("i", 0));
                update.Transaction = dbTransaction;
                foreach (var (index, value, flagged, why) in rows)
                {
                    update.Parameters[0].Value = value;
                    update.Parameters[1].Value = flagged;
                    update.Parameters[2].Value = (object?)why ?? DBNull.Value;
                    update.Parameters[4].Value = index;
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
