using Ariadne.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ariadne.Core.FollowUp;

/// <summary>The kind of a framework of commitments (IMPACT OSS "frameworks"; follow-up-and-review.md §2.5).</summary>
public enum FrameworkKind
{
    /// <summary>A political declaration, e.g. UN GA resolution 76/7.</summary>
    Declaration,
    NationalActionPlan,
    Greta,
    Untoc,
    Upr,
    TreatyBody,
    Tip,
}

/// <summary>Whether the State accepted an item (UPR "supported / noted"; a plan's own actions are accepted by definition).</summary>
public enum AcceptanceStatus
{
    NotApplicable,
    Pending,
    Accepted,
    PartiallyAccepted,
    Noted,
    Rejected,
}

/// <summary>Where a measure of the implementation plan stands.</summary>
public enum MeasureStatus
{
    Planned,
    InProgress,
    Completed,
    Delayed,
    Cancelled,
}

/// <summary>The validation step of a progress report: a focal point submits, a coordinator approves or returns it.</summary>
public enum ProgressReportState
{
    Submitted,
    Approved,
    Returned,
}

/// <summary>
/// A framework of commitments: a declaration, a national action plan, or the recommendations of one review mechanism
/// in one cycle. Nothing here is about a person; no field is sealed.
/// </summary>
public sealed class CommitmentFramework
{
    public Guid Id { get; set; }

    public FrameworkKind Kind { get; set; }

    /// <summary>A unique reference, e.g. "A/RES/76/7" or "NAP-2025"; loading the declaration finds it again by this code.</summary>
    public required string Code { get; set; }

    public required string Title { get; set; }

    public string? TitleDe { get; set; }

    /// <summary>Where the text comes from (document symbol, publisher, file).</summary>
    public string? Source { get; set; }

    public DateOnly? IssuedOn { get; set; }

    /// <summary>The reporting or review cycle, free text (e.g. "2025–2028", "GRETA round 3").</summary>
    public string? Cycle { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<CommitmentItem> Items { get; set; } = [];
}

/// <summary>
/// One commitment: a paragraph of a declaration, an action of a national plan, a recommendation of a mechanism. Every
/// change is kept in <see cref="FollowUpChange"/> (who, when, which fields from what to what).
/// </summary>
public sealed class CommitmentItem
{
    public Guid Id { get; set; }

    public Guid FrameworkId { get; set; }

    /// <summary>The paragraph or recommendation number as printed, e.g. "13" or "4.2"; unique in its framework.</summary>
    public required string Number { get; set; }

    public required string Title { get; set; }

    public string? Text { get; set; }

    /// <summary>
    /// The file the English <see cref="Text"/> was loaded from as the official text (e.g. a copy of A/RES/76/7 saved from
    /// the UN documents site); cleared when the text is changed by hand. Null: the English text, if any, is not marked official.
    /// </summary>
    public string? TextSource { get; set; }

    /// <summary>The file the German <see cref="TextDe"/> was loaded from; cleared when the German text is changed by hand.</summary>
    public string? TextDeSource { get; set; }

    /// <summary>
    /// Where the loaded German text is an official translation: the source the file names (e.g. "Deutscher
    /// Übersetzungsdienst der Vereinten Nationen") or the one the coordinator stated. Null: not marked official.
    /// </summary>
    public string? TextDeOfficial { get; set; }

    public string? TitleDe { get; set; }

    public string? TextDe { get; set; }

    /// <summary>The titles were written for the product as summaries, not taken from the source (the declaration's).</summary>
    public bool TitlesAreSummaries { get; set; }

    public AcceptanceStatus Acceptance { get; set; }

    /// <summary>Themes as a sorted, semicolon-separated list of lower-case tags (e.g. "justice;non-punishment").</summary>
    public string Themes { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Counts the changes; the version history numbers its entries by it.</summary>
    public int Version { get; set; }

    public List<CommitmentItemInstitution> Institutions { get; set; } = [];
}

/// <summary>A responsible institution (an organisation of the installation) of an item.</summary>
public sealed class CommitmentItemInstitution
{
    public Guid ItemId { get; set; }

    public Guid OrganisationId { get; set; }
}

/// <summary>
/// Two items that overlap (IMPACT OSS <c>recommendation_recommendations</c>), confirmed by a coordinator, e.g. a GRETA
/// recommendation and the paragraph of the declaration it restates. Stored once with the smaller id first.
/// </summary>
public sealed class CommitmentLink
{
    public Guid Id { get; set; }

    public Guid FirstItemId { get; set; }

    public Guid SecondItemId { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>A measure (activity) of the implementation plan under one item.</summary>
public sealed class PlanMeasure
{
    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The lead institution; its focal points report progress on the measure.</summary>
    public Guid LeadOrganisationId { get; set; }

    public decimal? BudgetAmount { get; set; }

    /// <summary>ISO 4217 code, upper case; set exactly when <see cref="BudgetAmount"/> is.</summary>
    public string? BudgetCurrency { get; set; }

    public DateOnly? StartOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public MeasureStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public int Version { get; set; }

    public List<PlanMeasurePartner> Partners { get; set; } = [];
}

/// <summary>A partner institution of a measure.</summary>
public sealed class PlanMeasurePartner
{
    public Guid MeasureId { get; set; }

    public Guid OrganisationId { get; set; }
}

/// <summary>Evidence of a measure: a link and/or a note (no file upload yet).</summary>
public sealed class MeasureEvidence
{
    public Guid Id { get; set; }

    public Guid MeasureId { get; set; }

    public string? Url { get; set; }

    public string? Note { get; set; }

    public DateTime AddedAtUtc { get; set; }

    public required string AddedBy { get; set; }

    /// <summary>
    /// Marked public by a coordinator: the public transparency page then lists it by <see cref="PublicTitle"/> and its
    /// link — never the note, who added it or when. Evidence is internal until marked.
    /// </summary>
    public bool IsPublic { get; set; }

    /// <summary>The title shown on the public page (required to mark the evidence public; a note is internal and is not shown).</summary>
    public string? PublicTitle { get; set; }
}

/// <summary>
/// A focal point's progress report on a measure: the status it proposes and a narrative. A coordinator other than the
/// submitter approves it (the measure takes the proposed status) or returns it with a reason.
/// </summary>
public sealed class ProgressReport
{
    public Guid Id { get; set; }

    public Guid MeasureId { get; set; }

    public MeasureStatus ProposedStatus { get; set; }

    public required string Progress { get; set; }

    public ProgressReportState State { get; set; }

    public DateTime SubmittedAtUtc { get; set; }

    public Guid? SubmittedByUserId { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    public string? ReturnReason { get; set; }
}

/// <summary>
/// The version history of items and measures (IMPACT OSS's paper_trail <c>versions</c>): one row per change, naming who,
/// when, the event and the changed fields with their old and new values as JSON.
/// </summary>
public sealed class FollowUpChange
{
    public Guid Id { get; set; }

    /// <summary>"item" or "measure".</summary>
    public required string SubjectType { get; set; }

    public Guid SubjectId { get; set; }

    /// <summary>The subject's version after this change (1 for its creation).</summary>
    public int Version { get; set; }

    /// <summary>created, updated, linked, evidence, submitted, approved, returned.</summary>
    public required string Event { get; set; }

    public DateTime AtUtc { get; set; }

    public Guid? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>JSON object: field → [old, new] (strings or null); empty object when nothing but the event is to say.</summary>
    public required string Changes { get; set; }
}

internal sealed class CommitmentFrameworkConfiguration : IEntityTypeConfiguration<CommitmentFramework>
{
    public void Configure(EntityTypeBuilder<CommitmentFramework> builder)
    {
        builder.ToTable("CommitmentFrameworks");
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.Code).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.Property(f => f.Title).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(f => f.TitleDe).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(f => f.Source).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(f => f.Cycle).HasMaxLength(FollowUpRules.MaxCodeLength);
        builder.HasIndex(f => f.Code).IsUnique();
        builder.HasMany(f => f.Items).WithOne().HasForeignKey(i => i.FrameworkId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommitmentItemConfiguration : IEntityTypeConfiguration<CommitmentItem>
{
    public void Configure(EntityTypeBuilder<CommitmentItem> builder)
    {
        builder.ToTable("CommitmentItems");
        builder.Property(i => i.Number).HasMaxLength(FollowUpRules.MaxNumberLength);
        builder.Property(i => i.Title).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.TitleDe).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.Text).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(i => i.TextDe).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(i => i.TextSource).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.TextDeSource).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.TextDeOfficial).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.Themes).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(i => i.Acceptance).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(i => new { i.FrameworkId, i.Number }).IsUnique();
        builder.HasMany(i => i.Institutions).WithOne().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitmentItemInstitutionConfiguration : IEntityTypeConfiguration<CommitmentItemInstitution>
{
    public void Configure(EntityTypeBuilder<CommitmentItemInstitution> builder)
    {
        builder.ToTable("CommitmentItemInstitutions");
        builder.HasKey(x => new { x.ItemId, x.OrganisationId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommitmentLinkConfiguration : IEntityTypeConfiguration<CommitmentLink>
{
    public void Configure(EntityTypeBuilder<CommitmentLink> builder)
    {
        builder.ToTable("CommitmentLinks");
        builder.Property(l => l.Note).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.HasIndex(l => new { l.FirstItemId, l.SecondItemId }).IsUnique();
        builder.HasIndex(l => l.SecondItemId);
        builder.HasOne<CommitmentItem>().WithMany().HasForeignKey(l => l.FirstItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CommitmentItem>().WithMany().HasForeignKey(l => l.SecondItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanMeasureConfiguration : IEntityTypeConfiguration<PlanMeasure>
{
    public void Configure(EntityTypeBuilder<PlanMeasure> builder)
    {
        builder.ToTable("PlanMeasures");
        builder.Property(m => m.Title).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.Property(m => m.Description).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(m => m.BudgetAmount).HasPrecision(18, 2);
        builder.Property(m => m.BudgetCurrency).HasMaxLength(3);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(m => m.ItemId);
        builder.HasIndex(m => new { m.LeadOrganisationId, m.DueOn });
        builder.HasIndex(m => m.DueOn);
        builder.HasOne<CommitmentItem>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Partners).WithOne().HasForeignKey(p => p.MeasureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanMeasurePartnerConfiguration : IEntityTypeConfiguration<PlanMeasurePartner>
{
    public void Configure(EntityTypeBuilder<PlanMeasurePartner> builder)
    {
        builder.ToTable("PlanMeasurePartners");
        builder.HasKey(p => new { p.MeasureId, p.OrganisationId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeasureEvidenceConfiguration : IEntityTypeConfiguration<MeasureEvidence>
{
    public void Configure(EntityTypeBuilder<MeasureEvidence> builder)
    {
        builder.ToTable("MeasureEvidence");
        builder.Property(e => e.Url).HasMaxLength(FollowUpRules.MaxUrlLength);
        builder.Property(e => e.Note).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.Property(e => e.AddedBy).HasMaxLength(256);
        builder.Property(e => e.PublicTitle).HasMaxLength(FollowUpRules.MaxTitleLength);
        builder.HasIndex(e => e.MeasureId);
        builder.HasOne<PlanMeasure>().WithMany().HasForeignKey(e => e.MeasureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.ToTable("ProgressReports");
        builder.Property(r => r.ProposedStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Progress).HasMaxLength(FollowUpRules.MaxTextLength);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.Property(r => r.ReturnReason).HasMaxLength(FollowUpRules.MaxNoteLength);
        builder.HasIndex(r => new { r.MeasureId, r.SubmittedAtUtc });
        builder.HasIndex(r => r.State);
        builder.HasOne<PlanMeasure>().WithMany().HasForeignKey(r => r.MeasureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpChangeConfiguration : IEntityTypeConfiguration<FollowUpChange>
{
    public void Configure(EntityTypeBuilder<FollowUpChange> builder)
    {
        builder.ToTable("FollowUpChanges");
        builder.Property(c => c.SubjectType).HasMaxLength(16);
        builder.Property(c => c.Event).HasMaxLength(32);
        builder.Property(c => c.ActorName).HasMaxLength(256);
        builder.HasIndex(c => new { c.SubjectType, c.SubjectId, c.Version });
    }
}
