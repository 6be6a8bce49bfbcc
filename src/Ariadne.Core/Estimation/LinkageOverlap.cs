using System.Globalization;
using Ariadne.Analytics.Estimation;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Ariadne.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Estimation;

/// <summary>What the lists of an estimate from the database are: each organisation, or each organisation type.</summary>
public enum OverlapLists
{
    Organisation,
    OrganisationType,
}

/// <summary>A linkage round found in the database: its tag and how many persons carry one of its cluster keys.</summary>
public sealed record LinkageRound(string Tag, int Persons, int Organisations);

/// <summary>The inclusion-pattern counts of a round, and the estimate made from them.</summary>
public sealed record OverlapEstimate(LinkageRound Round, OverlapLists By, InclusionPatternCounts Counts, MseResult Result);

/// <summary>
/// Multiple systems estimation from the database: after a linkage round (<c>Person.ClusterKey</c> = <c>"l:" + round +
/// ":" + cluster</c>, imported by each agency), a cluster is one human being and the organisations (or organisation
/// types) whose cases hold a person of it are the lists it is on. The counts per inclusion pattern are computed here
/// and fed to <see cref="MultipleSystemsEstimation"/>. The counts are internal (analysts and coordinators see them);
/// publishing them goes through the statistics module's disclosure control. Each estimate is audited (lists, observed).
/// </summary>
public sealed class LinkageOverlap(AppDbContext db, IAuditLog audit)
{
    /// <summary>The rounds whose cluster keys are in the database, the largest first.</summary>
    public async Task<IReadOnlyList<LinkageRound>> RoundsAsync(CancellationToken cancellationToken)
    {
        var rows = await Rows(null).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => RoundOf(r.Key))
            .Select(g => new LinkageRound(g.Key, g.Select(r => r.PersonId).Distinct().Count(), g.Select(r => r.OrganisationId).Distinct().Count()))
            .OrderByDescending(r => r.Persons).ThenBy(r => r.Tag, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The counts of <paramref name="round"/> (the largest round when null) by <paramref name="by"/>, and the estimate with
    /// <paramref name="selection"/>. Invalid when there is no round, or fewer than 2 or more than
    /// <see cref="InclusionPatternFile.MaxLists"/> lists.
    /// </summary>
    /// <param name="round">The round's tag; null for the largest.</param>
    /// <param name="by">What a list is.</param>
    /// <param name="selection">The model selection rule.</param>
    /// <param name="actor">Who estimates (the audit entry's actor).</param>
    /// <param name="progress">Fraction done and the stage (Reading, Estimating); the pages and the API run it as a background job (<see cref="LinkageEstimateJob"/>).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public async Task<Result<OverlapEstimate>> EstimateAsync(string? round, OverlapLists by, MseSelection selection, AuditActor? actor,
        IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new JobProgress(0, "Reading"));
        var rounds = await RoundsAsync(cancellationToken);
        var chosen = round is null ? rounds.FirstOrDefault() : rounds.FirstOrDefault(r => r.Tag == round.Trim());
        if (chosen is null)
        {
            return round is null
                ? Problem.Invalid("Round", "NoRound", "No linkage round has been imported: no person carries a linkage cluster key.")
                : Problem.Invalid("Round", "UnknownCode", $"'{round}' is not a linkage round of this database.", round);
        }
        var rows = await Rows(chosen.Tag).ToListAsync(cancellationToken);
        var listOf = by == OverlapLists.Organisation
            ? rows.ToDictionary(r => r.PersonId, r => r.OrganisationName)
            : rows.ToDictionary(r => r.PersonId, r => r.OrganisationType);
        var lists = listOf.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (lists.Count is < 2 or > InclusionPatternFile.MaxLists)
        {
            return Problem.Invalid("By", "Lists", $"The round's persons are on {lists.Count} list(s); an estimate needs 2 to {InclusionPatternFile.MaxLists}.",
                lists.Count, InclusionPatternFile.MaxLists);
        }
        var index = lists.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var counts = new Dictionary<int, long>();
        foreach (var cluster in rows.GroupBy(r => r.Key))
        {
            var pattern = cluster.Aggregate(0, (mask, r) => mask | 1 << index[listOf[r.PersonId]]);
            counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
        }
        var patternCounts = new InclusionPatternCounts(lists, counts);
        progress?.Report(new JobProgress(0.5, "Estimating"));
        cancellationToken.ThrowIfCancellationRequested();
        var result = MultipleSystemsEstimation.Estimate(patternCounts, selection);
        await audit.AppendAsync(new AuditRecord(AuditActions.LinkageEstimate, AuditOutcomes.Success, "linkage-round", chosen.Tag, null,
            new Dictionary<string, string>
            {
                ["by"] = by.ToString(),
                ["lists"] = lists.Count.ToString(CultureInfo.InvariantCulture),
                ["observed"] = patternCounts.Observed.ToString(CultureInfo.InvariantCulture),
            }, actor), cancellationToken);
        progress?.Report(new JobProgress(1, "Estimating"));
        return new OverlapEstimate(chosen, by, patternCounts, result);
    }

    /// <summary>The round of a key <c>l:ROUND:CLUSTER</c>.</summary>
    public static string RoundOf(string key)
    {
        var end = key.IndexOf(':', 2);
        return end < 0 ? key[2..] : key[2..end];
    }

    private sealed record Row(Guid PersonId, string Key, Guid OrganisationId, string OrganisationName, string OrganisationType);

    private IQueryable<Row> Rows(string? round)
    {
        var prefix = round is null ? "l:" : "l:" + round + ":";
        return db.Cases.AsNoTracking()
            .Where(c => c.Person.ClusterKey != null && c.Person.ClusterKey.StartsWith(prefix))
            .Select(c => new Row(c.Person.Id, c.Person.ClusterKey!, c.OrganisationId, c.Organisation!.Name, c.Organisation.Type));
    }
}
