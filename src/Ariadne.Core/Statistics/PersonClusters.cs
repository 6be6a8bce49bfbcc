using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Statistics;

/// <summary>
/// Whether statistics count each person once by default: as soon as any person belongs to a merge or linkage cluster
/// (<see cref="Cases.Person.ClusterKey"/>), the statistics form, the API and the CLI count each person once unless told
/// otherwise (issue 16); before that, every case counts, as every person stands alone.
/// </summary>
public sealed class PersonClusters(AppDbContext db)
{
    /// <summary>True when any person has a cluster key (an index seek on <c>IX_Persons_ClusterKey_Id</c>).</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken) => AnyAsync(db, cancellationToken);

    /// <inheritdoc cref="AnyAsync(CancellationToken)"/>
    public static Task<bool> AnyAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Persons.AnyAsync(p => p.ClusterKey != null, cancellationToken);
}
