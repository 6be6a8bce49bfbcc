using System.Globalization;
using System.Text;
using Ariadne.Analytics.Finance;
using CsvHelper;

namespace Ariadne.Core.Finance;

/// <summary>
/// The files of the finance command contract: what the generator writes (AMLSim current layout plus labels), what
/// <c>analyse</c> writes (<c>accounts.csv</c>, <c>alerts.csv</c>) and what <c>evaluate</c> reads back.
/// </summary>
public static class FinanceFiles
{
    public const string AccountsFile = "accounts.csv";
    public const string TransactionsFile = "transactions.csv";
    public const string AlertsFile = "alerts.csv";
    public const string LabelsFile = "labels.csv";
    /// <summary>The rule set the generator writes beside its list files.</summary>
    public const string RulesFile = "rules.json";

    /// <summary>
    /// AMLSim's current layout: <c>accounts.csv</c> (acct_id, dsply_nm, type, acct_stat, acct_rptng_crncy, branch_id,
    /// bank_id, country) and <c>transactions.csv</c> (tran_id, orig_acct, bene_acct, tx_type, base_amt, tran_timestamp,
    /// is_sar, alert_id, then Ariadne's optional branch_id and mcc), and <c>labels.csv</c> (alert_id, typology,
    /// accounts and transaction ids separated by ';'). Display names are synthetic ("Synthetic holder N").
    /// Tickets get a <c>passenger</c> (rule R10): the holder's name from <paramref name="parties"/> (one per account, in
    /// the accounts' order; upper case, so that only the normalised names are equal) or an invented traveller; without
    /// parties the column stays empty. Accounts get <c>opening_hours</c> and <c>time_zone</c> where declared (R12).
    /// </summary>
    public static void WriteGenerated(string directory, GeneratedData data, IReadOnlyList<PartyRow>? parties = null)
    {
        Directory.CreateDirectory(directory);
        using (var accounts = Writer(Path.Combine(directory, AccountsFile)))
        {
            accounts.WriteLine("acct_id,dsply_nm,type,acct_stat,acct_rptng_crncy,branch_id,bank_id,country,business_type,opening_hours,time_zone");
            for (var i = 0; i < data.Accounts.Count; i++)
            {
                var a = data.Accounts[i];
                accounts.WriteLine($"{a.Id},Synthetic holder {i + 1},{(a.Kind == AccountKind.Business ? "O" : "I")},A,USD,{a.Branch},bank{a.Bank:D2},{a.Country},{a.BusinessType},{Quote(a.OpeningHours ?? "")},{a.TimeZone}");
            }
        }
        using (var tx = Writer(Path.Combine(directory, TransactionsFile)))
        {
            tx.WriteLine("tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id,branch_id,mcc,region,passenger,trip");
            foreach (var t in data.Transactions)
            {
                var when = DateTimeOffset.FromUnixTimeSeconds(t.Time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var type = t.Type ?? t.Channel switch
                {
                    Channel.Ach => "ACH",
                    Channel.Crypto => "CRYPTO",
                    Channel.CashIn => "CASH-IN",
                    Channel.CashOut => "CASH-OUT",
                    Channel.Wire => "WIRE",
                    Channel.Card => "CARD",
                    Channel.Prepaid => "PREPAID",
                    _ => "TRANSFER",
                };
                tx.Write(string.Create(CultureInfo.InvariantCulture, $"{t.Id},{data.Accounts[t.Source].Id},{data.Accounts[t.Target].Id},{type},{t.Amount / 100m:0.00},{when},"));
                tx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(t.AlertId >= 0 ? "True" : "False")},{t.AlertId},{t.Branch},{(t.MerchantCategory == 0 ? "" : t.MerchantCategory.ToString(CultureInfo.InvariantCulture))},{t.Place},{Quote(Passenger(t.Passenger, parties))},{t.Trip}"));
            }
        }
        if (data.Lists is not null)
        {
            // The list-driven rules' files (R14, R15, R17) and a rule set naming them: `analyse --rules DIR/rules.json`.
            foreach (var (file, entries) in data.Lists)
            {
                using var list = Writer(Path.Combine(directory, file));
                list.WriteLine("account_id");
                foreach (var entry in entries)
                {
                    list.WriteLine(entry);
                }
            }
            using var rules = Writer(Path.Combine(directory, RulesFile));
            rules.WriteLine($$"""
                {
                  "thirdPartyProcessors": { "listFile": "{{FinanceGenerator.ProcessorList}}" },
                  "taggedAddresses": { "listFile": "{{FinanceGenerator.TaggedList}}" },
                  "recruitmentAgencies": { "registerFile": "{{FinanceGenerator.AgencyRegister}}" }
                }
                """);
        }
        using var labels = Writer(Path.Combine(directory, LabelsFile));
        labels.WriteLine("alert_id,typology,accounts,transactions");
        foreach (var p in data.Patterns)
        {
            labels.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.AlertId},{p.Typology},{string.Join(';', p.Accounts.Distinct().Select(a => data.Accounts[a].Id))},{string.Join(';', p.Transactions)}"));
        }
    }

    /// <summary>The generated passenger's name: an account's holder (upper case), an invented traveller, or empty.</summary>
    private static string Passenger(int passenger, IReadOnlyList<PartyRow>? parties) =>
        parties is null || passenger == -1 ? ""
        : passenger >= 0 ? parties[passenger].Name?.ToUpperInvariant() ?? ""
        : FinancePartyGenerator.Traveller(FinanceGenerator.TravellerNumber(passenger));
    /// <summary>Appends one labelled pattern per account to the generated <c>labels.csv</c> (alert ids after the last one there): the ground truth of the rules planted outside the transactions, such as R19 (<c>ad_identifier</c>).</summary>
    public static void AppendLabels(string directory, string typology, IEnumerable<string> accounts)
    {
        var path = Path.Combine(directory, LabelsFile);
        var next = File.ReadLines(path).Skip(1).Select(l => int.Parse(l.AsSpan(0, l.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        File.AppendAllLines(path, accounts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{++next},{typology},{a},")));
    }

    /// <summary>
    /// <c>accounts.csv</c> (account_id, score, flagged 0/1, reasons joined by "; "): every account once;
    /// <c>alerts.csv</c> (alert_id, rule, typology, accounts, transactions, score, explanation, source), accounts and
    /// transaction ids joined by ';'.
    /// </summary>
    public static void WriteResult(string directory, TransactionStore store, FinanceAnalysisResult result)
    {
        Directory.CreateDirectory(directory);
        using (var accounts = Writer(Path.Combine(directory, AccountsFile)))
        {
            accounts.WriteLine("account_id,score,flagged,reasons");
            foreach (var r in result.Accounts)
            {
                accounts.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Quote(store.Accounts[r.Account])},{r.Score:0.####},{(r.Flagged ? 1 : 0)},{Quote(string.Join("; ", r.Reasons))}"));
            }
        }
        using var alerts = Writer(Path.Combine(directory, AlertsFile));
        alerts.WriteLine("alert_id,rule,typology,accounts,transactions,score,explanation,source");
        foreach (var a in result.Alerts)
        {
            var accountIds = Quote(string.Join(';', a.Accounts.Select(x => store.Accounts[x])));
            var txIds = string.Join(';', a.Transactions.Select(x => store.Ids[x].ToString(CultureInfo.InvariantCulture)));
            alerts.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Id},{a.Rule},{a.Typology},{accountIds},{txIds},{a.Score:0.####},{Quote(a.Explanation)},{Quote(a.Source)}"));
        }
    }

    /// <summary>The flagged accounts of a run directory and the accounts its alerts name, by typology.</summary>
    public static (HashSet<string> Flagged, Dictionary<string, HashSet<string>> AlertAccounts) ReadResult(string directory)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(Path.Combine(directory, AccountsFile), "account_id", "flagged"))
        {
            if (row[1] == "1")
            {
                flagged.Add(row[0]);
            }
        }
        var alerts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in Rows(Path.Combine(directory, AlertsFile), "typology", "accounts"))
        {
            Set(alerts, row[0]).UnionWith(row[1].Split(';', StringSplitOptions.RemoveEmptyEntries));
        }
        return (flagged, alerts);
    }

    /// <summary>
    /// One alert of a run directory's <c>alerts.csv</c> by id, for a goAML report; an unknown id is refused naming the file.
    /// Transaction ids that are not integers are refused naming the line.
    /// </summary>
    public static GoAml.GoAmlAlert ReadAlert(string directory, string alertId)
    {
        var path = Path.Combine(directory, AlertsFile);
        var line = 1;
        foreach (var row in Rows(path, "alert_id", "rule", "typology", "accounts", "transactions", "explanation"))
        {
            line++;
            if (!row[0].Equals(alertId, StringComparison.Ordinal))
            {
                continue;
            }
            var ids = new List<long>();
            foreach (var id in row[4].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                ids.Add(long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                    ? value : throw new InvalidDataException($"{AlertsFile}, line {line}, column transactions: '{id}' is not a transaction id."));
            }
            return new GoAml.GoAmlAlert(row[0], row[1], row[2], row[3].Split(';', StringSplitOptions.RemoveEmptyEntries), ids, row[5]);
        }
        throw new InvalidDataException($"{AlertsFile}: no alert '{alertId}'.");
    }

    /// <summary>
    /// Ground truth by typology: the generator's <c>labels.csv</c> (typology, accounts joined by ';') or AMLSim's
    /// <c>alert_accounts.csv</c> (alert_type, acct_id; rows with is_sar False are decoys and left out).
    /// </summary>
    public static Dictionary<string, HashSet<string>> ReadLabels(string path)
    {
        var labels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        if (header.Contains("alert_type", StringComparison.OrdinalIgnoreCase))
        {
            var withSar = header.Contains("is_sar", StringComparison.OrdinalIgnoreCase);
            foreach (var row in Rows(path, withSar ? ["alert_type", "acct_id", "is_sar"] : ["alert_type", "acct_id"]))
            {
                if (!withSar || !row[2].Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    Set(labels, row[0].ToLowerInvariant()).Add(row[1]);
                }
            }
            return labels;
        }
        foreach (var row in Rows(path, "typology", "accounts"))
        {
            Set(labels, row[0]).UnionWith(row[1].Split(';', StringSplitOptions.RemoveEmptyEntries));
        }
        return labels;
    }

    private static HashSet<string> Set(Dictionary<string, HashSet<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        return set;
    }

    private static IEnumerable<string[]> Rows(string path, params string[] columns)
    {
        var options = CsvReaderOptions.Default with { FormatProvider = CultureInfo.InvariantCulture, HasHeader = false };
        using var csv = CsvReader.FromFile(path, options);
        if (!csv.Read())
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is empty.");
        }
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim().TrimStart('\uFEFF')).ToList();
        var indices = columns.Select(c => header.FindIndex(h => h.Equals(c, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (Array.IndexOf(indices, -1) is var missing and >= 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}, line 1: no column '{columns[missing]}'.");
        }
        while (csv.Read())
        {
            if (csv.FieldCount > indices.Max())
            {
                yield return [.. indices.Select(i => csv.GetString(i).Trim())];
            }
        }
    }

    internal static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    internal static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
