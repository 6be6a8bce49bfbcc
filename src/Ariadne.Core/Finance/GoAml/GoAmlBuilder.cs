using System.Globalization;
using System.Text.Json;
using Ariadne.Analytics.Finance;

namespace Ariadne.Core.Finance.GoAml;

/// <summary>An alert as the report needs it: external account ids and the file's transaction ids (an <c>alerts.csv</c> row or a <see cref="FinanceAlert"/>).</summary>
public sealed record GoAmlAlert(string Id, string Rule, string Typology, IReadOnlyList<string> Accounts, IReadOnlyList<long> Transactions, string Explanation)
{
    public static GoAmlAlert From(FinanceAlert alert, TransactionStore store) =>
        new(alert.Id, alert.Rule, alert.Typology, [.. alert.Accounts.Select(a => store.Accounts[a])], [.. alert.Transactions.Select(t => store.Ids[t])], alert.Explanation);
}

/// <summary>
/// What the reporter adds to an alert (JSON, <c>--header FILE</c>): its goAML id and institution, the reporting officer,
/// its address, grounds and action, extra indicator codes, and details of parties by account id. A party whose
/// <see cref="GoAmlPartyDetails.MyClient"/> is not set is the reporter's client when the alert names its account.
/// </summary>
public sealed record GoAmlHeader
{
    public int? RentityId { get; init; }
    public string? RentityBranch { get; init; }
    public string SubmissionCode { get; init; } = "E";
    public string ReportCode { get; init; } = "STR";
    public string? EntityReference { get; init; }
    public string? FiuRefNumber { get; init; }
    public string CurrencyCodeLocal { get; init; } = "";
    /// <summary>The reporter's own institution, written into its clients' accounts.</summary>
    public string? InstitutionName { get; init; }
    public string? InstitutionCode { get; init; }
    public string? Swift { get; init; }
    public GoAmlPerson? ReportingPerson { get; init; }
    public GoAmlAddress? Location { get; init; }
    /// <summary>Grounds for suspicion; default: the alert's rule, typology and explanation.</summary>
    public string? Reason { get; init; }
    public string? Action { get; init; }
    public IReadOnlyList<string> Indicators { get; init; } = [];
    public Dictionary<string, GoAmlPartyDetails> Parties { get; init; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a header file; a malformed one is refused naming the line and JSON path.</summary>
    public static GoAmlHeader Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<GoAmlHeader>(File.ReadAllText(path), Json) ?? new GoAmlHeader();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}, line {(e.LineNumber ?? 0) + 1}, {e.Path}: not a goAML header: {e.Message}");
        }
    }
}

/// <summary>The holder of one account of an activity report: the account id, the person when known (opened for the report), the account's country.</summary>
public sealed record GoAmlHolder(string AccountId, GoAmlPerson? Person, string? Country);

/// <summary>Known details of the holder of one account: the account's bank data, the holding person or entity.</summary>
public sealed record GoAmlPartyDetails
{
    public bool? MyClient { get; init; }
    public GoAmlAccount? Account { get; init; }
    public GoAmlPerson? Person { get; init; }
    public GoAmlEntity? Entity { get; init; }
    public string? Country { get; init; }
}

/// <summary>
/// Builds a goAML report from an alert of the financial-flow analysis: one <c>transaction</c> per alert transaction in
/// time order, the accounts as parties (the reporter's clients as <c>*_my_client</c>), transmode and funds codes from
/// the profile's channel maps, indicators from the profile's rule and typology maps plus the header's. Cash deposits
/// and withdrawals (source = target) have the cash side as the holder (person or entity when known, else the account)
/// with the cash funds code. Amounts are in the transaction's own currency; a transaction in another currency than
/// the local one says so in <c>comments</c>, since no exchange rate is known here.
/// </summary>
public static class GoAmlBuilder
{
    public static GoAmlReport Build(TransactionStore store, GoAmlAlert alert, GoAmlHeader header, FiuProfile profile, DateTimeOffset submissionDate)
    {
        var wanted = alert.Transactions.ToHashSet();
        var indices = new List<int>();
        for (var i = 0; i < store.Count; i++)
        {
            if (wanted.Contains(store.Ids[i]))
            {
                indices.Add(i);
            }
        }
        var missing = wanted.Except(indices.Select(i => store.Ids[i])).Order().ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"alert {alert.Id}: transaction {string.Join(", ", missing.Take(10))} not in the transactions file.");
        }
        var clients = alert.Accounts.ToHashSet(StringComparer.Ordinal);
        var transactions = indices.Select(i => Transaction(store, i, clients, header, profile)).ToList();
        return Report(alert, header, profile, submissionDate) with { Transactions = transactions };
    }

    /// <summary>The report without its transactions or activity: the header's fields, the reason (default: the alert's rule, typology and explanation) and the indicators.</summary>
    private static GoAmlReport Report(GoAmlAlert alert, GoAmlHeader header, FiuProfile profile, DateTimeOffset submissionDate) => new()
    {
        RentityId = header.RentityId,
        RentityBranch = header.RentityBranch,
        SubmissionCode = header.SubmissionCode,
        ReportCode = header.ReportCode,
        EntityReference = header.EntityReference,
        FiuRefNumber = header.FiuRefNumber,
        SubmissionDate = submissionDate,
        CurrencyCodeLocal = header.CurrencyCodeLocal,
        ReportingPerson = header.ReportingPerson,
        Location = header.Location,
        Reason = header.Reason ?? string.Create(CultureInfo.InvariantCulture, $"Alert {alert.Id} ({alert.Rule}, {alert.Typology}): {alert.Explanation}"),
        Action = header.Action,
        Indicators = [.. profile.IndicatorsFor(alert.Rule, alert.Typology).Concat(header.Indicators).Distinct(StringComparer.Ordinal)],
    };

    /// <summary>
    /// An activity report of an alert about parties rather than flows (R6, holders sharing identifiers): the same header,
    /// reason and indicators as <see cref="Build"/>, and instead of transactions one <c>report_party</c> per account of
    /// the alert — the holder as a person when known (their identifiers, opened for this report only), else the account
    /// (with the header's institution when the reporter holds it) — each with the profile's significance and a reason
    /// naming the account and the alert. Nothing is looked up: the caller hands in what it opened.
    /// </summary>
    public static GoAmlReport BuildActivity(GoAmlAlert alert, IReadOnlyList<GoAmlHolder> holders, GoAmlHeader header, FiuProfile profile, DateTimeOffset submissionDate)
    {
        var parties = holders.Select(h =>
        {
            var details = header.Parties.GetValueOrDefault(h.AccountId);
            var person = details?.Person ?? h.Person;
            var account = BankAccount(h.AccountId, details, details?.MyClient ?? true, header);
            var country = details?.Country ?? h.Country;
            return new GoAmlReportParty
            {
                Person = person,
                Account = person is null ? account : null,
                Significance = profile.ActivitySignificance,
                Reason = string.Create(CultureInfo.InvariantCulture, $"Holder of account {h.AccountId}, one of the {holders.Count} accounts of alert {alert.Id} ({alert.Rule}, {alert.Typology})."),
                Comments = person is null ? null : $"Account {h.AccountId}" + (country is null ? "" : $" ({country})"),
            };
        }).ToList();
        return Report(alert, header, profile, submissionDate) with { Activity = new GoAmlActivity { ReportParties = parties } };
    }

    private static GoAmlTransaction Transaction(TransactionStore store, int i, HashSet<string> clients, GoAmlHeader header, FiuProfile profile)
    {
        var channel = store.Channel[i];
        var (source, target) = (store.Source[i], store.Target[i]);
        var currency = store.Currencies[store.Currency[i]];
        var foreign = currency.Length > 0 && header.CurrencyCodeLocal.Length > 0 && !currency.Equals(header.CurrencyCodeLocal, StringComparison.OrdinalIgnoreCase);
        var branch = store.Branches[store.Branch[i]];
        var cashIn = source == target && channel != Channel.CashOut;
        var cashOut = source == target && channel == Channel.CashOut;
        return new GoAmlTransaction
        {
            TransactionNumber = store.Ids[i].ToString(CultureInfo.InvariantCulture),
            TransactionLocation = branch.Length > 0 ? branch : null,
            DateTransaction = DateTimeOffset.FromUnixTimeSeconds(store.Time[i]),
            TransmodeCode = profile.TransmodeFor(channel),
            AmountLocal = store.Amount[i] / 100m,
            From = Party(store, source, profile.FromFundsFor(channel), holderOnly: cashIn, clients, header),
            To = Party(store, target, profile.ToFundsFor(channel), holderOnly: cashOut, clients, header),
            Comments = foreign ? $"Amount in {currency} as recorded; no exchange rate to {header.CurrencyCodeLocal} applied." : null,
        };
    }

    private static GoAmlParty Party(TransactionStore store, int account, string fundsCode, bool holderOnly, HashSet<string> clients, GoAmlHeader header)
    {
        var id = store.Accounts[account];
        var details = header.Parties.GetValueOrDefault(id);
        var myClient = details?.MyClient ?? clients.Contains(id);
        var country = details?.Country ?? (store.Countries[store.AccountCountry[account]] is { Length: > 0 } c ? c : null);
        var bankAccount = BankAccount(id, details, myClient, header);
        // The cash side of a deposit or withdrawal is the holder in person where known; the account otherwise.
        var holderKnown = details?.Person is not null || details?.Entity is not null;
        return new GoAmlParty
        {
            MyClient = myClient,
            FundsCode = fundsCode,
            Account = holderOnly && holderKnown ? null : bankAccount,
            Person = details?.Person,
            Entity = details?.Entity,
            Country = country,
        };
    }

    /// <summary>The account as the report names it: the known bank data, and for the reporter's own client the header's institution where the data gives none.</summary>
    private static GoAmlAccount BankAccount(string id, GoAmlPartyDetails? details, bool myClient, GoAmlHeader header)
    {
        var account = (details?.Account ?? new GoAmlAccount()) with { Account = id };
        return myClient
            ? account with
            {
                InstitutionName = account.InstitutionName ?? header.InstitutionName,
                InstitutionCode = account.InstitutionCode ?? header.InstitutionCode,
                Swift = account.Swift ?? header.Swift,
            }
            : account;
    }
}
