namespace Ariadne.Core.Audit;

/// <summary>The one call every module makes to record an audited action.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="record"/> at the end of the chain in a transaction of its own.</summary>
    /// <remarks>
    /// Call it after your own changes are saved and outside a transaction of your own: on SQLite the append waits for
    /// the database write lock, which your open transaction would hold.
    /// </remarks>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);
}

/// <summary>Who is acting and from where, for records that do not name an actor themselves.</summary>
public interface IAuditContext
{
    AuditActor Actor { get; }

    /// <summary>The client's IP address, or null when there is no network client (command line).</summary>
    string? FromAddress { get; }
}

/// <summary>The command line: the local operator, no address.</summary>
public sealed class LocalOperatorAuditContext : IAuditContext
{
    public AuditActor Actor => AuditActorOverride.Actor ?? AuditActor.LocalOperator;

    public string? FromAddress => null;
}
