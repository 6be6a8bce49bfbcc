using Ariadne.Analytics.Finance;
using CsCheck;

namespace Ariadne.Tests.Finance;

public sealed class GraphAlgorithmsTests
{
    [Fact]
    public void Wcc_SmallGraph_KnownComponents()
    {
        // 0-1-2, 3-4, 5 alone.
        var (component, count) = GraphAlgorithms.WeaklyConnectedComponents(6, [0, 2, 4], [1, 1, 3]);

        Assert.Equal(3, count);
        Assert.Equal([0, 0, 0, 1, 1, 2], component);
    }

    [Fact]
    public void Scc_SmallGraph_KnownComponents()
    {
        // 0→1→2→0 is one component, 3→4→3 another, 5 alone; 2→3 and 4→5 link them one way.
        var (offsets, heads) = Csr(6, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (4, 5)]);

        var (component, count) = GraphAlgorithms.StronglyConnectedComponents(6, offsets, heads);

        Assert.Equal(3, count);
        Assert.Equal(component[0], component[1]);
        Assert.Equal(component[1], component[2]);
        Assert.Equal(component[3], component[4]);
        Assert.NotEqual(component[0], component[3]);
        Assert.NotEqual(component[3], component[5]);
        // Tarjan completes sinks first.
        Assert.True(component[5] < component[3] && component[3] < component[0]);
    }

    [Fact]
    public void WccAndScc_RandomGraphs_MatchNaiveReachability()
    {
        Gen.Int[1, 14].SelectMany(n => Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1]).Array[0, 30].Select(edges => (n, edges))).Sample(t =>
        {
            var (n, edges) = t;
            var reach = new bool[n, n];
            var undirected = new bool[n, n];
            for (var v = 0; v < n; v++)
            {
                reach[v, v] = undirected[v, v] = true;
            }
            foreach (var (a, b) in edges)
            {
                reach[a, b] = true;
                undirected[a, b] = undirected[b, a] = true;
            }
            for (var k = 0; k < n; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        reach[i, j] |= reach[i, k] && reach[k, j];
                        undirected[i, j] |= undirected[i, k] && undirected[k, j];
                    }
                }
            }
            var (weak, _) = GraphAlgorithms.WeaklyConnectedComponents(n, edges.Select(e => e.Item1).ToArray(), edges.Select(e => e.Item2).ToArray());
            var (offsets, heads) = Csr(n, edges);
            var (strong, _) = GraphAlgorithms.StronglyConnectedComponents(n, offsets, heads);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    Assert.Equal(undirected[i, j], weak[i] == weak[j]);
                    Assert.Equal(reach[i, j] && reach[j, i], strong[i] == strong[j]);
                }
            }
        });
    }

    [Fact]
    public void PageRank_DirectedCycle_EqualRanksSummingToOne()
    {
        var (offsets, heads) = Csr(4, [(0, 1), (1, 2), (2, 3), (3, 0)]);

        var rank = GraphAlgorithms.PageRank(4, offsets, heads, x => x);

        Assert.All(rank, r => Assert.Equal(0.25, r, 6));
        var (starOffsets, starHeads) = Csr(4, [(1, 0), (2, 0), (3, 0)]);
        var star = GraphAlgorithms.PageRank(4, starOffsets, starHeads, x => x);
        Assert.Equal(1.0, star.Sum(), 6);
        Assert.True(star[0] > star[1]);
    }

    [Fact]
    public void Louvain_TwoCliquesJoinedByOneEdge_TwoCommunities()
    {
        var edges = new List<(int, int)>();
        foreach (var offset in new[] { 0, 5 })
        {
            for (var i = 0; i < 5; i++)
            {
                for (var j = i + 1; j < 5; j++)
                {
                    edges.Add((offset + i, offset + j));
                }
            }
        }
        edges.Add((4, 5));
        var weights = Enumerable.Repeat(1.0, edges.Count).ToArray();

        var (community, modularity) = GraphAlgorithms.Louvain(10, edges.Select(e => e.Item1).ToArray(), edges.Select(e => e.Item2).ToArray(), weights);

        Assert.Equal(2, community.Distinct().Count());
        Assert.All(Enumerable.Range(0, 5), v => Assert.Equal(community[0], community[v]));
        Assert.All(Enumerable.Range(5, 5), v => Assert.Equal(community[5], community[v]));
        Assert.True(modularity > 0.4, $"modularity {modularity}");
    }

    internal static (int[] Offsets, int[] Heads) Csr(int n, IReadOnlyList<(int, int)> edges)
    {
        var offsets = new int[n + 1];
        foreach (var (a, _) in edges)
        {
            offsets[a + 1]++;
        }
        for (var v = 0; v < n; v++)
        {
            offsets[v + 1] += offsets[v];
        }
        var heads = new int[edges.Count];
        var fill = (int[])offsets.Clone();
        foreach (var (a, b) in edges)
        {
            heads[fill[a]++] = b;
        }
        return (offsets, heads);
    }
}
