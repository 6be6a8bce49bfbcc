using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Jobs;

/// <summary>
/// Claims queued jobs and runs them; one per node at a time. Any number of nodes may share one database: a job is
/// claimed by one conditional update (queued → running), so exactly one node wins it. While a job runs, its latest
/// progress and a heartbeat are stored every <see cref="JobOptions.PollInterval"/>, and a cancel request stored by any
/// node stops it. A node that stops mid-run leaves a heartbeat that ages; the next node to look for work fails that job
/// as interrupted (<see cref="JobProblems.Interrupted"/>) rather than running it twice.
/// </summary>
public sealed partial class JobRunner(IServiceScopeFactory scopes, TimeProvider time, IOptions<JobOptions> options, ILogger<JobRunner> logger)
{
    /// <summary>This node's name in <see cref="BackgroundJob.ClaimedBy"/>.</summary>
    public string NodeName { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", BackgroundJob.MaxNameLength);

    /// <summary>How often this node fails stale jobs and deletes expired ones: those are writes, the look for work is a read.</summary>
    public static readonly TimeSpan HouseKeepingInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset nextHouseKeeping = DateTimeOffset.MinValue;

    /// <summary>
    /// Fails stale running jobs and deletes expired ones (at most every <see cref="HouseKeepingInterval"/>), then claims the
    /// oldest queued job and runs it to its end.
    /// </summary>
    /// <returns>Whether a job was found (claimed by this node or, in a race, by another), so the caller looks again at once.</returns>
    public async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        Guid id;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (time.GetUtcNow() >= nextHouseKeeping)
            {
                await HouseKeepAsync(db, stoppingToken);
                nextHouseKeeping = time.GetUtcNow() + HouseKeepingInterval;
            }
            var next = await db.BackgroundJobs.Where(j => j.State == JobState.Queued).OrderBy(j => j.CreatedAtUtc).Select(j => (Guid?)j.Id)
                .FirstOrDefaultAsync(stoppingToken);
            if (next is null)
            {
                return false;
            }
            id = next.Value;
            var now = time.GetUtcNow().UtcDateTime;
            var claimed = await db.BackgroundJobs.Where(j => j.Id == id && j.State == JobState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Running).SetProperty(j => j.ClaimedBy, NodeName)
                    .SetProperty(j => j.StartedAtUtc, now).SetProperty(j => j.HeartbeatAtUtc, now), stoppingToken);
            if (claimed == 0)
            {
                return true;
            }
        }
        await RunClaimedAsync(id, stoppingToken);
        return true;
    }

    private async Task RunClaimedAsync(Guid id, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id, stoppingToken);
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().SingleOrDefault(h => h.Kind == job.Kind);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new LatestProgress();
        var actor = new AuditActor(job.ActorUserId, job.ActorName, job.OrganisationId);
        var viewer = new CaseViewer(job.ActorUserId, job.OrganisationId,
            job.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
        using var stopBeating = new CancellationTokenSource();
        var heartbeat = BeatAsync(id, progress, cancel, stopBeating.Token);
        Result<JobOutput> result;
        try
        {
            using (AuditActorOverride.Use(actor))
            {
                result = handler is null
                    ? Problem.Invalid("Kind", "UnknownCode", $"There is no job of kind '{job.Kind}' on this node.", job.Kind)
                    : await handler.RunAsync(new JobContext(id, job.Input, viewer, actor, progress, scope.ServiceProvider), cancel.Token);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await stopBeating.CancelAsync();
            await heartbeat;
            if (stoppingToken.IsCancellationRequested)
            {
                await FinishAsync(id, JobState.Failed, JobProblems.Interrupted, null, CancellationToken.None);
                return;
            }
            await FinishAsync(id, JobState.Cancelled, null, null, CancellationToken.None);
            return;
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, job.Kind, e.GetType().Name);
            result = JobProblems.Internal;
        }
        await stopBeating.CancelAsync();
        await heartbeat;
        if (result.Succeeded)
        {
            await FinishAsync(id, JobState.Succeeded, null, result.Value, CancellationToken.None);
        }
        else
        {
            await FinishAsync(id, JobState.Failed, result.Problem, null, CancellationToken.None);
        }
    }

    /// <summary>Stores the latest progress and a heartbeat every poll interval; cancels the run when a cancel request is stored.</summary>
    private async Task BeatAsync(Guid id, LatestProgress progress, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.Value.PollInterval, time, stop);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var (fraction, stage) = progress.Latest;
                var now = time.GetUtcNow().UtcDateTime;
                await db.BackgroundJobs.Where(j => j.Id == id && j.State == JobState.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, fraction).SetProperty(j => j.Stage, stage).SetProperty(j => j.HeartbeatAtUtc, now), stop);
                if (await db.BackgroundJobs.AnyAsync(j => j.Id == id && j.CancelRequested, stop))
                {
                    await cancel.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended: the last state is written by FinishAsync.
        }
    }

    private async Task FinishAsync(Guid id, JobState state, Problem? problem, JobOutput? output, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = await db.BackgroundJobs.SingleAsync(j => j.Id == id, cancellationToken);
        job.State = state;
        job.FinishedAtUtc = time.GetUtcNow().UtcDateTime;
        job.HeartbeatAtUtc = job.FinishedAtUtc;
        job.ProblemJson = problem is null ? null : JobProblems.Serialise(problem);
        if (state == JobState.Succeeded)
        {
            job.Progress = 1;
        }
        job.ResultPath = output?.ResultPath is { } path ? Truncate(path, BackgroundJob.MaxPathLength) : null;
        job.Summary = output?.Summary?.Serialise(BackgroundJob.MaxPathLength);
        job.OutputFileName = output?.File?.FileName is { } name ? Truncate(name, BackgroundJob.MaxNameLength) : null;
        job.OutputContentType = output?.File?.ContentType;
        job.Output = output?.File?.Content;
        job.Input = [];
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task HouseKeepAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - options.Value.StaleAfter;
        var interrupted = JobProblems.Serialise(JobProblems.Interrupted);
        await db.BackgroundJobs.Where(j => j.State == JobState.Running && j.HeartbeatAtUtc < staleBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.FinishedAtUtc, now)
                .SetProperty(j => j.ProblemJson, interrupted).SetProperty(j => j.Input, Array.Empty<byte>()), cancellationToken);
        var expiredBefore = now - options.Value.KeepFor;
        await db.BackgroundJobs.Where(j => j.FinishedAtUtc != null && j.FinishedAtUtc < expiredBefore).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Error, Message = "A job of kind {Kind} failed with {ExceptionType}.")]
    private static partial void LogHandlerFailed(ILogger logger, string kind, string exceptionType);

    /// <summary>Keeps only the latest report; the heartbeat stores it, so a handler may report as often as it likes.</summary>
    private sealed class LatestProgress : IProgress<JobProgress>
    {
        private volatile Snapshot latest = new(0, null);

        public (double Fraction, string? Stage) Latest => (latest.Fraction, latest.Stage);

        public void Report(JobProgress value) =>
            latest = new Snapshot(Math.Clamp(double.IsFinite(value.Fraction) ? value.Fraction : 0, 0, 1),
                value.Stage.Length <= BackgroundJob.MaxStageLength ? value.Stage : value.Stage[..BackgroundJob.MaxStageLength]);

        private sealed record Snapshot(double Fraction, string? Stage);
    }
}
