namespace Ariadne.Core.Finance;

/// <summary>What to import: a name, the layout (amlsim, ibm, generic) and the files (paths on this machine).</summary>
/// <summary>A whole import; with <c>Analyse</c> the dataset is analysed straight after, from the transactions already in memory.</summary>
public sealed record FinanceImportRequest(string Name, string Format, string TransactionsPath, string? AccountsPath = null, string? PartiesPath = null, string? MappingPath = null,
    bool Analyse = false);

public sealed record DatasetView(Guid Id, string Name, string Format, DateTime ImportedAtUtc, string ImportedByName, int Accounts, int Parties,
    long Transactions, int Alerts, string State, DateTime? AnalysedAtUtc);

/// <summary>The queue's filter: status (Open, Assigned, Closed), rule (R1 … or a typology), assignee ("me" or a user name), dataset; pages of <see cref="PageSize"/>.</summary>
public sealed record AlertQuery(string? Status = null, string? Rule = null, string? Assignee = null, Guid? DatasetId = null, int Page = 1, int PageSize = 50);

public sealed record AlertSummary(Guid Id, Guid DatasetId, string DatasetName, string Code, string Rule, string Typology, double Score, int Accounts,
    string Status, string? AssigneeName, string? Disposition, DateTime CreatedAtUtc);

public sealed record AlertView(AlertSummary Alert, string Source, string Explanation, string? DispositionNote, DateTime? DisposedAtUtc, string? DisposedByName,
    IReadOnlyList<AccountRow> Accounts, IReadOnlyList<TransactionRow> Transactions, NetworkView Network, IReadOnlyList<string> LinkedCases);

public sealed record AccountRow(int Index, string ExternalId, string? Bank, string? Country, double Score, bool Flagged, string? Reasons);

public sealed record TransactionRow(int Seq, long ExternalId, string Source, string Target, long AmountMinor, string? Currency, DateTime TimeUtc, string Channel,
    string? Branch, short MerchantCategory)
{
    /// <summary>The amount in major units with two decimals, invariant ("1200.00").</summary>
    public string Amount => (AmountMinor / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The accounts around an alert (its own and their direct counterparties) and the transactions between them. Node ids are account ids, never names.</summary>
public sealed record NetworkView(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges);

public sealed record NetworkNode(string Id, double Score, bool Flagged, bool InAlert);

public sealed record NetworkEdge(string Source, string Target, long AmountMinor, DateTime TimeUtc, int Seq)
{
    public string Amount => (AmountMinor / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record AccountView(Guid DatasetId, string DatasetName, AccountRow Account, IReadOnlyList<TransactionRow> Transactions, IReadOnlyList<AlertSummary> Alerts);

/// <summary>An account holder's identifiers, opened under an audited reveal; the date of birth when the parties file gave one.</summary>
public sealed record PartyView(string AccountId, string? Name, string? Phone, string? Email, string? Address, string? DocumentNumber, DateOnly? DateOfBirth = null);

/// <summary>
/// A case of the registry whose person matches a holder of an alert's account (<see cref="FinanceService.FindHoldersInRegistryAsync"/>):
/// the case code, the holder's account and what matched (<see cref="NameAndDateOfBirth"/> or <see cref="Document"/>); never a
/// value of the person.
/// </summary>
public sealed record RegistryMatch(string CaseCode, string AccountId, string MatchedOn)
{
    /// <summary>Family name, given name and date of birth matched (for one split of the holder's full name).</summary>
    public const string NameAndDateOfBirth = "name-and-date-of-birth";

    /// <summary>The identity document's number matched (under one of the document types tried).</summary>
    public const string Document = "document";
}

/// <summary>Per rule: disposed alerts, true and false positives, inconclusive ones, and precision = TP / (TP + FP) (null without any).</summary>
public sealed record PrecisionRow(string Rule, int Disposed, int TruePositives, int FalsePositives, int Inconclusive, double? Precision);

public sealed record PrecisionReport(IReadOnlyList<PrecisionRow> Rules, PrecisionRow Overall, int Open, int Assigned);
