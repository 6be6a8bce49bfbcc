using System.Globalization;
using System.Text;
using System.Xml;
using Ariadne.Analytics.Finance;

namespace Ariadne.Core.Finance;

/// <summary>
/// Writes an extracted <see cref="Network"/> for other tools: GraphML (directed, every attribute declared as a
/// <c>key</c> before the graph, as the GraphML structure requires) or two CSV files (<c>nodes.csv</c>, <c>edges.csv</c>).
/// Amounts are major units with two decimals, times ISO 8601 UTC; the output is deterministic.
/// </summary>
public static class NetworkFiles
{
    public const string GraphMlNamespace = "http://graphml.graphdrawing.org/xmlns";
    public const string NodesFile = "nodes.csv";
    public const string EdgesFile = "edges.csv";

    /// <summary>The declared keys: id, the element it belongs to, name and GraphML type.</summary>
    private static readonly (string Id, string For, string Name, string Type)[] Keys =
    [
        ("account", "node", "account", "string"), ("hops", "node", "hops", "int"), ("kind", "node", "kind", "string"), ("country", "node", "country", "string"),
        ("count", "edge", "count", "int"), ("sum", "edge", "sum", "double"), ("currency", "edge", "currency", "string"),
        ("first", "edge", "first", "string"), ("last", "edge", "last", "string"),
    ];

    public static void WriteGraphMl(Network network, Stream output)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using var xml = XmlWriter.Create(output, settings);
        var store = network.Store;
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", GraphMlNamespace);
        foreach (var (id, target, name, type) in Keys)
        {
            xml.WriteStartElement("key", GraphMlNamespace);
            xml.WriteAttributeString("id", id);
            xml.WriteAttributeString("for", target);
            xml.WriteAttributeString("attr.name", name);
            xml.WriteAttributeString("attr.type", type);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("graph", GraphMlNamespace);
        xml.WriteAttributeString("id", "network");
        xml.WriteAttributeString("edgedefault", "directed");
        foreach (var node in network.Nodes)
        {
            xml.WriteStartElement("node", GraphMlNamespace);
            xml.WriteAttributeString("id", NodeId(node.Account));
            Data(xml, "account", store.Accounts[node.Account]);
            Data(xml, "hops", node.Hops.ToString(CultureInfo.InvariantCulture));
            Data(xml, "kind", Kind(store, node.Account));
            Data(xml, "country", store.Countries[store.AccountCountry[node.Account]]);
            xml.WriteEndElement();
        }
        for (var i = 0; i < network.Edges.Count; i++)
        {
            var edge = network.Edges[i];
            xml.WriteStartElement("edge", GraphMlNamespace);
            xml.WriteAttributeString("id", string.Create(CultureInfo.InvariantCulture, $"e{i}"));
            xml.WriteAttributeString("source", NodeId(edge.Source));
            xml.WriteAttributeString("target", NodeId(edge.Target));
            Data(xml, "count", edge.Count.ToString(CultureInfo.InvariantCulture));
            Data(xml, "sum", Amount(edge.Sum));
            Data(xml, "currency", store.Currencies[edge.Currency]);
            Data(xml, "first", Time(edge.First));
            Data(xml, "last", Time(edge.Last));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary><c>nodes.csv</c> (account_id, hops, kind, country) and <c>edges.csv</c> (source, target, currency, count, sum, first, last) in <paramref name="directory"/>.</summary>
    public static void WriteCsv(Network network, string directory)
    {
        Directory.CreateDirectory(directory);
        var store = network.Store;
        using (var nodes = FinanceFiles.Writer(Path.Combine(directory, NodesFile)))
        {
            nodes.WriteLine("account_id,hops,kind,country");
            foreach (var node in network.Nodes)
            {
                nodes.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{FinanceFiles.Quote(store.Accounts[node.Account])},{node.Hops},{Kind(store, node.Account)},{store.Countries[store.AccountCountry[node.Account]]}"));
            }
        }
        using var edges = FinanceFiles.Writer(Path.Combine(directory, EdgesFile));
        edges.WriteLine("source,target,currency,count,sum,first,last");
        foreach (var e in network.Edges)
        {
            edges.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{FinanceFiles.Quote(store.Accounts[e.Source])},{FinanceFiles.Quote(store.Accounts[e.Target])},{store.Currencies[e.Currency]},{e.Count},{Amount(e.Sum)},{Time(e.First)},{Time(e.Last)}"));
        }
    }

    private static void Data(XmlWriter xml, string key, string value)
    {
        if (value.Length == 0)
        {
            return;
        }
        xml.WriteStartElement("data", GraphMlNamespace);
        xml.WriteAttributeString("key", key);
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    /// <summary>Node ids are dense ("n12"): account identifiers may hold characters a GraphML id (NMTOKEN) may not; the account is a data value.</summary>
    private static string NodeId(int account) => string.Create(CultureInfo.InvariantCulture, $"n{account}");

    private static string Kind(TransactionStore store, int account) => store.AccountKinds[account] switch
    {
        AccountKind.Individual => "individual",
        AccountKind.Business => "business",
        _ => "",
    };

    private static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
