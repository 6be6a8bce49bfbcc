namespace Ariadne.Core.Consent;

/// <summary>What a person agreed to. Each purpose is consented to (and withdrawn) separately.</summary>
public enum ConsentPurpose
{
    /// <summary>Receiving assistance from the organisation holding the case.</summary>
    Assistance,

    /// <summary>Being referred to one named organisation (<see cref="ConsentRecord.RecipientOrganisationId"/>).</summary>
    Referral,

    /// <summary>The case counting in statistics shared outside the organisation.</summary>
    Statistics,

    /// <summary>Being contacted later (follow-up).</summary>
    Contact,
}

/// <summary>How consent was obtained.</summary>
public enum ConsentMethod
{
    Written,
    Oral,
    Digital,

    /// <summary>Given by a guardian or legal representative on behalf of a child.</summary>
    Guardian,
}

/// <summary>
/// One consent given by the person a case is about, for one purpose, from <see cref="GivenOn"/> until withdrawn.
/// Records are never deleted: a withdrawal is recorded on the record.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public ConsentPurpose Purpose { get; set; }

    /// <summary>For <see cref="ConsentPurpose.Referral"/>: the organisation the person agreed to be referred to; null otherwise.</summary>
    public Guid? RecipientOrganisationId { get; set; }

    public DateOnly GivenOn { get; set; }

    public ConsentMethod Method { get; set; }

    /// <summary>Note on how consent was sought (interpreter, information sheet …), in plaintext, filled only when opened; never mapped.</summary>
    public string? Note { get; set; }

    /// <summary>The note. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? NoteCiphertext { get; set; }


    public Guid? RecordedByUserId { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public DateOnly? WithdrawnOn { get; set; }

    /// <summary>The note on the withdrawal, in plaintext, filled only when opened; never mapped.</summary>
    public string? WithdrawalNote { get; set; }

    /// <summary>The withdrawal note. Sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null when empty or after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? WithdrawalNoteCiphertext { get; set; }

    /// <summary>
    /// True when this record has sealed free text that was not opened for this read (no active reveal): the text
    /// properties are then null although text exists. Never mapped.
    /// </summary>
    public bool TextSealed { get; set; }

    public bool IsActiveOn(DateOnly day) => GivenOn <= day && (WithdrawnOn is null || WithdrawnOn > day);
}
