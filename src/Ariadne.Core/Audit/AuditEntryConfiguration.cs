using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "AuditEntries";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable(Table);
        // The chain position is the key: unique, and assigned by AuditLog under its lock, never by the database.
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.SubjectType).HasMaxLength(64);
        builder.Property(e => e.SubjectId).HasMaxLength(128);
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.Property(e => e.FromAddress).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(16);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Property(e => e.Mac).HasMaxLength(64);
        builder.HasIndex(e => e.AtUtc);
        builder.HasIndex(e => new { e.Action, e.AtUtc });
        builder.HasIndex(e => e.SubjectId);
    }
}
