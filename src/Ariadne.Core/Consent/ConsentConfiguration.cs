using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Consent;

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("Consents");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Method).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(c => c.Note);
        builder.Ignore(c => c.WithdrawalNote);
        builder.Ignore(c => c.TextSealed);
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(c => c.RecipientOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.CaseId, c.Purpose });
    }
}
