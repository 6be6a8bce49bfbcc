using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.FollowUp;

/// <summary>The implementation plan: measures, evidence, progress reports and their approval, the dashboard.</summary>
public sealed partial class FollowUpService
{
    /// <summary>The dashboard looks this many days ahead unless told otherwise.</summary>
    public const int DefaultDueWithinDays = 30;

    public const int MaxDueWithinDays = 366;

    /// <summary>One measure with its evidence, reports (newest first), history, and what the viewer may do with it.</summary>
    public async Task<Result<MeasureView>> MeasureAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var measure = await db.Set<PlanMeasure>().AsNoTracking().Include(m => m.Partners).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (measure is null)
        {
            return Problem.NotFound("No such measure.");
        }
        var organisations = await OrganisationNamesAsync(cancellationToken);
        var item = await db.Set<CommitmentItem>().AsNoTracking().SingleAsync(i => i.Id == measure.ItemId, cancellationToken);
        var code = await db.Set<CommitmentFramework>().Where(f => f.Id == item.FrameworkId).Select(f => f.Code).SingleAsync(cancellationToken);
        var evidence = await db.Set<MeasureEvidence>().AsNoTracking().Where(e => e.MeasureId == id).ToListAsync(cancellationToken);
        var reports = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.MeasureId == id).ToListAsync(cancellationToken);
        return new MeasureView(measure.Id, new ItemRef(item.Id, item.FrameworkId, code, item.Number, item.Title, item.TitleDe), measure.Title, measure.Description,
            Ref(organisations, measure.LeadOrganisationId),
            measure.Partners.Select(p => Ref(organisations, p.OrganisationId)).OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList(),
            measure.BudgetAmount, measure.BudgetCurrency, measure.StartOn, measure.DueOn, measure.Status, IsOverdue(measure.DueOn, measure.Status, Today()),
            measure.Version,
            evidence.OrderByDescending(e => e.AddedAtUtc).Select(e => new EvidenceView(e.Id, e.Url, e.Note, e.AddedAtUtc, e.AddedBy, e.IsPublic, e.PublicTitle)).ToList(),
            reports.OrderByDescending(r => r.SubmittedAtUtc)
                .Select(r => new ProgressReportView(r.Id, r.ProposedStatus, r.Progress, r.State, r.SubmittedAtUtc, r.SubmittedBy, r.DecidedAtUtc, r.DecidedBy, r.ReturnReason))
                .ToList(),
            await HistoryAsync(MeasureSubject, id, cancellationToken),
            FollowUpRules.MayReport(viewer, measure.LeadOrganisationId), FollowUpRules.MayOwn(viewer));
    }

    /// <summary>Adds a measure under an item.</summary>
    /// <returns>The measure's id; Forbidden; NotFound (item); Invalid naming the field.</returns>
    public async Task<Result<Guid>> CreateMeasureAsync(Guid itemId, MeasureInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Denied, MeasureSubject, null, [], cancellationToken);
            return Problem.Forbidden();
        }
        if (!await db.Set<CommitmentItem>().AnyAsync(i => i.Id == itemId, cancellationToken))
        {
            return Problem.NotFound("No such item.");
        }
        var errors = await ValidateMeasureAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var measure = new PlanMeasure { Id = Guid.CreateVersion7(), ItemId = itemId, Title = "", CreatedAtUtc = now, UpdatedAtUtc = now, Version = 1 };
        Apply(measure, input);
        db.Set<PlanMeasure>().Add(measure);
        AddChange(MeasureSubject, measure.Id, 1, "created", Diff([], Snapshot(measure)), now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Success, MeasureSubject, measure.Id.ToString(), new Dictionary<string, string> { ["event"] = "created" }, cancellationToken);
        return measure.Id;
    }

    /// <summary>Changes a measure (the coordinator's edit); the history keeps each changed field. No change, no version.</summary>
    public async Task<Result<int>> UpdateMeasureAsync(Guid id, MeasureInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Denied, MeasureSubject, id.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var measure = await db.Set<PlanMeasure>().Include(m => m.Partners).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (measure is null)
        {
            return Problem.NotFound("No such measure.");
        }
        var errors = await ValidateMeasureAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var before = Snapshot(measure);
        Apply(measure, input);
        var changes = Diff(before, Snapshot(measure));
        if (changes.Count == 0)
        {
            return measure.Version;
        }
        var now = time.GetUtcNow().UtcDateTime;
        measure.Version++;
        measure.UpdatedAtUtc = now;
        AddChange(MeasureSubject, measure.Id, measure.Version, "updated", changes, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Success, MeasureSubject, id.ToString(),
            new Dictionary<string, string> { ["event"] = "updated", ["fields"] = string.Join(",", changes.Select(c => c.Field)) }, cancellationToken);
        return measure.Version;
    }

    /// <summary>Adds evidence (a link and/or a note) to a measure: the coordinators and the lead institution's focal points.</summary>
    public async Task<Result<Guid>> AddEvidenceAsync(Guid measureId, EvidenceInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var measure = await db.Set<PlanMeasure>().SingleOrDefaultAsync(m => m.Id == measureId, cancellationToken);
        if (!FollowUpRules.MayRead(viewer) || measure is null)
        {
            return measure is null && FollowUpRules.MayRead(viewer) ? Problem.NotFound("No such measure.") : Problem.Forbidden();
        }
        if (!FollowUpRules.MayOwn(viewer) && !FollowUpRules.MayReport(viewer, measure.LeadOrganisationId))
        {
            await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Denied, MeasureSubject, measureId.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Url) && string.IsNullOrWhiteSpace(input.Note))
        {
            errors.Add(new(nameof(EvidenceInput.Url), "Required", "Url: give a link or a note."));
        }
        Text(errors, nameof(EvidenceInput.Url), input.Url, FollowUpRules.MaxUrlLength);
        Text(errors, nameof(EvidenceInput.Note), input.Note, FollowUpRules.MaxNoteLength);
        if (!string.IsNullOrWhiteSpace(input.Url)
            && !(Uri.TryCreate(input.Url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(new(nameof(EvidenceInput.Url), "Format", "Url: an absolute http or https address."));
        }
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var evidence = new MeasureEvidence { Id = Guid.CreateVersion7(), MeasureId = measureId, Url = Blank(input.Url), Note = Blank(input.Note), AddedAtUtc = now, AddedBy = auditContext.Actor.Name };
        db.Set<MeasureEvidence>().Add(evidence);
        measure.Version++;
        measure.UpdatedAtUtc = now;
        AddChange(MeasureSubject, measureId, measure.Version, "evidence", [new("Evidence", null, evidence.Url ?? evidence.Note)], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Success, MeasureSubject, measureId.ToString(), new Dictionary<string, string> { ["event"] = "evidence" }, cancellationToken);
        return evidence.Id;
    }

    /// <summary>
    /// A coordinator marks a measure's evidence public — with the title the public transparency page shows beside its
    /// link — or internal again. The note stays internal either way. A version of the measure and an audit entry.
    /// </summary>
    /// <returns>The measure's id; Forbidden; NotFound; Invalid naming <c>Title</c>.</returns>
    public async Task<Result<Guid>> SetEvidencePublicAsync(Guid evidenceId, EvidencePublicInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Denied, MeasureSubject, null, new Dictionary<string, string> { ["event"] = "evidence-public", ["evidence"] = evidenceId.ToString() }, cancellationToken);
            return Problem.Forbidden();
        }
        var evidence = await db.Set<MeasureEvidence>().SingleOrDefaultAsync(e => e.Id == evidenceId, cancellationToken);
        if (evidence is null)
        {
            return Problem.NotFound("No such evidence.");
        }
        var title = Blank(input.Title) ?? (input.Public ? evidence.PublicTitle : null);
        var errors = new List<FieldError>();
        if (input.Public && title is null)
        {
            errors.Add(new(nameof(EvidencePublicInput.Title), "Required", "Title: the public page shows the evidence by a title; enter one."));
        }
        Text(errors, nameof(EvidencePublicInput.Title), title, FollowUpRules.MaxTitleLength);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        if (evidence.IsPublic == input.Public && (!input.Public || evidence.PublicTitle == title))
        {
            return evidence.MeasureId;
        }
        var measure = await db.Set<PlanMeasure>().SingleAsync(m => m.Id == evidence.MeasureId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var before = evidence.IsPublic ? evidence.PublicTitle : null;
        evidence.IsPublic = input.Public;
        evidence.PublicTitle = input.Public ? title : evidence.PublicTitle;
        measure.Version++;
        measure.UpdatedAtUtc = now;
        AddChange(MeasureSubject, measure.Id, measure.Version, "evidence", [new("PublicEvidence", before, input.Public ? $"{title} ({evidence.Url ?? "-"})" : null)], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpMeasure, AuditOutcomes.Success, MeasureSubject, measure.Id.ToString(),
            new Dictionary<string, string> { ["event"] = input.Public ? "evidence-public" : "evidence-internal", ["evidence"] = evidenceId.ToString() }, cancellationToken);
        return measure.Id;
    }

    /// <summary>
    /// A focal point of the lead institution submits progress: the status it proposes and what was done. One report at a
    /// time waits for approval; a second is a conflict until the first is decided.
    /// </summary>
    public async Task<Result<Guid>> SubmitProgressAsync(Guid measureId, ProgressInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var measure = await db.Set<PlanMeasure>().SingleOrDefaultAsync(m => m.Id == measureId, cancellationToken);
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        if (measure is null)
        {
            return Problem.NotFound("No such measure.");
        }
        if (!FollowUpRules.MayReport(viewer, measure.LeadOrganisationId))
        {
            await AuditAsync(AuditActions.FollowUpProgressSubmit, AuditOutcomes.Denied, MeasureSubject, measureId.ToString(), [], cancellationToken);
            return Problem.Forbidden("Only focal points of the lead institution report progress on a measure.");
        }
        var errors = new List<FieldError>();
        if (input.ProposedStatus is not { } proposed || !Enum.IsDefined(proposed))
        {
            errors.Add(new(nameof(ProgressInput.ProposedStatus), "Required", "ProposedStatus: one of " + string.Join(", ", Enum.GetNames<MeasureStatus>()) + "."));
        }
        Text(errors, nameof(ProgressInput.Progress), input.Progress, FollowUpRules.MaxTextLength, required: true);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        if (await db.Set<ProgressReport>().AnyAsync(r => r.MeasureId == measureId && r.State == ProgressReportState.Submitted, cancellationToken))
        {
            return Problem.Conflict("A report on this measure is waiting for approval.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var report = new ProgressReport
        {
            Id = Guid.CreateVersion7(),
            MeasureId = measureId,
            ProposedStatus = input.ProposedStatus!.Value,
            Progress = input.Progress!.Trim(),
            State = ProgressReportState.Submitted,
            SubmittedAtUtc = now,
            SubmittedByUserId = viewer.UserId,
            SubmittedBy = auditContext.Actor.Name,
        };
        db.Set<ProgressReport>().Add(report);
        measure.Version++;
        measure.UpdatedAtUtc = now;
        AddChange(MeasureSubject, measureId, measure.Version, "submitted", [new("ProposedStatus", measure.Status.ToString(), report.ProposedStatus.ToString())], now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpProgressSubmit, AuditOutcomes.Success, ReportSubject, report.Id.ToString(),
            new Dictionary<string, string> { ["measure"] = measureId.ToString(), ["proposed"] = report.ProposedStatus.ToString() }, cancellationToken);
        return report.Id;
    }

    /// <summary>
    /// A coordinator approves a submitted report (the measure takes the proposed status) or returns it with a reason. The
    /// one who submitted a report does not decide it (four eyes), except the local operator.
    /// </summary>
    /// <returns>The report; Forbidden; NotFound; Invalid (<c>Reason</c> when returning); Conflict when already decided.</returns>
    public async Task<Result<ProgressReportView>> DecideAsync(Guid reportId, bool approve, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayOwn(viewer))
        {
            await AuditAsync(AuditActions.FollowUpProgressDecide, AuditOutcomes.Denied, ReportSubject, reportId.ToString(), [], cancellationToken);
            return Problem.Forbidden();
        }
        var report = await db.Set<ProgressReport>().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return Problem.NotFound("No such report.");
        }
        if (!viewer.IsLocalOperator && report.SubmittedByUserId == viewer.UserId)
        {
            await AuditAsync(AuditActions.FollowUpProgressDecide, AuditOutcomes.Denied, ReportSubject, reportId.ToString(), new Dictionary<string, string> { ["why"] = "own-report" }, cancellationToken);
            return Problem.Refused("OwnReport", "Another coordinator decides a report you submitted.");
        }
        var errors = new List<FieldError>();
        Text(errors, nameof(DecisionInput.Reason), reason, FollowUpRules.MaxNoteLength, required: !approve);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        if (report.State != ProgressReportState.Submitted)
        {
            return Problem.Conflict("The report has been decided already.");
        }
        var measure = await db.Set<PlanMeasure>().SingleAsync(m => m.Id == report.MeasureId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        report.State = approve ? ProgressReportState.Approved : ProgressReportState.Returned;
        report.DecidedAtUtc = now;
        report.DecidedBy = auditContext.Actor.Name;
        report.ReturnReason = approve ? null : Blank(reason);
        var changes = new List<FieldChange>();
        if (approve && measure.Status != report.ProposedStatus)
        {
            changes.Add(new("Status", measure.Status.ToString(), report.ProposedStatus.ToString()));
            measure.Status = report.ProposedStatus;
        }
        if (!approve)
        {
            changes.Add(new("ReturnReason", null, report.ReturnReason));
        }
        measure.Version++;
        measure.UpdatedAtUtc = now;
        AddChange(MeasureSubject, measure.Id, measure.Version, approve ? "approved" : "returned", changes, now);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(AuditActions.FollowUpProgressDecide, AuditOutcomes.Success, ReportSubject, reportId.ToString(),
            new Dictionary<string, string> { ["decision"] = approve ? "approved" : "returned", ["measure"] = measure.Id.ToString() }, cancellationToken);
        return new ProgressReportView(report.Id, report.ProposedStatus, report.Progress, report.State, report.SubmittedAtUtc, report.SubmittedBy,
            report.DecidedAtUtc, report.DecidedBy, report.ReturnReason);
    }

    /// <summary>
    /// Open measures (not completed, not cancelled) due from today up to <paramref name="days"/> days ahead and those
    /// overdue, earliest first, with the reports waiting for approval, and the same for the viewer's own institution
    /// (lead or partner): the reminder on screen. "Today" is the injected clock's UTC date.
    /// </summary>
    public async Task<Result<FollowUpDashboard>> DashboardAsync(int? days, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!FollowUpRules.MayRead(viewer))
        {
            return Problem.Forbidden();
        }
        var window = days ?? DefaultDueWithinDays;
        if (window is < 0 or > MaxDueWithinDays)
        {
            return Problem.Invalid("days", "OutOfRange", $"days: 0 to {MaxDueWithinDays}.");
        }
        var today = Today();
        var until = today.AddDays(window);
        var organisations = await OrganisationNamesAsync(cancellationToken);
        var open = db.Set<PlanMeasure>().Where(m => m.DueOn != null && m.Status != MeasureStatus.Completed && m.Status != MeasureStatus.Cancelled);
        var dueSoon = await MeasureSummariesAsync(open.Where(m => m.DueOn >= today && m.DueOn <= until), organisations, cancellationToken);
        var overdue = await MeasureSummariesAsync(open.Where(m => m.DueOn < today), organisations, cancellationToken);
        // The reminder on screen: what the viewer's own institution leads or takes part in, due within the window or overdue.
        var institution = viewer.OrganisationId is { } own
            ? await MeasureSummariesAsync(open.Where(m => m.DueOn <= until && (m.LeadOrganisationId == own || m.Partners.Any(p => p.OrganisationId == own))),
                organisations, cancellationToken)
            : [];
        var awaiting = await (from r in db.Set<ProgressReport>().AsNoTracking()
                              join m in db.Set<PlanMeasure>() on r.MeasureId equals m.Id
                              where r.State == ProgressReportState.Submitted
                              select new { r.Id, r.MeasureId, m.Title, m.LeadOrganisationId, r.ProposedStatus, r.SubmittedAtUtc, r.SubmittedBy })
            .ToListAsync(cancellationToken);
        return new FollowUpDashboard(today, window, dueSoon, overdue,
            awaiting.OrderBy(a => a.SubmittedAtUtc)
                .Select(a => new AwaitingReport(a.Id, a.MeasureId, a.Title, Ref(organisations, a.LeadOrganisationId), a.ProposedStatus, a.SubmittedAtUtc, a.SubmittedBy))
                .ToList(),
            institution);
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static bool IsOverdue(DateOnly? due, MeasureStatus status, DateOnly today) =>
        due is { } d && d < today && status is not (MeasureStatus.Completed or MeasureStatus.Cancelled);

    private async Task<IReadOnlyList<MeasureSummary>> MeasureSummariesAsync(IQueryable<PlanMeasure> query, Dictionary<Guid, string> organisations,
        CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking()
            .Select(m => new
            {
                m.Id,
                m.ItemId,
                m.Title,
                m.LeadOrganisationId,
                m.DueOn,
                m.Status,
                Awaiting = db.Set<ProgressReport>().Any(r => r.MeasureId == m.Id && r.State == ProgressReportState.Submitted),
            })
            .ToListAsync(cancellationToken);
        var today = Today();
        return rows.OrderBy(m => m.DueOn ?? DateOnly.MaxValue).ThenBy(m => m.Title, StringComparer.CurrentCulture)
            .Select(m => new MeasureSummary(m.Id, m.ItemId, m.Title, Ref(organisations, m.LeadOrganisationId), m.DueOn, m.Status, IsOverdue(m.DueOn, m.Status, today), m.Awaiting))
            .ToList();
    }

    private async Task<List<FieldError>> ValidateMeasureAsync(MeasureInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Text(errors, nameof(MeasureInput.Title), input.Title, FollowUpRules.MaxTitleLength, required: true);
        Text(errors, nameof(MeasureInput.Description), input.Description, FollowUpRules.MaxTextLength);
        if (input.LeadOrganisationId is not { } lead)
        {
            errors.Add(new(nameof(MeasureInput.LeadOrganisationId), "Required", "LeadOrganisationId: choose the lead institution."));
        }
        else if (!await db.Organisations.AnyAsync(o => o.Id == lead, cancellationToken))
        {
            errors.Add(new(nameof(MeasureInput.LeadOrganisationId), "UnknownOrganisation", "LeadOrganisationId: not an organisation of this installation."));
        }
        await InstitutionsAsync(errors, nameof(MeasureInput.PartnerIds), input.PartnerIds, cancellationToken);
        if (input.BudgetAmount is { } amount && (amount < 0 || amount >= 1_000_000_000_000_000m || decimal.Round(amount, 2) != amount))
        {
            errors.Add(new(nameof(MeasureInput.BudgetAmount), "OutOfRange", "BudgetAmount: zero or more, with at most two decimals."));
        }
        var currency = input.BudgetCurrency?.Trim();
        if (input.BudgetAmount is not null && string.IsNullOrEmpty(currency))
        {
            errors.Add(new(nameof(MeasureInput.BudgetCurrency), "Required", "BudgetCurrency: the ISO 4217 code of the budget's currency, e.g. EUR."));
        }
        else if (!string.IsNullOrEmpty(currency) && (currency.Length != 3 || !currency.All(char.IsAsciiLetter)))
        {
            errors.Add(new(nameof(MeasureInput.BudgetCurrency), "Format", "BudgetCurrency: three letters (ISO 4217), e.g. EUR."));
        }
        else if (!string.IsNullOrEmpty(currency) && input.BudgetAmount is null)
        {
            errors.Add(new(nameof(MeasureInput.BudgetAmount), "Required", "BudgetAmount: a currency needs an amount."));
        }
        if (input.StartOn is { } start && input.DueOn is { } due && due < start)
        {
            errors.Add(new(nameof(MeasureInput.DueOn), "BeforeStart", "DueOn: on or after the start date."));
        }
        if (input.Status is { } status && !Enum.IsDefined(status))
        {
            errors.Add(new(nameof(MeasureInput.Status), "UnknownCode", $"Status: '{status}' is not one of the allowed values.", status.ToString()));
        }
        return errors;
    }

    private static void Apply(PlanMeasure measure, MeasureInput input)
    {
        measure.Title = input.Title!.Trim();
        measure.Description = Blank(input.Description);
        measure.LeadOrganisationId = input.LeadOrganisationId!.Value;
        measure.BudgetAmount = input.BudgetAmount;
        measure.BudgetCurrency = Blank(input.BudgetCurrency)?.ToUpperInvariant();
        measure.StartOn = input.StartOn;
        measure.DueOn = input.DueOn;
        measure.Status = input.Status ?? measure.Status;
        var wanted = (input.PartnerIds ?? []).Where(p => p != measure.LeadOrganisationId).ToHashSet();
        measure.Partners.RemoveAll(p => !wanted.Contains(p.OrganisationId));
        foreach (var id in wanted.Where(w => measure.Partners.All(p => p.OrganisationId != w)))
        {
            measure.Partners.Add(new PlanMeasurePartner { MeasureId = measure.Id, OrganisationId = id });
        }
    }

    private static Dictionary<string, string?> Snapshot(PlanMeasure m) => new()
    {
        ["Title"] = m.Title,
        ["Description"] = m.Description,
        ["LeadOrganisationId"] = m.LeadOrganisationId.ToString(),
        ["Partners"] = m.Partners.Count == 0 ? null : string.Join(";", m.Partners.Select(p => p.OrganisationId).Order()),
        ["Budget"] = m.BudgetAmount is { } a ? $"{a.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {m.BudgetCurrency}" : null,
        ["StartOn"] = m.StartOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["DueOn"] = m.DueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Status"] = m.Status.ToString(),
    };
}
