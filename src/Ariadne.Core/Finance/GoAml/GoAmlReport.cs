namespace Ariadne.Core.Finance.GoAml;

/// <summary>
/// A goAML suspicious transaction report (UNODC goAML XML reporting schema 4.0–5.0.1, the node list of
/// <c>financial-flows.md</c> §4). Property names follow the schema's element names; <see cref="GoAmlWriter"/> writes them
/// in the schema's order. Only the elements Ariadne can fill are modelled; an FIU's local additions are not.
/// All data handed in here is what the reporter means to send to its FIU: the model does not protect or log it.
/// </summary>
public sealed record GoAmlReport
{
    /// <summary><c>rentity_id</c>: the FIU-issued id of the reporting entity (an integer ≥ 1); left out when null.</summary>
    public int? RentityId { get; init; }
    public string? RentityBranch { get; init; }
    /// <summary><c>submission_code</c>: E (electronic) or M (manual).</summary>
    public string SubmissionCode { get; init; } = "E";
    /// <summary><c>report_code</c>: STR, SAR (or an FIU-specific code the profile allows).</summary>
    public string ReportCode { get; init; } = "STR";
    /// <summary><c>entity_reference</c>: the reporter's own case reference.</summary>
    public string? EntityReference { get; init; }
    public string? FiuRefNumber { get; init; }
    public DateTimeOffset SubmissionDate { get; init; }
    public string CurrencyCodeLocal { get; init; } = "";
    /// <summary><c>reporting_person</c> (a t_person): the money-laundering reporting officer.</summary>
    public GoAmlPerson? ReportingPerson { get; init; }
    /// <summary><c>location</c> (a t_address) of the reporter.</summary>
    public GoAmlAddress? Location { get; init; }
    /// <summary><c>reason</c>: free-text grounds for suspicion.</summary>
    public string? Reason { get; init; }
    /// <summary><c>action</c>: what the reporter did.</summary>
    public string? Action { get; init; }
    public IReadOnlyList<GoAmlTransaction> Transactions { get; init; } = [];
    /// <summary>
    /// <c>activity</c>: the schema's alternative to <c>transaction</c>+ (goAML 4.0 on) for a report about parties rather
    /// than flows, e.g. holders sharing identifiers (R6). Written only when there are no <see cref="Transactions"/>.
    /// </summary>
    public GoAmlActivity? Activity { get; init; }
    /// <summary><c>report_indicators/indicator</c>: codes from the FIU's indicator lookup.</summary>
    public IReadOnlyList<string> Indicators { get; init; } = [];
}

/// <summary><c>activity</c>: the parties the report is about (<c>report_parties/report_party</c>+).</summary>
public sealed record GoAmlActivity
{
    public IReadOnlyList<GoAmlReportParty> ReportParties { get; init; } = [];
    /// <summary><c>comments</c> on the activity as a whole.</summary>
    public string? Comments { get; init; }
}

/// <summary>
/// A <c>report_party</c>: exactly one of <see cref="Person"/>, <see cref="Account"/> and <see cref="Entity"/> (the first
/// set, in that order), its <c>significance</c> for the report (an integer, 0–10 in the generic profile), the
/// <c>reason</c> it is reported and <c>comments</c>.
/// </summary>
public sealed record GoAmlReportParty
{
    public GoAmlPerson? Person { get; init; }
    public GoAmlAccount? Account { get; init; }
    public GoAmlEntity? Entity { get; init; }
    public int Significance { get; init; }
    public string? Reason { get; init; }
    public string? Comments { get; init; }
}

/// <summary>A bi-party <c>transaction</c>: the money goes from <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record GoAmlTransaction
{
    public string TransactionNumber { get; init; } = "";
    public string? InternalRefNumber { get; init; }
    public string? TransactionLocation { get; init; }
    public string? TransactionDescription { get; init; }
    public DateTimeOffset DateTransaction { get; init; }
    public string TransmodeCode { get; init; } = "";
    public string? TransmodeComment { get; init; }
    /// <summary><c>amount_local</c>, in the report's local currency, written with two decimals.</summary>
    public decimal AmountLocal { get; init; }
    public GoAmlParty From { get; init; } = new();
    public GoAmlParty To { get; init; } = new();
    public string? Comments { get; init; }
}

/// <summary>
/// One side of a transaction: <c>t_from_my_client</c>/<c>t_to_my_client</c> when <see cref="MyClient"/> (the reporter's
/// own customer, for whom the FIU expects full KYC data), else <c>t_from</c>/<c>t_to</c>. Exactly one of
/// <see cref="Account"/>, <see cref="Person"/> and <see cref="Entity"/> is written (the first set, in that order).
/// </summary>
public sealed record GoAmlParty
{
    public bool MyClient { get; init; }
    /// <summary><c>from_funds_code</c> / <c>to_funds_code</c> (FIU lookup).</summary>
    public string FundsCode { get; init; } = "";
    public string? FundsComment { get; init; }
    public GoAmlAccount? Account { get; init; }
    public GoAmlPerson? Person { get; init; }
    public GoAmlEntity? Entity { get; init; }
    /// <summary><c>from_country</c> / <c>to_country</c> (ISO 3166-1 alpha-2).</summary>
    public string? Country { get; init; }
}

/// <summary>A <c>t_account</c>, in the schema's element order.</summary>
public sealed record GoAmlAccount
{
    public string? InstitutionName { get; init; }
    public string? InstitutionCode { get; init; }
    public string? Swift { get; init; }
    public string? Branch { get; init; }
    public string Account { get; init; } = "";
    public string? CurrencyCode { get; init; }
    public string? AccountName { get; init; }
    public string? Iban { get; init; }
    public string? ClientNumber { get; init; }
    public string? PersonalAccountType { get; init; }
    /// <summary><c>t_entity</c>: the business holding the account.</summary>
    public GoAmlEntity? Entity { get; init; }
    /// <summary><c>signatory</c> entries: the persons who hold or may use the account.</summary>
    public IReadOnlyList<GoAmlSignatory> Signatories { get; init; } = [];
    public DateOnly? Opened { get; init; }
    public string? StatusCode { get; init; }
}

public sealed record GoAmlSignatory(bool IsPrimary, GoAmlPerson Person, string? Role);

/// <summary>A <c>t_person</c> (the elements Ariadne fills), in the schema's element order.</summary>
public sealed record GoAmlPerson
{
    public string? Gender { get; init; }
    public string? Title { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public DateOnly? Birthdate { get; init; }
    public string? Ssn { get; init; }
    public string? PassportNumber { get; init; }
    public string? PassportCountry { get; init; }
    public string? IdNumber { get; init; }
    public string? Nationality1 { get; init; }
    public string? Residence { get; init; }
    public IReadOnlyList<GoAmlPhone> Phones { get; init; } = [];
    public IReadOnlyList<GoAmlAddress> Addresses { get; init; } = [];
    public string? Email { get; init; }
    public string? Occupation { get; init; }
}

/// <summary>A <c>t_entity</c> (legal person), in the schema's element order.</summary>
public sealed record GoAmlEntity
{
    public string Name { get; init; } = "";
    public string? CommercialName { get; init; }
    public string? IncorporationLegalForm { get; init; }
    public string? IncorporationNumber { get; init; }
    public string? Business { get; init; }
    public IReadOnlyList<GoAmlAddress> Addresses { get; init; } = [];
    public string? IncorporationCountryCode { get; init; }
}

/// <summary>A <c>t_phone</c>.</summary>
public sealed record GoAmlPhone(string ContactType, string CommunicationType, string Number);

/// <summary>A <c>t_address</c>.</summary>
public sealed record GoAmlAddress
{
    public string AddressType { get; init; } = "";
    public string Address { get; init; } = "";
    public string? Town { get; init; }
    public string City { get; init; } = "";
    public string? Zip { get; init; }
    public string CountryCode { get; init; } = "";
    public string? State { get; init; }
}
