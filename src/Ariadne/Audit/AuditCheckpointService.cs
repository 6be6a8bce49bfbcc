using System.Text;
using Ariadne.Core.Audit;
using Microsoft.Extensions.Options;

namespace Ariadne.Audit;

/// <summary>Settings of the scheduled audit checkpoints (section <c>Audit</c>, e.g. <c>Audit__CheckpointPath</c>).</summary>
public sealed class AuditCheckpointOptions
{
    public const string Section = "Audit";

    /// <summary>How often <c>serve</c> takes a checkpoint; zero or less turns the schedule off. Default one hour.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A file to write each checkpoint to (replacing the one before), ideally on storage the database server cannot
    /// write; when unset the checkpoint only goes to the log.
    /// </summary>
    public string? CheckpointPath { get; set; }
}

/// <summary>Writes a checkpoint file so that a reader never sees half of one: a temporary file beside it, then a rename.</summary>
public static class AuditCheckpointFile
{
    public static async Task WriteAsync(string path, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, checkpoint.ToJson() + "\n", Encoding.ASCII, cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }
}

/// <summary>
/// Takes a signed checkpoint of the audit log's head (<see cref="AuditCheckpoint"/>) when <c>serve</c> starts and then
/// every <see cref="AuditCheckpointOptions.CheckpointInterval"/>: logged at Information level and, when
/// <see cref="AuditCheckpointOptions.CheckpointPath"/> is set, written to that file. A checkpoint holds the entry
/// number, hash, time and MAC only, never personal data. Kept elsewhere (log shipping, a backup of the file), it lets
/// <c>ariadne audit verify --checkpoint FILE</c> detect entries removed from the end of the log.
/// </summary>
public sealed partial class AuditCheckpointService(
    IServiceScopeFactory scopes, IOptions<AuditCheckpointOptions> options, TimeProvider time, ILogger<AuditCheckpointService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await WriteCheckpointAsync(stoppingToken);
            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// <summary>Takes one checkpoint, logs it and writes the file; a failure is logged (by type only) and the schedule goes on.</summary>
    public async Task<AuditCheckpoint?> WriteCheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var checkpoint = await scope.ServiceProvider.GetRequiredService<AuditLog>().CheckpointAsync(cancellationToken);
            LogCheckpoint(logger, checkpoint.ToJson());
            if (options.Value.CheckpointPath is { Length: > 0 } path)
            {
                await AuditCheckpointFile.WriteAsync(path, checkpoint, cancellationToken);
            }
            return checkpoint;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint: {Checkpoint}")]
    private static partial void LogCheckpoint(ILogger logger, string checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit checkpoint failed ({Error}); retrying at the next interval.")]
    private static partial void LogFailed(ILogger logger, string error);
}
