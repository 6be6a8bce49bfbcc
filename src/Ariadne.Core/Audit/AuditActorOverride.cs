namespace Ariadne.Core.Audit;

/// <summary>
/// The actor of work done on someone's behalf outside their request: a background job runs with its starter as the
/// actor of every audit entry it writes (<see cref="Jobs.JobRunner"/>). Flows with the async context, so work the job
/// starts in parallel keeps it; every <see cref="IAuditContext"/> consults it first.
/// </summary>
public static class AuditActorOverride
{
    private static readonly AsyncLocal<AuditActor?> Current = new();

    /// <summary>The actor set by the innermost <see cref="Use"/> of this async context, or null.</summary>
    public static AuditActor? Actor => Current.Value;

    /// <summary>Makes <paramref name="actor"/> the actor until the returned scope is disposed.</summary>
    public static IDisposable Use(AuditActor actor)
    {
        var previous = Current.Value;
        Current.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
