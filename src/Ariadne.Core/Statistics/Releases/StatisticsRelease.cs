using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// One release of statistics or microdata that left the system: what was produced, with which effective parameters
/// (seed included), from which input, by whom and when. <see cref="ReleaseService.ReproduceAsync"/> re-runs it and
/// compares the output fingerprint. Rows are never changed or deleted by the application.
/// </summary>
public sealed class StatisticsRelease
{
    public Guid Id { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Who asked for it (user name, or the local operator of the CLI).</summary>
    public required string Actor { get; set; }

    /// <summary>The producer (<see cref="IReleaseProducer.Kind"/>), e.g. <c>cases-table</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Every parameter the producer used, defaults and the noise seed included, as JSON.</summary>
    public required string ParametersJson { get; set; }

    /// <summary>The format it was delivered in (csv, json, xlsx, html); the fingerprints do not depend on it.</summary>
    public required string Format { get; set; }

    /// <summary>SHA-256 (hex) of the producer's input, e.g. the unprotected counts; a reproduction over changed data shows here.</summary>
    public required string InputSha256 { get; set; }

    /// <summary>SHA-256 (hex) of the released table in its canonical form (<see cref="ReleaseTable.Fingerprint"/>).</summary>
    public required string OutputSha256 { get; set; }

    public int Rows { get; set; }

    /// <summary>What was done to the data, in words, as published beside it.</summary>
    public required string Method { get; set; }
}

internal sealed class StatisticsReleaseConfiguration : IEntityTypeConfiguration<StatisticsRelease>
{
    public void Configure(EntityTypeBuilder<StatisticsRelease> builder)
    {
        builder.ToTable("StatisticsReleases");
        builder.Property(r => r.Actor).HasMaxLength(256);
        builder.Property(r => r.Kind).HasMaxLength(64);
        builder.Property(r => r.Format).HasMaxLength(16);
        builder.Property(r => r.InputSha256).HasMaxLength(64);
        builder.Property(r => r.OutputSha256).HasMaxLength(64);
        builder.HasIndex(r => r.CreatedAtUtc);
    }
}
