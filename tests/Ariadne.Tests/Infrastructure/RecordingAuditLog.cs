using System.Collections.Concurrent;
using Ariadne.Core.Audit;

namespace Ariadne.Tests.Infrastructure;

/// <summary>An audit log that keeps the records in memory, for tests of services that do not test the log itself.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Records.Enqueue(record);
        return Task.CompletedTask;
    }
}
