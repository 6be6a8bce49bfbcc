using Ariadne.Core.Cases;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Referral.National;

internal sealed class NrmCaseConfiguration : IEntityTypeConfiguration<NrmCase>
{
    public void Configure(EntityTypeBuilder<NrmCase> builder)
    {
        builder.ToTable("NrmCases");
        builder.HasKey(c => c.CaseId);
        builder.Property(c => c.Jurisdiction).HasMaxLength(32);
        builder.Property(c => c.State).HasMaxLength(64);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithOne().HasForeignKey<NrmCase>(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.GuardianOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.OrganisationId, c.State });
    }
}

internal sealed class NrmEventConfiguration : IEntityTypeConfiguration<NrmEvent>
{
    public void Configure(EntityTypeBuilder<NrmEvent> builder)
    {
        builder.ToTable("NrmEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Transition).HasMaxLength(64);
        builder.Property(e => e.FromState).HasMaxLength(64);
        builder.Property(e => e.ToState).HasMaxLength(64);
        builder.Property(e => e.ActorRoles).HasMaxLength(128);
        builder.Property(e => e.RequesterRole).HasMaxLength(64);
        builder.Ignore(e => e.Reasons);
        builder.Ignore(e => e.TextSealed);
        builder.Property(e => e.TraffickingStatus).HasMaxLength(32);
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        // With the transition: the follow-up's median days to a decision groups the events from the index alone.
        builder.HasIndex(e => new { e.CaseId, e.AtUtc, e.Transition });
    }
}

internal sealed class NrmDeadlineConfiguration : IEntityTypeConfiguration<NrmDeadline>
{
    public void Configure(EntityTypeBuilder<NrmDeadline> builder)
    {
        builder.ToTable("NrmDeadlines");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasMaxLength(64);
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ServiceReferral>().WithMany().HasForeignKey(d => d.ServiceReferralId).OnDelete(DeleteBehavior.Cascade);
        // The dashboard: one organisation's open deadlines in due order, counted from the index alone. Partial on the
        // open ones, with IsOpen last so that it covers the query: SQLite does not use a bare boolean term
        // (`"IsOpen"`, as EF writes it) as an equality on an index column, but it does match it against the filter.
        builder.HasIndex(d => new { d.OrganisationId, d.DueAtUtc, d.IsOpen }).HasDatabaseName("IX_NrmDeadlines_Dashboard").HasFilter("\"IsOpen\"");
        builder.HasIndex(d => new { d.CaseId, d.IsOpen });
    }
}

internal sealed class ServiceOfferConfiguration : IEntityTypeConfiguration<ServiceOffer>
{
    public void Configure(EntityTypeBuilder<ServiceOffer> builder)
    {
        builder.ToTable("NrmServiceOffers");
        builder.HasKey(o => new { o.OrganisationId, o.Service });
        builder.Property(o => o.Service).HasMaxLength(64);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(o => o.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceReferralConfiguration : IEntityTypeConfiguration<ServiceReferral>
{
    public void Configure(EntityTypeBuilder<ServiceReferral> builder)
    {
        builder.ToTable("NrmServiceReferrals");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Service).HasMaxLength(64);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.ConsentGround).HasMaxLength(32);
        builder.Ignore(r => r.SharedNote);
        builder.Ignore(r => r.Reason);
        builder.Ignore(r => r.OverrideReason);
        builder.Ignore(r => r.TextSealed);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.FromOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.ToOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.CaseId);
        builder.HasIndex(r => new { r.ToOrganisationId, r.State });
    }
}

internal sealed class CooperationRecordConfiguration : IEntityTypeConfiguration<CooperationRecord>
{
    public void Configure(EntityTypeBuilder<CooperationRecord> builder)
    {
        builder.ToTable("NrmCooperation");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Ignore(r => r.Note);
        builder.Ignore(r => r.TextSealed);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.CaseId);
    }
}

internal sealed class NonPunishmentFlagConfiguration : IEntityTypeConfiguration<NonPunishmentFlag>
{
    public void Configure(EntityTypeBuilder<NonPunishmentFlag> builder)
    {
        builder.ToTable("NrmNonPunishment");
        builder.HasKey(f => f.Id);
        builder.Ignore(f => f.Offence);
        builder.Ignore(f => f.ProceedingsReference);
        builder.Ignore(f => f.Basis);
        builder.Ignore(f => f.TextSealed);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.CaseId);
    }
}

internal sealed class AssistanceDeliveryConfiguration : IEntityTypeConfiguration<AssistanceDelivery>
{
    public void Configure(EntityTypeBuilder<AssistanceDelivery> builder)
    {
        builder.ToTable("NrmAssistance");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Service).HasMaxLength(64);
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.ProviderOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ServiceReferral>().WithMany().HasForeignKey(a => a.ServiceReferralId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.CaseId);
    }
}
