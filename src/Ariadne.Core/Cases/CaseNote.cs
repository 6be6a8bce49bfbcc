using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Cases;

/// <summary>
/// A dated note on a case (what was said on the phone, what happened at the appointment): the date it is about, who
/// wrote it and when. Its text is free text about the person, so it is sealed under the person's data key
/// (<see cref="SealedText.CaseNote"/>) and destroyed by erasure with the rest.
/// </summary>
public sealed class CaseNote
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The day the note is about (may be earlier than the day it was written).</summary>
    public DateOnly NotedOn { get; set; }

    /// <summary>The sealed text; null after the person's data key was destroyed.</summary>
    public byte[]? TextCiphertext { get; set; }

    /// <summary>Who wrote it; null for the local operator.</summary>
    public Guid? AuthorUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        builder.ToTable("CaseNotes");
        builder.HasKey(n => n.Id);
        builder.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.CaseId, n.NotedOn });
    }
}
