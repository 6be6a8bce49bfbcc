using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;

namespace Ariadne.Core.FollowUp;

/// <summary>One computed indicator of a plan run by <see cref="IndicatorPlanComputation"/>: its code and what computing it gave.</summary>
public sealed record PlanIndicatorResult(Guid IndicatorId, string Code, Result<IReadOnlyList<IndicatorValueView>> Values);

/// <summary>
/// "Compute the plan": every computed indicator of a framework over one period, each published as its own
/// <c>followup-indicator</c> release (logged, audited, reproducible) exactly as <see cref="FollowUpService.ComputeAsync"/>
/// publishes one. The persons queries (persons identified, SDG 16.2.2) of the plan share one grouped read of the cases:
/// it is made once over the union of their dimensions (<see cref="IndicatorLoadCache"/>) and each indicator counts its
/// own table from it, so a plan of 50 indicators reads the case table a handful of times, not 50 (the benchmark
/// <c>IndicatorPlanBenchmark</c>). Counting a coarser table from a finer read gives the same cells as a read of its own
/// (sums of the same groups), so each release still reproduces alone.
/// </summary>
public sealed class IndicatorPlanComputation(FollowUpService followUp, IndicatorLoadCache cache, AppDbContext db, CodeListRegistry codes)
{
    /// <summary>
    /// Computes every computed indicator of <paramref name="frameworkId"/> (under its items or their measures) over the
    /// period of <paramref name="input"/> (default: the calendar year up to today), in the order the plan lists them.
    /// Stops at nothing: each indicator's problem is its own result.
    /// </summary>
    /// <returns>One result per computed indicator; Forbidden or NotFound as <see cref="FollowUpService.IndicatorsAsync"/>.</returns>
    public async Task<Result<IReadOnlyList<PlanIndicatorResult>>> ComputeAsync(Guid frameworkId, ComputeInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        var listed = await followUp.IndicatorsAsync(frameworkId, null, null, viewer, cancellationToken);
        if (listed.Problem is { } problem)
        {
            return problem;
        }
        var computed = listed.Value!.Where(i => i.Kind == IndicatorKind.Computed && i.Query is not null).ToList();
        if (FollowUpRules.MayOwn(viewer) && followUp.Period(input) is { } period)
        {
            var persons = await followUp.PersonsDimensionsAsync([.. computed.Select(i => i.Id)], cancellationToken);
            if (persons is not null)
            {
                // One read for the plan: every dimension a persons indicator asks for (a read needs one column).
                var union = persons.Count == 0 ? ["sex"] : persons;
                var loaded = await CaseStatistics.LoadAsync(db, codes, union, byPerson: true, cancellationToken,
                    new CaseWindow(period.From, period.To, PresumedOnly: true));
                cache.Put(period.From, period.To, union, loaded);
            }
        }
        try
        {
            var results = new List<PlanIndicatorResult>(computed.Count);
            foreach (var indicator in computed)
            {
                results.Add(new(indicator.Id, indicator.Code, await followUp.ComputeAsync(indicator.Id, input, viewer, cancellationToken)));
            }
            return results;
        }
        finally
        {
            cache.Clear();
        }
    }
}

/// <summary>
/// The grouped case reads of one plan computation (<see cref="IndicatorPlanComputation"/>), per period, for
/// <see cref="IndicatorQueryProducer"/> to count from; empty outside it, so a single "compute now" or a reproduction
/// reads the database itself. Scoped: a request or a command.
/// </summary>
public sealed class IndicatorLoadCache
{
    private readonly Dictionary<(DateOnly From, DateOnly To), (HashSet<string> Dimensions, CaseRecords Records)> _loads = [];

    public void Put(DateOnly from, DateOnly to, IEnumerable<string> dimensions, CaseRecords records) =>
        _loads[(from, to)] = (new HashSet<string>(dimensions, StringComparer.Ordinal), records);

    /// <summary>The read of the period that holds every one of <paramref name="dimensions"/>, if one was made.</summary>
    public CaseRecords? Find(DateOnly from, DateOnly to, IEnumerable<string> dimensions) =>
        _loads.TryGetValue((from, to), out var load) && dimensions.All(load.Dimensions.Contains) ? load.Records : null;

    public void Clear() => _loads.Clear();
}
