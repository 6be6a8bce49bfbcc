using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Cases;

/// <summary>
/// A task or follow-up on a case (call the lawyer, accompany to the hearing): due on a date, assigned to a case worker of
/// the owning organisation, open until someone marks it done. Its title is free text about the person, so it is sealed
/// under the person's data key (<see cref="SealedText.CaseTask"/>) and destroyed by erasure with the rest.
/// </summary>
public sealed class CaseTask
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The sealed title; null after the person's data key was destroyed and nothing new was written.</summary>
    public byte[]? TitleCiphertext { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>The case worker who should do it.</summary>
    public Guid AssigneeUserId { get; set; }

    /// <summary>Who added it; null for the local operator.</summary>
    public Guid? CreatedByUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When it was marked done; null while open.</summary>
    public DateTime? DoneAtUtc { get; set; }

    public Guid? DoneByUserId { get; set; }
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        builder.ToTable("CaseTasks");
        builder.HasKey(t => t.Id);
        builder.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.CaseId, t.DueOn });
        // "My tasks": the open ones of one user by due date.
        builder.HasIndex(t => new { t.AssigneeUserId, t.DoneAtUtc, t.DueOn });
    }
}
