using Ariadne.Analytics.Referral;

namespace Ariadne.Core.Referral.National;

/// <summary>
/// A case's place in its jurisdiction's referral mechanism (one per case, referenced by case id). The case file itself
/// is not changed here except its trafficking status, which decisions set.
/// </summary>
public sealed class NrmCase
{
    public Guid CaseId { get; set; }

    /// <summary>A copy of the owning organisation of the case, for the per-organisation dashboard.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The jurisdiction whose definition applies (e.g. <c>generic</c>, <c>DE</c>, <c>GB</c>).</summary>
    public required string Jurisdiction { get; set; }

    public required string State { get; set; }

    public DateTime EnteredStateAtUtc { get; set; }

    /// <summary>Treated as a child although the age is not established (presumption of minority).</summary>
    public bool PresumedChild { get; set; }

    /// <summary>The day a guardian was appointed for a child, or null.</summary>
    public DateOnly? GuardianAppointedOn { get; set; }

    /// <summary>The organisation (guardianship service) providing the guardian; never the guardian's name.</summary>
    public Guid? GuardianOrganisationId { get; set; }

    public int Version { get; set; }
}

/// <summary>One step of the lifecycle, with who took it and why. Never updated or deleted.</summary>
public sealed class NrmEvent
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string Transition { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public DateTime AtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    public Guid? ActorOrganisationId { get; set; }

    /// <summary>The roles the acting organisation held on the case (comma-separated).</summary>
    public required string ActorRoles { get; set; }

    public string? RequesterRole { get; set; }

    /// <summary>The reasons given for a decision, in plaintext, filled only when opened (a reveal); never mapped.</summary>
    public string? Reasons { get; set; }

    /// <summary>The reasons. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? ReasonsCiphertext { get; set; }

    /// <summary>The trafficking status the step set on the case, if it was a decision.</summary>
    public string? TraffickingStatus { get; set; }

    /// <summary>
    /// True when this record has sealed free text that was not opened for this read (no active reveal): the text
    /// properties are then null although text exists. Never mapped.
    /// </summary>
    public bool TextSealed { get; set; }
}

/// <summary>A deadline of a case: the reasonable-grounds target, the end of a period, a service's response.</summary>
public sealed class NrmDeadline
{
    /// <summary>A new open deadline of <paramref name="caseId"/> for <paramref name="organisationId"/>, as the lifecycle engine computed it.</summary>
    public static NrmDeadline Open(Guid caseId, Guid organisationId, Deadline deadline, Guid? serviceReferralId) => new()
    {
        Id = Guid.CreateVersion7(),
        CaseId = caseId,
        OrganisationId = organisationId,
        Kind = deadline.Kind,
        DueDate = deadline.DueDate,
        DueAtUtc = deadline.DueAt.UtcDateTime,
        ServiceReferralId = serviceReferralId,
    };

    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The organisation that must act (the case owner; the receiving organisation for a service response).</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The period it ends (<c>reasonable-grounds-target</c>, <c>recovery</c>, <c>move-on</c>, …) or <c>service-response</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The last local day in the jurisdiction.</summary>
    public DateOnly DueDate { get; set; }

    /// <summary>The end of <see cref="DueDate"/> in the jurisdiction, as UTC: overdue from this instant.</summary>
    public DateTime DueAtUtc { get; set; }

    /// <summary>Open until met or superseded; the dashboard reads open deadlines only.</summary>
    public bool IsOpen { get; set; } = true;

    public DateTime? ClosedAtUtc { get; set; }

    public Guid? ServiceReferralId { get; set; }
}

/// <summary>Services an organisation declares it provides (codes of the <c>assistance-service</c> list).</summary>
public sealed class ServiceOffer
{
    public Guid OrganisationId { get; set; }

    public required string Service { get; set; }

    /// <summary>How many people the organisation can take for this service at a time; null when not stated.</summary>
    public int? Capacity { get; set; }
}

/// <summary>A referral of a case to another organisation for one service.</summary>
public sealed class ServiceReferral
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string Service { get; set; }

    public Guid FromOrganisationId { get; set; }

    public Guid ToOrganisationId { get; set; }

    public ServiceReferralState State { get; set; }

    /// <summary>The ground the consent gate allowed the referral on (consent, child best interest, documented override).</summary>
    public required string ConsentGround { get; set; }

    /// <summary>
    /// What the referral shares with the receiving organisation: the only case information it sees. Plaintext filled only
    /// when opened (for the referring organisation with a reveal, for the receiving organisation on its incoming list,
    /// audited); never mapped.
    /// </summary>
    public string? SharedNote { get; set; }

    /// <summary>The shared note. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? SharedNoteCiphertext { get; set; }

    public DateTime RequestedAtUtc { get; set; }

    public DateTime? RespondedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>The reason for a rejection or revocation, in plaintext, filled only when opened; never mapped.</summary>
    public string? Reason { get; set; }

    /// <summary>The reason. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? ReasonCiphertext { get; set; }

    /// <summary>The documented reason of a consent override (<see cref="Consent.ConsentGround.DocumentedOverride"/>), in plaintext, filled only when opened; never mapped.</summary>
    public string? OverrideReason { get; set; }

    /// <summary>The override reason. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? OverrideReasonCiphertext { get; set; }

    /// <summary>The user who overrode the missing consent (a coordinator), when the ground is a documented override.</summary>
    public Guid? OverriddenByUserId { get; set; }

    /// <summary>
    /// True when this record has sealed free text that was not opened for this read (no active reveal): the text
    /// properties are then null although text exists. Never mapped.
    /// </summary>
    public bool TextSealed { get; set; }
}

/// <summary>Whether the person cooperates with the authorities. Recorded for the criminal-justice pillar only; nothing reads it to decide.</summary>
public sealed class CooperationRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public CooperationStatus Status { get; set; }

    public DateOnly RecordedOn { get; set; }

    /// <summary>The note, in plaintext, filled only when opened; never mapped.</summary>
    public string? Note { get; set; }

    /// <summary>The note. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? NoteCiphertext { get; set; }

    public Guid? RecordedByUserId { get; set; }

    /// <summary>
    /// True when this record has sealed free text that was not opened for this read (no active reveal): the text
    /// properties are then null although text exists. Never mapped.
    /// </summary>
    public bool TextSealed { get; set; }
}

/// <summary>An offence committed as a direct consequence of being trafficked (non-punishment principle, CoE art. 26).</summary>
public sealed class NonPunishmentFlag
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The offence in general terms (e.g. "use of a false document", "cannabis cultivation"); plaintext filled only when opened, never mapped.</summary>
    public string? Offence { get; set; }

    /// <summary>The offence. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? OffenceCiphertext { get; set; }

    /// <summary>The prosecutor's or court's file reference, if known; plaintext filled only when opened, never mapped.</summary>
    public string? ProceedingsReference { get; set; }

    /// <summary>The file reference. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? ProceedingsReferenceCiphertext { get; set; }

    /// <summary>Why the offence is a direct consequence of the trafficking; plaintext filled only when opened, never mapped.</summary>
    public string? Basis { get; set; }

    /// <summary>The basis. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? BasisCiphertext { get; set; }

    public DateOnly FlaggedOn { get; set; }

    public Guid? FlaggedByUserId { get; set; }

    /// <summary>
    /// True when this record has sealed free text that was not opened for this read (no active reveal): the text
    /// properties are then null although text exists. Never mapped.
    /// </summary>
    public bool TextSealed { get; set; }
}

/// <summary>A service delivered to the person, with dates: the assistance record statistics count.</summary>
public sealed class AssistanceDelivery
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string Service { get; set; }

    public Guid ProviderOrganisationId { get; set; }

    public DateOnly StartedOn { get; set; }

    public DateOnly? EndedOn { get; set; }

    public Guid? ServiceReferralId { get; set; }
}
