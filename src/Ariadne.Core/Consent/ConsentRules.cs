namespace Ariadne.Core.Consent;

/// <summary>The outcome of a consent check, with the ground it rests on.</summary>
public enum ConsentGround
{
    Consent,
    ChildBestInterest,
    DocumentedOverride,
    Refused,
}

public sealed record ConsentDecision(bool Allowed, ConsentGround Ground, string Reason);

/// <summary>
/// Decides whether an action that needs consent may go ahead (pure: no database, no clock). A purpose without an
/// active consent is refused, except a referral of a child whose latest applicable best-interest decision
/// (<see cref="BestInterestDecision"/>) found it in the child's best interest, or an action with a documented override
/// (a reason) by an authorised role (<see cref="Cases.CaseViewer.CanOverrideConsent"/>), which the caller seals and audits.
/// </summary>
/// <remarks>The decision's reason never repeats the override reason: it is free text about the person and stays sealed.</remarks>
public static class ConsentRules
{
    public static ConsentDecision Decide(
        IEnumerable<ConsentRecord> records,
        ConsentPurpose purpose,
        Guid? recipientOrganisationId,
        DateOnly today,
        bool isChild,
        IEnumerable<BestInterestDecision> bestInterestDecisions,
        string? overrideReason,
        bool overrideAuthorised)
    {
        if (purpose == ConsentPurpose.Referral && recipientOrganisationId is null)
        {
            throw new ArgumentException("A referral consent check needs the recipient organisation.", nameof(recipientOrganisationId));
        }
        var active = records.Any(r => r.Purpose == purpose
            && r.IsActiveOn(today)
            && (purpose != ConsentPurpose.Referral || r.RecipientOrganisationId == recipientOrganisationId));
        if (active)
        {
            return new(true, ConsentGround.Consent, "An active consent covers this purpose.");
        }
        if (purpose == ConsentPurpose.Referral && isChild
            && LatestApplicable(bestInterestDecisions, recipientOrganisationId, today) is { Outcome: BestInterestOutcome.ReferralInBestInterest })
        {
            return new(true, ConsentGround.ChildBestInterest, "The person is a child and a recorded best-interest decision found the referral in the child's best interest.");
        }
        if (!string.IsNullOrWhiteSpace(overrideReason) && overrideAuthorised)
        {
            return new(true, ConsentGround.DocumentedOverride, "Allowed by a documented override of an authorised role (the reason is sealed in the record).");
        }
        return new(false, ConsentGround.Refused, purpose == ConsentPurpose.Referral
            ? "The person has not consented to a referral to this organisation."
            : $"The person has not consented to {purpose.ToString().ToLowerInvariant()}.");
    }

    /// <summary>The newest best-interest decision that covers a referral to <paramref name="recipientOrganisationId"/> on <paramref name="today"/>, or null.</summary>
    public static BestInterestDecision? LatestApplicable(IEnumerable<BestInterestDecision> decisions, Guid? recipientOrganisationId, DateOnly today) =>
        decisions.Where(d => d.Covers(recipientOrganisationId, today))
            .OrderByDescending(d => d.DecidedOn).ThenByDescending(d => d.RecordedAtUtc).FirstOrDefault();
}
