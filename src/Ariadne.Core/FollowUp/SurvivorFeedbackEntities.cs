using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// A one-time feedback code a case worker opened for a survivor. Only the code's SHA-256 is kept, with the organisation
/// the answers will count for and when the code lapses: no case, no person, no user (the audit log records that the case
/// worker opened a code, not for whom). The row is deleted when the code is used, declined or lapsed.
/// </summary>
public sealed class FeedbackInvitation
{
    public Guid Id { get; set; }

    /// <summary>SHA-256 of the code, lower-case hex.</summary>
    public required string CodeHash { get; set; }

    public Guid OrganisationId { get; set; }

    public DateTime ExpiresAtUtc { get; set; }
}

/// <summary>
/// One answer to one question, kept apart from the case file and from the survivor's other answers: no case, person,
/// user, invitation or submission id, and no time finer than the month. The id is random (not time-ordered). Until its
/// month is over the answer is <see cref="Released"/> false and counted by nothing; then the month's answers are
/// written again in random order with new ids (<see cref="SurvivorFeedbackService.ReleaseClosedMonthsAsync"/>), so
/// neither the order of the rows nor their ids tell when (or after which visit) they were given.
/// </summary>
public sealed class FeedbackAnswer
{
    public Guid Id { get; set; }

    public required string Instrument { get; set; }

    public int InstrumentVersion { get; set; }

    public int Question { get; set; }

    /// <summary>The option's value ("1"…"5", "yes", "no", "prefer-not-to-say", a choice's value, or "given" for free text).</summary>
    public required string Answer { get; set; }

    /// <summary>The organisation whose case worker opened the code.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The month the answer was given, "yyyy-MM".</summary>
    public required string Period { get; set; }

    public bool Released { get; set; }
}

internal sealed class FeedbackInvitationConfiguration : IEntityTypeConfiguration<FeedbackInvitation>
{
    public void Configure(EntityTypeBuilder<FeedbackInvitation> builder)
    {
        builder.ToTable("FeedbackInvitations");
        builder.Property(i => i.CodeHash).HasMaxLength(64);
        builder.HasIndex(i => i.CodeHash).IsUnique();
    }
}

internal sealed class FeedbackAnswerConfiguration : IEntityTypeConfiguration<FeedbackAnswer>
{
    public void Configure(EntityTypeBuilder<FeedbackAnswer> builder)
    {
        builder.ToTable("FeedbackAnswers");
        builder.Property(a => a.Instrument).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(a => a.Answer).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(a => a.Period).HasMaxLength(7);
        builder.HasIndex(a => new { a.Released, a.Period });
    }
}
