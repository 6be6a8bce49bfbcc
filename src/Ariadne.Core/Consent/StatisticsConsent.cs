using System.Globalization;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Consent;

/// <summary>Records for statistics with the persons left out because they refused or withdrew consent to statistics.</summary>
/// <param name="Records">The records that may be counted.</param>
/// <param name="ExcludedByConsent">How many records (persons, screenings, cases in the mechanism) were left out.</param>
public sealed record StatisticsInput<T>(T Records, int ExcludedByConsent);

/// <summary>
/// Enforces <see cref="ConsentPurpose.Statistics"/> for every statistics table and microdata set (opt-out rule): a
/// case counts unless the person refused or withdrew consent to statistics. A case with no statistics consent on
/// record was not asked and counts; a case whose statistics consents are all withdrawn is left out. A refusal is
/// recorded as a statistics consent withdrawn on the day it is given (the consent record has no separate "refused"
/// state). A new consent after a withdrawal counts the case again.
/// </summary>
/// <remarks>
/// Consents are never recorded with a future date and withdrawals never in the future, so "all withdrawn" does not
/// depend on the day: the same data give the same release, as <see cref="Statistics.Releases.IReleaseProducer"/>
/// requires. A change of consent changes the producers' input, which a reproduction reports.
/// </remarks>
public static class StatisticsConsent
{
    /// <summary>
    /// SQL for <see cref="RefusedAsync"/>'s cases, as a sub-query of a hand-written statement: their ids, every statistics
    /// consent of the case withdrawn; the purpose is the bound parameter <c>@purpose</c> (<see cref="ConsentPurpose.Statistics"/>).
    /// </summary>
    internal const string RefusedCaseIdsSql = "SELECT r.\"CaseId\" FROM \"Consents\" r WHERE r.\"Purpose\" = @purpose "
        + "GROUP BY r.\"CaseId\" HAVING COUNT(r.\"WithdrawnOn\") = COUNT(*)";

    /// <summary>The cases whose person refused or withdrew consent to statistics.</summary>
    public static async Task<IReadOnlySet<Guid>> RefusedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var records = await db.Set<ConsentRecord>().AsNoTracking()
            .Where(r => r.Purpose == ConsentPurpose.Statistics)
            .Select(r => new { r.CaseId, Withdrawn = r.WithdrawnOn != null })
            .ToListAsync(cancellationToken);
        return records.GroupBy(r => r.CaseId).Where(g => g.All(r => r.Withdrawn)).Select(g => g.Key).ToHashSet();
    }

    /// <summary>The sentence for a release's method: the rule and how many were left out.</summary>
    /// <param name="excluded">The number left out.</param>
    /// <param name="unit">What was counted, plural ("persons", "screenings").</param>
    public static string Method(int excluded, string unit = "persons") => string.Create(CultureInfo.InvariantCulture,
        $"Consent: {excluded} {unit} left out because the person refused or withdrew consent to statistics (a case without a recorded statistics consent counts: opt-out).");
}
