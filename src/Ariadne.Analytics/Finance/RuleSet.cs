namespace Ariadne.Analytics.Finance;

/// <summary>
/// Parameters of the red-flag rules (docs/finance.md, "Rules"; FinCEN FIN-2014-A008 and FIN-2020-A008, FATF/APG 2018) and of the score. Defaults are the reference's starting
/// values; a JSON file may override any of them (<c>ariadne finance analyse --rules FILE</c>). Windows are in days or
/// hours as named; amounts in major units of the transaction's currency (no conversion is made).
/// </summary>
public sealed record RuleSet
{
    /// <summary>Which row of <see cref="Thresholds"/> R1 uses.</summary>
    public string Jurisdiction { get; init; } = "US";

    /// <summary>Reporting thresholds per jurisdiction: US CTR 10,000 cash and 3,000 funds-transfer record-keeping (FIN-2014-A008); EU AMLD cash 10,000 and 1,000 transfers (Regulation (EU) 2023/1113).</summary>
    public Dictionary<string, JurisdictionThresholds> Thresholds { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = new(10_000m, 3_000m),
        ["EU"] = new(10_000m, 1_000m),
    };

    public StructuringRule Structuring { get; init; } = new();
    public MultiBranchCashRule MultiBranchCash { get; init; } = new();
    public PassThroughRule PassThrough { get; init; } = new();
    public FanRule FanIn { get; init; } = new();
    public FanRule FanOut { get; init; } = new();
    public MerchantRule AdvertisingSites { get; init; } = new() { MerchantCategories = [7311, 5967], MinPayments = 3, WindowDays = 30 };
    public MerchantRule Lodging { get; init; } = new() { MerchantCategories = [7011, 7012, 7512, 4121], MinPayments = 4, WindowDays = 30, MinShareOfOutflow = 0.3 };
    public PrepaidRule Prepaid { get; init; } = new();
    public HighRiskWireRule HighRiskWires { get; init; } = new();
    public CycleRule Cycles { get; init; } = new();
    public ScatterGatherRule ScatterGather { get; init; } = new();
    public ScatterGatherRule GatherScatter { get; init; } = new() { MinCounterparties = 4, WindowDays = 14 };

    /// <summary>R6 (needs parties): unrelated holders sharing a phone, e-mail, document or address (<see cref="Finance.SharedIdentifiers"/>).</summary>
    public SharedIdentifierRule SharedIdentifiers { get; init; } = new();

    /// <summary>Weight of one rule in an account's score: scores combine as 1 − Π(1 − weight) over the distinct rules hit.</summary>
    public Dictionary<string, double> Weights { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["R1"] = 0.6,
        ["R2"] = 0.6,
        ["R4"] = 0.3,
        ["R6"] = 0.6,
        ["R7"] = 0.6,
        ["R8"] = 0.6,
        ["R9"] = 0.5,
        ["R13"] = 0.4,
        ["R16"] = 0.4,
        ["fan_out"] = 0.6,
        ["cycle"] = 0.6,
        ["scatter_gather"] = 0.6,
        ["gather_scatter"] = 0.6,
        ["community"] = 0.2,
        ["pagerank"] = 0.1,
    };

    /// <summary>An account is flagged when its score reaches this.</summary>
    public double FlagThreshold { get; init; } = 0.5;

    public double Weight(string rule) => Weights.GetValueOrDefault(rule, 0.5);
}

public sealed record JurisdictionThresholds(decimal Cash, decimal FundsTransfer);

/// <summary>R1: at least <see cref="MinCount"/> cash deposits or wires in <see cref="WindowDays"/>, each in [LowerFraction·T, T).</summary>
public sealed record StructuringRule(bool Enabled = true, int WindowDays = 7, int MinCount = 3, double LowerFraction = 0.8);

/// <summary>R2: at least <see cref="MinDeposits"/> cash deposits in <see cref="WindowDays"/> at ≥ <see cref="MinBranches"/> distinct branches or ATMs.</summary>
public sealed record MultiBranchCashRule(bool Enabled = true, int WindowDays = 7, int MinDeposits = 5, int MinBranches = 3);

/// <summary>R4: a credit of which ≥ OutFraction leaves within HoldHours, ≥ MinRepeats times in WindowDays; credits below MinAmount are ignored.</summary>
public sealed record PassThroughRule(bool Enabled = true, int HoldHours = 72, double OutFraction = 0.8, int MinRepeats = 3, int WindowDays = 30, decimal MinAmount = 0m);

/// <summary>R7 (fan-in) and the AMLSim fan-out: ≥ MinCounterparties distinct senders (recipients) in WindowDays.</summary>
public sealed record FanRule(bool Enabled = true, int WindowDays = 7, int MinCounterparties = 5);

/// <summary>R8 and R9: ≥ MinPayments payments in WindowDays to merchants with these categories (and, for R9, at least MinShareOfOutflow of the account's outflow in the window).</summary>
public sealed record MerchantRule
{
    public bool Enabled { get; init; } = true;
    public int[] MerchantCategories { get; init; } = [];
    public int MinPayments { get; init; } = 3;
    public int WindowDays { get; init; } = 30;
    public double MinShareOfOutflow { get; init; }
}

/// <summary>R13: ≥ MinCount prepaid purchases or reloads in WindowDays.</summary>
public sealed record PrepaidRule(bool Enabled = true, int WindowDays = 30, int MinCount = 5);

/// <summary>
/// R16: ≥ MinWires outbound wires or transfers in WindowDays to a listed country other than the sender's own. The
/// default list is the FATF "high-risk jurisdictions subject to a call for action" (DPRK, Iran, Myanmar); add source
/// and transit countries of the case at hand.
/// </summary>
public sealed record HighRiskWireRule
{
    public bool Enabled { get; init; } = true;
    public int WindowDays { get; init; } = 90;
    public int MinWires { get; init; } = 3;
    public string[] Countries { get; init; } = ["KP", "IR", "MM"];
}

/// <summary>R20 cycles: time-respecting simple cycles of at most MaxLength transactions within WindowDays.</summary>
public sealed record CycleRule(bool Enabled = true, int MaxLength = 6, int WindowDays = 30);

/// <summary>R20 scatter-gather (and gather-scatter): ≥ MinCounterparties intermediaries (senders and recipients) within WindowDays.</summary>
public sealed record ScatterGatherRule
{
    public bool Enabled { get; init; } = true;
    public int MinCounterparties { get; init; } = 3;
    public int WindowDays { get; init; } = 30;
}

/// <summary>R6: an entity (parties joined by shared identifiers) spanning at least <see cref="MinAccounts"/> accounts whose holders carry at least two different names.</summary>
public sealed record SharedIdentifierRule
{
    public bool Enabled { get; init; } = true;
    public int MinAccounts { get; init; } = 2;

    /// <summary>Fuzzy names (<see cref="SimilarNames"/>): the least Dice coefficient of two name encodings that, with a shared date of birth or address, makes two parties one holder; 0 or more than 1 turns fuzzy names off.</summary>
    public double NameThreshold { get; init; } = 0.85;

    /// <summary>Fuzzy names: blocks (parties sharing one date of birth or address) larger than this are not compared.</summary>
    public int MaxBlock { get; init; } = 1_000;
}
