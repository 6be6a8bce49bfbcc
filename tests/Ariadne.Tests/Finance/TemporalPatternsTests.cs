using Ariadne.Analytics.Finance;

namespace Ariadne.Tests.Finance;

public sealed class TemporalPatternsTests
{
    private const long Day = 86_400;

    private static TransactionGraph Graph(params (string From, string To, long Day)[] rows)
    {
        var builder = new TransactionStoreBuilder();
        var id = 1;
        foreach (var (from, to, day) in rows)
        {
            builder.Add(id++, from, to, 10_000, day * Day, Channel.Transfer);
        }
        return new TransactionGraph(builder.Build());
    }

    [Fact]
    public void Cycles_TimeRespectingWithinWindow_FoundOnceFromEarliestEdge()
    {
        var graph = Graph(("a", "b", 1), ("b", "c", 2), ("c", "a", 3), ("x", "y", 1), ("y", "x", 2));

        var cycles = TemporalPatterns.Cycles(graph, maxLength: 6, window: 30 * Day);

        Assert.Equal(2, cycles.Count);
        var abc = cycles.Single(c => c.Accounts.Length == 3);
        Assert.Equal(["a", "b", "c"], abc.Accounts.Select(a => graph.Store.Accounts[a]));
        Assert.Equal([1L, 2L, 3L], abc.Transactions.Select(t => graph.Store.Ids[t]));
    }

    [Fact]
    public void Cycles_NotTimeRespectingOrTooLongOrOutsideWindow_NotFound()
    {
        // The closing payment comes before the middle one: money cannot have gone round.
        Assert.Empty(TemporalPatterns.Cycles(Graph(("a", "b", 1), ("b", "c", 5), ("c", "a", 3)), 6, 30 * Day));
        // Outside the window.
        Assert.Empty(TemporalPatterns.Cycles(Graph(("a", "b", 1), ("b", "c", 2), ("c", "a", 40)), 6, 30 * Day));
        // Longer than allowed.
        Assert.Empty(TemporalPatterns.Cycles(Graph(("a", "b", 1), ("b", "c", 2), ("c", "d", 3), ("d", "a", 4)), 3, 30 * Day));
    }

    [Fact]
    public void Fans_FiveSendersInAWeek_OneFanIn_SpreadOverAMonth_None()
    {
        var week = Graph(("s1", "h", 1), ("s2", "h", 2), ("s3", "h", 3), ("s4", "h", 4), ("s5", "h", 6), ("s1", "h", 7));
        var month = Graph(("s1", "h", 1), ("s2", "h", 8), ("s3", "h", 15), ("s4", "h", 22), ("s5", "h", 29));

        var fans = TemporalPatterns.Fans(week, inbound: true, minCounterparties: 5, window: 7 * Day);

        var fan = Assert.Single(fans);
        Assert.Equal("h", week.Store.Accounts[fan.Accounts[0]]);
        Assert.Equal(6, fan.Accounts.Length);
        Assert.Empty(TemporalPatterns.Fans(month, inbound: true, 5, 7 * Day));
        Assert.Empty(TemporalPatterns.Fans(week, inbound: false, 5, 7 * Day));
    }

    [Fact]
    public void ScatterGatherAndGatherScatter_PlantedShapes_Found()
    {
        var scatter = Graph(("o", "m1", 1), ("o", "m2", 1), ("o", "m3", 2), ("m1", "d", 3), ("m2", "d", 4), ("m3", "d", 4));
        var gather = Graph(("s1", "h", 1), ("s2", "h", 1), ("s3", "h", 2), ("s4", "h", 2), ("h", "r1", 4), ("h", "r2", 4), ("h", "r3", 5), ("h", "r4", 5));

        var sg = Assert.Single(TemporalPatterns.ScatterGather(scatter, 3, 30 * Day));
        Assert.Equal("o", scatter.Store.Accounts[sg.Accounts[0]]);
        Assert.Equal("d", scatter.Store.Accounts[sg.Accounts[^1]]);
        Assert.Equal(6, sg.Transactions.Length);
        var gs = Assert.Single(TemporalPatterns.GatherScatter(gather, 4, 14 * Day));
        Assert.Equal("h", gather.Store.Accounts[gs.Accounts[0]]);
        Assert.Equal(9, gs.Accounts.Length);
        // Gathering after scattering (the payments back in time) is no scatter-gather.
        Assert.Empty(TemporalPatterns.ScatterGather(Graph(("o", "m1", 5), ("o", "m2", 5), ("o", "m3", 5), ("m1", "d", 1), ("m2", "d", 1), ("m3", "d", 1)), 3, 30 * Day));
    }

    [Fact]
    public void Store_SortsByTimeStably_InternsAccounts_CsrSkipsSelfTransactions()
    {
        var builder = new TransactionStoreBuilder();
        builder.Add(1, "a", "b", 100, 50, Channel.Transfer);
        builder.Add(2, "b", "b", 200, 10, Channel.CashIn, branch: "B1");
        builder.Add(3, "b", "a", 300, 50, Channel.Transfer);

        var store = builder.Build();
        var graph = new TransactionGraph(store);

        Assert.Equal([2L, 1L, 3L], store.Ids);
        Assert.Equal(["a", "b"], store.Accounts);
        Assert.Equal("B1", store.Branches[store.Branch[0]]);
        Assert.Equal(2, graph.EdgeCount);
        Assert.Equal([1], graph.OutEdges[graph.OutOffsets[0]..graph.OutOffsets[1]]);
    }
}
