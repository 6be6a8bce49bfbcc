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
/// active consent is refused, except a referral of a child with a recorded best-interest decision, or an action with a
/// documented override by an authorised role (which the caller must audit).
/// </summary>
public static class ConsentRules
{
    public static ConsentDecision Decide(
        IEnumerable<ConsentRecord> records,
        ConsentPurpose purpose,
        Guid? recipientOrganisationId,
        DateOnly today,
        bool isChild,
        bool bestInterestDecisionRecorded,
        string? overrideReason)
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
        if (purpose == ConsentPurpose.Referral && isChild && bestInterestDecisionRecorded)
        {
            return new(true, ConsentGround.ChildBestInterest, "The person is a child and a best-interest decision is recorded.");
        }
        if (!string.IsNullOrWhiteSpace(overrideReason))
        {
            return new(true, ConsentGround.DocumentedOverride, "Allowed by a documented override: " + overrideReason.Trim());
        }
        return new(false, ConsentGround.Refused, purpose == ConsentPurpose.Referral
            ? "The person has not consented to a referral to this organisation."
            : $"The person has not consented to {purpose.ToString().ToLowerInvariant()}.");
    }
}
