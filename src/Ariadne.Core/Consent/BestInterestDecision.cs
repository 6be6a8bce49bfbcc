using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Consent;

/// <summary>What a best-interest decision concluded about referring the child onwards.</summary>
public enum BestInterestOutcome
{
    /// <summary>A referral is in the child's best interest: the consent gate lets a referral go ahead on this ground.</summary>
    ReferralInBestInterest,

    /// <summary>A referral is not in the child's best interest: it does not open the gate (and supersedes an earlier yes).</summary>
    ReferralNotInBestInterest,
}

/// <summary>The kind of guardian or representative who took part in a best-interest decision; never a name.</summary>
public enum GuardianType
{
    Parent,
    LegalGuardian,
    AppointedGuardian,
    GuardianshipAuthority,
    LegalRepresentative,
    Other,
}

/// <summary>
/// A recorded best-interest decision for a child (UNHCR best-interest procedure; CoE Convention art. 10(4)): who decided,
/// when, on what reasons, whether a guardian took part and in what role, and the outcome. The consent gate
/// (<see cref="ConsentRules"/>) reads these records: a child's referral without consent needs the latest applicable one
/// to be <see cref="BestInterestOutcome.ReferralInBestInterest"/>. Never updated or deleted; a new decision supersedes.
/// </summary>
public sealed class BestInterestDecision
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The organisation the decision is about, or null for referrals to any organisation.</summary>
    public Guid? RecipientOrganisationId { get; set; }

    public DateOnly DecidedOn { get; set; }

    public BestInterestOutcome Outcome { get; set; }

    public bool GuardianInvolved { get; set; }

    /// <summary>The role of the guardian who took part; set exactly when <see cref="GuardianInvolved"/>.</summary>
    public GuardianType? GuardianType { get; set; }

    /// <summary>The reasons, in plaintext, filled only when opened (a reveal); never mapped.</summary>
    public string? Reasons { get; set; }

    /// <summary>The reasons, sealed under the person's data key (<see cref="Cases.CaseTextVault"/>); null after erasure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? ReasonsCiphertext { get; set; }

    /// <summary>True when the reasons exist but were not opened for this read. Never mapped.</summary>
    public bool TextSealed { get; set; }

    public Guid? RecordedByUserId { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    /// <summary>Whether the decision covers a referral to <paramref name="recipientOrganisationId"/> on <paramref name="day"/>.</summary>
    public bool Covers(Guid? recipientOrganisationId, DateOnly day) =>
        DecidedOn <= day && (RecipientOrganisationId is null || RecipientOrganisationId == recipientOrganisationId);
}

internal sealed class BestInterestDecisionConfiguration : IEntityTypeConfiguration<BestInterestDecision>
{
    public void Configure(EntityTypeBuilder<BestInterestDecision> builder)
    {
        builder.ToTable("BestInterestDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.GuardianType).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(d => d.Reasons);
        builder.Ignore(d => d.TextSealed);
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(d => d.RecipientOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.CaseId);
    }
}
