using System.Xml.Linq;
using Ariadne.Analytics.Finance;
using Ariadne.Core.Finance;
using Ariadne.Tests.ImportExport;
using Ariadne.Tests.Infrastructure;

namespace Ariadne.Tests.Finance;

/// <summary>Network extraction (k hops, window, aggregation, limit) on pure code, its GraphML and CSV files, and <c>finance export</c> (in-process CLI, no app).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NetworkExportTests : IDisposable
{
    private const long Day = 86_400;
    private static readonly long T0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly XNamespace G = NetworkFiles.GraphMlNamespace;
    private readonly string _folder = Directory.CreateTempSubdirectory("ariadne-network-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>a → b twice, b → c, c → d (day 10), x → y apart, a card purchase a → shop, a cash deposit into a.</summary>
    private static TransactionStore Store()
    {
        var builder = new TransactionStoreBuilder();
        builder.DescribeAccount("a", AccountKind.Individual, "DE");
        builder.Add(1, "a", "b", 10_000, T0, Channel.Transfer, "EUR");
        builder.Add(2, "a", "b", 5_050, T0 + Day, Channel.Transfer, "EUR");
        builder.Add(3, "b", "c", 7_000, T0 + 2 * Day, Channel.Transfer, "EUR");
        builder.Add(4, "c", "d", 1_000, T0 + 10 * Day, Channel.Transfer, "EUR");
        builder.Add(5, "x", "y", 1_000, T0, Channel.Transfer, "EUR");
        builder.Add(6, "a", "shop", 2_000, T0, Channel.Card, "EUR", merchantCategory: 5411);
        builder.Add(7, "a", "a", 90_000, T0, Channel.CashIn, "EUR");
        return builder.Build();
    }

    private static string[] Accounts(Network n) => [.. n.Nodes.Select(x => n.Store.Accounts[x.Account] + ":" + x.Hops)];

    [Fact]
    public void Around_HopsWindowMerchantsAndLimit_AggregatedEdges_GraphMlAndCsv()
    {
        var store = Store();
        var a = Array.IndexOf(store.Accounts, "a");

        var one = NetworkExtract.Around(store, new NetworkQuery { Seeds = [a], Hops = 1 });
        Assert.Equal(["a:0", "b:1"], Accounts(one));
        var edge = Assert.Single(one.Edges);
        Assert.Equal((2, 15_050L, T0, T0 + Day), (edge.Count, edge.Sum, edge.First, edge.Last));

        var three = NetworkExtract.Around(store, new NetworkQuery { Seeds = [a], Hops = 3 });
        Assert.Equal(["a:0", "b:1", "c:2", "d:3"], Accounts(three));
        Assert.Equal(3, three.Edges.Count);
        Assert.Equal(["a:0", "b:1", "c:2"], Accounts(NetworkExtract.Around(store, new NetworkQuery { Seeds = [a], Hops = 3, To = T0 + 5 * Day })));
        Assert.Equal(["a:0", "b:1", "shop:1"], Accounts(NetworkExtract.Around(store, new NetworkQuery { Seeds = [a], Hops = 1, IncludeMerchantPurchases = true })));
        var limited = NetworkExtract.Around(store, new NetworkQuery { Seeds = [a], Hops = 3, MaxNodes = 3 });
        Assert.Equal(["a:0", "b:1", "c:2"], Accounts(limited));
        Assert.True(limited.Truncated);
        Assert.Equal(2, limited.Hops);

        // GraphML: namespace, every data key declared before the graph for its element, directed, edges between declared nodes.
        using var stream = new MemoryStream();
        NetworkFiles.WriteGraphMl(three, stream);
        var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Root!;
        Assert.Equal(G + "graphml", root.Name);
        Assert.Equal(["key", "key", "key", "key", "key", "key", "key", "key", "key", "graph"], root.Elements().Select(e => e.Name.LocalName));
        var keys = root.Elements(G + "key").ToDictionary(k => (string)k.Attribute("id")!, k => (string)k.Attribute("for")!);
        var graph = root.Element(G + "graph")!;
        Assert.Equal("directed", (string)graph.Attribute("edgedefault")!);
        var nodeIds = graph.Elements(G + "node").Select(n => (string)n.Attribute("id")!).ToHashSet();
        Assert.Equal(4, nodeIds.Count);
        Assert.All(graph.Elements(G + "edge"), e => Assert.True(nodeIds.Contains((string)e.Attribute("source")!) && nodeIds.Contains((string)e.Attribute("target")!)));
        Assert.All(graph.Descendants(G + "data"), d => Assert.Equal(d.Parent!.Name.LocalName, keys[(string)d.Attribute("key")!]));
        var first = graph.Elements(G + "edge").First().Elements(G + "data").ToDictionary(d => (string)d.Attribute("key")!, d => d.Value);
        Assert.Equal(("2", "150.50", "EUR", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"), (first["count"], first["sum"], first["currency"], first["first"], first["last"]));
        var nodeA = graph.Elements(G + "node").First().Elements(G + "data").ToDictionary(d => (string)d.Attribute("key")!, d => d.Value);
        Assert.Equal(("a", "0", "individual", "DE"), (nodeA["account"], nodeA["hops"], nodeA["kind"], nodeA["country"]));

        NetworkFiles.WriteCsv(three, Path.Combine(_folder, "csv"));
        Assert.Equal(["account_id,hops,kind,country", "a,0,individual,DE", "b,1,,", "c,2,,", "d,3,,"], File.ReadAllLines(Path.Combine(_folder, "csv", "nodes.csv")));
        Assert.Equal(["source,target,currency,count,sum,first,last", "a,b,EUR,2,150.50,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z",
            "b,c,EUR,1,70.00,2025-01-03T00:00:00Z,2025-01-03T00:00:00Z", "c,d,EUR,1,10.00,2025-01-11T00:00:00Z,2025-01-11T00:00:00Z"],
            File.ReadAllLines(Path.Combine(_folder, "csv", "edges.csv")));
    }

    [Fact]
    public async Task Command_ExportAroundAlertAndAccount_GraphMlAndCsv_UnknownAccountRefused()
    {
        var transactions = Path.Combine(_folder, "transactions.csv");
        File.WriteAllLines(transactions,
        [
            "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp",
            "1,a,b,TRANSFER,100.00,2025-01-01T00:00:00Z", "2,b,c,TRANSFER,95.00,2025-01-02T00:00:00Z",
            "3,c,a,TRANSFER,90.00,2025-01-03T00:00:00Z", "4,c,d,TRANSFER,50.00,2025-01-04T00:00:00Z", "5,x,y,TRANSFER,5.00,2025-01-04T00:00:00Z",
        ]);
        var run = Path.Combine(_folder, "run");
        Assert.Equal(0, (await CliRunner.RunAsync("finance", "analyse", "--format", "amlsim", "--transactions", transactions, "--out", run)).Exit);
        var alertId = File.ReadLines(Path.Combine(run, "alerts.csv")).Skip(1).Single(l => l.Contains(",cycle,", StringComparison.Ordinal)).Split(',')[0];

        var graphml = await CliRunner.RunAsync("finance", "export", "--format", "amlsim", "--transactions", transactions, "--analysis", run, "--alert", alertId,
            "--hops", "0", "--out", Path.Combine(_folder, "cycle.graphml"));
        var csv = await CliRunner.RunAsync("finance", "export", "--format", "amlsim", "--transactions", transactions, "--account", "d", "--hops", "1",
            "--from", "2025-01-02T12:00:00Z", "--output-format", "csv", "--out", Path.Combine(_folder, "d"));
        var unknown = await CliRunner.RunAsync("finance", "export", "--format", "amlsim", "--transactions", transactions, "--account", "zz", "--out", Path.Combine(_folder, "zz.graphml"));

        Assert.True(graphml.Exit == 0, graphml.Error);
        Assert.Contains("Wrote 3 accounts and 3 edges (0 hops)", graphml.Output, StringComparison.Ordinal);
        Assert.Equal(3, XDocument.Load(Path.Combine(_folder, "cycle.graphml")).Descendants(G + "edge").Count());
        Assert.True(csv.Exit == 0, csv.Error);
        Assert.Equal(["account_id,hops,kind,country", "d,0,,", "c,1,,"], File.ReadAllLines(Path.Combine(_folder, "d", "nodes.csv")));
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("--account: no account 'zz'", unknown.Error, StringComparison.Ordinal);
    }
}
