namespace Ariadne.Analytics.Finance;

/// <summary>One occurrence of a structure in the transaction graph: the accounts and transactions (store indices) that make it.</summary>
public sealed record PatternMatch(string Kind, int[] Accounts, int[] Transactions, long Start, long End);

/// <summary>
/// Time-windowed structure searches on a <see cref="TransactionGraph"/> (the AMLSim/AMLworld typologies). Each search
/// reuses a few arrays of the graph's size; results are capped so that a dense hub cannot blow up memory.
/// </summary>
public static class TemporalPatterns
{
    /// <summary>
    /// Simple time-respecting cycles a₀→a₁→…→a₀ of 2..<paramref name="maxLength"/> transactions, each strictly later than
    /// the one before and all within <paramref name="window"/> seconds of the first. Each cycle is found once, from its
    /// earliest transaction (strictly increasing times allow no other starting point). <paramref name="budget"/> bounds
    /// the edges examined per starting transaction.
    /// </summary>
    public static List<PatternMatch> Cycles(TransactionGraph graph, int maxLength, long window, int maxResults = 100_000, int budget = 20_000)
    {
        var store = graph.Store;
        var results = new List<PatternMatch>();
        var onPath = new bool[graph.AccountCount];
        var pathEdges = new int[maxLength];
        var cursor = new int[maxLength];
        for (var start = 0; start < store.Count && results.Count < maxResults; start++)
        {
            var origin = store.Source[start];
            var first = store.Target[start];
            if (origin == first || !graph.Contains(start))
            {
                continue;
            }
            var deadline = store.Time[start] + window;
            pathEdges[0] = start;
            onPath[origin] = true;
            onPath[first] = true;
            var depth = 1;
            cursor[1] = FirstAfter(graph, first, store.Time[start]);
            var work = 0;
            while (depth >= 1 && work < budget)
            {
                var at = store.Target[pathEdges[depth - 1]];
                var end = graph.OutOffsets[at + 1];
                if (cursor[depth] >= end)
                {
                    onPath[at] = false;
                    depth--;
                    continue;
                }
                var e = graph.OutEdges[cursor[depth]++];
                work++;
                if (store.Time[e] > deadline)
                {
                    cursor[depth] = end;
                    continue;
                }
                var next = store.Target[e];
                if (next == origin)
                {
                    pathEdges[depth] = e;
                    var edges = pathEdges[..(depth + 1)];
                    results.Add(new PatternMatch("cycle", [.. edges.Select(x => store.Source[x])], edges, store.Time[start], store.Time[e]));
                    continue;
                }
                if (onPath[next] || depth + 1 >= maxLength)
                {
                    continue;
                }
                pathEdges[depth] = e;
                onPath[next] = true;
                depth++;
                cursor[depth] = FirstAfter(graph, next, store.Time[e]);
            }
            // Unwind whatever the budget left on the path.
            for (var d = 0; d < depth; d++)
            {
                onPath[store.Target[pathEdges[d]]] = false;
            }
            onPath[origin] = false;
            onPath[first] = false;
        }
        return results;
    }

    /// <summary>Index into OutEdges of the first transaction leaving <paramref name="account"/> strictly after <paramref name="time"/>.</summary>
    private static int FirstAfter(TransactionGraph graph, int account, long time)
    {
        var times = graph.Store.Time;
        int lo = graph.OutOffsets[account], hi = graph.OutOffsets[account + 1];
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (times[graph.OutEdges[mid]] <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>
    /// Fan-in (<paramref name="inbound"/>) or fan-out: an account that receives from (sends to) at least
    /// <paramref name="minCounterparties"/> distinct accounts within <paramref name="window"/> seconds. One match per
    /// maximal run of qualifying windows (the run's transactions, hub first in Accounts).
    /// </summary>
    public static List<PatternMatch> Fans(TransactionGraph graph, bool inbound, int minCounterparties, long window)
    {
        var store = graph.Store;
        var offsets = inbound ? graph.InOffsets : graph.OutOffsets;
        var edges = inbound ? graph.InEdges : graph.OutEdges;
        var other = inbound ? store.Source : store.Target;
        var seen = new int[graph.AccountCount];
        var results = new List<PatternMatch>();
        var run = new List<int>();
        for (var hub = 0; hub < graph.AccountCount; hub++)
        {
            int from = offsets[hub], to = offsets[hub + 1];
            if (to - from < minCounterparties)
            {
                continue;
            }
            var distinct = 0;
            var left = from;
            var runStart = -1;
            var runEnd = -1;
            for (var right = from; right < to; right++)
            {
                var e = edges[right];
                if (seen[other[e]]++ == 0)
                {
                    distinct++;
                }
                while (store.Time[e] - store.Time[edges[left]] > window)
                {
                    if (--seen[other[edges[left]]] == 0)
                    {
                        distinct--;
                    }
                    left++;
                }
                if (distinct >= minCounterparties)
                {
                    if (runStart < 0 || left > runEnd)
                    {
                        Flush(runStart, runEnd);
                        runStart = left;
                    }
                    runEnd = right;
                }
            }
            Flush(runStart, runEnd);
            for (var i = left; i < to; i++)
            {
                seen[other[edges[i]]] = 0;
            }

            void Flush(int a, int b)
            {
                if (a < 0)
                {
                    return;
                }
                run.Clear();
                for (var i = a; i <= b; i++)
                {
                    run.Add(edges[i]);
                }
                var accounts = new List<int> { hub };
                accounts.AddRange(run.Select(x => other[x]).Distinct());
                results.Add(new PatternMatch(inbound ? "fan_in" : "fan_out", [.. accounts], [.. run], store.Time[run[0]], store.Time[run[^1]]));
            }
        }
        return results;
    }

    /// <summary>
    /// Scatter-gather: an originator pays at least <paramref name="minIntermediaries"/> distinct intermediaries, each of
    /// which pays the same beneficiary later, all within <paramref name="window"/> seconds of the scatter payment.
    /// </summary>
    public static List<PatternMatch> ScatterGather(TransactionGraph graph, int minIntermediaries, long window)
    {
        var store = graph.Store;
        var results = new List<PatternMatch>();
        var paths = new Dictionary<int, List<(int Scatter, int Gather)>>();
        for (var origin = 0; origin < graph.AccountCount; origin++)
        {
            if (graph.OutOffsets[origin + 1] - graph.OutOffsets[origin] < minIntermediaries)
            {
                continue;
            }
            paths.Clear();
            for (var i = graph.OutOffsets[origin]; i < graph.OutOffsets[origin + 1]; i++)
            {
                var scatter = graph.OutEdges[i];
                var middle = store.Target[scatter];
                var deadline = store.Time[scatter] + window;
                for (var j = FirstAfter(graph, middle, store.Time[scatter]); j < graph.OutOffsets[middle + 1]; j++)
                {
                    var gather = graph.OutEdges[j];
                    if (store.Time[gather] > deadline)
                    {
                        break;
                    }
                    var sink = store.Target[gather];
                    if (sink == origin)
                    {
                        continue;
                    }
                    if (!paths.TryGetValue(sink, out var list))
                    {
                        paths[sink] = list = [];
                    }
                    list.Add((scatter, gather));
                }
            }
            foreach (var (sink, list) in paths)
            {
                var middles = list.Select(p => store.Target[p.Scatter]).Distinct().ToArray();
                if (middles.Length < minIntermediaries)
                {
                    continue;
                }
                var tx = list.SelectMany(p => new[] { p.Scatter, p.Gather }).Distinct().Order().ToArray();
                results.Add(new PatternMatch("scatter_gather", [origin, .. middles, sink], tx, store.Time[tx[0]], store.Time[tx[^1]]));
            }
        }
        return results;
    }

    /// <summary>
    /// Gather-scatter: an account receives from at least <paramref name="minCounterparties"/> distinct senders and
    /// then, within <paramref name="window"/> seconds of the first receipt, pays at least as many distinct recipients
    /// (none of them a sender), the payments out following the receipts.
    /// </summary>
    public static List<PatternMatch> GatherScatter(TransactionGraph graph, int minCounterparties, long window)
    {
        var store = graph.Store;
        var results = new List<PatternMatch>();
        foreach (var fanIn in Fans(graph, inbound: true, minCounterparties, window))
        {
            var hub = fanIn.Accounts[0];
            var senders = fanIn.Accounts.Skip(1).ToHashSet();
            var lastIn = fanIn.End;
            var deadline = fanIn.Start + 2 * window;
            var outs = new List<int>();
            for (var j = FirstAfter(graph, hub, fanIn.Start); j < graph.OutOffsets[hub + 1]; j++)
            {
                var e = graph.OutEdges[j];
                if (store.Time[e] > deadline)
                {
                    break;
                }
                if (!senders.Contains(store.Target[e]))
                {
                    outs.Add(e);
                }
            }
            var recipients = outs.Select(e => store.Target[e]).Distinct().ToArray();
            if (recipients.Length >= minCounterparties && outs.Count(e => store.Time[e] >= lastIn) * 2 >= outs.Count)
            {
                int[] tx = [.. fanIn.Transactions, .. outs];
                results.Add(new PatternMatch("gather_scatter", [hub, .. senders, .. recipients], tx, fanIn.Start, store.Time[outs[^1]]));
            }
        }
        return results;
    }
}
