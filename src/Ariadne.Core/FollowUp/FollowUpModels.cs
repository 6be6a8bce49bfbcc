using Ariadne.Core.Cases;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.FollowUp;

/// <summary>Limits and access rules of the follow-up of commitments (issue 18).</summary>
/// <remarks>
/// Who: coordinators own the plan (frameworks, items, links, measures, approval); an institution's focal points are
/// the users of the measure's lead organisation who hold the Coordinator or CaseWorker role, and they submit progress on
/// its measures; analysts (national rapporteurs are given this role) and auditors read everything. No new role: every
/// organisation already has staff who act for it, and a reader role that sees no case file (Analyst) already exists.
/// Nothing in the follow-up is about a person, so reads are not audited; every change is.
/// </remarks>
public static class FollowUpRules
{
    public const int MaxCodeLength = 64;
    public const int MaxNumberLength = 32;
    public const int MaxTitleLength = 400;
    public const int MaxTextLength = 8000;
    public const int MaxNoteLength = 2000;
    public const int MaxUrlLength = 1000;

    /// <summary>At most this many rows in one imported plan (a plan has hundreds of actions, not more).</summary>
    public const int MaxImportRows = 5000;

    /// <summary>At most this many line errors are reported for one refused import.</summary>
    public const int MaxReportedErrors = 20;

    public static bool MayRead(CaseViewer viewer) => viewer.IsLocalOperator
        || viewer.Roles.Contains(UserRoles.Coordinator) || viewer.Roles.Contains(UserRoles.CaseWorker)
        || viewer.Roles.Contains(UserRoles.Analyst) || viewer.Roles.Contains(UserRoles.Auditor);

    /// <summary>Coordinators own the plan: frameworks, items, links, measures, evidence, and the approval of reports.</summary>
    public static bool MayOwn(CaseViewer viewer) => viewer.IsLocalOperator || viewer.Roles.Contains(UserRoles.Coordinator);

    /// <summary>A focal point of the lead institution: a coordinator or case worker of that organisation.</summary>
    public static bool MayReport(CaseViewer viewer, Guid leadOrganisationId) => viewer.IsLocalOperator
        || (viewer.OrganisationId == leadOrganisationId && (viewer.Roles.Contains(UserRoles.Coordinator) || viewer.Roles.Contains(UserRoles.CaseWorker)));
}

public sealed record FrameworkInput(FrameworkKind? Kind, string? Code, string? Title, string? TitleDe = null, string? Source = null, DateOnly? IssuedOn = null,
    string? Cycle = null);

public sealed record ItemInput(string? Number, string? Title, string? Text = null, string? TitleDe = null, string? TextDe = null,
    AcceptanceStatus? Acceptance = null, string? Themes = null, IReadOnlyList<Guid>? InstitutionIds = null);

public sealed record MeasureInput(string? Title, Guid? LeadOrganisationId, string? Description = null, IReadOnlyList<Guid>? PartnerIds = null,
    decimal? BudgetAmount = null, string? BudgetCurrency = null, DateOnly? StartOn = null, DateOnly? DueOn = null, MeasureStatus? Status = null);

public sealed record LinkInput(Guid OtherItemId, string? Note = null);

public sealed record EvidenceInput(string? Url, string? Note);

public sealed record ProgressInput(MeasureStatus? ProposedStatus, string? Progress);

public sealed record DecisionInput(string? Reason);

public sealed record OrganisationRef(Guid Id, string Name);

public sealed record FrameworkSummary(Guid Id, FrameworkKind Kind, string Code, string Title, string? TitleDe, string? Source, DateOnly? IssuedOn,
    string? Cycle, int Items);

public sealed record ItemSummary(Guid Id, string Number, string Title, string? TitleDe, bool TitlesAreSummaries, AcceptanceStatus Acceptance,
    IReadOnlyList<string> Themes, int Measures);

public sealed record FrameworkView(FrameworkSummary Framework, IReadOnlyList<ItemSummary> Items);

public sealed record ItemRef(Guid Id, Guid FrameworkId, string FrameworkCode, string Number, string Title, string? TitleDe);

public sealed record LinkedItem(Guid LinkId, ItemRef Item, string? Note, DateTime CreatedAtUtc, string CreatedBy);

public sealed record SuggestedItem(ItemRef Item, double Score);

public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record ChangeView(int Version, string Event, DateTime AtUtc, string ActorName, IReadOnlyList<FieldChange> Changes);

public sealed record MeasureSummary(Guid Id, Guid ItemId, string Title, OrganisationRef Lead, DateOnly? DueOn, MeasureStatus Status, bool Overdue,
    bool AwaitingApproval);

public sealed record ItemView(Guid Id, FrameworkSummary Framework, string Number, string Title, string? Text, string? TitleDe, string? TextDe,
    bool TitlesAreSummaries, AcceptanceStatus Acceptance, IReadOnlyList<string> Themes, IReadOnlyList<OrganisationRef> Institutions, int Version,
    IReadOnlyList<LinkedItem> Links, IReadOnlyList<SuggestedItem> Suggestions, IReadOnlyList<MeasureSummary> Measures, IReadOnlyList<ChangeView> History,
    string? TextSource = null, string? TextDeSource = null, string? TextDeOfficial = null);

public sealed record EvidenceView(Guid Id, string? Url, string? Note, DateTime AddedAtUtc, string AddedBy, bool IsPublic = false, string? PublicTitle = null);

/// <summary>Mark evidence public (with the title the public page shows) or internal again.</summary>
public sealed record EvidencePublicInput(bool Public, string? Title = null);

public sealed record ProgressReportView(Guid Id, MeasureStatus ProposedStatus, string Progress, ProgressReportState State, DateTime SubmittedAtUtc,
    string SubmittedBy, DateTime? DecidedAtUtc, string? DecidedBy, string? ReturnReason);

public sealed record MeasureView(Guid Id, ItemRef Item, string Title, string? Description, OrganisationRef Lead, IReadOnlyList<OrganisationRef> Partners,
    decimal? BudgetAmount, string? BudgetCurrency, DateOnly? StartOn, DateOnly? DueOn, MeasureStatus Status, bool Overdue, int Version,
    IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<ProgressReportView> Reports, IReadOnlyList<ChangeView> History, bool MayReport, bool MayOwn);

public sealed record AwaitingReport(Guid ReportId, Guid MeasureId, string MeasureTitle, OrganisationRef Lead, MeasureStatus ProposedStatus,
    DateTime SubmittedAtUtc, string SubmittedBy);

/// <summary>
/// The dashboard: open measures due from today up to <see cref="Days"/> days ahead, overdue ones, reports awaiting
/// approval, and <see cref="Institution"/>: the open measures the viewer's organisation leads or is a partner of, due
/// within the same window or overdue (the reminder before due dates).
/// </summary>
public sealed record FollowUpDashboard(DateOnly Today, int Days, IReadOnlyList<MeasureSummary> DueSoon, IReadOnlyList<MeasureSummary> Overdue,
    IReadOnlyList<AwaitingReport> AwaitingApproval, IReadOnlyList<MeasureSummary> Institution);

public sealed record DeclarationLoadResult(Guid FrameworkId, bool Created, int ItemsAdded, int ItemsFilled);

public sealed record PlanImportResult(FrameworkSummary Framework, int Items);

/// <summary>The official text of a framework's items loaded from a file: how many paragraphs it held and how many items changed.</summary>
/// <remarks><see cref="OfficialTranslation"/>: for German, the source of the official translation (from the file or the coordinator); null when not marked official.</remarks>
public sealed record TextLoadResult(Guid FrameworkId, string Language, int Paragraphs, int ItemsChanged, string? OfficialTranslation = null);

/// <summary>An SDG indicator's data held in the Open SDG layout: its columns, rows, first and last year, and who imported it when.</summary>
public sealed record SdgDatasetSummary(string Indicator, IReadOnlyList<string> Columns, int Rows, int? FirstYear, int? LastYear, DateTime ImportedAtUtc,
    string ImportedBy, string FileName);
