using Ariadne.Core.Cases;
using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.Duplicates;

/// <summary>
/// One deduplication run over the persons of one organisation's cases: when, by whom, with which thresholds, and
/// what it found. Counts only; never a value of an identity.
/// </summary>
public sealed class DuplicateRun
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>Pairs at or above this match probability are proposed as matches (certain).</summary>
    public double Threshold { get; set; }

    /// <summary>Pairs from this probability up to <see cref="Threshold"/> are uncertain; both go to review.</summary>
    public double LowerBound { get; set; }

    /// <summary>The persons compared (erased persons are left out: nothing identifying is left to compare).</summary>
    public int Persons { get; set; }

    public long ComparedPairs { get; set; }

    /// <summary>New pairs at or above <see cref="Threshold"/>.</summary>
    public int CertainPairs { get; set; }

    /// <summary>New pairs between <see cref="LowerBound"/> and <see cref="Threshold"/>.</summary>
    public int UncertainPairs { get; set; }

    /// <summary>Pairs the model found again but that the labels settle: rejected earlier (cannot-link) or already one person (must-link).</summary>
    public int SettledPairs { get; set; }

    /// <summary>Certain pairs merged by the run itself (only when the coordinator asked to merge all certain pairs).</summary>
    public int MergedPairs { get; set; }

    /// <summary>The model's prior weight (bits) and EM iterations, for the run page.</summary>
    public double PriorWeight { get; set; }

    public int EmIterations { get; set; }
}

/// <summary>The state of a candidate pair in review.</summary>
public enum DuplicatePairStatus
{
    /// <summary>Waiting for a decision.</summary>
    Pending,

    /// <summary>The same person: merged (a must-link label).</summary>
    Accepted,

    /// <summary>Not the same person: never proposed again nor clustered together (a cannot-link label).</summary>
    Rejected,
}

/// <summary>
/// Two persons of one organisation that a run found may be the same human being, with the model's evidence: the match
/// probability and weight and the waterfall (per comparison its level and weight in bits; never a value). Decided
/// pairs are kept as labels for later runs; a new run replaces the pending pairs of earlier ones.
/// </summary>
public sealed class DuplicatePair
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The person whose id sorts first (so that a pair of persons has one row per run).</summary>
    public Guid LeftPersonId { get; set; }

    public Guid RightPersonId { get; set; }

    public Guid LeftCaseId { get; set; }

    public Guid RightCaseId { get; set; }

    public double Probability { get; set; }

    /// <summary>The match weight in bits: the prior plus every comparison's weight.</summary>
    public double MatchWeight { get; set; }

    /// <summary>At or above the run's threshold when found (proposed as a match); else uncertain.</summary>
    public bool Certain { get; set; }

    /// <summary>The waterfall as JSON (<see cref="WaterfallStep"/> list, the prior first): comparison names, level labels and weights only.</summary>
    public required string Waterfall { get; set; }

    public DuplicatePairStatus Status { get; set; }

    public Guid? DecidedByUserId { get; set; }

    public string? DecidedByName { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    /// <summary>Accepted by the run itself ("merge all certain pairs"), not by a reviewer: not a label for the model's precision.</summary>
    public bool Automatic { get; set; }

    /// <summary>The merge an acceptance made (null when pending, rejected or un-merged).</summary>
    public Guid? MergeId { get; set; }
}

/// <summary>One step of a pair's waterfall: a comparison (or "prior"), the level it reached and its weight in bits.</summary>
public sealed record WaterfallStep(string Comparison, string Level, double Weight);

/// <summary>
/// A merge of person records: which cluster key it set, why, who and when, and the key every changed person had before
/// (<see cref="Members"/>), so that an un-merge restores them exactly. Nothing is deleted or overwritten but
/// <see cref="Person.ClusterKey"/>.
/// </summary>
public sealed class PersonMerge
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The pair whose acceptance made the merge.</summary>
    public Guid? PairId { get; set; }

    /// <summary>The key set on every member: <c>"p:"</c> + the surviving person's id.</summary>
    public required string ClusterKey { get; set; }

    /// <summary>Why, as the user gave it (it must not identify the person).</summary>
    public string? Reason { get; set; }

    public DateTime AtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    public DateTime? UndoneAtUtc { get; set; }

    public string? UndoneByName { get; set; }

    public List<PersonMergeMember> Members { get; set; } = [];
}

/// <summary>A person whose cluster key a merge changed, and the key it had before (null: it stood alone).</summary>
public sealed class PersonMergeMember
{
    public Guid MergeId { get; set; }

    public Guid PersonId { get; set; }

    public string? PreviousClusterKey { get; set; }
}

internal sealed class DuplicateRunConfiguration : IEntityTypeConfiguration<DuplicateRun>
{
    public void Configure(EntityTypeBuilder<DuplicateRun> builder)
    {
        builder.ToTable("DuplicateRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ActorName).HasMaxLength(256);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.OrganisationId, r.StartedAtUtc });
    }
}

internal sealed class DuplicatePairConfiguration : IEntityTypeConfiguration<DuplicatePair>
{
    public void Configure(EntityTypeBuilder<DuplicatePair> builder)
    {
        builder.ToTable("DuplicatePairs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.DecidedByName).HasMaxLength(256);
        builder.HasOne<DuplicateRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.LeftPersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.RightPersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.OrganisationId, p.Status, p.Probability });
        builder.HasIndex(p => new { p.LeftPersonId, p.RightPersonId });
        builder.HasIndex(p => p.RightPersonId);
    }
}

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.ToTable("PersonMerges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.ClusterKey).HasMaxLength(Person.MaxClusterKeyLength);
        builder.Property(m => m.Reason).HasMaxLength(DuplicateService.MaxReasonLength);
        builder.Property(m => m.ActorName).HasMaxLength(256);
        builder.Property(m => m.UndoneByName).HasMaxLength(256);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Members).WithOne().HasForeignKey(x => x.MergeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.OrganisationId, m.AtUtc });
    }
}

internal sealed class PersonMergeMemberConfiguration : IEntityTypeConfiguration<PersonMergeMember>
{
    public void Configure(EntityTypeBuilder<PersonMergeMember> builder)
    {
        builder.ToTable("PersonMergeMembers");
        builder.HasKey(m => new { m.MergeId, m.PersonId });
        builder.Property(m => m.PreviousClusterKey).HasMaxLength(Person.MaxClusterKeyLength);
        builder.HasIndex(m => m.PersonId);
    }
}
