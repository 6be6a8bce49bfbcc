using Ariadne.Analytics.FollowUp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp;

/// <summary>Where an indicator's values come from.</summary>
public enum IndicatorKind
{
    /// <summary>Entered by an institution with its evidence; a coordinator approves each value.</summary>
    Reported,

    /// <summary>Computed from Ariadne's own data by a named query of <see cref="IndicatorQueries"/>, as a disclosure-controlled release.</summary>
    Computed,
}

/// <summary>The validation step of an indicator value (like a measure's progress report). Computed values are approved when computed.</summary>
public enum IndicatorValueState
{
    Submitted,
    Approved,
    Returned,
}

/// <summary>
/// An indicator of the results framework (issue 18, item 3) under one commitment item or one measure: what is measured
/// (definition, unit, disaggregation), where it starts (baseline) and where it should get (milestones, target), and how
/// it is measured (data source, method; reported or computed by a named query). Nothing here is about a person.
/// </summary>
public sealed class Indicator
{
    public Guid Id { get; set; }

    /// <summary>The commitment the indicator measures; set exactly when <see cref="MeasureId"/> is not.</summary>
    public Guid? ItemId { get; set; }

    /// <summary>The measure the indicator measures; set exactly when <see cref="ItemId"/> is not.</summary>
    public Guid? MeasureId { get; set; }

    /// <summary>A unique reference, e.g. "SDG-16.2.2" or "NAP-3.1-a".</summary>
    public required string Code { get; set; }

    public required string Title { get; set; }

    public string? TitleDe { get; set; }

    public string? Definition { get; set; }

    public string? DefinitionDe { get; set; }

    /// <summary>The unit of a value, free text (e.g. "persons", "per 100,000 population", "working days", "share").</summary>
    public required string Unit { get; set; }

    /// <summary>The disaggregation dimensions, semicolon-separated (for a computed indicator, dimensions of its query).</summary>
    public string Dimensions { get; set; } = "";

    public decimal? BaselineValue { get; set; }

    public DateOnly? BaselineOn { get; set; }

    public string? BaselineSource { get; set; }

    public string? DataSource { get; set; }

    public string? Method { get; set; }

    public IndicatorKind Kind { get; set; }

    /// <summary>The name of the query of <see cref="IndicatorQueries"/> (computed indicators only).</summary>
    public string? Query { get; set; }

    /// <summary>The query's parameters as a JSON object of integers (e.g. {"days":30}); "{}" when none.</summary>
    public string QueryParameters { get; set; } = "{}";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public int Version { get; set; }

    public List<IndicatorTarget> Targets { get; set; } = [];
}

/// <summary>A milestone or the target of an indicator: the value to reach by a date.</summary>
public sealed class IndicatorTarget
{
    public Guid Id { get; set; }

    public Guid IndicatorId { get; set; }

    public TargetKind Kind { get; set; }

    public DateOnly DueOn { get; set; }

    public decimal Value { get; set; }
}

/// <summary>
/// An actual value of an indicator over a period (both days included) in one disaggregation cell ("" is the total, else
/// "dimension=label;…"). A reported value is entered with its evidence and approved by a coordinator; a computed value
/// records the query, its parameters, the data time and the statistics release it was published in, and shows what the
/// release shows: a suppressed cell has no <see cref="Value"/> and its mark ("&lt;5", "x") in <see cref="Display"/>.
/// </summary>
public sealed class IndicatorValue
{
    public Guid Id { get; set; }

    public Guid IndicatorId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public string Cell { get; set; } = "";

    /// <summary>The number; null when suppressed or not available.</summary>
    public decimal? Value { get; set; }

    /// <summary>What is published: the number as text, a suppression mark, or "not available".</summary>
    public required string Display { get; set; }

    public IndicatorValueState State { get; set; }

    public DateTime EnteredAtUtc { get; set; }

    public Guid? EnteredByUserId { get; set; }

    public required string EnteredBy { get; set; }

    public string? EvidenceUrl { get; set; }

    public string? EvidenceNote { get; set; }

    /// <summary>Computed values: the query's name.</summary>
    public string? Query { get; set; }

    /// <summary>Computed values: the release's effective parameters (JSON), with the threshold and the period.</summary>
    public string? Parameters { get; set; }

    /// <summary>Computed values: when the data were read.</summary>
    public DateTime? DataTimeUtc { get; set; }

    /// <summary>Computed values: the statistics release (logged, reproducible) the value was published in.</summary>
    public Guid? ReleaseId { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    public string? ReturnReason { get; set; }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.ToTable("Indicators");
        builder.Property(i => i.Code).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(i => i.Title).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.TitleDe).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.Definition).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(i => i.DefinitionDe).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(i => i.Unit).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(i => i.Dimensions).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.BaselineValue).HasPrecision(18, 4);
        builder.Property(i => i.BaselineSource).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.DataSource).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.Method).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Query).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(i => i.QueryParameters).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.HasIndex(i => i.Code).IsUnique();
        builder.HasIndex(i => i.ItemId);
        builder.HasIndex(i => i.MeasureId);
        builder.HasOne<CommitmentItem>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PlanMeasure>().WithMany().HasForeignKey(i => i.MeasureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Targets).WithOne().HasForeignKey(t => t.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorTargetConfiguration : IEntityTypeConfiguration<IndicatorTarget>
{
    public void Configure(EntityTypeBuilder<IndicatorTarget> builder)
    {
        builder.ToTable("IndicatorTargets");
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Value).HasPrecision(18, 4);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> builder)
    {
        builder.ToTable("IndicatorValues");
        builder.Property(v => v.Cell).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(v => v.Value).HasPrecision(18, 4);
        builder.Property(v => v.Display).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(v => v.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.EnteredBy).HasMaxLength(256);
        builder.Property(v => v.EvidenceUrl).HasMaxLength(FollowUpRules.MaxUrlLength);
        builder.Property(v => v.EvidenceNote).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.Property(v => v.Query).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(v => v.Parameters).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.Property(v => v.DecidedBy).HasMaxLength(256);
        builder.Property(v => v.ReturnReason).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.HasIndex(v => new { v.IndicatorId, v.PeriodStart, v.PeriodEnd });
        builder.HasIndex(v => v.State);
        builder.HasOne<Indicator>().WithMany().HasForeignKey(v => v.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }
}
