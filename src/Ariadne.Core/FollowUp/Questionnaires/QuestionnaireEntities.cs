using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp.Questionnaires;

/// <summary>The validation step of an answer, like a measure's progress report.</summary>
public enum AnswerState
{
    /// <summary>Written or changed, not yet handed to the coordinator.</summary>
    Draft,

    /// <summary>Handed in; waits for a coordinator other than the one who submitted it.</summary>
    Submitted,

    Approved,

    /// <summary>Sent back with a reason; the next change makes it a draft again.</summary>
    Returned,
}

/// <summary>
/// One version of a questionnaire. Importing a file whose content differs from the latest version of its code makes a
/// new version; answers name the version they answered, so a changed questionnaire never changes old answers.
/// </summary>
public sealed class QuestionnaireVersion
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    public int Version { get; set; }

    public required string Title { get; set; }

    public required string TitleDe { get; set; }

    public string? Source { get; set; }

    /// <summary>The whole <see cref="QuestionnaireDefinition"/> as JSON (sections, questions, links).</summary>
    public required string Definition { get; set; }

    public int Questions { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    public required string ImportedBy { get; set; }
}

/// <summary>
/// The answer to one question of a questionnaire for one cycle ("2026" or "2025-2028"). Every change is a new
/// <see cref="Version"/> in the follow-up history (<see cref="FollowUpChange"/>, subject <c>answer</c>).
/// </summary>
public sealed class QuestionnaireAnswer
{
    public Guid Id { get; set; }

    public Guid QuestionnaireVersionId { get; set; }

    public required string Code { get; set; }

    public required string Cycle { get; set; }

    public required string Question { get; set; }

    /// <summary>
    /// The responsible institution (an organisation) that answers, for a question assigned to institutions
    /// (<see cref="QuestionnaireAssignment"/>): one answer per assigned institution. Null for a question answered once
    /// for the whole installation (no assignment), as before assignments existed.
    /// </summary>
    public Guid? OrganisationId { get; set; }

    public required string Answer { get; set; }

    public AnswerState State { get; set; }

    public int Version { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public Guid? SubmittedByUserId { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    public string? ReturnReason { get; set; }
}

/// <summary>
/// A question (<see cref="Question"/>) or a whole section (<see cref="Section"/>, its key) of a questionnaire assigned to a
/// responsible institution, like a commitment item's responsible institutions and a measure's lead institution: the
/// institution's focal points answer it, each institution once per cycle. Kept per questionnaire code (question numbers
/// and section keys stay the same across versions), set by a coordinator.
/// </summary>
public sealed class QuestionnaireAssignment
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    /// <summary>The section's key when the whole section is assigned; else null.</summary>
    public string? Section { get; set; }

    /// <summary>The question's number when one question is assigned; else null.</summary>
    public string? Question { get; set; }

    public Guid OrganisationId { get; set; }

    public DateTime AssignedAtUtc { get; set; }

    public required string AssignedBy { get; set; }
}

internal sealed class QuestionnaireAssignmentConfiguration : IEntityTypeConfiguration<QuestionnaireAssignment>
{
    public void Configure(EntityTypeBuilder<QuestionnaireAssignment> builder)
    {
        builder.ToTable("QuestionnaireAssignments");
        builder.Property(a => a.Code).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(a => a.Section).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(a => a.Question).HasMaxLength(FollowUpRules.MaxNumberLength);
        builder.Property(a => a.AssignedBy).HasMaxLength(256);
        builder.HasIndex(a => new { a.Code, a.OrganisationId });
        builder.HasOne<Ariadne.Core.Organisations.Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionnaireVersionConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> builder)
    {
        builder.ToTable("QuestionnaireVersions");
        builder.Property(v => v.Code).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(v => v.Title).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(v => v.TitleDe).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(v => v.Source).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(v => v.ImportedBy).HasMaxLength(256);
        builder.HasIndex(v => new { v.Code, v.Version }).IsUnique();
    }
}

internal sealed class QuestionnaireAnswerConfiguration : IEntityTypeConfiguration<QuestionnaireAnswer>
{
    public void Configure(EntityTypeBuilder<QuestionnaireAnswer> builder)
    {
        builder.ToTable("QuestionnaireAnswers");
        builder.Property(a => a.Code).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(a => a.Cycle).HasMaxLength(16);
        builder.Property(a => a.Question).HasMaxLength(FollowUpRules.MaxNumberLength);
        builder.Property(a => a.Answer).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.UpdatedBy).HasMaxLength(256);
        builder.Property(a => a.SubmittedBy).HasMaxLength(256);
        builder.Property(a => a.DecidedBy).HasMaxLength(256);
        builder.Property(a => a.ReturnReason).HasMaxLength(FollowUpRules.MaxNoteLength);
        // One answer per question and cycle and answering institution. Unassigned answers (no institution) are one per
        // question and cycle by the service (a NULL never equals another in a unique index).
        builder.HasIndex(a => new { a.Code, a.Cycle, a.Question, a.OrganisationId }).IsUnique();
        builder.HasOne<Ariadne.Core.Organisations.Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(a => a.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
