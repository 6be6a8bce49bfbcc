using Ariadne.Core.Jobs;
using Microsoft.Extensions.Options;

namespace Ariadne.Jobs;

/// <summary>
/// Runs queued background jobs while <c>serve</c> runs: one at a time per node, any node of a shared database. Looks for
/// work every <see cref="JobOptions.PollInterval"/>, at once when a job was started on this node. Does nothing on a node with <see cref="JobOptions.RunOnThisNode"/> false. A failed look (the
/// database briefly unreachable) is logged by its error type and retried at the next poll.
/// </summary>
internal sealed partial class JobWorker(JobRunner runner, JobSignal signal, IOptions<JobOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunOnThisNode)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var found = false;
            try
            {
                found = await runner.RunNextAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e.GetType().Name);
            }
            if (!found)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for background jobs failed ({Error}); retrying.")]
    private static partial void LogFailed(ILogger logger, string error);
}

public static class JobsSetup
{
    /// <summary>Adds the node's job runner loop (the jobs module itself is added by <c>AddAriadneCore</c>).</summary>
    public static IServiceCollection AddJobWorker(this IServiceCollection services)
    {
        services.AddHostedService<JobWorker>();
        return services;
    }
}
