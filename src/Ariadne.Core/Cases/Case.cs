using Ariadne.Core.Organisations;

namespace Ariadne.Core.Cases;

/// <summary>
/// One presumed or identified victim's file. Coded fields hold codes of the shipped code lists
/// (<see cref="CodeLists.CodeListIds"/>); dates are calendar dates without time; instants are UTC.
/// </summary>
public sealed class Case
{
    public Guid Id { get; set; }

    /// <summary>The human-readable, non-identifying reference, unique across the installation (e.g. <c>C-7K3M-9QX2</c>).</summary>
    public required string CaseCode { get; set; }

    /// <summary>The organisation that owns the file.</summary>
    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>A code of the <c>case-status</c> list (HTCDS cas_Status).</summary>
    public required string Status { get; set; }

    public required Person Person { get; set; }

    public ExploitationSituation Exploitation { get; set; } = new();

    /// <summary>A code of the <c>trafficking-status</c> list: possible, actual or not a victim (HTCDS vic_TraffickingStatus).</summary>
    public required string TraffickingStatus { get; set; }

    /// <summary>A code of the <c>deciding-organisation</c> list; null while no decision has been taken.</summary>
    public string? StatusDecidedBy { get; set; }

    public DateOnly IdentificationDate { get; set; }

    /// <summary>A code of the <c>organisation-type</c> list: the kind of agency that first identified the person.</summary>
    public required string DetectingOrganisationType { get; set; }

    /// <summary>Derived on save from citizenship and country of exploitation; see <see cref="CaseRules.ClassifyTransnationality"/>.</summary>
    public Transnationality Transnationality { get; set; }

    /// <summary>Age in whole years on the identification date, given or derived from the date of birth.</summary>
    public int? AgeAtIdentification { get; set; }

    /// <summary>Derived on save: minor, adult or unknown on the identification date.</summary>
    public AgeGroup AgeGroup { get; set; }

    /// <summary>
    /// The free-text narrative in plaintext, filled only on purpose by <see cref="CaseService"/>; never mapped to a
    /// column. Identifying: it is stored sealed in <see cref="NarrativeCiphertext"/> under the person's data key.
    /// </summary>
    public string? Narrative { get; set; }

    /// <summary>
    /// Whether <see cref="Narrative"/> and the person's identity were opened for this read (never mapped). False means
    /// hidden, which is not the same as empty.
    /// </summary>
    public bool IdentityRevealed { get; set; }

    /// <summary>The sealed narrative; null when there is none or after erasure.</summary>
    public byte[]? NarrativeCiphertext { get; set; }

    /// <summary>The case worker (a user of the owning organisation) responsible for the case; null while unassigned (<see cref="CaseWorkService.AssignAsync"/>).</summary>
    public Guid? AssignedUserId { get; set; }

    /// <summary>While true, the person's identifying data may not be erased (a legal hold, e.g. pending proceedings).</summary>
    public bool LegalHold { get; set; }

    public List<Perpetrator> Perpetrators { get; set; } = [];

    /// <summary>The organisations the case is shared with, pseudonymised (<see cref="CaseShare"/>, <see cref="CaseAccess.Visible"/>).</summary>
    public List<CaseShare> Shares { get; set; } = [];

    /// <summary>Copy of <see cref="Person.Sex"/>, kept in step on save, so that the case list filters without a join.</summary>
    public string Sex { get; set; } = "";

    /// <summary>The exploitation forms as <c>|code|code|</c>, kept in step on save: a substring filter that every provider runs fast.</summary>
    public string FormsKey { get; set; } = "";

    /// <summary>The citizenships as <c>|AA|BB|</c>, kept in step on save, for the same reason as <see cref="FormsKey"/>.</summary>
    public string CitizenshipsKey { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Optimistic-concurrency token: incremented on every update; a stale write is refused.</summary>
    public int Version { get; set; }
}

/// <summary>Whether the exploitation happened in a country of the person's citizenship.</summary>
public enum Transnationality
{
    Unknown = 0,
    Domestic = 1,
    Transnational = 2,
}

/// <summary>The GLOTIP age groups: 0 to 17 years, 18 years or over, unknown.</summary>
public enum AgeGroup
{
    Unknown = 0,
    Minor = 1,
    Adult = 2,
}
