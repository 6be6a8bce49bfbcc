namespace Ariadne.Tokens;

/// <summary>
/// Lets one audit entry per key (a token, or a client address presenting unknown tokens) and reason through per
/// <see cref="Window"/>, and counts the rest: refused token use is authenticated before the API rate limit applies, so
/// without this a flood of bad tokens would become a flood of writes to the hash-chained audit log. The next entry
/// written for a key carries how many were held back (<c>repeats</c>). Per node, in memory.
/// </summary>
internal sealed class DenialAuditThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Keys remembered at most; beyond it (after dropping the expired ones) denials are written unthrottled.</summary>
    public const int MaxKeys = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Whether this denial is to be written; if so, <paramref name="repeats"/> is how many of the key's were held back since the last one written.</summary>
    public bool ShouldAudit(string key, out int repeats)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && now < entry.Until)
            {
                entry.Held++;
                repeats = 0;
                return false;
            }
            repeats = entry?.Held ?? 0;
            if (entry is null && _entries.Count >= MaxKeys)
            {
                foreach (var expired in _entries.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(expired);
                }
                if (_entries.Count >= MaxKeys)
                {
                    return true;
                }
            }
            _entries[key] = new Entry { Until = now + Window };
            return true;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset Until { get; init; }

        public int Held { get; set; }
    }
}
