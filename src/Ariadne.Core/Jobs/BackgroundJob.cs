using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Jobs;

/// <summary>Where a job stands; stored as its name.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One long run (a deduplication, a linkage match, a bootstrap) started by a user and carried out by whichever web node
/// claims it first (<see cref="JobRunner"/>). The row is the only shared state: its progress and heartbeat are written
/// by the running node, so any node can show them. <see cref="Input"/> and <see cref="Output"/> are opaque to this
/// module (the handler's own format) and must hold no plaintext identities or secrets: they rest unencrypted.
/// </summary>
public sealed class BackgroundJob
{
    public const int MaxKindLength = 64;
    public const int MaxStageLength = 64;
    public const int MaxNameLength = 256;
    public const int MaxPathLength = 512;

    public Guid Id { get; set; }

    /// <summary>The <see cref="IJobHandler.Kind"/> that runs it.</summary>
    public required string Kind { get; set; }

    public JobState State { get; set; }

    /// <summary>Who started it: only this user sees the job and its output.</summary>
    public Guid? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>The starter's roles at the start, comma-separated: the handler acts with exactly these.</summary>
    public required string Roles { get; set; }

    public byte[] Input { get; set; } = [];

    /// <summary>0 to 1, as last reported by the handler.</summary>
    public double Progress { get; set; }

    /// <summary>The handler's current stage (a short name the UI translates as <c>Job.Stage.{Stage}</c>).</summary>
    public string? Stage { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The node that claimed it (machine, process, random suffix); null while queued.</summary>
    public string? ClaimedBy { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? StartedAtUtc { get; set; }

    /// <summary>Refreshed by the running node; a running job whose heartbeat stops is failed as interrupted.</summary>
    public DateTime? HeartbeatAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>The handler's problem as JSON (<see cref="JobProblems"/>) when it failed; never an exception message.</summary>
    public string? ProblemJson { get; set; }

    /// <summary>A page of the application that shows the result (e.g. the review queue of a deduplication run).</summary>
    public string? ResultPath { get; set; }

    /// <summary>A one-line, non-identifying summary of the result ("1,204 records, 37 pairs to review"), as <see cref="JobSummary.Serialise"/> stores it.</summary>
    public string? Summary { get; set; }

    public string? OutputFileName { get; set; }

    public string? OutputContentType { get; set; }

    public byte[]? Output { get; set; }
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.ToTable("BackgroundJobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(BackgroundJob.MaxKindLength);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.ActorName).HasMaxLength(BackgroundJob.MaxNameLength);
        builder.Property(j => j.Roles).HasMaxLength(BackgroundJob.MaxNameLength);
        builder.Property(j => j.Stage).HasMaxLength(BackgroundJob.MaxStageLength);
        builder.Property(j => j.ClaimedBy).HasMaxLength(BackgroundJob.MaxNameLength);
        builder.Property(j => j.ResultPath).HasMaxLength(BackgroundJob.MaxPathLength);
        builder.Property(j => j.Summary).HasMaxLength(BackgroundJob.MaxPathLength);
        builder.Property(j => j.OutputFileName).HasMaxLength(BackgroundJob.MaxNameLength);
        builder.Property(j => j.OutputContentType).HasMaxLength(BackgroundJob.MaxKindLength);
        builder.HasIndex(j => new { j.State, j.CreatedAtUtc });
        builder.HasIndex(j => new { j.ActorUserId, j.CreatedAtUtc });
    }
}
