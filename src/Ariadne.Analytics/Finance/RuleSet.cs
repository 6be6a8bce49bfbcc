using System.Text.Json.Serialization;

namespace Ariadne.Analytics.Finance;

/// <summary>
/// Parameters of the red-flag rules (docs/finance.md, "Rules"; FinCEN FIN-2014-A008 and FIN-2020-A008, FATF/APG 2018) and of the score. Defaults are the reference's starting
/// values; a JSON file may override any of them (<c>ariadne finance analyse --rules FILE</c>). Windows are in days or
/// hours as named; amounts in major units of the transaction's currency (no conversion is made). The dictionaries
/// (<see cref="Thresholds"/>, <see cref="Weights"/>) are merged over the defaults when read from JSON: a key named is
/// set, the others keep their default (a settings file naming one weight must not silently reset the rest); lists
/// (arrays) are values and are replaced whole.
/// </summary>
public sealed record RuleSet
{
    /// <summary>Which row of <see cref="Thresholds"/> R1 uses.</summary>
    public string Jurisdiction { get; init; } = "US";

    /// <summary>Reporting thresholds per jurisdiction: US CTR 10,000 cash and 3,000 funds-transfer record-keeping (FIN-2014-A008); EU AMLD cash 10,000 and 1,000 transfers (Regulation (EU) 2023/1113).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
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

    /// <summary>R3 (needs the place columns): cash in at one place, cash out or wired from another within hours.</summary>
    public FunnelRule Funnel { get; init; } = new();
    /// <summary>R18 (needs the place columns): one customer's transactions at several places within days.</summary>
    public GeographicHoppingRule GeographicHopping { get; init; } = new();
    /// <summary>R5 (needs payroll tagging): several payroll originators into one account.</summary>
    public PayrollRule Payrolls { get; init; } = new();
    /// <summary>R11 (needs business types in the accounts file): a cash-intensive business with revenue and no payroll, tax or insurance debits.</summary>
    public BusinessWithoutPayrollRule BusinessWithoutPayroll { get; init; } = new();
    /// <summary>R14 (needs a processor list): payments through listed third-party payment processors without beneficiary data.</summary>
    public ProcessorRule ThirdPartyProcessors { get; init; } = new();
    /// <summary>R15 (needs a tag list): any flow to an account or address on a tag list (e.g. darknet-market addresses from a chain-analytics feed).</summary>
    public TaggedAddressRule TaggedAddresses { get; init; } = new();
    /// <summary>R17 (needs an agency register): payments to recruitment agencies (MCC 7361 or a listed business type) not on the licensed-agency register.</summary>
    public RecruitmentAgencyRule RecruitmentAgencies { get; init; } = new();

    /// <summary>R10 (needs ticket passengers and the parties' names): tickets bought for passengers other than the account holder.</summary>
    public ThirdPartyTravelRule ThirdPartyTravel { get; init; } = new();
    /// <summary>R12 (needs opening hours in the accounts file): a business's cash deposits outside its declared opening hours.</summary>
    public OutOfHoursCashRule OutOfHoursCash { get; init; } = new();
    /// <summary>R19 (needs parties and an ad-identifier list: stored in the product, or <c>finance analyse --ad-list</c>): a holder's phone or e-mail on a list of identifiers found in ads (<see cref="Finance.AdIdentifiers"/>).</summary>
    public AdIdentifierRule AdIdentifiers { get; init; } = new();

    /// <summary>R6 (needs parties): unrelated holders sharing a phone, e-mail, document or address (<see cref="Finance.SharedIdentifiers"/>).</summary>
    public SharedIdentifierRule SharedIdentifiers { get; init; } = new();

    /// <summary>Weight of one rule in an account's score: scores combine as 1 − Π(1 − weight) over the distinct rules hit.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, double> Weights { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["R1"] = 0.6,
        ["R2"] = 0.6,
        ["R3"] = 0.6,
        ["R4"] = 0.3,
        ["R5"] = 0.6,
        ["R6"] = 0.6,
        ["R7"] = 0.6,
        ["R8"] = 0.6,
        ["R9"] = 0.5,
        ["R10"] = 0.5,
        ["R11"] = 0.5,
        ["R12"] = 0.5,
        ["R13"] = 0.4,
        ["R14"] = 0.4,
        ["R15"] = 0.6,
        ["R16"] = 0.4,
        ["R17"] = 0.5,
        ["R18"] = 0.4,
        ["R19"] = 0.6,
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

/// <summary>
/// R3 funnel account (FIN-2014-A008; FIN-2020-A008 typology 3): a cash deposit at one place, then within
/// <see cref="WindowHours"/> cash withdrawals or outgoing wires/transfers of the same account at other places
/// (different "region/city" values; no distances) summing to at least <see cref="OutFraction"/> of it. Rows without a
/// place are not used. Deposits below <see cref="MinAmount"/> are ignored.
/// </summary>
public sealed record FunnelRule(bool Enabled = true, int WindowHours = 48, double OutFraction = 0.8, decimal MinAmount = 0m);

/// <summary>R18 geographic hopping (FIN-2020-A008 #1): one account's transactions at ≥ <see cref="MinPlaces"/> distinct places within <see cref="WindowDays"/>.</summary>
public sealed record GeographicHoppingRule(bool Enabled = true, int WindowDays = 7, int MinPlaces = 3);

/// <summary>
/// R5 many payrolls into one account (FATF/APG 2018; FIN-2020-A008): ≥ <see cref="MinOriginators"/> distinct
/// originators of payroll credits into one account within <see cref="WindowDays"/>. A credit is payroll when its type
/// text (AMLSim <c>tx_type</c>, the generic <c>channel</c> or <c>purpose</c> column) is one of <see cref="PayrollTypes"/>.
/// </summary>
public sealed record PayrollRule
{
    public bool Enabled { get; init; } = true;
    public int WindowDays { get; init; } = 31;
    public int MinOriginators { get; init; } = 3;
    public string[] PayrollTypes { get; init; } = ["PAYROLL", "SALARY", "WAGES"];
}

/// <summary>
/// R11 business without payroll (FATF/APG 2018; FIN-2020-A008 typology 1, front companies): an account whose business
/// type (accounts file <c>business_type</c>, or its MCC) is in <see cref="CashIntensiveTypes"/>, with credits over the
/// data of at least <see cref="MinRevenue"/> and debits for payroll (types in <see cref="PayrollRule.PayrollTypes"/>),
/// tax (<see cref="CostMerchantCategories"/> 9311) or insurance (6300) of at most <see cref="MaxCostShare"/> of that
/// revenue.
/// </summary>
public sealed record BusinessWithoutPayrollRule
{
    public bool Enabled { get; init; } = true;
    /// <summary>Business types or MCCs, compared case-insensitively: massage parlours (7297), nail and beauty salons (7230), bars (5813), restaurants (5812), construction (1520, 1771), cleaning (7349), agriculture labour (0780).</summary>
    public string[] CashIntensiveTypes { get; init; } = ["7297", "7230", "5813", "5812", "1520", "1771", "7349", "0780", "MASSAGE", "NAIL_SALON", "BEAUTY_SALON", "BAR", "RESTAURANT", "CONSTRUCTION", "CLEANING", "AGRICULTURE"];
    public decimal MinRevenue { get; init; } = 50_000m;
    public double MaxCostShare { get; init; } = 0.01;
    public int[] CostMerchantCategories { get; init; } = [9311, 6300];
}

/// <summary>
/// A list-driven rule (R14, R15): ≥ <see cref="MinPayments"/> payments within <see cref="WindowDays"/> to accounts or
/// addresses on a list. The list is <see cref="Entries"/> and/or the file <see cref="ListFile"/> (CSV, one entry a line,
/// the first field the account id or address; '#' starts a comment line; docs/finance.md), resolved relative to the rules
/// file. The rule does nothing without entries.
/// </summary>
public abstract record ListRule
{
    public bool Enabled { get; init; } = true;
    public int MinPayments { get; init; } = 1;
    public int WindowDays { get; init; } = 30;
    public string? ListFile { get; init; }
    public string[] Entries { get; init; } = [];
}

/// <summary>R14: at least 3 payments in 30 days through listed processors without beneficiary data (a rules file that names only the list keeps these defaults).</summary>
public sealed record ProcessorRule : ListRule
{
    public ProcessorRule() => MinPayments = 3;
}

/// <summary>R15: any payment to a tagged account or address.</summary>
public sealed record TaggedAddressRule : ListRule;

/// <summary>
/// R17 recruitment-agency payments (FIN-2014-A008): ≥ <see cref="MinPayments"/> payments within
/// <see cref="WindowDays"/> to accounts that are recruitment agencies — the payment's MCC or the account's business type
/// is in <see cref="AgencyTypes"/> — and are not on the licensed-agency register (<see cref="RegisterFile"/> and/or
/// <see cref="Register"/>, same file format as <see cref="ListRule"/>). Without a register the rule does nothing (every
/// agency would be "unlicensed").
/// </summary>
public sealed record RecruitmentAgencyRule
{
    public bool Enabled { get; init; } = true;
    public int MinPayments { get; init; } = 1;
    public int WindowDays { get; init; } = 30;
    public string[] AgencyTypes { get; init; } = ["7361", "RECRUITMENT_AGENCY", "EMPLOYMENT_AGENCY"];
    public string? RegisterFile { get; init; }
    public string[] Register { get; init; } = [];
}

/// <summary>
/// R10 travel for third parties (FATF/APG 2018; FIN-2020-A008): tickets (air or bus) bought by an account for passengers
/// other than its holder, at least <see cref="MinTickets"/> (weighted: a one-way ticket counts
/// <see cref="OneWayWeight"/>, any other 1) within <see cref="WindowDays"/>. A ticket is a payment whose merchant category
/// is in <see cref="MerchantCategories"/> (single codes or ranges "3000-3299": the airlines' own codes 3000–3299, airlines
/// 4511, bus lines 4131, travel agencies 4722) or whose type text is in <see cref="TicketTypes"/>. The passenger is
/// compared with the account's holders by keyed name hashes (the optional <c>passenger</c> column and the parties
/// file); a ticket without a passenger, or an account without a named holder, says nothing.
/// </summary>
public sealed record ThirdPartyTravelRule
{
    public bool Enabled { get; init; } = true;
    public double MinTickets { get; init; } = 2;
    public int WindowDays { get; init; } = 30;
    public double OneWayWeight { get; init; } = 1.5;
    public string[] MerchantCategories { get; init; } = ["3000-3299", "4511", "4131", "4722"];
    public string[] TicketTypes { get; init; } = ["TICKET"];

    /// <summary>The merchant categories as a lookup by code (0–9999); an entry that is neither a code nor a range "a-b" is named in the exception.</summary>
    public bool[] CategoryLookup()
    {
        var lookup = new bool[10_000];
        foreach (var entry in MerchantCategories)
        {
            var parts = entry.Split('-');
            if (parts.Length > 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(parts[^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var to) || from > to || to > 9_999)
            {
                throw new ArgumentException($"thirdPartyTravel.merchantCategories: '{entry}' is not a merchant category code (0–9999) or a range of them (e.g. 3000-3299).");
            }
            for (var c = from; c <= to; c++)
            {
                lookup[c] = true;
            }
        }
        return lookup;
    }
}

/// <summary>
/// R12 out-of-hours business cash (FIN-2020-A008 #3): for an account with declared opening hours (accounts file
/// <c>opening_hours</c>) and at least <see cref="MinDeposits"/> cash deposits, the share of them made outside the hours
/// (local time in the account's <c>time_zone</c>, else <see cref="TimeZone"/>) above <see cref="MaxShare"/>, or any
/// deposit outside the hours larger than <see cref="LargeFactor"/> × the median of the account's cash deposits.
/// </summary>
public sealed record OutOfHoursCashRule
{
    public bool Enabled { get; init; } = true;
    public int MinDeposits { get; init; } = 5;
    public double MaxShare { get; init; } = 0.3;
    public double LargeFactor { get; init; } = 5;
    /// <summary>The IANA time zone of accounts whose row gives none.</summary>
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>
/// R19 identifiers in ads (FIN-2020-A008 #6): an account whose holder's phone number or e-mail address is on a list of
/// identifiers scraped from (sex) advertisements. The lists are stored in the product with their source and legal basis,
/// as blind indexes only; the rule has no file form.
/// </summary>
public sealed record AdIdentifierRule(bool Enabled = true);
