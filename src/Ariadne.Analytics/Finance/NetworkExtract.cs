namespace Ariadne.Analytics.Finance;

/// <summary>An account of an extracted network and its distance in hops from the nearest seed (0 for a seed).</summary>
public readonly record struct NetworkNode(int Account, int Hops);

/// <summary>
/// All transactions of one ordered pair of accounts in one currency, aggregated: how many, their sum (minor units)
/// and the first and last time (Unix seconds).
/// </summary>
public readonly record struct NetworkEdge(int Source, int Target, short Currency, int Count, long Sum, long First, long Last);

/// <summary>The subgraph around some accounts; <see cref="Truncated"/> when the node limit stopped the expansion before the asked hops.</summary>
public sealed record Network(TransactionStore Store, IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, int Hops, bool Truncated);

/// <summary>What to extract: seeds, hops, an optional time window (Unix seconds, both ends inclusive), and limits.</summary>
public sealed record NetworkQuery
{
    public IReadOnlyList<int> Seeds { get; init; } = [];
    public int Hops { get; init; } = 1;
    public long? From { get; init; }
    public long? To { get; init; }
    /// <summary>Card purchases at merchants (rows with an MCC) are left out by default, as in the analysis: a shop would join all its customers within one hop.</summary>
    public bool IncludeMerchantPurchases { get; init; }
    /// <summary>A hop level that would take the network past this many accounts is not added (the result says it was truncated).</summary>
    public int MaxNodes { get; init; } = 10_000;
}

/// <summary>
/// The k-hop neighbourhood of seed accounts in the transaction graph (edges in either direction, within the time
/// window), and the aggregated edges between its accounts: for the GraphML/CSV export and the network pages. Pure and
/// array-based: one breadth-first search over a CSR graph, one pass over the kept transactions.
/// Cash deposits and withdrawals (self-transactions) are not edges and are left out.
/// </summary>
public static class NetworkExtract
{
    public static Network Around(TransactionStore store, NetworkQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Hops);
        bool Keep(int e) =>
            (query.From is not { } from || store.Time[e] >= from) && (query.To is not { } to || store.Time[e] <= to)
            && (query.IncludeMerchantPurchases || store.MerchantCategory[e] == 0);
        var graph = new TransactionGraph(store, Keep);
        var hops = new int[store.AccountCount];
        Array.Fill(hops, -1);
        var nodes = new List<NetworkNode>();
        var frontier = new List<int>();
        foreach (var seed in query.Seeds.Distinct())
        {
            hops[seed] = 0;
            nodes.Add(new NetworkNode(seed, 0));
            frontier.Add(seed);
        }
        var reached = 0;
        var truncated = false;
        for (var level = 1; level <= query.Hops && frontier.Count > 0; level++)
        {
            var next = new List<int>();
            foreach (var a in frontier)
            {
                Visit(graph.OutOffsets, graph.OutEdges, store.Target, a, level, hops, next);
                Visit(graph.InOffsets, graph.InEdges, store.Source, a, level, hops, next);
            }
            if (nodes.Count + next.Count > query.MaxNodes)
            {
                foreach (var a in next)
                {
                    hops[a] = -1;
                }
                truncated = true;
                break;
            }
            nodes.AddRange(next.Select(a => new NetworkNode(a, level)));
            frontier = next;
            reached = level;
        }
        return new Network(store, nodes, Edges(store, graph, hops), truncated ? reached : query.Hops, truncated);
    }

    private static void Visit(int[] offsets, int[] edges, int[] other, int account, int level, int[] hops, List<int> next)
    {
        for (var i = offsets[account]; i < offsets[account + 1]; i++)
        {
            var b = other[edges[i]];
            if (hops[b] < 0)
            {
                hops[b] = level;
                next.Add(b);
            }
        }
    }

    /// <summary>Edges between kept accounts, aggregated per (source, target, currency), ordered by source, target, currency.</summary>
    private static List<NetworkEdge> Edges(TransactionStore store, TransactionGraph graph, int[] hops)
    {
        var byPair = new Dictionary<(int, int, short), NetworkEdge>();
        for (var e = 0; e < store.Count; e++)
        {
            var (s, t) = (store.Source[e], store.Target[e]);
            if (hops[s] < 0 || hops[t] < 0 || !graph.Contains(e))
            {
                continue;
            }
            var key = (s, t, store.Currency[e]);
            var (amount, time) = (store.Amount[e], store.Time[e]);
            byPair[key] = byPair.TryGetValue(key, out var edge)
                ? edge with { Count = edge.Count + 1, Sum = edge.Sum + amount, First = Math.Min(edge.First, time), Last = Math.Max(edge.Last, time) }
                : new NetworkEdge(s, t, key.Item3, 1, amount, time, time);
        }
        return [.. byPair.Values.OrderBy(e => e.Source).ThenBy(e => e.Target).ThenBy(e => e.Currency)];
    }
}
