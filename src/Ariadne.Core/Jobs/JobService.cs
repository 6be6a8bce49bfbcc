using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Jobs;

/// <summary>What the starter of a job sees of it.</summary>
public sealed record JobView(Guid Id, string Kind, JobState State, double Progress, string? Stage, DateTime CreatedAtUtc,
    DateTime? StartedAtUtc, DateTime? FinishedAtUtc, string? ResultPath, JobSummary? Summary, string? OutputFileName, Problem? Problem)
{
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public bool HasFile => OutputFileName is not null;
}

/// <summary>
/// Starts jobs and shows them to their starter. A job is visible to the user who started it and to nobody else
/// (another user is told it does not exist): its output is made with the starter's rights.
/// </summary>
public sealed class JobService(AppDbContext db, TimeProvider time, IAuditLog audit, IEnumerable<IJobHandler> handlers, IOptions<JobOptions> options, JobSignal signal)
{
    /// <summary>
    /// Queues a job of <paramref name="kind"/> for <paramref name="viewer"/>; any node's <see cref="JobRunner"/> picks it up.
    /// Refused when the kind is unknown, the input too large, or the user already has <see cref="JobOptions.MaxActivePerUser"/> jobs waiting or running.
    /// </summary>
    public async Task<Result<Guid>> StartAsync(string kind, byte[] input, CaseViewer viewer, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!handlers.Any(h => h.Kind == kind))
        {
            return Problem.Invalid("Kind", "UnknownCode", $"There is no job of kind '{kind}'.", kind);
        }
        if (input.LongLength > options.Value.MaxInputBytes)
        {
            return Problem.Invalid("Input", "TooLarge", $"The input has {input.LongLength} bytes; at most {options.Value.MaxInputBytes} are allowed.",
                input.LongLength, options.Value.MaxInputBytes);
        }
        var active = await db.BackgroundJobs.CountAsync(j => j.ActorUserId == viewer.UserId && (j.State == JobState.Queued || j.State == JobState.Running),
            cancellationToken);
        if (active >= options.Value.MaxActivePerUser)
        {
            return Problem.Refused("JobsBusy", $"You already have {active} jobs waiting or running; wait until one has finished.", active.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var job = new BackgroundJob
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            State = JobState.Queued,
            ActorUserId = viewer.UserId,
            ActorName = actor.Name,
            OrganisationId = viewer.OrganisationId,
            Roles = string.Join(',', viewer.Roles.Order(StringComparer.Ordinal)),
            Input = input,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.JobStart, AuditOutcomes.Success, "job", job.Id.ToString(),
            Details: new Dictionary<string, string> { ["kind"] = kind }), cancellationToken);
        signal.Wake();
        return job.Id;
    }

    public async Task<Result<JobView>> GetAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var job = await Views(Own(viewer).Where(j => j.Id == id)).SingleOrDefaultAsync(cancellationToken);
        return job is null ? Problem.NotFound() : job.ToView();
    }

    /// <summary>The viewer's most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<JobView>> RecentAsync(CaseViewer viewer, int limit, CancellationToken cancellationToken)
    {
        var rows = await Views(Own(viewer).OrderByDescending(j => j.CreatedAtUtc).Take(Math.Clamp(limit, 1, 100))).ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToView())];
    }

    /// <summary>The file the job produced; audited, since it may be a linkage result or an export.</summary>
    public async Task<Result<JobFile>> OutputAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var job = await Own(viewer).AsNoTracking().Where(j => j.Id == id && j.State == JobState.Succeeded && j.Output != null)
            .Select(j => new { j.Kind, j.OutputFileName, j.OutputContentType, j.Output })
            .SingleOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return Problem.NotFound();
        }
        await audit.AppendAsync(new AuditRecord(AuditActions.JobOutputDownload, AuditOutcomes.Success, "job", id.ToString(),
            Details: new Dictionary<string, string> { ["kind"] = job.Kind, ["bytes"] = job.Output!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        return new JobFile(job.OutputFileName!, job.OutputContentType ?? "application/octet-stream", job.Output);
    }

    /// <summary>Cancels a queued job at once; asks the node running a running job to stop it (within a poll interval).</summary>
    public async Task<Result> CancelAsync(Guid id, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queued = await Own(viewer).Where(j => j.Id == id && j.State == JobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.FinishedAtUtc, now).SetProperty(j => j.CancelRequested, true),
                cancellationToken);
        if (queued == 0)
        {
            var running = await Own(viewer).Where(j => j.Id == id && j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
            if (running == 0)
            {
                return await Own(viewer).AnyAsync(j => j.Id == id, cancellationToken)
                    ? Problem.Conflict("The job has already finished.")
                    : Problem.NotFound();
            }
        }
        return Result.Success;
    }

    private IQueryable<BackgroundJob> Own(CaseViewer viewer) => db.BackgroundJobs.Where(j => j.ActorUserId == viewer.UserId);

    /// <summary>The columns a view shows, without the input and output bytes.</summary>
    private static IQueryable<ViewRow> Views(IQueryable<BackgroundJob> jobs) => jobs.AsNoTracking().Select(j => new ViewRow(j.Id, j.Kind, j.State, j.Progress,
        j.Stage, j.CreatedAtUtc, j.StartedAtUtc, j.FinishedAtUtc, j.ResultPath, j.Summary, j.OutputFileName, j.ProblemJson));

    private sealed record ViewRow(Guid Id, string Kind, JobState State, double Progress, string? Stage, DateTime CreatedAtUtc, DateTime? StartedAtUtc,
        DateTime? FinishedAtUtc, string? ResultPath, string? Summary, string? OutputFileName, string? ProblemJson)
    {
        public JobView ToView() => new(Id, Kind, State, Progress, Stage, CreatedAtUtc, StartedAtUtc, FinishedAtUtc, ResultPath,
            Summary is null ? null : JobSummary.Deserialise(Summary), OutputFileName,
            ProblemJson is null ? null : JobProblems.Deserialise(ProblemJson));
    }
}

/// <summary>Wakes this node's runner when a job was queued here, so that it starts without waiting for the next poll.</summary>
public sealed class JobSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake: nothing to do.
            }
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
