using Ariadne.Core.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CaseCode).HasMaxLength(CaseRules.MaxCaseCodeLength);
        builder.HasIndex(c => c.CaseCode).IsUnique();
        builder.Property(c => c.Status).HasMaxLength(32);
        builder.Property(c => c.TraffickingStatus).HasMaxLength(32);
        builder.Property(c => c.StatusDecidedBy).HasMaxLength(64);
        builder.Property(c => c.DetectingOrganisationType).HasMaxLength(64);
        builder.Ignore(c => c.Narrative);
        builder.Ignore(c => c.IdentityRevealed);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.AssignedUserId);
        builder.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithOne().HasForeignKey<Case>("PersonId").OnDelete(DeleteBehavior.Cascade).IsRequired();
        builder.HasMany(c => c.Perpetrators).WithOne().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.OwnsOne(c => c.Exploitation, e =>
        {
            e.Property(x => x.CountryOfExploitation).HasMaxLength(2).HasColumnName("CountryOfExploitation");
            e.Property(x => x.AgeAtStart).HasColumnName("AgeAtExploitationStart");
            e.Property(x => x.Forms).HasColumnName("ExploitationForms");
            e.Property(x => x.MeansOfControl).HasColumnName("MeansOfControl");
            e.Property(x => x.LabourTypes).HasColumnName("LabourTypes");
            e.Property(x => x.RecruitmentMethod).HasMaxLength(64).HasColumnName("RecruitmentMethod");
            e.Property(x => x.RecruiterRelationship).HasMaxLength(64).HasColumnName("RecruiterRelationship");
            e.HasIndex(x => x.CountryOfExploitation);
        });
        builder.Navigation(c => c.Exploitation).IsRequired();

        builder.Property(c => c.Sex).HasMaxLength(32);
        builder.Property(c => c.FormsKey).HasMaxLength(1000);
        builder.Property(c => c.CitizenshipsKey).HasMaxLength(1000);

        // The list's sort keys. Low-selectivity columns (status, sex, age group) are deliberately not indexed: an index
        // on them leads the planner into tens of thousands of row lookups, where walking the date index is cheaper.
        // Covering index for the list: date order first, then every filter column, so that the count and the page of ids
        // are read from this narrow index alone, never from the wide case rows.
        builder.HasIndex(c => new
        {
            c.IdentificationDate,
            c.Id,
            c.OrganisationId,
            c.Sex,
            c.AgeGroup,
            c.Status,
            c.TraffickingStatus,
            c.FormsKey,
            c.CitizenshipsKey,
        }).HasDatabaseName("IX_Cases_List");
        builder.HasIndex(c => new { c.OrganisationId, c.IdentificationDate });
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("Persons");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Sex).HasMaxLength(32);
        builder.Ignore(p => p.Identity);
        builder.Property(p => p.NameDobIndex).HasMaxLength(IdentityVault.BlindIndexSize);
        builder.Property(p => p.DocumentIndex).HasMaxLength(IdentityVault.BlindIndexSize);
        builder.HasIndex(p => p.NameDobIndex);
        builder.HasIndex(p => p.DocumentIndex);
        builder.Property(p => p.ClusterKey).HasMaxLength(Person.MaxClusterKeyLength);
        // With the id: the statistics find the clustered persons from the index alone (CaseStatistics).
        builder.HasIndex(p => new { p.ClusterKey, p.Id });
        builder.Property(p => p.IdentityErasureReason).HasMaxLength(CaseRules.MaxErasureReasonLength);
        builder.HasOne(p => p.Key).WithOne().HasForeignKey<PersonKey>(k => k.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonKeyConfiguration : IEntityTypeConfiguration<PersonKey>
{
    public void Configure(EntityTypeBuilder<PersonKey> builder)
    {
        builder.ToTable("PersonKeys");
        builder.HasKey(k => k.PersonId);
        builder.Property(k => k.KekId).HasMaxLength(MasterKeyRing.MaxKeyIdLength);
        builder.HasIndex(k => k.KekId);
    }
}

internal sealed class PerpetratorConfiguration : IEntityTypeConfiguration<Perpetrator>
{
    public void Configure(EntityTypeBuilder<Perpetrator> builder)
    {
        builder.ToTable("Perpetrators");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Role).HasMaxLength(64);
        builder.Property(p => p.Sex).HasMaxLength(32);
        builder.Property(p => p.Citizenship).HasMaxLength(2);
    }
}
