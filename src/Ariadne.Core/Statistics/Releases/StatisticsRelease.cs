using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Statistics.Releases;

/// <summary>
/// One release of statistics or microdata that left the system: what was produced, with which effective parameters,
/// by whom and when. <see cref="ReleaseService.ReproduceAsync"/> re-runs it with its sealed seed and compares the keyed
/// output fingerprint. Rows are never changed or deleted by the application.
/// </summary>
/// <remarks>
/// What is secret: the noise seed (<see cref="SealedSeed"/>, AES-256-GCM under the master key ring, bound to the release
/// id) and the fingerprints (HMAC-SHA-256 under a key derived from the master key ring). A plain hash of the unprotected
/// counts could be tested against every completion of a suppressed table that the margins allow; a published seed would
/// let anyone subtract the noise. Neither is ever shown, returned or written into a file.
/// </remarks>
public sealed class StatisticsRelease
{
    public Guid Id { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Who asked for it (user name, or the local operator of the CLI).</summary>
    public required string Actor { get; set; }

    /// <summary>The producer (<see cref="IReleaseProducer.Kind"/>), e.g. <c>cases-table</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Every parameter the producer used, defaults included, as JSON; never the noise seed.</summary>
    public required string ParametersJson { get; set; }

    /// <summary>The format it was delivered in (csv, json, xlsx, html); the fingerprints do not depend on it.</summary>
    public required string Format { get; set; }

    /// <summary>
    /// HMAC-SHA-256 (hex, <see cref="ReleaseSecrets.Fingerprint"/>) of the producer's input digest, e.g. of the unprotected
    /// counts; a reproduction over changed data shows here. Keyed so that it cannot be tested against guessed tables.
    /// </summary>
    public required string InputFingerprint { get; set; }

    /// <summary>HMAC-SHA-256 (hex) of the released table in its canonical form (<see cref="ReleaseTable.Fingerprint"/>).</summary>
    public required string OutputFingerprint { get; set; }

    /// <summary>The id of the master key <see cref="SealedSeed"/> is encrypted under; null when the release used no seed.</summary>
    public string? SeedKekId { get; set; }

    /// <summary>The noise seed, encrypted (<see cref="ReleaseSecrets.SealSeed"/>); null when the release used no seed.</summary>
    public byte[]? SealedSeed { get; set; }

    /// <summary>
    /// The seed was chosen by the operator (<c>--seed</c> of the CLI, for local experiments): anyone who knows it can
    /// subtract the noise, so the release is not private and spent nothing from the budget.
    /// </summary>
    public bool SeedChosen { get; set; }

    /// <summary>The zCDP ρ this release spent from its dataset's budget (0 when it spent nothing).</summary>
    public double Rho { get; set; }

    /// <summary>The release this one delivers again in another format (same seed, same figures, nothing spent); null for a new release.</summary>
    public Guid? RepeatOf { get; set; }

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
        builder.Property(r => r.InputFingerprint).HasMaxLength(64);
        builder.Property(r => r.OutputFingerprint).HasMaxLength(64);
        builder.Property(r => r.SeedKekId).HasMaxLength(32);
        builder.HasIndex(r => r.CreatedAtUtc);
    }
}
