namespace Ariadne.Core.Cases;

/// <summary>What kind of proceeds an asset-ledger entry records (issue 17, item 6).</summary>
public enum AssetKind
{
    Cash,
    BankAccount,
    RealEstate,
    Vehicle,
    VirtualAsset,
    Other,
}

/// <summary>
/// Where an asset stands in the recovery of criminal proceeds: identified, then frozen (provisional measure), seized,
/// confiscated (final order); or released to its holder, or returned to the victim as compensation.
/// </summary>
public enum AssetStatus
{
    Identified,
    Frozen,
    Seized,
    Confiscated,
    Released,
    ReturnedToVictim,
}

/// <summary>One step of an asset's status history: when, by which authority, under which legal reference.</summary>
public sealed record AssetStatusChange(AssetStatus Status, DateOnly On, string Authority, string? LegalReference);

/// <summary>One entry's current status and estimated value, as the totals need it.</summary>
public sealed record AssetValue(AssetStatus Status, decimal EstimatedValue, string Currency);

/// <summary>The total estimated value and number of entries of one status in one currency.</summary>
public sealed record AssetTotal(AssetStatus Status, string Currency, decimal Value, int Entries);

/// <summary>
/// The rules of a case's asset ledger, without storage (the entries, their sealed descriptions and the pages come
/// later; see docs/finance.md). The main path only moves forward, steps may be skipped (bank funds frozen by the bank
/// before anyone identified them; a seizure without a prior freeze; frozen funds confiscated directly).
/// Released and returned-to-victim end the history; a return to the victim may follow a seizure or a confiscation
/// (compensation from the proceeds).
/// </summary>
public static class AssetLedger
{
    private static int Rank(AssetStatus status) => status switch
    {
        AssetStatus.Identified => 0,
        AssetStatus.Frozen => 1,
        AssetStatus.Seized => 2,
        AssetStatus.Confiscated => 3,
        _ => 4,
    };

    /// <summary>Whether an entry may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(AssetStatus from, AssetStatus to) => (from, to) switch
    {
        (AssetStatus.Released or AssetStatus.ReturnedToVictim, _) => false,
        (AssetStatus.Confiscated, AssetStatus.Released) => false,
        (_, AssetStatus.Released) => true,
        (AssetStatus.Seized or AssetStatus.Confiscated, AssetStatus.ReturnedToVictim) => true,
        (_, AssetStatus.ReturnedToVictim) => false,
        _ => Rank(to) > Rank(from),
    };

    /// <summary>
    /// Problems of a status history, each naming the field (<c>history[2].status</c>): it must not be empty, start
    /// with a status of the main path, move only as <see cref="CanMove"/> allows, in date order, each with an authority.
    /// </summary>
    public static IReadOnlyList<(string Field, string Problem)> Check(IReadOnlyList<AssetStatusChange> history)
    {
        var problems = new List<(string, string)>();
        if (history.Count == 0)
        {
            problems.Add(("history", "an entry needs at least its first status"));
            return problems;
        }
        if (Rank(history[0].Status) > 3)
        {
            problems.Add(("history[0].status", $"an entry cannot begin as {history[0].Status}"));
        }
        for (var i = 0; i < history.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(history[i].Authority))
            {
                problems.Add(($"history[{i}].authority", "required"));
            }
            if (i == 0)
            {
                continue;
            }
            if (!CanMove(history[i - 1].Status, history[i].Status))
            {
                problems.Add(($"history[{i}].status", $"cannot move from {history[i - 1].Status} to {history[i].Status}"));
            }
            if (history[i].On < history[i - 1].On)
            {
                problems.Add(($"history[{i}].on", $"{history[i].On:yyyy-MM-dd} is before the previous change ({history[i - 1].On:yyyy-MM-dd})"));
            }
        }
        return problems;
    }

    /// <summary>Totals per current status and currency (currencies upper-cased), ordered by status then currency.</summary>
    public static IReadOnlyList<AssetTotal> Totals(IEnumerable<AssetValue> entries) =>
        [.. entries
            .GroupBy(e => (e.Status, Currency: e.Currency.ToUpperInvariant()))
            .Select(g => new AssetTotal(g.Key.Status, g.Key.Currency, g.Sum(e => e.EstimatedValue), g.Count()))
            .OrderBy(t => t.Status).ThenBy(t => t.Currency, StringComparer.Ordinal)];
}
