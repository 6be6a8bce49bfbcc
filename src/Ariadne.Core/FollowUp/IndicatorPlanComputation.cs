using Ariadne.Core.Cases;
using Ariadne.Core.CodeLists;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Statistics;

namespace Ariadne.Core.FollowUp;

/// <summary>One computed indicator of a plan run by <see cref="IndicatorPlanComputation"/>: its code and what computing it gave.</summary>
public sealed record PlanIndicatorResult(Guid IndicatorId, string Code, Result<IReadOnlyList<IndicatorValueView>> Values)
{
    /// <summary>What the API and the page report of it: the period's published total and release, or why it was not computed.</summary>
    public PlanIndicatorOutcome Outcome()
    {
        var total = Values.Value?.FirstOrDefault(v => v.Cell == FollowUpService.TotalCell);
        return new(IndicatorId, Code, Values.Succeeded, total?.PeriodStart, total?.PeriodEnd, total?.Display, total?.ReleaseId,
            Values.Problem is { } problem ? [.. problem.Errors.Select(e => e.Message).DefaultIfEmpty(problem.Detail ?? problem.Kind.ToString())] : []);
    }
}

/// <summary>One indicator of "compute the plan": computed or not, the total as published ("&lt;5", "x" when suppressed) and its release, or the errors.</summary>
public sealed record PlanIndicatorOutcome(Guid IndicatorId, string Code, bool Computed, DateOnly? From, DateOnly? To, string? Total, Guid? ReleaseId,
    IReadOnlyList<string> Errors);

/// <summary>
/// "Compute the plan": every computed indicator of a framework over one period, each published as its own
/// <c>followup-indicator</c> release (logged, audited, reproducible) exactly as <see cref="FollowUpService.ComputeAsync"/>
/// publishes one. The plan's indicators share their reads (<see cref="IndicatorLoadCache"/>): the persons queries
/// (persons identified, SDG 16.2.2) one grouped read of the cases over the union of their dimensions, from which each
/// counts its own table; the share assisted one read of the delays to a first service, whatever its number of days; the
/// other queries one read per query and period. So a plan of 50 indicators reads the case table a handful of times, not
/// 50 (the benchmark <c>IndicatorPlanBenchmark</c>). Counting a coarser table from a finer read gives the same cells as
/// a read of its own (sums of the same groups), so each release still reproduces alone.
/// </summary>
public sealed class IndicatorPlanComputation(FollowUpService followUp, IndicatorLoadCache cache, AppDbContext db, CodeListRegistry codes)
{
    /// <summary>
    /// Computes every computed indicator of <paramref name="frameworkId"/> (under its items or their measures) over the
    /// period of <paramref name="input"/> (default: the calendar year up to today), in the order the plan lists them.
    /// Stops at nothing: each indicator's problem is its own result.
    /// </summary>
    /// <returns>One result per computed indicator; Forbidden (audited) for anyone but a coordinator; NotFound for an unknown framework.</returns>
    public async Task<Result<IReadOnlyList<PlanIndicatorResult>>> ComputeAsync(Guid frameworkId, ComputeInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
        if (await followUp.CheckComputePlanAsync(frameworkId, viewer, cancellationToken) is { } refused)
        {
            return refused;
        }
        var listed = await followUp.IndicatorsAsync(frameworkId, null, null, viewer, cancellationToken);
        if (listed.Problem is { } problem)
        {
            return problem;
        }
        var computed = listed.Value!.Where(i => i.Kind == IndicatorKind.Computed && i.Query is not null).ToList();
        cache.Begin();
        try
        {
            await PreloadAsync(computed, input, viewer, cancellationToken);
            var results = new List<PlanIndicatorResult>(computed.Count);
            foreach (var indicator in computed)
            {
                results.Add(new(indicator.Id, indicator.Code, await followUp.ComputeAsync(indicator.Id, input, viewer, cancellationToken)));
                // Each indicator saved its release, values and history; forgetting them keeps every later save from
                // scanning the rows of all earlier ones (a plan's tables hold thousands of cells).
                db.ChangeTracker.Clear();
            }
            return results;
        }
        finally
        {
            cache.Clear();
        }
    }

    /// <summary>The plan's one grouped read of the cases for its persons indicators, when it has any and may compute.</summary>
    private async Task PreloadAsync(IReadOnlyList<IndicatorSummary> computed, ComputeInput input, CaseViewer viewer, CancellationToken cancellationToken)
    {
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
    }
}

/// <summary>
/// What one plan computation (<see cref="IndicatorPlanComputation"/>) reads once for all its indicators, for
/// <see cref="IndicatorQueryProducer"/>: the grouped case read of a period (over the union of the persons indicators'
/// dimensions), and the results of the other queries' reads, each under a key naming the query, the period and what else
/// it depends on. Outside a plan computation it holds nothing and <see cref="OnceAsync"/> reads every time, so a single
/// "compute now" or a reproduction reads the database itself. Scoped: a request or a command.
/// </summary>
public sealed class IndicatorLoadCache
{
    private readonly Dictionary<(DateOnly From, DateOnly To), (HashSet<string> Dimensions, CaseRecords Records)> _loads = [];
    private readonly Dictionary<string, object> _reads = new(StringComparer.Ordinal);

    /// <summary>True between <see cref="Begin"/> and <see cref="Clear"/>: within a plan computation.</summary>
    public bool Active { get; private set; }

    public void Begin() => Active = true;

    public void Put(DateOnly from, DateOnly to, IEnumerable<string> dimensions, CaseRecords records) =>
        _loads[(from, to)] = (new HashSet<string>(dimensions, StringComparer.Ordinal), records);

    /// <summary>The read of the period that holds every one of <paramref name="dimensions"/>, if one was made.</summary>
    public CaseRecords? Find(DateOnly from, DateOnly to, IEnumerable<string> dimensions) =>
        _loads.TryGetValue((from, to), out var load) && dimensions.All(load.Dimensions.Contains) ? load.Records : null;

    /// <summary>
    /// <paramref name="read"/>'s result: within a plan computation read once per <paramref name="key"/> (which must
    /// name everything the result depends on), otherwise read every time.
    /// </summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> read) where T : notnull
    {
        if (!Active)
        {
            return await read();
        }
        if (_reads.TryGetValue(key, out var known))
        {
            return (T)known;
        }
        var value = await read();
        _reads[key] = value;
        return value;
    }

    public void Clear()
    {
        _loads.Clear();
        _reads.Clear();
        Active = false;
    }
}
