using System.Text.Json;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Common;
using Ariadne.Core.Jobs;

namespace Ariadne.Core.Estimation;

/// <summary>What an estimate from the database asks for: the round (null: the largest), the lists (organisation or organisation-type) and the model rule (main-effects, stepwise, bic).</summary>
public sealed record LinkageEstimateRequest(string? Round, string By, string Model);

/// <summary>One inclusion pattern's count: one 0/1 per list, in the order of the lists.</summary>
public sealed record LinkageEstimatePattern(int[] Pattern, long Count);

/// <summary>
/// The output of an estimate job, as JSON: the round, the lists and the count per inclusion pattern (aggregates, no
/// person), and the estimate in the shape of <c>ariadne estimate mse --json</c> (<see cref="MseReport"/>).
/// </summary>
public sealed record LinkageEstimateOutput(string Round, string By, IReadOnlyList<string> Lists, IReadOnlyList<LinkageEstimatePattern> Patterns, MseReport Estimate)
{
    /// <summary>The counts as the estimation reads them.</summary>
    public InclusionPatternCounts Counts() =>
        new(Lists, Patterns.ToDictionary(p => p.Pattern.Select((bit, i) => bit << i).Sum(), p => p.Count));

    /// <summary>The estimate as the estimation returned it (the selected model is the fitted model of that name).</summary>
    public MseResult Result() => new(Estimate.Observed, Estimate.Lists, Estimate.Selection,
        Estimate.Selected is { } s ? Estimate.Models.FirstOrDefault(m => m.Model == s.Model && m.Exists) : null, Estimate.Models);
}

/// <summary>
/// Multiple systems estimation from the database's linkage clusters as a background job (kind <see cref="JobKind"/>):
/// reading every linked person of a national registry may take a while. Input: a <see cref="LinkageEstimateRequest"/>
/// as JSON; output: <see cref="LinkageEstimateOutput"/> as JSON, shown by the estimate page (<see cref="ResultPath"/>).
/// </summary>
public sealed class LinkageEstimateJob(LinkageOverlap overlap) : IJobHandler
{
    public const string JobKind = "linkage-estimate";

    public const string OutputFileName = "estimate.json";

    public string Kind => JobKind;

    /// <summary>The page that shows the finished job's estimate.</summary>
    public static string ResultPath(Guid jobId) => $"/Linkage/Estimate?job={jobId}";

    public static byte[] Input(LinkageEstimateRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, MseReport.Json);

    public static LinkageEstimateOutput? ReadOutput(byte[] output) => JsonSerializer.Deserialize<LinkageEstimateOutput>(output, MseReport.Json);

    /// <summary>The lists named as the pages and the API name them: organisation, organisation-type; null when unknown.</summary>
    public static OverlapLists? ParseBy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "organisation" => OverlapLists.Organisation,
        "organisation-type" => OverlapLists.OrganisationType,
        _ => null,
    };

    /// <summary>Checks a request before it is started, naming the field.</summary>
    public static Result<LinkageEstimateRequest> Check(string? round, string? by, string? model)
    {
        var errors = new List<FieldError>();
        if (ParseBy(by) is null)
        {
            errors.Add(new("By", "UnknownCode", $"'{by}' is not organisation or organisation-type.", by ?? ""));
        }
        if (MseReport.ParseSelection(model) is null)
        {
            errors.Add(new("Model", "UnknownCode", $"'{model}' is not main-effects, stepwise or bic.", model ?? ""));
        }
        return errors.Count > 0
            ? Problem.Invalid(errors)
            : new LinkageEstimateRequest(string.IsNullOrWhiteSpace(round) ? null : round.Trim(), by?.Trim().ToLowerInvariant() is { Length: > 0 } b ? b : "organisation",
                model?.Trim().ToLowerInvariant() is { Length: > 0 } m ? m : "stepwise");
    }

    public async Task<Result<JobOutput>> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<LinkageEstimateRequest>(context.Input, MseReport.Json);
        var checkedRequest = Check(request?.Round, request?.By, request?.Model);
        if (!checkedRequest.Succeeded)
        {
            return checkedRequest.Problem!;
        }
        request = checkedRequest.Value!;
        var estimate = await overlap.EstimateAsync(request.Round, ParseBy(request.By)!.Value, MseReport.ParseSelection(request.Model)!.Value, context.Actor,
            context.Progress, cancellationToken);
        if (!estimate.Succeeded)
        {
            return estimate.Problem!;
        }
        var value = estimate.Value!;
        var lists = value.Counts.Lists;
        var output = new LinkageEstimateOutput(value.Round.Tag, request.By, lists,
            [.. value.Counts.Counts.OrderBy(c => c.Key).Select(c => new LinkageEstimatePattern([.. lists.Select((_, i) => c.Key >> i & 1)], c.Value))],
            MseReport.From(value.Result));
        var summary = value.Result.Selected switch
        {
            { Estimate: { } total, Upper: { } upper } selected => JobSummary.Of("Linkage.Estimate.Done",
                "{0} observed on {1} lists; estimated total {2:F0} ({3:F0} to {4:F0}).", value.Counts.Observed, lists.Count, total, selected.Lower ?? total, upper),
            { Estimate: { } total } selected => JobSummary.Of("Linkage.Estimate.DoneUnbounded",
                "{0} observed on {1} lists; estimated total {2:F0} ({3:F0} to unbounded).", value.Counts.Observed, lists.Count, total, selected.Lower ?? total),
            _ => JobSummary.Of("Linkage.Estimate.DoneNone", "{0} observed on {1} lists; no model's estimate exists.", value.Counts.Observed, lists.Count),
        };
        return new JobOutput(ResultPath(context.JobId), new JobFile(OutputFileName, "application/json", JsonSerializer.SerializeToUtf8Bytes(output, MseReport.Json)), summary);
    }
}
