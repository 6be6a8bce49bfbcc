using System.Globalization;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using static Ariadne.Core.Referral.National.NrmSupport;

namespace Ariadne.Core.Referral.National;

/// <summary>A step that could be taken now, and what stops it if anything.</summary>
public sealed record NextStep(string Transition, string To, bool Allowed, IReadOnlyList<Refusal> Refusals);

/// <summary>An open deadline with where it stands now.</summary>
public sealed record DeadlineView(Guid CaseId, string Kind, DateOnly DueDate, DateTime DueAtUtc, DeadlineStatus Status);

/// <summary>Everything the lifecycle page shows for one case.</summary>
public sealed record LifecycleView(
    Guid CaseId,
    string Jurisdiction,
    string State,
    DateTime EnteredStateAtUtc,
    bool IsChild,
    DateOnly? GuardianAppointedOn,
    IReadOnlyList<string> ActorRoles,
    IReadOnlyList<NextStep> NextSteps,
    IReadOnlyList<DeadlineView> Deadlines,
    IReadOnlyList<NrmEvent> Events,
    IReadOnlyList<ServiceReferral> ServiceReferrals,
    IReadOnlyList<AssistanceDelivery> Assistance,
    IReadOnlyList<CooperationRecord> Cooperation);

/// <summary>
/// A case awaiting a decision of the competent authority, pseudonymised: the case code and the non-identifying facts a
/// decision needs (age group, sex, forms of exploitation, dates), never an identity. <see cref="Deadline"/> is the open
/// deadline of the state (the reasonable-grounds target, the end of the recovery period), if it has one.
/// </summary>
public sealed record DecisionQueueItem(
    Guid CaseId,
    string CaseCode,
    string Jurisdiction,
    string State,
    DateTime EnteredStateAtUtc,
    AgeGroup AgeGroup,
    string Sex,
    IReadOnlyList<string> ExploitationForms,
    DateOnly IdentificationDate,
    DeadlineView? Deadline);

/// <summary>A request for a lifecycle step.</summary>
public sealed record TransitionInput(string Transition, string? Reasons, string? RequesterRole, int? ExpectedVersion = null);

/// <summary>
/// The national referral mechanism's lifecycle on top of the case file: steps decided by the jurisdiction's
/// <see cref="LifecycleEngine"/>, deadlines on its working-day calendar, the guardian, cooperation and non-punishment
/// records. Cases are referenced by id; their visibility is <see cref="CaseAccess"/>'s; decisions are audited. Every free
/// text (decision reasons, cooperation notes, offence, basis and reference) is sealed under the person's data key
/// (<see cref="CaseTextVault"/>) and opened only with a reveal. Referrals to services are <see cref="ServiceReferralService"/>'s,
/// the dashboard and statistics <see cref="NrmReports"/>'.
/// </summary>
public sealed class NrmLifecycleService(AppDbContext db, TimeProvider time, IAuditLog audit, Jurisdictions jurisdictions, CaseTextVault texts)
{
    /// <summary>The longest free text (reasons, notes) any referral record accepts.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The mechanism's roles as the jurisdiction definitions name them in their guards.</summary>
    public const string FirstResponderRole = "first-responder";

    public const string CompetentAuthorityRole = "competent-authority";

    public const string SupportProviderRole = "support-provider";

    private const string Subject = NrmSupport.Subject;

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Enters the case into the mechanism of <paramref name="jurisdiction"/> (unknown jurisdictions use the generic definition).</summary>
    public async Task<Result<NrmCase>> StartAsync(Guid caseId, string? jurisdiction, bool presumedChild, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return Problem.Forbidden();
        }
        if (await db.Set<NrmCase>().AnyAsync(n => n.CaseId == caseId, cancellationToken))
        {
            return Problem.Conflict();
        }
        var definition = jurisdictions.For(jurisdiction).Definition;
        var record = new NrmCase
        {
            CaseId = caseId,
            OrganisationId = owner.Value,
            Jurisdiction = definition.Jurisdiction,
            State = definition.InitialState,
            EnteredStateAtUtc = Now.UtcDateTime,
            PresumedChild = presumedChild,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return Result<NrmCase>.Success(record);
    }

    public async Task<Result<LifecycleView>> GetLifecycleAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(caseId, viewer, tracked: false, cancellationToken);
        if (context is null)
        {
            return Problem.NotFound();
        }
        var (record, engine, facts, roles, _) = context.Value;
        var now = Now;
        var next = engine.NextSteps(facts, roles, now).Select(d => new NextStep(d.Transition!.Id, d.Transition.To, d.Allowed, d.Refusals)).ToList();
        var deadlines = await db.Set<NrmDeadline>().AsNoTracking().Where(d => d.CaseId == caseId && d.IsOpen).OrderBy(d => d.DueAtUtc).ToListAsync(cancellationToken);
        var events = await db.Set<NrmEvent>().AsNoTracking().Where(e => e.CaseId == caseId).ToListAsync(cancellationToken);
        var referrals = await db.Set<ServiceReferral>().AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(cancellationToken);
        var assistance = await db.Set<AssistanceDelivery>().AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(cancellationToken);
        var cooperation = await db.Set<CooperationRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        using (var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken))
        {
            events.ForEach(e => Open(e, key));
            referrals.ForEach(r => Open(r, key));
            cooperation.ForEach(c => Open(c, key));
            if (key is null && roles.Contains(CompetentAuthorityRole) && events.Any(e => e.ReasonsCiphertext is not null))
            {
                // The evidence the competent authority decides on: the reasons written for the mechanism (the referral's
                // grounds, earlier decisions), which the person consented to share with it. Opened by purpose, audited;
                // the other texts (cooperation, referral notes) stay sealed.
                using var evidence = await texts.ForPurposeAsync(caseId, cancellationToken);
                events.ForEach(e => Open(e, evidence));
                await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, Subject, caseId.ToString(), null,
                    new Dictionary<string, string> { ["decisionEvidenceRead"] = string.Join(",", events.Where(e => e.Reasons is not null).Select(e => e.Id)) }), cancellationToken);
            }
        }
        return Result<LifecycleView>.Success(new LifecycleView(caseId, record.Jurisdiction, record.State, record.EnteredStateAtUtc, facts.IsChild,
            record.GuardianAppointedOn, [.. roles.Order(StringComparer.Ordinal)], next,
            [.. deadlines.Select(d => View(engine, d, now))],
            [.. events.OrderBy(e => e.AtUtc)],
            [.. referrals.OrderBy(r => r.RequestedAtUtc)],
            [.. assistance.OrderBy(a => a.StartedOn)],
            [.. cooperation.OrderBy(c => c.RecordedOn)]));
    }

    /// <summary>
    /// The competent authority's queue: the cases visible to <paramref name="viewer"/> (those referred to its organisation)
    /// whose state awaits a decision (<see cref="LifecycleDefinition.DecisionStates"/>) in a jurisdiction that names the
    /// organisation's type as competent authority; the earliest deadline first, cases without one last. Forbidden for a
    /// viewer without the competent-authority role.
    /// </summary>
    public async Task<Result<IReadOnlyList<DecisionQueueItem>>> DecisionQueueAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!viewer.IsLocalOperator && !viewer.IsCompetentAuthority)
        {
            return Problem.Forbidden();
        }
        var type = viewer.OrganisationId is { } organisation
            ? await db.Organisations.Where(o => o.Id == organisation).Select(o => o.Type).SingleOrDefaultAsync(cancellationToken)
            : null;
        var wanted = jurisdictions.Definitions.Where(d => viewer.IsLocalOperator || (type is not null && d.CompetentAuthorityOrganisationTypes.Contains(type))).ToList();
        var rows = new List<DecisionQueueItem>();
        foreach (var definition in wanted)
        {
            var states = definition.DecisionStates();
            var jurisdiction = definition.Jurisdiction;
            rows.AddRange(await db.Set<NrmCase>().AsNoTracking().Where(n => n.Jurisdiction == jurisdiction && states.Contains(n.State))
                .Join(db.Cases.Visible(viewer), n => n.CaseId, c => c.Id, (n, c) => new DecisionQueueItem(n.CaseId, c.CaseCode, n.Jurisdiction, n.State,
                    n.EnteredStateAtUtc, c.AgeGroup, c.Sex, c.Exploitation.Forms, c.IdentificationDate, null))
                .ToListAsync(cancellationToken));
        }
        var ids = rows.Select(r => r.CaseId).ToList();
        var deadlines = (await db.Set<NrmDeadline>().AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.IsOpen && d.ServiceReferralId == null).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId);
        var now = Now;
        var items = rows.Select(r => deadlines[r.CaseId].MinBy(d => d.DueAtUtc) is { } deadline
                ? r with { Deadline = View(jurisdictions.For(r.Jurisdiction), deadline, now) }
                : r)
            .OrderBy(i => i.Deadline is null).ThenBy(i => i.Deadline?.DueAtUtc).ThenBy(i => i.EnteredStateAtUtc).ToList();
        return Result<IReadOnlyList<DecisionQueueItem>>.Success(items);
    }

    /// <summary>Takes one lifecycle step if the jurisdiction's rules allow it; a decision sets the case's trafficking status.</summary>
    public async Task<Result<NrmEvent>> TransitionAsync(Guid caseId, TransitionInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(caseId, viewer, tracked: true, cancellationToken);
        if (context is null)
        {
            return Problem.NotFound();
        }
        var (record, engine, facts, roles, authorities) = context.Value;
        if (input.ExpectedVersion is { } expected && expected != record.Version)
        {
            return Problem.Conflict();
        }
        var now = Now;
        var fields = new Dictionary<string, string>();
        if (input.Reasons is { } reasons)
        {
            fields["reasons"] = reasons;
        }
        var decision = engine.Decide(facts, new TransitionRequest(input.Transition, roles, input.RequesterRole, fields), now);
        if (input.Reasons is { Length: > MaxTextLength })
        {
            decision = decision with { Refusals = [.. decision.Refusals, new Refusal("TooLong", ["reasons", MaxTextLength.ToString(CultureInfo.InvariantCulture)])] };
        }
        if (!decision.Allowed)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Denied, Subject, caseId.ToString(),
                string.Join("; ", decision.Refusals), new Dictionary<string, string> { ["transition"] = input.Transition, ["state"] = record.State }), cancellationToken);
            return Problem.Refused(decision.Refusals);
        }
        var transition = decision.Transition!;
        var stepId = Guid.CreateVersion7();
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var step = new NrmEvent
        {
            Id = stepId,
            CaseId = caseId,
            Transition = transition.Id,
            FromState = record.State,
            ToState = transition.To,
            AtUtc = now.UtcDateTime,
            ActorUserId = viewer.UserId,
            ActorOrganisationId = viewer.OrganisationId,
            ActorRoles = string.Join(",", roles.Order(StringComparer.Ordinal)),
            RequesterRole = input.RequesterRole,
            Reasons = string.IsNullOrWhiteSpace(input.Reasons) ? null : input.Reasons.Trim(),
            ReasonsCiphertext = key.Seal(SealedText.NrmEvent, stepId, SealedText.Reasons, input.Reasons),
            TraffickingStatus = transition.TraffickingStatus,
        };
        db.Add(step);
        record.State = transition.To;
        record.EnteredStateAtUtc = now.UtcDateTime;
        record.Version++;
        // The deadline of the state left is met (or moot); the new state's period starts now.
        await foreach (var open in db.Set<NrmDeadline>().Where(d => d.CaseId == caseId && d.IsOpen && d.ServiceReferralId == null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            open.IsOpen = false;
            open.ClosedAtUtc = now.UtcDateTime;
        }
        if (engine.DeadlineFor(transition.To, now) is { } deadline)
        {
            db.Add(NrmDeadline.Open(caseId, record.OrganisationId, deadline, null));
        }
        // From the referral into the mechanism on, the competent-authority organisations the person consented to be
        // referred to see the case (pseudonymised) to decide on it: one share each, granted once.
        var shared = await db.Set<CaseShare>().Where(x => x.CaseId == caseId).Select(x => x.OrganisationId).ToListAsync(cancellationToken);
        foreach (var authority in authorities.Except(shared))
        {
            await CaseShare.SetAsync(db, Guid.CreateVersion7(), caseId, authority, granted: true, cancellationToken);
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problem.Conflict();
            }
            if (transition.TraffickingStatus is { } status)
            {
                var nowUtc = now.UtcDateTime;
                await db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.TraffickingStatus, status)
                    .SetProperty(c => c.UpdatedAtUtc, nowUtc)
                    .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, Subject, caseId.ToString(), Details: new Dictionary<string, string>
        {
            ["transition"] = step.Transition,
            ["from"] = step.FromState,
            ["to"] = step.ToState,
            ["traffickingStatus"] = step.TraffickingStatus ?? "",
            ["roles"] = step.ActorRoles,
        }), cancellationToken);
        return Result<NrmEvent>.Success(step);
    }

    /// <summary>Records that a guardian was appointed for a child (the guardianship organisation, never the guardian's name).</summary>
    public async Task<Result<NrmCase>> AppointGuardianAsync(Guid caseId, DateOnly appointedOn, Guid? guardianOrganisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var record = await EditableAsync(caseId, viewer, cancellationToken);
        if (!record.Succeeded)
        {
            return record;
        }
        record.Value!.GuardianAppointedOn = appointedOn;
        record.Value.GuardianOrganisationId = guardianOrganisationId;
        record.Value.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>Records the person's cooperation with the authorities. No rule reads it: assistance never depends on it.</summary>
    public async Task<Result<CooperationRecord>> RecordCooperationAsync(Guid caseId, CooperationStatus status, DateOnly recordedOn, string? note, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (await CanEditAsync(caseId, viewer, cancellationToken) is { } denied)
        {
            return denied;
        }
        if (note is { Length: > MaxTextLength })
        {
            return Problem.Refused([new Refusal("TooLong", ["note", MaxTextLength.ToString(CultureInfo.InvariantCulture)])]);
        }
        var id = Guid.CreateVersion7();
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var record = new CooperationRecord
        {
            Id = id,
            CaseId = caseId,
            Status = status,
            RecordedOn = recordedOn,
            Note = Trim(note),
            RecordedByUserId = viewer.UserId,
            NoteCiphertext = key.Seal(SealedText.Cooperation, id, SealedText.Note, note),
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return Result<CooperationRecord>.Success(record);
    }

    /// <summary>Flags an offence committed as a direct consequence of being trafficked, for the prosecutor's notice.</summary>
    public async Task<Result<NonPunishmentFlag>> FlagNonPunishmentAsync(Guid caseId, string offence, string basis, string? proceedingsReference, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (await CanEditAsync(caseId, viewer, cancellationToken) is { } denied)
        {
            return denied;
        }
        var refusals = new List<Refusal>();
        if (string.IsNullOrWhiteSpace(offence))
        {
            refusals.Add(new Refusal(Refusal.FieldRequired, ["offence"]));
        }
        if (string.IsNullOrWhiteSpace(basis))
        {
            refusals.Add(new Refusal(Refusal.FieldRequired, ["basis"]));
        }
        foreach (var (field, value, max) in new[] { ("offence", offence, 200), ("basis", basis, MaxTextLength), ("proceedingsReference", proceedingsReference ?? "", 100) })
        {
            if (value.Length > max)
            {
                refusals.Add(new Refusal("TooLong", [field, max.ToString(CultureInfo.InvariantCulture)]));
            }
        }
        if (refusals.Count > 0)
        {
            return Problem.Refused(refusals);
        }
        var id = Guid.CreateVersion7();
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var flag = new NonPunishmentFlag
        {
            Id = id,
            CaseId = caseId,
            Offence = offence.Trim(),
            OffenceCiphertext = key.Seal(SealedText.NonPunishment, id, SealedText.Offence, offence),
            Basis = basis.Trim(),
            BasisCiphertext = key.Seal(SealedText.NonPunishment, id, SealedText.Basis, basis),
            ProceedingsReference = Trim(proceedingsReference),
            ProceedingsReferenceCiphertext = key.Seal(SealedText.NonPunishment, id, SealedText.ProceedingsReference, proceedingsReference),
            FlaggedOn = DateOnly.FromDateTime(Now.UtcDateTime),
            FlaggedByUserId = viewer.UserId,
        };
        db.Add(flag);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, Subject, caseId.ToString(),
            Details: new Dictionary<string, string> { ["nonPunishmentFlag"] = flag.Id.ToString() }), cancellationToken);
        return Result<NonPunishmentFlag>.Success(flag);
    }

    public async Task<IReadOnlyList<NonPunishmentFlag>?> NonPunishmentFlagsAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (!await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }
        var flags = await db.Set<NonPunishmentFlag>().AsNoTracking().Where(f => f.CaseId == caseId).OrderBy(f => f.FlaggedOn).ToListAsync(cancellationToken);
        using var key = await texts.ForReadingAsync(caseId, viewer, cancellationToken);
        flags.ForEach(f => Open(f, key));
        return flags;
    }

    internal static DeadlineView View(LifecycleEngine engine, NrmDeadline d, DateTimeOffset now) =>
        new(d.CaseId, d.Kind, d.DueDate, d.DueAtUtc,
            engine.Evaluate(new Deadline(d.Kind, d.DueDate, new DateTimeOffset(d.DueAtUtc, TimeSpan.Zero)), now));
    /// <summary>Null when the viewer may change the case's records; NotFound when the case is not visible, Forbidden unless the viewer may change its records (the owning organisation, <see cref="CaseAccess.MayEdit"/>).</summary>
    private async Task<Problem?> CanEditAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken) is not { } owner
            ? Problem.NotFound()
            : CaseAccess.MayEdit(viewer, owner) ? null : Problem.Forbidden();

    private async Task<Result<NrmCase>> EditableAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Problem.NotFound();
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return Problem.Forbidden();
        }
        var record = await db.Set<NrmCase>().SingleOrDefaultAsync(n => n.CaseId == caseId, cancellationToken);
        return record is null ? Problem.NotFound() : Result<NrmCase>.Success(record);
    }

    /// <summary>
    /// The case's lifecycle record, engine, facts, the viewer's roles on it, and the competent-authority organisations
    /// the case goes to for decisions; null when not visible or not started.
    /// </summary>
    private async Task<(NrmCase Record, LifecycleEngine Engine, CaseFacts Facts, IReadOnlySet<string> Roles, IReadOnlyList<Guid> Authorities)?> LoadAsync(Guid caseId, CaseViewer viewer, bool tracked,
        CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, c.AgeGroup }).SingleOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return null;
        }
        var records = tracked ? db.Set<NrmCase>() : db.Set<NrmCase>().AsNoTracking();
        var record = await records.SingleOrDefaultAsync(n => n.CaseId == caseId, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var engine = jurisdictions.For(record.Jurisdiction);
        var definition = engine.Definition;
        var isChild = @case.AgeGroup == AgeGroup.Minor || record.PresumedChild;

        // Consent to the referral: an active referral consent to any competent-authority organisation, as ConsentRules decides it.
        var authorityTypes = definition.CompetentAuthorityOrganisationTypes.ToList();
        var consents = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId && c.Purpose == ConsentPurpose.Referral).ToListAsync(cancellationToken);
        var recipients = consents.Select(c => c.RecipientOrganisationId).OfType<Guid>().Distinct().ToList();
        var authorityRecipients = await db.Organisations.Where(o => recipients.Contains(o.Id) && authorityTypes.Contains(o.Type)).Select(o => o.Id).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var consented = authorityRecipients.Where(r => ConsentRules.Decide(consents, ConsentPurpose.Referral, r, today, isChild, [], null, false).Allowed).ToList();
        var consent = consented.Count > 0;

        var cooperation = await db.Set<CooperationRecord>().Where(c => c.CaseId == caseId).OrderByDescending(c => c.RecordedOn).Select(c => (CooperationStatus?)c.Status)
            .FirstOrDefaultAsync(cancellationToken) ?? CooperationStatus.NotRecorded;

        // The viewer's roles in the mechanism, each from a user role and the organisation's place in the case, so that
        // a step is open (and its form shown) to exactly the users who may take it; a coordinator follows, never acts.
        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (viewer.IsLocalOperator)
        {
            roles.UnionWith(definition.Roles);
        }
        else if (viewer.OrganisationId is { } organisation)
        {
            if (viewer.CanEditCases && organisation == @case.OrganisationId)
            {
                roles.Add(FirstResponderRole);
            }
            if (viewer.IsCompetentAuthority && await db.Organisations.AnyAsync(o => o.Id == organisation && authorityTypes.Contains(o.Type), cancellationToken))
            {
                roles.Add(CompetentAuthorityRole);
            }
            if (viewer.CanRespondToReferrals && await db.Set<ServiceReferral>().AnyAsync(r => r.CaseId == caseId && r.ToOrganisationId == organisation
                && (r.State == ServiceReferralState.Accepted || r.State == ServiceReferralState.Completed), cancellationToken))
            {
                roles.Add(SupportProviderRole);
            }
        }
        var facts = new CaseFacts(record.State, new DateTimeOffset(record.EnteredStateAtUtc, TimeSpan.Zero), isChild, record.GuardianAppointedOn is not null, consent, cooperation);
        // Who decides: the authorities the person consented to be referred to; a child, referred without consent, goes
        // to every organisation of a competent-authority type (in practice the one national authority).
        IReadOnlyList<Guid> authorities = consented.Count > 0 || !isChild
            ? consented
            : await db.Organisations.Where(o => authorityTypes.Contains(o.Type)).Select(o => o.Id).ToListAsync(cancellationToken);
        return (record, engine, facts, roles, authorities);
    }
}
