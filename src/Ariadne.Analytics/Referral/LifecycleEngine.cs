namespace Ariadne.Analytics.Referral;

/// <summary>What the engine knows about a case when deciding a step. Cooperation is carried but no guard can read it.</summary>
/// <param name="State">The current lifecycle state.</param>
/// <param name="EnteredStateAt">When the case entered <paramref name="State"/> (starts its period).</param>
/// <param name="IsChild">A child, or presumed to be one while the age is uncertain.</param>
/// <param name="GuardianAppointed">A guardian is appointed and recorded.</param>
/// <param name="ReferralConsent">The consent rules allow the referral to the competent authority (adults only matter).</param>
/// <param name="Cooperation">Whether the person cooperates with the authorities: recorded, never decisive.</param>
public sealed record CaseFacts(
    string State,
    DateTimeOffset EnteredStateAt,
    bool IsChild,
    bool GuardianAppointed,
    bool ReferralConsent,
    CooperationStatus Cooperation = CooperationStatus.NotRecorded);

/// <summary>A request for one step, by an organisation holding <paramref name="ActorRoles"/> on the case.</summary>
/// <param name="TransitionId">The step asked for.</param>
/// <param name="ActorRoles">The referral-mechanism roles the acting organisation holds on the case.</param>
/// <param name="RequesterRole">For steps taken at someone's request (reconsideration): the role of the requesting organisation.</param>
/// <param name="Fields">Filled-in fields such as <c>reasons</c>.</param>
public sealed record TransitionRequest(
    string TransitionId,
    IReadOnlySet<string> ActorRoles,
    string? RequesterRole = null,
    IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>Why a step is refused: a stable code and its arguments, for the UI to render in the user's language.</summary>
public sealed record Refusal(string Code, IReadOnlyList<string> Arguments)
{
    public const string UnknownTransition = "UnknownTransition";
    public const string NotFromState = "NotFromState";
    public const string RoleRequired = "RoleRequired";
    public const string RequesterNotAllowed = "RequesterNotAllowed";
    public const string FieldRequired = "FieldRequired";
    public const string ConsentRequired = "ConsentRequired";
    public const string GuardianRequired = "GuardianRequired";
    public const string PeriodNotElapsed = "PeriodNotElapsed";

    public override string ToString() => Arguments.Count == 0 ? Code : $"{Code}({string.Join(", ", Arguments)})";
}

/// <summary>The outcome of a step: allowed (with where it leads and the trafficking status it sets) or refused with every reason.</summary>
public sealed record TransitionDecision(LifecycleTransition? Transition, IReadOnlyList<Refusal> Refusals)
{
    public bool Allowed => Transition is not null && Refusals.Count == 0;
}

/// <summary>A deadline in the jurisdiction's calendar: due by the end of local day <paramref name="DueDate"/>, i.e. before <paramref name="DueAt"/>.</summary>
public sealed record Deadline(string Kind, DateOnly DueDate, DateTimeOffset DueAt);

/// <summary>Where a deadline stands at a given instant.</summary>
public enum DeadlineStatus
{
    Pending,

    /// <summary>Due today or within the warning window.</summary>
    Due,

    Overdue,
}

/// <summary>
/// Decides lifecycle steps against a <see cref="LifecycleDefinition"/> (pure: the clock is passed in). A refused step
/// reports every failing guard, not only the first, so the user sees all that is missing at once.
/// </summary>
public sealed class LifecycleEngine(LifecycleDefinition definition)
{
    public LifecycleDefinition Definition { get; } = definition;

    public TransitionDecision Decide(CaseFacts facts, TransitionRequest request, DateTimeOffset now) =>
        Decide(facts, request, now, checkInputs: true);

    /// <summary>
    /// The steps that leave the current state with what would stop them now. Inputs the user has yet to give (reasons,
    /// requester) are not checked, so a step shown as possible may still ask for them.
    /// </summary>
    public IReadOnlyList<TransitionDecision> NextSteps(CaseFacts facts, IReadOnlySet<string> actorRoles, DateTimeOffset now) =>
        [.. Definition.From(facts.State).Select(t => Decide(facts, new TransitionRequest(t.Id, actorRoles), now, checkInputs: false))];

    /// <summary>The deadline that starts when a case enters <paramref name="state"/> at <paramref name="enteredAt"/>, or null when the state has no period.</summary>
    public Deadline? DeadlineFor(string state, DateTimeOffset enteredAt) =>
        Definition.State(state).Period is { } period ? PeriodDeadline(period, enteredAt) : null;

    /// <summary>The end of the named period started at <paramref name="start"/>.</summary>
    public Deadline PeriodDeadline(string period, DateTimeOffset start) =>
        Deadline(period, Definition.Periods[period], start);

    /// <summary>When a referral to a service requested at <paramref name="requestedAt"/> should have been answered.</summary>
    public Deadline ServiceResponseDeadline(DateTimeOffset requestedAt) =>
        Deadline("service-response", Definition.ServiceReferralResponse, requestedAt);

    /// <summary>Overdue from <see cref="Deadline.DueAt"/>; due from the start of the local day <paramref name="warningDays"/> calendar days before the due date.</summary>
    public DeadlineStatus Evaluate(Deadline deadline, DateTimeOffset now, int warningDays = 2)
    {
        if (now >= deadline.DueAt)
        {
            return DeadlineStatus.Overdue;
        }
        return now >= Definition.Calendar.StartOfDay(deadline.DueDate.AddDays(-warningDays)) ? DeadlineStatus.Due : DeadlineStatus.Pending;
    }

    private Deadline Deadline(string kind, PeriodLength length, DateTimeOffset start)
    {
        var calendar = Definition.Calendar;
        var due = length.EndDate(calendar.LocalDate(start), calendar);
        return new Deadline(kind, due, calendar.StartOfDay(due.AddDays(1)));
    }

    private TransitionDecision Decide(CaseFacts facts, TransitionRequest request, DateTimeOffset now, bool checkInputs)
    {
        var candidates = Definition.Transitions.Where(t => t.Id == request.TransitionId).ToList();
        if (candidates.Count == 0)
        {
            return new(null, [new Refusal(Refusal.UnknownTransition, [request.TransitionId])]);
        }
        var transition = candidates.FirstOrDefault(t => t.From.Contains(facts.State));
        if (transition is null)
        {
            return new(null, [new Refusal(Refusal.NotFromState, [request.TransitionId, facts.State])]);
        }
        var refusals = new List<Refusal>();
        foreach (var guard in transition.Guards)
        {
            if (Check(guard, facts, request, now, checkInputs) is { } refusal)
            {
                refusals.Add(refusal);
            }
        }
        return new(transition, refusals);
    }

    private Refusal? Check(Guard guard, CaseFacts facts, TransitionRequest request, DateTimeOffset now, bool checkInputs)
    {
        switch (guard.Kind)
        {
            case GuardKind.Role:
                return guard.Arguments.Any(request.ActorRoles.Contains) ? null : new Refusal(Refusal.RoleRequired, guard.Arguments);
            case GuardKind.Requester:
                return !checkInputs || (request.RequesterRole is { } requester && guard.Arguments.Contains(requester))
                    ? null
                    : new Refusal(Refusal.RequesterNotAllowed, guard.Arguments);
            case GuardKind.Required:
                var field = guard.Arguments[0];
                return !checkInputs || (request.Fields?.GetValueOrDefault(field) is { } value && !string.IsNullOrWhiteSpace(value))
                    ? null
                    : new Refusal(Refusal.FieldRequired, [field]);
            case GuardKind.Consent:
                // No consent is needed to refer a child (OSCE handbook; UK statutory guidance): children are always referred.
                return facts.IsChild || facts.ReferralConsent ? null : new Refusal(Refusal.ConsentRequired, guard.Arguments);
            case GuardKind.Guardian:
                return !facts.IsChild || facts.GuardianAppointed ? null : new Refusal(Refusal.GuardianRequired, []);
            case GuardKind.PeriodElapsed:
                var deadline = DeadlineFor(facts.State, facts.EnteredStateAt)!;
                return now >= deadline.DueAt
                    ? null
                    : new Refusal(Refusal.PeriodNotElapsed, [deadline.Kind, deadline.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
            default:
                throw new ArgumentOutOfRangeException(nameof(guard), guard.Kind, null);
        }
    }
}
