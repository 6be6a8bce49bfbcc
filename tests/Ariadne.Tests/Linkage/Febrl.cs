using Ariadne.Analytics.Linkage;

namespace Ariadne.Tests.Linkage;

/// <summary>The FEBRL benchmark files (tests/data/febrl): synthetic people, the truth in <c>rec-ENTITY-org</c> / <c>rec-ENTITY-dup-N</c>.</summary>
internal static class Febrl
{
    internal sealed record Row(string Id, string Entity, IReadOnlyDictionary<string, string> Values);

    public static List<Row> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<Row>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            var values = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i < cells.Length ? cells[p.i] : "");
            var id = values["rec_id"];
            rows.Add(new Row(id, id.Split('-')[1], values));
        }
        return rows;
    }

    /// <summary>Blocking rules over <see cref="EncodedLinkageTests.FebrlFields"/>: surname sound + birth year; given-name sound + postcode; birth date; surname + suburb.</summary>
    public static readonly BlockingRule[] Rules =
    [
        new([new(1, BlockTransform.Soundex), new(2, BlockTransform.Prefix4)]),
        new([new(0, BlockTransform.Soundex), new(3, BlockTransform.Exact)]),
        new([new(2, BlockTransform.Exact)]),
        new([new(1, BlockTransform.Exact), new(4, BlockTransform.Exact)]),
        new([new(0, BlockTransform.Prefix2), new(1, BlockTransform.Prefix2)]),
    ];

    public static PartyEncodings Encode(BloomFilterEncoder encoder, IReadOnlyList<Row> rows, BlockingKeys? blocking = null)
    {
        var words = new ulong[rows.Count * BloomFilterEncoder.EncodingWords];
        var keys = blocking is null ? null : new ulong[rows.Count * blocking.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var values = EncodedLinkageTests.FebrlFields.Select(f => (string?)rows[r].Values[f.Name]).ToList();
            encoder.Encode(values, words.AsSpan(r * BloomFilterEncoder.EncodingWords, BloomFilterEncoder.EncodingWords));
            blocking?.Compute(values, keys.AsSpan(r * blocking.Count, blocking.Count));
        }
        return new PartyEncodings(words, keys, blocking?.Count ?? 0);
    }

    /// <summary>Precision and recall of the cross-party links implied by the clusters, against the entity truth.</summary>
    public static (double Precision, double Recall) PairQuality(IReadOnlyList<Row> a, IReadOnlyList<Row> b, MatchResult result)
    {
        var truth = new HashSet<(int, int)>();
        var indexOfEntity = a.Select((r, i) => (r.Entity, i)).ToDictionary(p => p.Entity, p => p.i);
        for (var j = 0; j < b.Count; j++)
        {
            if (indexOfEntity.TryGetValue(b[j].Entity, out var i))
            {
                truth.Add((i, j));
            }
        }
        var recordsOfCluster = new Dictionary<int, int>();
        for (var i = 0; i < a.Count; i++)
        {
            recordsOfCluster[result.ClusterOfRecord[0][i]] = i;
        }
        var found = new HashSet<(int, int)>();
        for (var j = 0; j < b.Count; j++)
        {
            if (recordsOfCluster.TryGetValue(result.ClusterOfRecord[1][j], out var i))
            {
                found.Add((i, j));
            }
        }
        var correct = found.Count(truth.Contains);
        return (found.Count == 0 ? 0 : correct / (double)found.Count, truth.Count == 0 ? 0 : correct / (double)truth.Count);
    }
}
