using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// Plain Fellegi–Sunter deduplication of FEBRL-like synthetic records (100,000: 80,000 people and 20,000 duplicates
/// with one typo each), and the Jaro–Winkler kernel against a naive string-allocating implementation on the same
/// 1,000,000 name pairs. Targets: 1,000,000 records ≤ 2 minutes (Splink: about a million a minute on a laptop).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DedupeBenchmark
{
    private const int People = 80_000;
    private List<string?[]> _records = [];
    private string[] _left = [];
    private string[] _right = [];

    private static readonly FieldComparison[] Comparisons =
    [
        FieldComparison.Create("given_name", 0, ComparisonKind.Name, true),
        FieldComparison.Create("surname", 1, ComparisonKind.Name, true),
        FieldComparison.Create("date_of_birth", 2, ComparisonKind.Date, false),
        FieldComparison.Create("postcode", 3, ComparisonKind.Distance, false),
        FieldComparison.Create("suburb", 4, ComparisonKind.Text, false),
    ];

    private static readonly BlockingRule[] Rules =
    [
        new([new(1, BlockTransform.Soundex), new(2, BlockTransform.Prefix4)]),
        new([new(2, BlockTransform.Exact)]),
        new([new(0, BlockTransform.Soundex), new(3, BlockTransform.Exact)]),
    ];

    [GlobalSetup]
    public void GlobalSetup()
    {
        _records = Generate(People, 20_000, 20261204);
        var random = new Random(5);
        _left = [.. Enumerable.Range(0, 1_000_000).Select(_ => _records[random.Next(_records.Count)][1]!)];
        _right = [.. Enumerable.Range(0, 1_000_000).Select(_ => _records[random.Next(_records.Count)][1]!)];
        var result = Deduplicator.Run(_records, Comparisons, Rules, new DedupeOptions());
        Console.WriteLine($"// {_records.Count} records, {result.ComparedPairs} compared pairs, {result.Links} links, {result.Clusters} clusters, EM {result.Training.Iterations} iterations");
    }

    /// <summary>Synthetic FEBRL-like people: syllable names, dates 1930–2009, 4-digit postcodes; duplicates with one typo in one field.</summary>
    internal static List<string?[]> Generate(int people, int duplicates, int seed)
    {
        var random = new Random(seed);
        string[] syllables = ["an", "be", "ka", "lo", "mi", "ra", "sa", "ti", "vo", "ze", "el", "or", "un", "dr", "st", "ch", "ia", "na", "ko", "wa"];
        string Word(int parts) => string.Concat(Enumerable.Range(0, parts).Select(_ => syllables[random.Next(syllables.Length)]));
        var given = Enumerable.Range(0, 2_000).Select(_ => Word(2 + random.Next(2))).ToArray();
        var suburbs = Enumerable.Range(0, 3_000).Select(_ => Word(3)).ToArray();
        var records = new List<string?[]>(people + duplicates);
        for (var p = 0; p < people; p++)
        {
            var date = new DateOnly(1930, 1, 1).AddDays(random.Next(80 * 365));
            records.Add([given[random.Next(given.Length)], Word(3 + random.Next(2)), date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture), suburbs[random.Next(suburbs.Length)]]);
        }
        for (var d = 0; d < duplicates; d++)
        {
            var copy = (string?[])records[random.Next(people)].Clone();
            var field = random.Next(5);
            var value = copy[field]!.ToCharArray();
            value[random.Next(value.Length)] = field is 2 or 3 ? (char)('0' + random.Next(10)) : (char)('a' + random.Next(26));
            copy[field] = new string(value);
            records.Add(copy);
        }
        return records;
    }

    [Benchmark(Description = "dedupe 100,000 records (prepare, block, sample u, EM, score, cluster)")]
    public int Dedupe() => Deduplicator.Run(_records, Comparisons, Rules, new DedupeOptions()).Clusters;

    [Benchmark(Baseline = true, Description = "Jaro–Winkler, 1,000,000 pairs, span kernel (product)")]
    public double JaroWinklerKernel()
    {
        var sum = 0.0;
        for (var i = 0; i < _left.Length; i++)
        {
            sum += JaroWinkler.Similarity(_left[i], _right[i]);
        }
        return sum;
    }

    [Benchmark(Description = "Jaro–Winkler, 1,000,000 pairs, naive allocating (peer)")]
    public double JaroWinklerNaive()
    {
        var sum = 0.0;
        for (var i = 0; i < _left.Length; i++)
        {
            sum += NaiveJaroWinkler(_left[i], _right[i]);
        }
        return sum;
    }

    /// <summary>The common textbook transcription: matched characters collected into new strings, flags in new arrays.</summary>
    private static double NaiveJaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        var usedB = new bool[b.Length];
        var matchedA = new List<char>();
        var positionsB = new List<int>();
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = Math.Max(0, i - window); j <= Math.Min(b.Length - 1, i + window); j++)
            {
                if (!usedB[j] && a[i] == b[j])
                {
                    usedB[j] = true;
                    matchedA.Add(a[i]);
                    positionsB.Add(j);
                    break;
                }
            }
        }
        if (matchedA.Count == 0)
        {
            return 0;
        }
        var matchedB = new string([.. positionsB.Order().Select(j => b[j])]);
        var transpositions = matchedA.Where((c, i) => c != matchedB[i]).Count() / 2.0;
        double m = matchedA.Count;
        var jaro = (m / a.Length + m / b.Length + (m - transpositions) / m) / 3;
        var prefix = a.Zip(b).Take(4).TakeWhile(p => p.First == p.Second).Count();
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
