using Ariadne.Analytics.Referral;
using Ariadne.Core.Cases;
using Ariadne.Core.Referral.National;

namespace Ariadne.Referral.National;

// What the referral-mechanism API returns: response records with the JSON names the API has always used, built from
// the Core records, so that a change to the storage model never changes the contract by accident. Sealed texts are
// null with TextSealed set, as the service left them; ciphertexts never leave Core.

/// <summary>A case's entry in the mechanism. <c>Version</c> is what a transition sends back as <c>expectedVersion</c>.</summary>
public sealed record NrmCaseResponse(
    Guid CaseId, Guid OrganisationId, string Jurisdiction, string State, DateTime EnteredStateAtUtc, bool PresumedChild,
    DateOnly? GuardianAppointedOn, Guid? GuardianOrganisationId, int Version)
{
    public static NrmCaseResponse From(NrmCase c) =>
        new(c.CaseId, c.OrganisationId, c.Jurisdiction, c.State, c.EnteredStateAtUtc, c.PresumedChild, c.GuardianAppointedOn, c.GuardianOrganisationId, c.Version);
}

/// <summary>One lifecycle step taken.</summary>
public sealed record NrmEventResponse(
    Guid Id, Guid CaseId, string Transition, string FromState, string ToState, DateTime AtUtc, Guid? ActorUserId, Guid? ActorOrganisationId,
    string ActorRoles, string? RequesterRole, string? Reasons, string? TraffickingStatus, bool TextSealed)
{
    public static NrmEventResponse From(NrmEvent e) =>
        new(e.Id, e.CaseId, e.Transition, e.FromState, e.ToState, e.AtUtc, e.ActorUserId, e.ActorOrganisationId, e.ActorRoles, e.RequesterRole, e.Reasons,
            e.TraffickingStatus, e.TextSealed);
}

/// <summary>A referral to a service.</summary>
public sealed record ServiceReferralResponse(
    Guid Id, Guid CaseId, string Service, Guid FromOrganisationId, Guid ToOrganisationId, ServiceReferralState State, string ConsentGround,
    string? SharedNote, DateTime RequestedAtUtc, DateTime? RespondedAtUtc, DateTime? ClosedAtUtc, string? Reason, string? OverrideReason,
    Guid? OverriddenByUserId, bool TextSealed)
{
    public static ServiceReferralResponse From(ServiceReferral r) =>
        new(r.Id, r.CaseId, r.Service, r.FromOrganisationId, r.ToOrganisationId, r.State, r.ConsentGround, r.SharedNote, r.RequestedAtUtc, r.RespondedAtUtc,
            r.ClosedAtUtc, r.Reason, r.OverrideReason, r.OverriddenByUserId, r.TextSealed);
}

/// <summary>A case awaiting the competent authority's decision, pseudonymised (no identity), with its open deadline.</summary>
public sealed record DecisionQueueItemResponse(
    Guid CaseId, string CaseCode, string Jurisdiction, string State, DateTime EnteredStateAtUtc, AgeGroup AgeGroup, string Sex,
    IReadOnlyList<string> ExploitationForms, DateOnly IdentificationDate, DeadlineView? Deadline)
{
    public static DecisionQueueItemResponse From(DecisionQueueItem i) =>
        new(i.CaseId, i.CaseCode, i.Jurisdiction, i.State, i.EnteredStateAtUtc, i.AgeGroup, i.Sex, i.ExploitationForms, i.IdentificationDate, i.Deadline);
}

/// <summary>A record of the person's cooperation with the authorities.</summary>
public sealed record CooperationResponse(Guid Id, Guid CaseId, CooperationStatus Status, DateOnly RecordedOn, string? Note, Guid? RecordedByUserId, bool TextSealed)
{
    public static CooperationResponse From(CooperationRecord c) => new(c.Id, c.CaseId, c.Status, c.RecordedOn, c.Note, c.RecordedByUserId, c.TextSealed);
}

/// <summary>A non-punishment flag for the prosecutor's notice.</summary>
public sealed record NonPunishmentFlagResponse(
    Guid Id, Guid CaseId, string? Offence, string? ProceedingsReference, string? Basis, DateOnly FlaggedOn, Guid? FlaggedByUserId, bool TextSealed)
{
    public static NonPunishmentFlagResponse From(NonPunishmentFlag f) =>
        new(f.Id, f.CaseId, f.Offence, f.ProceedingsReference, f.Basis, f.FlaggedOn, f.FlaggedByUserId, f.TextSealed);
}

/// <summary>A service delivered to the person.</summary>
public sealed record AssistanceResponse(Guid Id, Guid CaseId, string Service, Guid ProviderOrganisationId, DateOnly StartedOn, DateOnly? EndedOn, Guid? ServiceReferralId)
{
    public static AssistanceResponse From(AssistanceDelivery a) => new(a.Id, a.CaseId, a.Service, a.ProviderOrganisationId, a.StartedOn, a.EndedOn, a.ServiceReferralId);
}

/// <summary>Everything about one case in the mechanism: state, next steps with what stops them, deadlines and the records.</summary>
public sealed record LifecycleResponse(
    Guid CaseId, string Jurisdiction, string State, DateTime EnteredStateAtUtc, bool IsChild, DateOnly? GuardianAppointedOn, IReadOnlyList<string> ActorRoles,
    IReadOnlyList<NextStep> NextSteps, IReadOnlyList<DeadlineView> Deadlines, IReadOnlyList<NrmEventResponse> Events,
    IReadOnlyList<ServiceReferralResponse> ServiceReferrals, IReadOnlyList<AssistanceResponse> Assistance, IReadOnlyList<CooperationResponse> Cooperation)
{
    public static LifecycleResponse From(LifecycleView v) =>
        new(v.CaseId, v.Jurisdiction, v.State, v.EnteredStateAtUtc, v.IsChild, v.GuardianAppointedOn, v.ActorRoles, v.NextSteps, v.Deadlines,
            [.. v.Events.Select(NrmEventResponse.From)], [.. v.ServiceReferrals.Select(ServiceReferralResponse.From)],
            [.. v.Assistance.Select(AssistanceResponse.From)], [.. v.Cooperation.Select(CooperationResponse.From)]);
}
