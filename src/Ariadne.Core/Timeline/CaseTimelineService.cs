using Ariadne.Core.Attachments;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Screening;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Timeline;

/// <summary>
/// What happened to one case, in date order, read from the domain records: the case's creation, the referral
/// mechanism's steps and decisions, service referrals, screenings, consents given and withdrawn, tasks created and done,
/// notes and attachments added (never their text or name), and from the audit log the assignments, reveals and printed
/// summaries. Nothing sealed is opened, so the timeline shows nothing identifying and its reading needs no audit; it is
/// visible to whoever sees the case (<see cref="CaseAccess.Visible"/>).
/// </summary>
/// <remarks>
/// Its own module because it reads the records of Cases, Referral, Screening, Consent, Attachments and Audit, none of
/// which may depend on the others the other way round.
/// </remarks>
public sealed class CaseTimelineService(AppDbContext db)
{
    /// <summary>The case's timeline, oldest first; NotFound when the case is not visible to <paramref name="viewer"/>.</summary>
    public async Task<Result<CaseTimeline>> GetAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Visible(viewer).Where(c => c.Id == caseId)
            .Select(c => new { c.CaseCode, c.CreatedAtUtc, c.IdentificationDate }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Problem.NotFound();
        }
        var entries = new List<TimelineEntry> { new(found.CreatedAtUtc, TimelineKinds.CaseCreated, null) };

        foreach (var e in await db.Set<NrmEvent>().AsNoTracking().Where(e => e.CaseId == caseId)
            .Select(e => new { e.AtUtc, e.Transition, e.ToState, e.TraffickingStatus }).ToListAsync(cancellationToken))
        {
            entries.Add(new(e.AtUtc, e.TraffickingStatus is null ? TimelineKinds.NrmStep : TimelineKinds.NrmDecision, e.Transition,
                State: e.ToState, TraffickingStatus: e.TraffickingStatus));
        }
        foreach (var r in await db.Set<ServiceReferral>().AsNoTracking().Where(r => r.CaseId == caseId)
            .Select(r => new { r.RequestedAtUtc, r.RespondedAtUtc, r.Service, r.State }).ToListAsync(cancellationToken))
        {
            entries.Add(new(r.RequestedAtUtc, TimelineKinds.ServiceReferral, r.Service));
            if (r.RespondedAtUtc is { } responded)
            {
                entries.Add(new(responded, TimelineKinds.ServiceReferralAnswered, $"{r.Service}: {r.State}"));
            }
        }
        foreach (var s in await db.Set<ScreeningRecord>().AsNoTracking().Where(s => s.CaseId == caseId)
            .Select(s => new { s.ScreenedAtUtc, s.Form, s.Outcome }).ToListAsync(cancellationToken))
        {
            entries.Add(new(s.ScreenedAtUtc, TimelineKinds.Screening, $"{s.Form}: {s.Outcome}"));
        }
        foreach (var c in await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId)
            .Select(c => new { c.GivenOn, c.RecordedAtUtc, c.Purpose, c.WithdrawnOn }).ToListAsync(cancellationToken))
        {
            entries.Add(new(Day(c.GivenOn, c.RecordedAtUtc), TimelineKinds.ConsentGiven, c.Purpose.ToString()));
            if (c.WithdrawnOn is { } withdrawn)
            {
                entries.Add(new(Day(withdrawn, c.RecordedAtUtc), TimelineKinds.ConsentWithdrawn, c.Purpose.ToString()));
            }
        }
        foreach (var t in await db.Set<CaseTask>().AsNoTracking().Where(t => t.CaseId == caseId)
            .Select(t => new { t.CreatedAtUtc, t.DoneAtUtc, t.DueOn }).ToListAsync(cancellationToken))
        {
            entries.Add(new(t.CreatedAtUtc, TimelineKinds.TaskCreated, null, t.DueOn));
            if (t.DoneAtUtc is { } done)
            {
                entries.Add(new(done, TimelineKinds.TaskDone, null, t.DueOn));
            }
        }
        foreach (var n in await db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseId == caseId)
            .Select(n => new { n.NotedOn, n.CreatedAtUtc }).ToListAsync(cancellationToken))
        {
            entries.Add(new(Day(n.NotedOn, n.CreatedAtUtc), TimelineKinds.NoteAdded, null));
        }
        foreach (var a in await db.Set<CaseAttachment>().AsNoTracking().Where(a => a.CaseId == caseId)
            .Select(a => new { a.CreatedAtUtc, a.Kind }).ToListAsync(cancellationToken))
        {
            entries.Add(new(a.CreatedAtUtc, TimelineKinds.AttachmentAdded, a.Kind.ToUpperInvariant()));
        }
        var subject = caseId.ToString();
        string[] audited = [AuditActions.CaseAssign, AuditActions.CaseReveal, AuditActions.Print];
        foreach (var e in await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectId == subject && e.Outcome == AuditOutcomes.Success && audited.Contains(e.Action))
            .Select(e => new { e.AtUtc, e.Action, e.ActorName }).ToListAsync(cancellationToken))
        {
            var kind = e.Action == AuditActions.CaseAssign ? TimelineKinds.Assigned : e.Action == AuditActions.CaseReveal ? TimelineKinds.Revealed : TimelineKinds.Printed;
            entries.Add(new(e.AtUtc, kind, e.ActorName));
        }
        return new CaseTimeline(caseId, found.CaseCode, [.. entries.OrderBy(e => e.AtUtc).ThenBy(e => e.Kind, StringComparer.Ordinal)]);
    }

    /// <summary>A record about a day (a consent given, a note about a meeting) sorts on that day, at the time of day it was recorded.</summary>
    private static DateTime Day(DateOnly day, DateTime recordedAtUtc) => day.ToDateTime(TimeOnly.FromDateTime(recordedAtUtc), DateTimeKind.Utc);
}

/// <summary>The kinds of timeline entries; the UI labels each (resource <c>Timeline.Kind.{kind}</c>).</summary>
public static class TimelineKinds
{
    public const string CaseCreated = "case-created";
    public const string NrmStep = "nrm-step";
    public const string NrmDecision = "nrm-decision";
    public const string ServiceReferral = "service-referral";
    public const string ServiceReferralAnswered = "service-referral-answered";
    public const string Screening = "screening";
    public const string ConsentGiven = "consent-given";
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string TaskCreated = "task-created";
    public const string TaskDone = "task-done";
    public const string NoteAdded = "note-added";
    public const string AttachmentAdded = "attachment-added";
    public const string Assigned = "assigned";
    public const string Revealed = "revealed";
    public const string Printed = "printed";

    public static readonly IReadOnlyList<string> All =
    [
        CaseCreated, NrmStep, NrmDecision, ServiceReferral, ServiceReferralAnswered, Screening, ConsentGiven, ConsentWithdrawn,
        TaskCreated, TaskDone, NoteAdded, AttachmentAdded, Assigned, Revealed, Printed,
    ];
}

/// <summary>
/// One thing that happened: when (UTC; a day-only record at the time it was recorded), what (<see cref="TimelineKinds"/>),
/// a non-identifying detail (a step's transition, a purpose, a kind of file, who acted), for a task its due date, for a
/// step of the mechanism the state it led to and the trafficking status a decision set.
/// </summary>
public sealed record TimelineEntry(DateTime AtUtc, string Kind, string? Detail, DateOnly? DueOn = null, string? State = null, string? TraffickingStatus = null)
{
    public DateOnly On => DateOnly.FromDateTime(AtUtc);
}

/// <summary>A case's timeline, oldest first.</summary>
public sealed record CaseTimeline(Guid CaseId, string CaseCode, IReadOnlyList<TimelineEntry> Entries);
