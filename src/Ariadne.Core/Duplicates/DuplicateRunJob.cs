using System.Text.Json;
using Ariadne.Core.Common;
using Ariadne.Core.Jobs;

namespace Ariadne.Core.Duplicates;

/// <summary>
/// The duplicate search of an organisation as a background job (kind <see cref="JobKind"/>): the input is the
/// <see cref="DuplicateRunRequest"/> as JSON (an organisation id and two numbers, nothing identifying); the output is the
/// <see cref="DuplicateRunView"/> as JSON (counts and the organisation's name), the result page is the review queue, and
/// the summary gives the counts. The identities are opened inside <see cref="DuplicateService.RunAsync"/> with the
/// starter's rights, as in a request.
/// </summary>
public sealed class DuplicateRunJob(DuplicateService duplicates) : IJobHandler
{
    public const string JobKind = "duplicate-run";

    /// <summary>Where a finished run's pairs are reviewed.</summary>
    public const string ResultPath = "/Duplicates";

    public const string OutputFileName = "duplicate-run.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => JobKind;

    /// <summary>The job's input for <paramref name="request"/>.</summary>
    public static byte[] Input(DuplicateRunRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Json);

    /// <summary>The run a finished job wrote (its output file).</summary>
    public static DuplicateRunView? ReadOutput(byte[] output) => JsonSerializer.Deserialize<DuplicateRunView>(output, Json);

    public async Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<DuplicateRunRequest>(context.Input, Json);
        if (request is null)
        {
            return Problem.Invalid("Input", "Invalid", "The job's input is not a duplicate search.");
        }
        var run = await duplicates.RunAsync(request, context.Viewer, context.Progress, cancellationToken);
        if (!run.Succeeded)
        {
            return run.Problem!;
        }
        var view = run.Value!;
        var summary = JobSummary.Of("Dup.Run.Done", "Search finished: {0} persons compared, {1} likely matches and {2} uncertain pairs to review, {3} merged.",
            view.Persons, view.CertainPairs, view.UncertainPairs, view.MergedPairs);
        return new JobOutput(ResultPath, new JobFile(OutputFileName, "application/json", JsonSerializer.SerializeToUtf8Bytes(view, Json)), summary);
    }
}
