using System.Globalization;
using Ariadne.Analytics.Referral;
using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Consent;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Referral;

/// <summary>How a referral-mechanism operation ended.</summary>
public enum NrmOutcome
{
    Success,
    NotFound,
    Forbidden,

    /// <summary>A rule refused it; <see cref="NrmResult{T}.Refusals"/> says why.</summary>
    Refused,

    /// <summary>Someone else changed the record first.</summary>
    Conflict,
}

public sealed record NrmResult<T>(NrmOutcome Outcome, T? Value, IReadOnlyList<Refusal> Refusals)
{
    public static NrmResult<T> Success(T value) => new(NrmOutcome.Success, value, []);
    public static NrmResult<T> Of(NrmOutcome outcome) => new(outcome, default, []);
    public static NrmResult<T> Refused(IReadOnlyList<Refusal> refusals) => new(NrmOutcome.Refused, default, refusals);
}

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

/// <summary>A request for a lifecycle step.</summary>
public sealed record TransitionInput(string Transition, string? Reasons, string? RequesterRole, int? ExpectedVersion = null);

/// <summary>
/// A request for a referral to a service. <c>OverrideReason</c> is a documented reason to refer without consent; only a
/// coordinator may give one (<see cref="CaseViewer.CanOverrideConsent"/>).
/// </summary>
public sealed record ServiceRequestInput(string Service, Guid ToOrganisationId, string? SharedNote, string? OverrideReason = null);

/// <summary>One organisation's due and overdue deadlines.</summary>
public sealed record NrmDashboard(Guid OrganisationId, int Overdue, int Due, IReadOnlyList<DeadlineView> Items);

/// <summary>
/// The national referral mechanism on top of the case file: lifecycle steps decided by the jurisdiction's
/// <see cref="LifecycleEngine"/>, deadlines on its working-day calendar, referrals to services behind the consent gate,
/// cooperation and non-punishment records, the assistance record and the per-organisation dashboard. Cases are
/// referenced by id; their visibility is <see cref="CaseAccess"/>'s; decisions and referrals are audited. Every free
/// text (decision reasons, shared notes, rejection and override reasons, cooperation notes, offence, basis and reference)
/// is sealed under the person's data key (<see cref="CaseTextVault"/>) and opened only with a reveal.
/// </summary>
public sealed class ReferralService(AppDbContext db, TimeProvider time, IAuditLog audit, Jurisdictions jurisdictions, CaseTextVault texts)
{
    public const int MaxTextLength = 2000;

    /// <summary>How far ahead the dashboard counts a deadline as due (the engine's two-day warning, plus the due day).</summary>
    public static readonly TimeSpan DueWindow = TimeSpan.FromDays(3);

    private const string Subject = "nrm-case";
    private const string ServiceReferralKind = "service-response";

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Enters the case into the mechanism of <paramref name="jurisdiction"/> (unknown jurisdictions use the generic definition).</summary>
    public async Task<NrmResult<NrmCase>> StartAsync(Guid caseId, string? jurisdiction, bool presumedChild, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return NrmResult<NrmCase>.Of(NrmOutcome.NotFound);
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return NrmResult<NrmCase>.Of(NrmOutcome.Forbidden);
        }
        if (await db.Set<NrmCase>().AnyAsync(n => n.CaseId == caseId, cancellationToken))
        {
            return NrmResult<NrmCase>.Of(NrmOutcome.Conflict);
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
        return NrmResult<NrmCase>.Success(record);
    }

    public async Task<NrmResult<LifecycleView>> GetLifecycleAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(caseId, viewer, tracked: false, cancellationToken);
        if (context is null)
        {
            return NrmResult<LifecycleView>.Of(NrmOutcome.NotFound);
        }
        var (record, engine, facts, roles) = context.Value;
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
        }
        return NrmResult<LifecycleView>.Success(new LifecycleView(caseId, record.Jurisdiction, record.State, record.EnteredStateAtUtc, facts.IsChild,
            record.GuardianAppointedOn, [.. roles.Order(StringComparer.Ordinal)], next,
            [.. deadlines.Select(d => View(engine, d, now))],
            [.. events.OrderBy(e => e.AtUtc)],
            [.. referrals.OrderBy(r => r.RequestedAtUtc)],
            [.. assistance.OrderBy(a => a.StartedOn)],
            [.. cooperation.OrderBy(c => c.RecordedOn)]));
    }

    /// <summary>Takes one lifecycle step if the jurisdiction's rules allow it; a decision sets the case's trafficking status.</summary>
    public async Task<NrmResult<NrmEvent>> TransitionAsync(Guid caseId, TransitionInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(caseId, viewer, tracked: true, cancellationToken);
        if (context is null)
        {
            return NrmResult<NrmEvent>.Of(NrmOutcome.NotFound);
        }
        var (record, engine, facts, roles) = context.Value;
        if (input.ExpectedVersion is { } expected && expected != record.Version)
        {
            return NrmResult<NrmEvent>.Of(NrmOutcome.Conflict);
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
            return NrmResult<NrmEvent>.Refused(decision.Refusals);
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
            db.Add(NewDeadline(caseId, record.OrganisationId, deadline, null));
        }
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return NrmResult<NrmEvent>.Of(NrmOutcome.Conflict);
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
        return NrmResult<NrmEvent>.Success(step);
    }

    /// <summary>Records that a guardian was appointed for a child (the guardianship organisation, never the guardian's name).</summary>
    public async Task<NrmResult<NrmCase>> AppointGuardianAsync(Guid caseId, DateOnly appointedOn, Guid? guardianOrganisationId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var record = await EditableAsync(caseId, viewer, cancellationToken);
        if (record.Outcome != NrmOutcome.Success)
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
    public async Task<NrmResult<CooperationRecord>> RecordCooperationAsync(Guid caseId, CooperationStatus status, DateOnly recordedOn, string? note, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (await CanEditAsync(caseId, viewer, cancellationToken) is not NrmOutcome.Success and var denied)
        {
            return NrmResult<CooperationRecord>.Of(denied);
        }
        if (note is { Length: > MaxTextLength })
        {
            return NrmResult<CooperationRecord>.Refused([new Refusal("TooLong", ["note", MaxTextLength.ToString(CultureInfo.InvariantCulture)])]);
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
        return NrmResult<CooperationRecord>.Success(record);
    }

    /// <summary>Flags an offence committed as a direct consequence of being trafficked, for the prosecutor's notice.</summary>
    public async Task<NrmResult<NonPunishmentFlag>> FlagNonPunishmentAsync(Guid caseId, string offence, string basis, string? proceedingsReference, CaseViewer viewer,
        CancellationToken cancellationToken)
    {
        if (await CanEditAsync(caseId, viewer, cancellationToken) is not NrmOutcome.Success and var denied)
        {
            return NrmResult<NonPunishmentFlag>.Of(denied);
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
            return NrmResult<NonPunishmentFlag>.Refused(refusals);
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
        return NrmResult<NonPunishmentFlag>.Success(flag);
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

    /// <summary>Declares the services an organisation provides (replacing its previous declaration).</summary>
    public async Task DeclareServicesAsync(Guid organisationId, IEnumerable<string> services, CancellationToken cancellationToken)
    {
        var list = Core.CodeLists.CodeListRegistry.Default[Core.CodeLists.CodeListIds.AssistanceService];
        var wanted = services.Distinct(StringComparer.Ordinal).ToList();
        var unknown = wanted.Where(s => !list.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown service(s): {string.Join(", ", unknown)}.", nameof(services));
        }
        db.RemoveRange(await db.Set<ServiceOffer>().Where(o => o.OrganisationId == organisationId).ToListAsync(cancellationToken));
        db.AddRange(wanted.Select(s => new ServiceOffer { OrganisationId = organisationId, Service = s }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Refers the case to another organisation for a service, if the consent gate allows it.</summary>
    public async Task<NrmResult<ServiceReferral>> RequestServiceAsync(Guid caseId, ServiceRequestInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, c.AgeGroup }).SingleOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return NrmResult<ServiceReferral>.Of(NrmOutcome.NotFound);
        }
        // Only the case owner refers onwards: a support provider sees the case pseudonymised and cannot judge consent.
        if (!CaseAccess.MayEdit(viewer, @case.OrganisationId))
        {
            return NrmResult<ServiceReferral>.Of(NrmOutcome.Forbidden);
        }
        var presumed = await db.Set<NrmCase>().Where(n => n.CaseId == caseId).Select(n => n.PresumedChild).SingleOrDefaultAsync(cancellationToken);
        var from = viewer.OrganisationId ?? @case.OrganisationId;
        var offered = (await db.Set<ServiceOffer>().Where(o => o.OrganisationId == input.ToOrganisationId).Select(o => o.Service).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var consents = await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken);
        var decisions = await db.Set<BestInterestDecision>().AsNoTracking().Where(d => d.CaseId == caseId).ToListAsync(cancellationToken);
        var now = Now;
        var check = ServiceReferralRules.CanRequest(input.Service, from, input.ToOrganisationId, offered, consents, DateOnly.FromDateTime(now.UtcDateTime),
            @case.AgeGroup == AgeGroup.Minor || presumed, decisions, input.OverrideReason, viewer.CanOverrideConsent);
        if (input.OverrideReason is { Length: > MaxTextLength })
        {
            check = check with { Refusals = [.. check.Refusals, new Refusal("TooLong", ["overrideReason", MaxTextLength.ToString(CultureInfo.InvariantCulture)])] };
        }
        if (!check.Allowed)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Denied, Subject, caseId.ToString(), string.Join("; ", check.Refusals),
                new Dictionary<string, string> { ["service"] = input.Service, ["to"] = input.ToOrganisationId.ToString() }), cancellationToken);
            return NrmResult<ServiceReferral>.Refused(check.Refusals);
        }
        var referralId = Guid.CreateVersion7();
        var overridden = check.Consent!.Ground == ConsentGround.DocumentedOverride;
        using var key = await texts.ForWritingAsync(caseId, cancellationToken);
        var referral = new ServiceReferral
        {
            Id = referralId,
            CaseId = caseId,
            Service = input.Service,
            FromOrganisationId = from,
            ToOrganisationId = input.ToOrganisationId,
            State = ServiceReferralState.Requested,
            ConsentGround = check.Consent!.Ground.ToString(),
            SharedNote = Trim(input.SharedNote),
            SharedNoteCiphertext = key.Seal(SealedText.ServiceReferral, referralId, SealedText.SharedNote, input.SharedNote),
            OverrideReason = overridden ? Trim(input.OverrideReason) : null,
            OverrideReasonCiphertext = overridden ? key.Seal(SealedText.ServiceReferral, referralId, SealedText.OverrideReason, input.OverrideReason) : null,
            OverriddenByUserId = overridden ? viewer.UserId : null,
            RequestedAtUtc = now.UtcDateTime,
        };
        db.Add(referral);
        var jurisdiction = await db.Set<NrmCase>().Where(n => n.CaseId == caseId).Select(n => n.Jurisdiction).SingleOrDefaultAsync(cancellationToken);
        db.Add(NewDeadline(caseId, input.ToOrganisationId, jurisdictions.For(jurisdiction).ServiceResponseDeadline(now), referral.Id));
        await db.SaveChangesAsync(cancellationToken);
        var details = new Dictionary<string, string>
        {
            ["service"] = referral.Service,
            ["to"] = referral.ToOrganisationId.ToString(),
            ["consentGround"] = referral.ConsentGround,
            ["serviceReferral"] = referral.Id.ToString(),
        };
        if (overridden)
        {
            // Who overrode is the audit entry's actor; the documented reason is sealed in the referral, not copied here.
            details["override"] = "documented reason sealed in the referral";
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, Subject, caseId.ToString(), null, details), cancellationToken);
        return NrmResult<ServiceReferral>.Success(referral);
    }

    /// <summary>The referrals sent to the viewer's organisation: only what each referral shares, not the case file.</summary>
    public async Task<IReadOnlyList<ServiceReferral>> IncomingAsync(CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.OrganisationId is not { } organisation)
        {
            return [];
        }
        var referrals = await db.Set<ServiceReferral>().AsNoTracking().Where(r => r.ToOrganisationId == organisation)
            .OrderByDescending(r => r.RequestedAtUtc).Take(200).ToListAsync(cancellationToken);
        // The shared note is what the person agreed (consent gate) to share with this organisation: it is opened for its
        // case workers without a reveal, and every opening is audited. The other texts stay sealed.
        var opened = new List<Guid>();
        foreach (var byCase in referrals.GroupBy(r => r.CaseId))
        {
            using var key = viewer.CanEditCases && byCase.Any(r => r.SharedNoteCiphertext is not null)
                ? await texts.ForPurposeAsync(byCase.Key, cancellationToken)
                : null;
            foreach (var referral in byCase)
            {
                if (key is not null && referral.SharedNoteCiphertext is not null)
                {
                    referral.SharedNote = key.Open(SealedText.ServiceReferral, referral.Id, SealedText.SharedNote, referral.SharedNoteCiphertext);
                    opened.Add(referral.Id);
                }
                referral.TextSealed = referral.SharedNoteCiphertext is not null && referral.SharedNote is null
                    || referral.ReasonCiphertext is not null || referral.OverrideReasonCiphertext is not null;
            }
        }
        if (opened.Count > 0)
        {
            await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, "service-referral", null, null, new Dictionary<string, string>
            {
                ["sharedNotesRead"] = string.Join(",", opened),
            }), cancellationToken);
        }
        return referrals;
    }

    /// <summary>Accepts, rejects or completes (the receiving organisation) or revokes (the referring organisation) a referral to a service.</summary>
    public async Task<NrmResult<ServiceReferral>> RespondAsync(Guid referralId, ServiceReferralAction action, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var referral = await db.Set<ServiceReferral>().SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return NrmResult<ServiceReferral>.Of(NrmOutcome.NotFound);
        }
        var party = viewer.IsLocalOperator
            ? (action == ServiceReferralAction.Revoke ? ServiceReferralParty.Referring : ServiceReferralParty.Receiving)
            : viewer.OrganisationId == referral.ToOrganisationId ? ServiceReferralParty.Receiving
            : viewer.OrganisationId == referral.FromOrganisationId ? ServiceReferralParty.Referring
            : ServiceReferralParty.Other;
        if (party == ServiceReferralParty.Other)
        {
            // Neither party: the referral's existence is not disclosed.
            return NrmResult<ServiceReferral>.Of(NrmOutcome.NotFound);
        }
        if (!viewer.CanEditCases)
        {
            return NrmResult<ServiceReferral>.Of(NrmOutcome.Forbidden);
        }
        if (ServiceReferralRules.Check(referral.State, action, party, reason) is { } refusal)
        {
            return NrmResult<ServiceReferral>.Refused([refusal]);
        }
        var now = Now.UtcDateTime;
        referral.State = ServiceReferralRules.Next(action);
        if (action is ServiceReferralAction.Accept or ServiceReferralAction.Reject)
        {
            referral.RespondedAtUtc = now;
        }
        if (action is not ServiceReferralAction.Accept)
        {
            referral.ClosedAtUtc = now;
        }
        if (reason is { Length: > MaxTextLength })
        {
            return NrmResult<ServiceReferral>.Refused([new Refusal("TooLong", ["reason", MaxTextLength.ToString(CultureInfo.InvariantCulture)])]);
        }
        if (action is ServiceReferralAction.Reject or ServiceReferralAction.Revoke)
        {
            // Written by either party; sealed under the person's key like every other text about the person.
            using var key = await texts.ForWritingAsync(referral.CaseId, cancellationToken);
            referral.ReasonCiphertext = key.Seal(SealedText.ServiceReferral, referral.Id, SealedText.Reason, reason);
        }
        await foreach (var open in db.Set<NrmDeadline>().Where(d => d.ServiceReferralId == referralId && d.IsOpen).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            open.IsOpen = false;
            open.ClosedAtUtc = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        // The reason is sealed in the referral, not copied into the audit log.
        await audit.AppendAsync(new AuditRecord(AuditActions.Referral, AuditOutcomes.Success, "service-referral", referral.Id.ToString(), null,
            new Dictionary<string, string> { ["action"] = action.ToString(), ["case"] = referral.CaseId.ToString() }), cancellationToken);
        referral.Reason = action is ServiceReferralAction.Reject or ServiceReferralAction.Revoke ? Trim(reason) : null;
        return NrmResult<ServiceReferral>.Success(referral);
    }

    /// <summary>Records a service delivered to the person, with its dates (the assistance record).</summary>
    public async Task<NrmResult<AssistanceDelivery>> RecordAssistanceAsync(Guid caseId, string service, Guid providerOrganisationId, DateOnly startedOn, DateOnly? endedOn,
        Guid? serviceReferralId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        // The owner and a support provider (an organisation whose referral was accepted or completed) record what was delivered.
        if (!viewer.CanEditCases || !await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return NrmResult<AssistanceDelivery>.Of(NrmOutcome.NotFound);
        }
        var refusals = new List<Refusal>();
        if (!Core.CodeLists.CodeListRegistry.Default[Core.CodeLists.CodeListIds.AssistanceService].Contains(service))
        {
            refusals.Add(new Refusal(ServiceReferralRules.ServiceUnknown, [service]));
        }
        if (endedOn < startedOn)
        {
            refusals.Add(new Refusal("EndBeforeStart", [startedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]));
        }
        if (!await db.Organisations.AnyAsync(o => o.Id == providerOrganisationId, cancellationToken))
        {
            refusals.Add(new Refusal("OrganisationUnknown", [providerOrganisationId.ToString()]));
        }
        if (serviceReferralId is { } referralId && !await db.Set<ServiceReferral>().AnyAsync(r => r.Id == referralId && r.CaseId == caseId, cancellationToken))
        {
            refusals.Add(new Refusal("ServiceReferralUnknown", [referralId.ToString()]));
        }
        if (refusals.Count > 0)
        {
            return NrmResult<AssistanceDelivery>.Refused(refusals);
        }
        var delivery = new AssistanceDelivery
        {
            Id = Guid.CreateVersion7(),
            CaseId = caseId,
            Service = service,
            ProviderOrganisationId = providerOrganisationId,
            StartedOn = startedOn,
            EndedOn = endedOn,
            ServiceReferralId = serviceReferralId,
        };
        db.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return NrmResult<AssistanceDelivery>.Success(delivery);
    }

    /// <summary>
    /// The organisation's overdue deadlines and those due within <see cref="DueWindow"/>, earliest first (at most
    /// <paramref name="take"/> items; the counts cover all). Reads the partial <c>IX_NrmDeadlines_Dashboard</c> index only.
    /// </summary>
    public async Task<NrmResult<NrmDashboard>> DashboardAsync(Guid organisationId, CaseViewer viewer, int take, CancellationToken cancellationToken)
    {
        if (!viewer.SeesAllOrganisations && viewer.OrganisationId != organisationId)
        {
            return NrmResult<NrmDashboard>.Of(NrmOutcome.NotFound);
        }
        var now = Now.UtcDateTime;
        var horizon = now + DueWindow;
        // Two disjoint ranges of the partial index, each entry counted once; `d.IsOpen` stays a bare term so that
        // SQLite matches it against the index filter.
        var open = db.Set<NrmDeadline>().AsNoTracking().Where(d => d.OrganisationId == organisationId && d.IsOpen && d.DueAtUtc <= horizon);
        var overdue = await open.CountAsync(d => d.DueAtUtc <= now, cancellationToken);
        var due = await open.CountAsync(d => d.DueAtUtc > now, cancellationToken);
        var items = await open.OrderBy(d => d.DueAtUtc).Take(take)
            .Select(d => new DeadlineView(d.CaseId, d.Kind, d.DueDate, d.DueAtUtc, d.DueAtUtc <= now ? DeadlineStatus.Overdue : DeadlineStatus.Due))
            .ToListAsync(cancellationToken);
        return NrmResult<NrmDashboard>.Success(new NrmDashboard(organisationId, overdue, due, items));
    }

    /// <summary>
    /// The assistance statistics over every case in the mechanism (aggregates only, small counts suppressed at
    /// <paramref name="threshold"/>): time from question to each decision (the previous step's instant to the
    /// decision's), the share of reasonable-grounds decisions within their target, and services delivered per person.
    /// Cases whose person refused or withdrew consent to statistics are left out (<see cref="StatisticsConsent"/>).
    /// Published only through the <c>assistance-statistics</c> release (<c>AssistanceStatisticsProducer</c>), which logs it.
    /// </summary>
    public async Task<StatisticsInput<AssistanceReport>> StatisticsAsync(int threshold, CancellationToken cancellationToken)
    {
        var refused = await StatisticsConsent.RefusedAsync(db, cancellationToken);
        var events = (await db.Set<NrmEvent>().AsNoTracking().Select(e => new { e.CaseId, e.Transition, e.AtUtc }).ToListAsync(cancellationToken))
            .Where(e => !refused.Contains(e.CaseId)).ToList();
        var targets = (await db.Set<NrmDeadline>().AsNoTracking().Where(d => d.Kind == "reasonable-grounds-target" && d.ServiceReferralId == null)
                .Select(d => new { d.CaseId, d.DueAtUtc }).ToListAsync(cancellationToken))
            .ToLookup(d => d.CaseId, d => d.DueAtUtc);
        var decisions = new List<DecisionTiming>();
        foreach (var steps in events.GroupBy(e => e.CaseId))
        {
            var ordered = steps.OrderBy(e => e.AtUtc).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (AssistanceStatistics.KindOf(ordered[i].Transition) is not { } kind)
                {
                    continue;
                }
                var asked = ordered[i - 1].AtUtc;
                DateTimeOffset? target = kind == "reasonable-grounds"
                    ? targets[steps.Key].Where(t => t >= asked).Order().Select(t => (DateTimeOffset?)new DateTimeOffset(t, TimeSpan.Zero)).FirstOrDefault()
                    : null;
                decisions.Add(new DecisionTiming(kind, new DateTimeOffset(asked, TimeSpan.Zero), new DateTimeOffset(ordered[i].AtUtc, TimeSpan.Zero), target));
            }
        }
        var everyone = await db.Set<NrmCase>().AsNoTracking().Select(n => n.CaseId).ToListAsync(cancellationToken);
        var people = everyone.Where(id => !refused.Contains(id)).ToList();
        var delivered = (await db.Set<AssistanceDelivery>().AsNoTracking().Select(a => new { a.CaseId, a.Service }).ToListAsync(cancellationToken))
            .ToLookup(a => a.CaseId, a => a.Service);
        return new(AssistanceStatistics.Compute(decisions, people.Select(id => (IReadOnlyCollection<string>)[.. delivered[id]]), threshold),
            everyone.Count - people.Count);
    }

    private static DeadlineView View(LifecycleEngine engine, NrmDeadline d, DateTimeOffset now) =>
        new(d.CaseId, d.Kind, d.DueDate, d.DueAtUtc,
            engine.Evaluate(new Deadline(d.Kind, d.DueDate, new DateTimeOffset(d.DueAtUtc, TimeSpan.Zero)), now));

    private static NrmDeadline NewDeadline(Guid caseId, Guid organisationId, Deadline deadline, Guid? serviceReferralId) => new()
    {
        Id = Guid.CreateVersion7(),
        CaseId = caseId,
        OrganisationId = organisationId,
        Kind = deadline.Kind,
        DueDate = deadline.DueDate,
        DueAtUtc = deadline.DueAt.UtcDateTime,
        ServiceReferralId = serviceReferralId,
    };

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Open(NrmEvent e, CaseTextKey? key)
    {
        if (key is null)
        {
            e.TextSealed = e.ReasonsCiphertext is not null;
            return;
        }
        e.Reasons = key.Open(SealedText.NrmEvent, e.Id, SealedText.Reasons, e.ReasonsCiphertext);
    }

    private static void Open(ServiceReferral r, CaseTextKey? key)
    {
        if (key is null)
        {
            r.TextSealed = r.SharedNoteCiphertext is not null || r.ReasonCiphertext is not null || r.OverrideReasonCiphertext is not null;
            return;
        }
        r.SharedNote = key.Open(SealedText.ServiceReferral, r.Id, SealedText.SharedNote, r.SharedNoteCiphertext);
        r.Reason = key.Open(SealedText.ServiceReferral, r.Id, SealedText.Reason, r.ReasonCiphertext);
        r.OverrideReason = key.Open(SealedText.ServiceReferral, r.Id, SealedText.OverrideReason, r.OverrideReasonCiphertext);
    }

    private static void Open(CooperationRecord c, CaseTextKey? key)
    {
        if (key is null)
        {
            c.TextSealed = c.NoteCiphertext is not null;
            return;
        }
        c.Note = key.Open(SealedText.Cooperation, c.Id, SealedText.Note, c.NoteCiphertext);
    }

    private static void Open(NonPunishmentFlag f, CaseTextKey? key)
    {
        if (key is null)
        {
            f.TextSealed = f.OffenceCiphertext is not null || f.BasisCiphertext is not null || f.ProceedingsReferenceCiphertext is not null;
            return;
        }
        f.Offence = key.Open(SealedText.NonPunishment, f.Id, SealedText.Offence, f.OffenceCiphertext);
        f.Basis = key.Open(SealedText.NonPunishment, f.Id, SealedText.Basis, f.BasisCiphertext);
        f.ProceedingsReference = key.Open(SealedText.NonPunishment, f.Id, SealedText.ProceedingsReference, f.ProceedingsReferenceCiphertext);
    }

    /// <summary>NotFound when the case is not visible, Forbidden unless the viewer may change its records (the owning organisation, <see cref="CaseAccess.MayEdit"/>).</summary>
    private async Task<NrmOutcome> CanEditAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken) =>
        await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken) is not { } owner
            ? NrmOutcome.NotFound
            : CaseAccess.MayEdit(viewer, owner) ? NrmOutcome.Success : NrmOutcome.Forbidden;

    private async Task<NrmResult<NrmCase>> EditableAsync(Guid caseId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => (Guid?)c.OrganisationId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return NrmResult<NrmCase>.Of(NrmOutcome.NotFound);
        }
        if (!CaseAccess.MayEdit(viewer, owner.Value))
        {
            return NrmResult<NrmCase>.Of(NrmOutcome.Forbidden);
        }
        var record = await db.Set<NrmCase>().SingleOrDefaultAsync(n => n.CaseId == caseId, cancellationToken);
        return record is null ? NrmResult<NrmCase>.Of(NrmOutcome.NotFound) : NrmResult<NrmCase>.Success(record);
    }

    /// <summary>The case's lifecycle record, engine, facts and the viewer's roles on it; null when not visible or not started.</summary>
    private async Task<(NrmCase Record, LifecycleEngine Engine, CaseFacts Facts, IReadOnlySet<string> Roles)?> LoadAsync(Guid caseId, CaseViewer viewer, bool tracked,
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
        var consent = authorityRecipients.Any(r => ConsentRules.Decide(consents, ConsentPurpose.Referral, r, today, isChild, [], null, false).Allowed);

        var cooperation = await db.Set<CooperationRecord>().Where(c => c.CaseId == caseId).OrderByDescending(c => c.RecordedOn).Select(c => (CooperationStatus?)c.Status)
            .FirstOrDefaultAsync(cancellationToken) ?? CooperationStatus.NotRecorded;

        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (viewer.IsLocalOperator)
        {
            roles.UnionWith(definition.Roles);
        }
        else if (viewer.OrganisationId is { } organisation)
        {
            if (organisation == @case.OrganisationId)
            {
                roles.Add("first-responder");
            }
            if (await db.Organisations.AnyAsync(o => o.Id == organisation && authorityTypes.Contains(o.Type), cancellationToken))
            {
                roles.Add("competent-authority");
            }
            if (await db.Set<ServiceReferral>().AnyAsync(r => r.CaseId == caseId && r.ToOrganisationId == organisation
                && (r.State == ServiceReferralState.Accepted || r.State == ServiceReferralState.Completed), cancellationToken))
            {
                roles.Add("support-provider");
            }
        }
        var facts = new CaseFacts(record.State, new DateTimeOffset(record.EnteredStateAtUtc, TimeSpan.Zero), isChild, record.GuardianAppointedOn is not null, consent, cooperation);
        return (record, engine, facts, roles);
    }
}
