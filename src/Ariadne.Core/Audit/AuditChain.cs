using System.Globalization;

namespace Ariadne.Core.Audit;

/// <summary>How the chain is broken at the first broken entry.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry's contents or hash were changed.</summary>
    Altered,

    /// <summary>An entry is missing (a gap in the sequence, or renumbered entries after a removal, or a lost head).</summary>
    Deleted,

    /// <summary>An entry was added that the chain did not have (a duplicate sequence number or an unlinked entry).</summary>
    Inserted,

    /// <summary>Intact entries stand at positions other than the ones they were written at.</summary>
    Reordered,

    /// <summary>
    /// An entry's hash and link are consistent but its authentication code is not: it was written, or rewritten with
    /// recomputed hashes, by someone without the audit key.
    /// </summary>
    Forged,
}

/// <summary>The result of <see cref="AuditChain.Verify"/>.</summary>
/// <param name="EntryCount">How many entries were checked.</param>
/// <param name="HeadHash">The hash of the last entry (the value to keep elsewhere as an anchor), or null when empty.</param>
/// <param name="BrokenAt">The sequence number of the first broken entry, or null when the chain is intact.</param>
/// <param name="Kind">How it is broken, or null when intact.</param>
/// <param name="Explanation">A short, non-identifying explanation of the break, or null when intact.</param>
public sealed record AuditVerification(int EntryCount, string? HeadHash, long? BrokenAt, AuditBreakKind? Kind, string? Explanation)
{
    public bool IsIntact => BrokenAt is null;

    public string KindName => Kind?.ToString().ToLowerInvariant() ?? "";

    /// <summary>One line for people and scripts, as <c>ariadne audit verify</c> prints it.</summary>
    public string Describe() => IsIntact
        ? string.Create(CultureInfo.InvariantCulture, $"Audit log verified: {EntryCount} entries, chain intact.")
        : string.Create(CultureInfo.InvariantCulture, $"Audit log broken at entry #{BrokenAt}: {KindName} ({Explanation})");
}

/// <summary>Checks a hash chain of <see cref="AuditEntry"/> rows. Pure: no database, no clock.</summary>
/// <remarks>
/// What a hash chain can and cannot show: any change, removal, addition or move of an entry <em>inside</em> the chain
/// breaks a link. Anyone who knows this open algorithm could recompute the hashes after a change, or append an entry
/// with a correct link: the authentication code of each entry (<see cref="AuditEntry.Mac"/>, under the audit key that
/// the database does not hold) catches both. Removing entries at the end (truncating the tail) still leaves a shorter,
/// valid chain: that is only detectable against an anchor kept outside the database, a signed
/// <see cref="AuditCheckpoint"/> (or a head hash recorded earlier, <c>expectedHead</c>), whose entry must still be in
/// the chain.
/// </remarks>
public static class AuditChain
{
    /// <summary>
    /// Recomputes every hash and link in sequence order and reports the first broken entry: its sequence number and
    /// whether it was altered, deleted, inserted or reordered.
    /// </summary>
    /// <param name="entries">The whole log, in any order.</param>
    /// <param name="expectedHead">A head hash recorded earlier; when given, it must be the hash of an entry.</param>
    /// <param name="macKey">The audit key; when given, every entry's authentication code is checked too.</param>
    /// <param name="checkpoint">
    /// A checkpoint taken earlier, already authenticated (<see cref="AuditCheckpoint.IsAuthentic"/>); when given, its
    /// entry must still be in the chain with the same hash.
    /// </param>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, string? expectedHead = null, byte[]? macKey = null, AuditCheckpoint? checkpoint = null)
    {
        var list = entries.OrderBy(e => e.Sequence).ToList();
        var byHash = new Dictionary<string, AuditEntry>(StringComparer.Ordinal);
        foreach (var entry in list)
        {
            byHash.TryAdd(entry.Hash, entry);
        }

        var previous = AuditHash.Genesis;
        var expected = 1L;
        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i];
            if (entry.Sequence < expected)
            {
                return Broken(list.Count, entry.Sequence, AuditBreakKind.Inserted, $"two entries carry sequence number {entry.Sequence}");
            }
            if (entry.Sequence > expected)
            {
                var range = entry.Sequence > expected + 1 ? $"entries #{expected} to #{entry.Sequence - 1} are missing" : $"entry #{expected} is missing";
                return Broken(list.Count, expected, AuditBreakKind.Deleted, range);
            }
            if (!string.Equals(AuditHash.Compute(entry), entry.Hash, StringComparison.Ordinal))
            {
                return ExplainHashMismatch(list, byHash, entry);
            }
            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return byHash.TryGetValue(entry.PreviousHash, out var linked) && !ReferenceEquals(linked, entry)
                    ? Broken(list.Count, entry.Sequence, AuditBreakKind.Reordered, $"it links to entry #{linked.Sequence}, not to #{entry.Sequence - 1}")
                    : Broken(list.Count, entry.Sequence, AuditBreakKind.Inserted,
                        $"it does not link to entry #{entry.Sequence - 1}; either it was added, or entry #{entry.Sequence - 1} was rewritten with a recomputed hash");
            }
            if (macKey is not null && !AuditHash.MacMatches(entry, macKey, entry.Mac))
            {
                return Broken(list.Count, entry.Sequence, AuditBreakKind.Forged,
                    "its hash and link are consistent but its authentication code is not: it was added, or rewritten with recomputed hashes, without the audit key");
            }
            previous = entry.Hash;
            expected++;
        }

        var head = list.Count > 0 ? list[^1].Hash : null;
        if (expectedHead is not null && !byHash.ContainsKey(expectedHead.Trim().ToLowerInvariant()))
        {
            return Broken(list.Count, expected, AuditBreakKind.Deleted,
                $"the expected head {expectedHead.Trim()} is not in the log: entries at the end were removed or the chain was rewritten");
        }
        if (checkpoint is not null && checkpoint.Sequence > 0)
        {
            var at = checkpoint.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            if (checkpoint.Sequence > list.Count)
            {
                return Broken(list.Count, list.Count + 1, AuditBreakKind.Deleted, string.Create(CultureInfo.InvariantCulture,
                    $"the checkpoint of {at} recorded entry #{checkpoint.Sequence}, but the log ends at entry #{list.Count}: entries at the end were removed"));
            }
            if (!string.Equals(list[(int)checkpoint.Sequence - 1].Hash, checkpoint.Hash, StringComparison.Ordinal))
            {
                return Broken(list.Count, checkpoint.Sequence, AuditBreakKind.Altered, string.Create(CultureInfo.InvariantCulture,
                    $"it differs from entry #{checkpoint.Sequence} recorded by the checkpoint of {at}: the log was cut back and written anew"));
            }
        }
        return new AuditVerification(list.Count, head, null, null, null);
    }

    /// <summary>
    /// An entry whose hash does not match: intact contents at another position mean it was moved (or the entries
    /// around it renumbered after an insertion or removal); otherwise it was altered.
    /// </summary>
    private static AuditVerification ExplainHashMismatch(List<AuditEntry> list, Dictionary<string, AuditEntry> byHash, AuditEntry entry)
    {
        var count = list.Count;
        var writtenAt = WrittenAt(entry, list[^1].Sequence + 1);
        if (writtenAt is null)
        {
            return Broken(count, entry.Sequence, AuditBreakKind.Altered, "its contents do not match its hash");
        }
        var hasPredecessor = entry.PreviousHash == AuditHash.Genesis || byHash.ContainsKey(entry.PreviousHash);
        if (writtenAt > entry.Sequence && !hasPredecessor)
        {
            return Broken(count, entry.Sequence, AuditBreakKind.Deleted,
                $"it was written as entry #{writtenAt}; the entry it followed was removed and the rest renumbered");
        }
        if (writtenAt < entry.Sequence && byHash.TryGetValue(entry.PreviousHash, out var predecessor) && predecessor.Sequence == writtenAt - 1)
        {
            return Broken(count, writtenAt.Value, AuditBreakKind.Inserted,
                $"entry #{writtenAt} was added; the entries from there on were renumbered");
        }
        return Broken(count, entry.Sequence, AuditBreakKind.Reordered, $"it was written as entry #{writtenAt}");
    }

    /// <summary>The sequence number under which the entry's contents hash correctly, or null if none does.</summary>
    private static long? WrittenAt(AuditEntry entry, long maxSequence)
    {
        var probe = entry.WithSequence(entry.Sequence);
        for (var candidate = 1L; candidate <= maxSequence; candidate++)
        {
            if (candidate == entry.Sequence)
            {
                continue;
            }
            probe.Sequence = candidate;
            if (string.Equals(AuditHash.Compute(probe), entry.Hash, StringComparison.Ordinal))
            {
                return candidate;
            }
        }
        return null;
    }

    private static AuditVerification Broken(int count, long at, AuditBreakKind kind, string explanation) =>
        new(count, null, at, kind, explanation);
}
