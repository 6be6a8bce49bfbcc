using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Linkage;

/// <summary>
/// One encoding of an organisation's persons for linkage between agencies (<see cref="AgencyLinkage.EncodeAsync"/>).
/// Its pseudonym table (<see cref="LinkagePseudonym"/>) maps the random record ids written into the encodings back to
/// person ids; the operator sees only the random ids, new in every run, so it can neither link two runs nor learn an
/// internal id. Nothing here identifies anyone.
/// </summary>
public sealed class LinkageRun
{
    public Guid Id { get; set; }

    /// <summary>The organisation whose persons were encoded.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>
    /// The linkage round: HMAC-SHA256 of a fixed label under the agencies' shared secret, 16 hex digits. Every agency that
    /// encodes with the same secret gets the same tag, the operator (who never sees the secret) cannot compute it, and
    /// the secret cannot be recovered from it. Imported cluster keys are <c>"l:" + tag + ":" + cluster id</c>, so the same
    /// cluster has the same key at every agency.
    /// </summary>
    public required string RoundTag { get; set; }

    /// <summary>How many records the encodings file holds (one per human being: merged persons are encoded once).</summary>
    public int Records { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The staff user name (or the local operator) who encoded.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>When the operator's result for this run was imported; null until then.</summary>
    public DateTime? ImportedAtUtc { get; set; }

    /// <summary>How many clusters the imported result formed among this run's records; null until imported.</summary>
    public int? ImportedClusters { get; set; }
}

/// <summary>One row of a run's pseudonym table: the random record id sent to the operator and the person it stands for.</summary>
public sealed class LinkagePseudonym
{
    public Guid RunId { get; set; }

    /// <summary>128 random bits in lower-case base32 (26 characters), unique across every run.</summary>
    public required string RecordId { get; set; }

    public Guid PersonId { get; set; }
}

internal sealed class LinkageRunConfiguration : IEntityTypeConfiguration<LinkageRun>
{
    public void Configure(EntityTypeBuilder<LinkageRun> builder)
    {
        builder.ToTable("LinkageRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.RoundTag).HasMaxLength(32);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.OrganisationId, r.CreatedAtUtc });
    }
}

internal sealed class LinkagePseudonymConfiguration : IEntityTypeConfiguration<LinkagePseudonym>
{
    public void Configure(EntityTypeBuilder<LinkagePseudonym> builder)
    {
        builder.ToTable("LinkagePseudonyms");
        builder.HasKey(p => p.RecordId);
        builder.Property(p => p.RecordId).HasMaxLength(32);
        builder.HasIndex(p => p.RunId);
        builder.HasOne<LinkageRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
