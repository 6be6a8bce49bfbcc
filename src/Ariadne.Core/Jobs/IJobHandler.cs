using Ariadne.Core.Audit;
using Ariadne.Core.Cases;
using Ariadne.Core.Common;

namespace Ariadne.Core.Jobs;

/// <summary>How far a long run has come: <paramref name="Fraction"/> from 0 to 1 and a short stage name
/// ("Blocking", "Comparing") that the UI translates as <c>Job.Stage.{Stage}</c>.</summary>
public readonly record struct JobProgress(double Fraction, string Stage);

/// <summary>
/// Carries out one kind of job. Registered with <see cref="JobsServiceCollectionExtensions.AddJobHandler{THandler}"/>;
/// resolved in a scope of its own per run, on whichever node claimed the job.
/// </summary>
/// <remarks>
/// Contract: <see cref="RunAsync"/> acts with the starter's rights (<see cref="JobContext.Viewer"/>), audits what it
/// does like any Core service (the audit actor is the starter), reports progress now and then (the runner stores the
/// latest value about once a second), and stops promptly when the token is cancelled (the user cancelled, or the node
/// is stopping). A <see cref="Problem"/> is shown to the user like any Core problem; an exception fails the job with
/// an "internal" problem and is logged by its type only.
/// </remarks>
public interface IJobHandler
{
    /// <summary>A stable name, at most <see cref="BackgroundJob.MaxKindLength"/> characters; the UI shows <c>Job.Kind.{Kind}</c>.</summary>
    string Kind { get; }

    Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler gets: the bytes given at the start, the starter, progress, and its own service scope.</summary>
public sealed record JobContext(Guid JobId, byte[] Input, CaseViewer Viewer, AuditActor Actor, IProgress<JobProgress> Progress,
    IServiceProvider Services);

/// <summary>What a finished job offers: a page that shows the result, a file to download, a one-line summary (in every language); any may be null.</summary>
public sealed record JobOutput(string? ResultPath = null, JobFile? File = null, JobSummary? Summary = null);

/// <summary>A file a job produced, downloaded by its starter only.</summary>
public sealed record JobFile(string FileName, string ContentType, byte[] Content);
