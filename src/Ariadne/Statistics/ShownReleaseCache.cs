using Ariadne.Core.Statistics.Releases;
using Microsoft.Extensions.Caching.Memory;

namespace Ariadne.Statistics;

/// <summary>
/// The tables of case-table releases the statistics page showed recently, by release id, so that its pager shows
/// another page of the same rows without re-running the release (issue 15: a pager link cost a whole reproduction,
/// 3 s at 100,000 cases). Only an optimisation: <see cref="ReleaseService.DeliverAgainAsync"/> checks a kept table
/// against the logged output fingerprint, and a miss (expired, evicted, another server) falls back to
/// <see cref="ReleaseService.RepeatAsync"/>. Holds at most <see cref="Capacity"/> tables for <see cref="Lifetime"/>
/// after their last use; the tables are released aggregates, never personal data.
/// </summary>
public sealed class ShownReleaseCache : IDisposable
{
    public const int Capacity = 64;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _tables = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>Keeps <paramref name="table"/>, the output of release <paramref name="release"/>.</summary>
    public void Keep(Guid release, ReleaseTable table) =>
        _tables.Set(release, table, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Lifetime });

    /// <summary>The kept output of release <paramref name="release"/>, or null.</summary>
    public ReleaseTable? Find(Guid release) => _tables.TryGetValue(release, out ReleaseTable? table) ? table : null;

    public void Dispose() => _tables.Dispose();
}
