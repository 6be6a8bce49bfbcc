using Ariadne.Core.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Attachments;

/// <summary>
/// A file attached to a case (a document, a photo of a document). Its content and its file name are about the person,
/// so both are sealed under the person's data key (<see cref="SealedText.CaseAttachment"/>), like the identity; what
/// stays readable is what the list shows without a reveal: the kind checked from the content, the size, when and by whom.
/// Erasure of the person's identifying data deletes the row (<see cref="AttachmentErasureParticipant"/>).
/// </summary>
public sealed class CaseAttachment
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>One of <see cref="AttachmentKinds"/>, decided from the content's first bytes, never from the name or declared type.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The size of the content in bytes.</summary>
    public long SizeBytes { get; set; }

    public byte[] ContentCiphertext { get; set; } = [];

    public byte[] FileNameCiphertext { get; set; } = [];

    /// <summary>Who attached it; null for the local operator.</summary>
    public Guid? UploadedByUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> builder)
    {
        builder.ToTable("CaseAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(16);
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CaseId, a.CreatedAtUtc });
    }
}
