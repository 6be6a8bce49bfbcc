using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Cases;

/// <summary>
/// An organisation other than the owner that may see a case pseudonymised, as a coordinator does (never its identifying
/// fields, no change to the case file): granted and withdrawn by the module that shares the case — today the referral
/// mechanism, while a referral to a service is accepted or completed. Cases knows the grant, not why it was made, so the
/// access rule (<see cref="CaseAccess.Visible"/>) does not depend on the module that shares.
/// </summary>
public sealed class CaseShare
{
    /// <summary>The record that grants the share (the service referral's id): one share per grant, withdrawn with it.</summary>
    public Guid SourceId { get; set; }

    public Guid CaseId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>
    /// Grants (<paramref name="granted"/>) or withdraws the share of case <paramref name="caseId"/> with
    /// <paramref name="organisationId"/> made by record <paramref name="sourceId"/>, in the caller's unit of work (saved
    /// with the caller's change).
    /// </summary>
    public static async Task SetAsync(AppDbContext db, Guid sourceId, Guid caseId, Guid organisationId, bool granted, CancellationToken cancellationToken)
    {
        var existing = await db.Set<CaseShare>().FirstOrDefaultAsync(s => s.SourceId == sourceId, cancellationToken);
        if (granted && existing is null)
        {
            db.Set<CaseShare>().Add(new CaseShare { SourceId = sourceId, CaseId = caseId, OrganisationId = organisationId });
        }
        else if (!granted && existing is not null)
        {
            db.Set<CaseShare>().Remove(existing);
        }
    }
}

internal sealed class CaseShareConfiguration : IEntityTypeConfiguration<CaseShare>
{
    public void Configure(EntityTypeBuilder<CaseShare> builder)
    {
        builder.ToTable("CaseShares");
        builder.HasKey(s => s.SourceId);
        builder.HasIndex(s => new { s.OrganisationId, s.CaseId });
        builder.HasOne<Case>().WithMany(c => c.Shares).HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
