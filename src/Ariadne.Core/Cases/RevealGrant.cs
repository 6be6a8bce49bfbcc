using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Cases;

/// <summary>
/// A user asked, with a reason, to see the identifying fields of one case: until <see cref="ExpiresAtUtc"/> the details
/// and edit views of that case show and accept them. The reason lives in the audit log, not here. Kept in the database
/// so that every web node honours it.
/// </summary>
public sealed class RevealGrant
{
    /// <summary>How long a reveal lasts.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid CaseId { get; set; }

    public DateTime GrantedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>A grant for <paramref name="userId"/> on <paramref name="caseId"/> from <paramref name="nowUtc"/> for <see cref="Duration"/>.</summary>
    public static RevealGrant For(Guid userId, Guid caseId, DateTime nowUtc) =>
        new() { Id = Guid.CreateVersion7(), UserId = userId, CaseId = caseId, GrantedAtUtc = nowUtc, ExpiresAtUtc = nowUtc + Duration };
}

internal sealed class RevealGrantConfiguration : IEntityTypeConfiguration<RevealGrant>
{
    public void Configure(EntityTypeBuilder<RevealGrant> builder)
    {
        builder.ToTable("RevealGrants");
        builder.HasKey(g => g.Id);
        builder.HasIndex(g => new { g.UserId, g.CaseId, g.ExpiresAtUtc });
        builder.HasOne<Case>().WithMany().HasForeignKey(g => g.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
