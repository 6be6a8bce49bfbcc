using Ariadne.Account;
using Ariadne.Core.Jobs;
using Ariadne.Core.Tokens;
using Ariadne.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ariadne.Jobs;

/// <summary>
/// <c>/api/v1/jobs</c>: the caller's own background jobs — state, progress, result, output file, cancel. Another user's
/// job answers 404. A module that starts a job answers 202 with <c>Location: /api/v1/jobs/{id}</c>.
/// </summary>
public static class JobEndpoints
{
    /// <summary>A job as the API shows it; <paramref name="Problem"/> is set when it failed.</summary>
    public sealed record JobResponse(Guid Id, string Kind, string State, double Progress, string? Stage, DateTime CreatedAtUtc, DateTime? StartedAtUtc,
        DateTime? FinishedAtUtc, string? ResultPath, string? Summary, string? OutputUrl, string? Problem);

    public static IEndpointRouteBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapApiGroup("/api/v1/jobs", "Jobs", policy: null, scope: TokenScopes.Jobs);
        jobs.MapGet("/", List).WithName("ListJobs").WithSummary("Your most recent background jobs, newest first (?limit=, at most 100).");
        jobs.MapGet("/{id:guid}", Get).WithName("GetJob").WithSummary("One of your jobs: state, progress (0–1), stage, result page, output file.");
        jobs.MapGet("/{id:guid}/output", Output).WithName("GetJobOutput").WithSummary("The file a finished job produced (audited).");
        jobs.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelJob").WithSummary("Cancels a waiting job, or asks the node running it to stop.");
        return app;
    }

    /// <summary>The answer to a request that started a job: 202 with the job's address.</summary>
    public static AcceptedAtRoute<JobResponse> Started(JobView job) =>
        TypedResults.AcceptedAtRoute(ToResponse(job), "GetJob", new { id = job.Id });

    internal static async Task<Ok<IReadOnlyList<JobResponse>>> List(int? limit, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var recent = await jobs.RecentAsync(context.User.ToCaseViewer(), limit ?? 20, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<JobResponse>>([.. recent.Select(ToResponse)]);
    }

    internal static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Get(Guid id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, context.User.ToCaseViewer(), cancellationToken);
        return job.Succeeded ? TypedResults.Ok(ToResponse(job.Value!)) : ApiProblems.From(job.Problem!);
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Output(Guid id, HttpContext context, JobService jobs,
        CancellationToken cancellationToken)
    {
        var file = await jobs.OutputAsync(id, context.User.ToCaseViewer(), cancellationToken);
        if (!file.Succeeded)
        {
            return ApiProblems.From(file.Problem!);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Cancel(Guid id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var result = await jobs.CancelAsync(id, context.User.ToCaseViewer(), cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : ApiProblems.From(result.Problem!);
    }

    private static JobResponse ToResponse(JobView job) => new(job.Id, job.Kind, job.State.ToString(), job.Progress, job.Stage, job.CreatedAtUtc,
        job.StartedAtUtc, job.FinishedAtUtc, job.ResultPath, job.Summary?.Text, job.HasFile ? $"/api/v1/jobs/{job.Id}/output" : null,
        job.Problem?.ToString());
}
