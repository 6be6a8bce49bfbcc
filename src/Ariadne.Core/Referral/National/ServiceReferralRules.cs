using Ariadne.Analytics.Referral;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Consent;

namespace Ariadne.Core.Referral.National;

/// <summary>Where a referral to a service stands (Primero's referral statuses, plus completion).</summary>
public enum ServiceReferralState
{
    Requested,
    Accepted,
    Rejected,
    Completed,
    Revoked,
}

/// <summary>What an organisation may do to a referral to a service.</summary>
public enum ServiceReferralAction
{
    Accept,
    Reject,
    Complete,
    Revoke,
}

/// <summary>How the acting organisation relates to the referral.</summary>
public enum ServiceReferralParty
{
    Referring,
    Receiving,
    Other,
}

/// <summary>The outcome of a request for a referral to a service; <see cref="Consent"/> is null when the request failed before the consent check.</summary>
public sealed record ServiceReferralCheck(IReadOnlyList<Refusal> Refusals, ConsentDecision? Consent)
{
    public bool Allowed => Refusals.Count == 0;
}

/// <summary>
/// The pure rules for referrals to services: who may request, accept, reject, complete or revoke, and the consent gate
/// (<see cref="ConsentRules"/>, applied as it is, not re-implemented). Cooperation with the authorities plays no part.
/// </summary>
public static class ServiceReferralRules
{
    public const string ServiceUnknown = "ServiceUnknown";
    public const string ServiceNotOffered = "ServiceNotOffered";
    public const string SameOrganisation = "SameOrganisation";
    public const string WrongParty = "WrongParty";
    public const string NotFromState = Refusal.NotFromState;
    public const string ConsentRequired = Refusal.ConsentRequired;
    public const string FieldRequired = Refusal.FieldRequired;

    /// <summary>An override reason was given by someone whose role may not override consent (argument: the role that may).</summary>
    public const string OverrideNotAuthorised = "OverrideNotAuthorised";

    /// <summary>
    /// Whether the referring organisation may refer the case to <paramref name="recipientOrganisationId"/> for
    /// <paramref name="service"/> today. <paramref name="servicesOffered"/> are the services the recipient declares;
    /// <paramref name="bestInterestDecisions"/> are the case's recorded best-interest decisions;
    /// <paramref name="overrideReason"/> is a documented override, allowed only when <paramref name="overrideAuthorised"/>
    /// (the caller seals the reason and audits the override); an unauthorised one is refused outright.
    /// </summary>
    public static ServiceReferralCheck CanRequest(
        string service,
        Guid referringOrganisationId,
        Guid recipientOrganisationId,
        IReadOnlySet<string> servicesOffered,
        IEnumerable<ConsentRecord> consents,
        DateOnly today,
        bool isChild,
        IEnumerable<BestInterestDecision> bestInterestDecisions,
        string? overrideReason,
        bool overrideAuthorised)
    {
        var refusals = new List<Refusal>();
        if (!string.IsNullOrWhiteSpace(overrideReason) && !overrideAuthorised)
        {
            refusals.Add(new Refusal(OverrideNotAuthorised, [Users.Roles.Coordinator]));
        }
        if (!CodeListRegistry.Default[CodeListIds.AssistanceService].Contains(service))
        {
            refusals.Add(new Refusal(ServiceUnknown, [service]));
        }
        else if (!servicesOffered.Contains(service))
        {
            refusals.Add(new Refusal(ServiceNotOffered, [service]));
        }
        if (referringOrganisationId == recipientOrganisationId)
        {
            refusals.Add(new Refusal(SameOrganisation, []));
        }
        if (refusals.Count > 0)
        {
            return new(refusals, null);
        }
        var consent = ConsentRules.Decide(consents, ConsentPurpose.Referral, recipientOrganisationId, today, isChild, bestInterestDecisions, overrideReason, overrideAuthorised);
        return consent.Allowed ? new([], consent) : new([new Refusal(ConsentRequired, ["referral"])], consent);
    }

    /// <summary>The refusal of <paramref name="action"/> by <paramref name="party"/> on a referral in <paramref name="state"/>, or null when it may go ahead.</summary>
    public static Refusal? Check(ServiceReferralState state, ServiceReferralAction action, ServiceReferralParty party, string? reason)
    {
        var (from, by) = action switch
        {
            ServiceReferralAction.Accept => (new[] { ServiceReferralState.Requested }, ServiceReferralParty.Receiving),
            ServiceReferralAction.Reject => ([ServiceReferralState.Requested], ServiceReferralParty.Receiving),
            ServiceReferralAction.Complete => ([ServiceReferralState.Accepted], ServiceReferralParty.Receiving),
            ServiceReferralAction.Revoke => ([ServiceReferralState.Requested, ServiceReferralState.Accepted], ServiceReferralParty.Referring),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        if (!from.Contains(state))
        {
            return new Refusal(NotFromState, [action.ToString(), state.ToString()]);
        }
        if (party != by)
        {
            return new Refusal(WrongParty, [by.ToString()]);
        }
        if (action is ServiceReferralAction.Reject or ServiceReferralAction.Revoke && string.IsNullOrWhiteSpace(reason))
        {
            return new Refusal(FieldRequired, ["reason"]);
        }
        return null;
    }

    public static ServiceReferralState Next(ServiceReferralAction action) => action switch
    {
        ServiceReferralAction.Accept => ServiceReferralState.Accepted,
        ServiceReferralAction.Reject => ServiceReferralState.Rejected,
        ServiceReferralAction.Complete => ServiceReferralState.Completed,
        ServiceReferralAction.Revoke => ServiceReferralState.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
