namespace Ariadne.Core.Retention;

/// <summary>
/// Decides whether the identifying data of one case's person is due for erasure under the retention policy (pure: the
/// facts and the clock are passed in).
/// </summary>
/// <remarks>
/// The rule, in order:
/// <list type="number">
/// <item>Already erased: nothing to do.</item>
/// <item>Policy off (<see cref="RetentionOptions.IdentityYears"/> is 0): kept.</item>
/// <item>A case with a referral lifecycle is closed when its lifecycle is in a terminal state of its jurisdiction
/// (<c>closed</c> or <c>withdrawn</c> in every shipped definition); the case status is then not consulted. A case
/// without a lifecycle is closed when its case status is <c>closed</c> or <c>closed-referred</c>. Not closed: kept.</item>
/// <item>The retention period starts at the later of the moment the lifecycle entered its terminal state and the last
/// change to the case file (<see cref="Cases.Case.UpdatedAtUtc"/>); for a case without a lifecycle, at its last change,
/// which includes the change that closed it. A correction after closure therefore restarts the period.</item>
/// <item>Due when that start plus <see cref="RetentionOptions.IdentityYears"/> calendar years (29 February counts as
/// 28 February in a common year) is at or before now; otherwise not yet due.</item>
/// <item>Due, but a legal hold is set: kept, and reported as held.</item>
/// </list>
/// </remarks>
public static class RetentionRules
{
    /// <summary>The codes of the <c>case-status</c> list that count as closed for a case without a lifecycle.</summary>
    public static readonly IReadOnlySet<string> ClosedCaseStatuses = new HashSet<string>(StringComparer.Ordinal) { "closed", "closed-referred" };

    public static RetentionDecision Decide(RetentionFacts facts, int identityYears, DateTime nowUtc)
    {
        if (facts.Erased)
        {
            return new(RetentionReason.AlreadyErased, null);
        }
        if (identityYears <= 0)
        {
            return new(RetentionReason.Off, null);
        }
        DateTime start;
        RetentionReason due;
        if (facts.HasLifecycle)
        {
            if (!facts.LifecycleTerminal || facts.LifecycleClosedAtUtc is not { } closed)
            {
                return new(RetentionReason.Open, null);
            }
            start = closed > facts.UpdatedAtUtc ? closed : facts.UpdatedAtUtc;
            due = RetentionReason.DueLifecycleClosed;
        }
        else
        {
            if (!ClosedCaseStatuses.Contains(facts.CaseStatus))
            {
                return new(RetentionReason.Open, null);
            }
            start = facts.UpdatedAtUtc;
            due = RetentionReason.DueCaseClosed;
        }
        var dueAt = start.AddYears(Math.Min(identityYears, RetentionOptions.MaxYears));
        if (dueAt > nowUtc)
        {
            return new(RetentionReason.NotYetDue, dueAt);
        }
        return facts.LegalHold ? new(RetentionReason.LegalHold, dueAt) : new(due, dueAt);
    }
}

/// <summary>What <see cref="RetentionRules.Decide"/> needs to know about one case; nothing identifying.</summary>
/// <param name="Erased">The person's identifying data has already been erased.</param>
/// <param name="LegalHold">The case is under a legal hold.</param>
/// <param name="CaseStatus">The code of the case status.</param>
/// <param name="UpdatedAtUtc">The last change to the case file.</param>
/// <param name="HasLifecycle">The case has a referral lifecycle.</param>
/// <param name="LifecycleTerminal">The lifecycle is in a terminal state of its jurisdiction.</param>
/// <param name="LifecycleClosedAtUtc">When the lifecycle entered its current state.</param>
public sealed record RetentionFacts(
    bool Erased, bool LegalHold, string CaseStatus, DateTime UpdatedAtUtc, bool HasLifecycle, bool LifecycleTerminal, DateTime? LifecycleClosedAtUtc);

/// <summary>The verdict on one case and, once closed, when it is (or was) due.</summary>
public readonly record struct RetentionDecision(RetentionReason Reason, DateTime? DueAtUtc)
{
    public bool IsDue => Reason is RetentionReason.DueLifecycleClosed or RetentionReason.DueCaseClosed;
}

public enum RetentionReason
{
    /// <summary>The policy is off.</summary>
    Off,

    /// <summary>The identifying data is already gone.</summary>
    AlreadyErased,

    /// <summary>The case is not closed.</summary>
    Open,

    /// <summary>Closed, but the retention period has not ended.</summary>
    NotYetDue,

    /// <summary>Due, but a legal hold blocks the erasure.</summary>
    LegalHold,

    /// <summary>Due: the referral lifecycle ended (terminal state) at least the retention period ago.</summary>
    DueLifecycleClosed,

    /// <summary>Due: a case without a lifecycle was closed (case status) at least the retention period ago.</summary>
    DueCaseClosed,
}
