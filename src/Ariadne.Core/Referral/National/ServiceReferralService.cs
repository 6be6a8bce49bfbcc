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

/// <summary>
/// A request for a referral to a service. <c>OverrideReason</c> is a documented reason to refer without consent; only a
/// coordinator may give one (<see cref="CaseViewer.CanOverrideConsent"/>).
/// </summary>
public sealed record ServiceRequestInput(string Service, Guid ToOrganisationId, string? SharedNote, string? OverrideReason = null);

/// <summary>
/// Referrals to services under the national referral mechanism: the services each organisation declares, a referral
/// behind the consent gate (<see cref="ServiceReferralRules"/>), the receiving organisation's incoming list and
/// response, and the assistance record. Free texts (shared notes, rejection and override reasons) are sealed under the
/// person's data key (<see cref="CaseTextVault"/>); referrals and their outcomes are audited.
/// </summary>
public sealed class ServiceReferralService(AppDbContext db, TimeProvider time, IAuditLog audit, Jurisdictions jurisdictions, CaseTextVault texts)
{
    private const int MaxTextLength = NrmLifecycleService.MaxTextLength;
    private const string Subject = NrmSupport.Subject;

    private DateTimeOffset Now => time.GetUtcNow();

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

    /// <summary>The services every organisation declares (the organisations a case may be referred to), by organisation.</summary>
    public async Task<ILookup<Guid, string>> OffersAsync(CancellationToken cancellationToken) =>
        (await db.Set<ServiceOffer>().AsNoTracking().OrderBy(o => o.Service).ToListAsync(cancellationToken)).ToLookup(o => o.OrganisationId, o => o.Service);

    /// <summary>Refers the case to another organisation for a service, if the consent gate allows it.</summary>
    public async Task<Result<ServiceReferral>> RequestServiceAsync(Guid caseId, ServiceRequestInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.Visible(viewer).Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, c.AgeGroup }).SingleOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return Problem.NotFound();
        }
        // Only the case owner refers onwards: a support provider sees the case pseudonymised and cannot judge consent.
        if (!CaseAccess.MayEdit(viewer, @case.OrganisationId))
        {
            return Problem.Forbidden();
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
            return Problem.Refused(check.Refusals);
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
        db.Add(NrmDeadline.Open(caseId, input.ToOrganisationId, jurisdictions.For(jurisdiction).ServiceResponseDeadline(now), referral.Id));
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
        return Result<ServiceReferral>.Success(referral);
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
            using var key = viewer.CanRespondToReferrals && byCase.Any(r => r.SharedNoteCiphertext is not null)
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
    public async Task<Result<ServiceReferral>> RespondAsync(Guid referralId, ServiceReferralAction action, string? reason, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var referral = await db.Set<ServiceReferral>().SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return Problem.NotFound();
        }
        var party = viewer.IsLocalOperator
            ? (action == ServiceReferralAction.Revoke ? ServiceReferralParty.Referring : ServiceReferralParty.Receiving)
            : viewer.OrganisationId == referral.ToOrganisationId ? ServiceReferralParty.Receiving
            : viewer.OrganisationId == referral.FromOrganisationId ? ServiceReferralParty.Referring
            : ServiceReferralParty.Other;
        if (party == ServiceReferralParty.Other)
        {
            // Neither party: the referral's existence is not disclosed.
            return Problem.NotFound();
        }
        // The receiving organisation answers through its case workers or support providers; the referring one revokes
        // through its case workers.
        if (party == ServiceReferralParty.Referring ? !viewer.CanEditCases : !viewer.CanRespondToReferrals)
        {
            return Problem.Forbidden();
        }
        if (ServiceReferralRules.Check(referral.State, action, party, reason) is { } refusal)
        {
            return Problem.Refused([refusal]);
        }
        // Checked before anything changes: a refused answer leaves the referral and the case's share as they were.
        if (reason is { Length: > MaxTextLength })
        {
            return Problem.Refused([new Refusal("TooLong", ["reason", MaxTextLength.ToString(CultureInfo.InvariantCulture)])]);
        }
        var now = Now.UtcDateTime;
        referral.State = ServiceReferralRules.Next(action);
        // The receiving organisation sees the case (pseudonymised) while the referral is accepted or completed.
        await CaseShare.SetAsync(db, referral.Id, referral.CaseId, referral.ToOrganisationId,
            referral.State is ServiceReferralState.Accepted or ServiceReferralState.Completed, cancellationToken);
        if (action is ServiceReferralAction.Accept or ServiceReferralAction.Reject)
        {
            referral.RespondedAtUtc = now;
        }
        if (action is not ServiceReferralAction.Accept)
        {
            referral.ClosedAtUtc = now;
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
        return Result<ServiceReferral>.Success(referral);
    }

    /// <summary>Records a service delivered to the person, with its dates (the assistance record).</summary>
    public async Task<Result<AssistanceDelivery>> RecordAssistanceAsync(Guid caseId, string service, Guid providerOrganisationId, DateOnly startedOn, DateOnly? endedOn,
        Guid? serviceReferralId, CaseViewer viewer, CancellationToken cancellationToken)
    {
        // The owner and a support provider (an organisation whose referral was accepted or completed) record what was delivered.
        if (!viewer.CanRespondToReferrals || !await db.Cases.Visible(viewer).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return Problem.NotFound();
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
            return Problem.Refused(refusals);
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
        return Result<AssistanceDelivery>.Success(delivery);
    }
}
