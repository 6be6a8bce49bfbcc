using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Screening;

internal sealed class ScreeningConfiguration : IEntityTypeConfiguration<ScreeningRecord>
{
    public void Configure(EntityTypeBuilder<ScreeningRecord> builder)
    {
        builder.ToTable("Screenings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.InstrumentId).HasMaxLength(100);
        builder.Property(s => s.InstrumentVersion).HasMaxLength(50);
        builder.Property(s => s.List).HasMaxLength(100);
        builder.Property(s => s.Outcome).HasMaxLength(32);
        builder.Property(s => s.Form).HasMaxLength(100);
        builder.Property(s => s.Age).HasMaxLength(16);
        builder.Property(s => s.FormsKey).HasMaxLength(1000);
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.CaseId, s.ScreenedAtUtc });
        builder.HasIndex(s => s.Outcome);
    }
}

internal sealed class InstrumentVersionConfiguration : IEntityTypeConfiguration<InstrumentVersion>
{
    public void Configure(EntityTypeBuilder<InstrumentVersion> builder)
    {
        builder.ToTable("ScreeningInstruments");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.InstrumentId).HasMaxLength(100);
        builder.Property(i => i.Version).HasMaxLength(50);
        builder.HasIndex(i => new { i.InstrumentId, i.Version }).IsUnique();
    }
}
