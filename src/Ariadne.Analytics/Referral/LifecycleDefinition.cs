namespace Ariadne.Analytics.Referral;

/// <summary>How a period's length is counted.</summary>
public enum PeriodUnit
{
    CalendarDays,
    WorkingDays,
    Months,
}

/// <summary>A length of time: the recovery period, the reasonable-grounds target, move-on support, a service response.</summary>
public sealed record PeriodLength(int Length, PeriodUnit Unit)
{
    /// <summary>The last local day of a period that starts on <paramref name="start"/> (the start day itself is not counted).</summary>
    public DateOnly EndDate(DateOnly start, WorkingDayCalendar calendar) => Unit switch
    {
        PeriodUnit.CalendarDays => start.AddDays(Length),
        PeriodUnit.WorkingDays => calendar.AddWorkingDays(start, Length),
        PeriodUnit.Months => start.AddMonths(Length),
        _ => throw new ArgumentOutOfRangeException(nameof(Unit), Unit, null),
    };
}

/// <summary>One state of the case lifecycle; <paramref name="Period"/> names the period (and deadline) that starts on entering it.</summary>
public sealed record LifecycleState(string Id, bool Terminal, string? Period);

/// <summary>What a guard checks. None of them can look at cooperation with the authorities (the loader refuses it).</summary>
public enum GuardKind
{
    /// <summary>The acting organisation holds one of the roles on the case.</summary>
    Role,

    /// <summary>The organisation that asked for the step (e.g. a reconsideration) holds one of the roles.</summary>
    Requester,

    /// <summary>A field of the request (reasons, …) is filled in.</summary>
    Required,

    /// <summary>An adult has consented to the referral; a child needs no consent.</summary>
    Consent,

    /// <summary>A child has a guardian appointed and recorded; an adult passes.</summary>
    Guardian,

    /// <summary>The period of the current state has run its full length.</summary>
    PeriodElapsed,
}

/// <summary>One parsed guard, with the text it was written as (for messages).</summary>
public sealed record Guard(GuardKind Kind, IReadOnlyList<string> Arguments, string Text);

/// <summary>One allowed step: from any of <paramref name="From"/> to <paramref name="To"/>, if every guard passes.</summary>
/// <param name="Id">The step's name; the same step may be defined once per state it leaves.</param>
/// <param name="From">The states it may leave.</param>
/// <param name="To">The state it leads to.</param>
/// <param name="Guards">Conditions that must all hold.</param>
/// <param name="TraffickingStatus">The trafficking-status code the step sets on the case (a decision), or null.</param>
public sealed record LifecycleTransition(string Id, IReadOnlyList<string> From, string To, IReadOnlyList<Guard> Guards, string? TraffickingStatus);

/// <summary>A jurisdiction's referral mechanism as data: states, transitions and their guards, periods and working days.</summary>
public sealed record LifecycleDefinition(
    string Jurisdiction,
    string Name,
    string Source,
    string InitialState,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> CompetentAuthorityOrganisationTypes,
    IReadOnlyDictionary<string, PeriodLength> Periods,
    PeriodLength ServiceReferralResponse,
    IReadOnlyList<LifecycleState> States,
    IReadOnlyList<LifecycleTransition> Transitions,
    WorkingDayCalendar Calendar)
{
    public LifecycleState State(string id) =>
        States.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"Jurisdiction '{Jurisdiction}' has no state '{id}'.");

    /// <summary>The transitions that may leave <paramref name="state"/>, in definition order.</summary>
    public IEnumerable<LifecycleTransition> From(string state) => Transitions.Where(t => t.From.Contains(state));

    /// <summary>
    /// The states in which a decision is open: a step that sets the trafficking status leaves them (reasonable grounds,
    /// conclusive grounds, reconsiderations). They make the competent authority's queue.
    /// </summary>
    public IReadOnlyList<string> DecisionStates() =>
        [.. Transitions.Where(t => t.TraffickingStatus is not null).SelectMany(t => t.From).Where(s => s != "*").Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Whether the person cooperates with the authorities. Recorded separately and deliberately unavailable to guards:
/// assistance must not depend on it (CoE Convention art. 12(6)).
/// </summary>
public enum CooperationStatus
{
    NotRecorded,
    Cooperating,
    NotCooperating,
    Declined,
}
