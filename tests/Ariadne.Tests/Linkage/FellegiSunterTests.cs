using Ariadne.Analytics.Linkage;
using Ariadne.Analytics.Linkage.Probabilistic;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// The Fellegi–Sunter engine: EM recovers known m and u, term frequencies weigh rare values more, blocking compares
/// each pair once, the chain guard keeps two clearly different people apart, and deduplication of FEBRL 2 in process.
/// </summary>
public sealed class FellegiSunterTests
{
    // Known m and u of three comparisons with three levels (exact, fuzzy, else), as a given name, a surname and a birth date might have.
    private static readonly double[][] TrueM = [[0.80, 0.15, 0.05], [0.70, 0.20, 0.10], [0.90, 0.06, 0.04]];
    private static readonly double[][] TrueU = [[0.01, 0.01, 0.98], [0.002, 0.005, 0.993], [0.0005, 0.01, 0.9895]];

    private static int Draw(Random random, double[] probabilities)
    {
        var x = random.NextDouble();
        for (var l = 0; l < probabilities.Length - 1; l++)
        {
            x -= probabilities[l];
            if (x < 0)
            {
                return l;
            }
        }
        return probabilities.Length - 1;
    }

    private static ulong Pattern(Random random, double[][] probabilities)
    {
        ulong pattern = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            pattern |= (ulong)(Draw(random, probabilities[k]) + 1) << (4 * k); // level 1 exact, 2 fuzzy, 3 else
        }
        return pattern;
    }

    [Fact]
    public void Em_RecoversKnownMAndUAndLambda_OnGeneratedPairs()
    {
        // 10,000,000 pairs, 5,000 of them matches, levels drawn from known m and u; blocking keeps the pairs that agree
        // exactly on at least one comparison (99.4 % of the matches), and a random sample of 1,000,000 pairs
        // (a tenth of all, so the correction for the matches in the sample matters) estimates u.
        var random = new Random(20261204);
        const int TotalPairs = 10_000_000;
        const int Matches = 5_000;
        var comparisons = Enumerable.Range(0, 3).Select(k => FieldComparison.Create($"f{k}", k, ComparisonKind.Text, false, [0.9])).ToList();
        var blocked = new Dictionary<ulong, long>();
        var counts = comparisons.Select(c => new long[c.Levels.Count]).ToArray();
        const int Sampled = 1_000_000;
        for (var i = 0; i < TotalPairs; i++)
        {
            var pattern = Pattern(random, i < Matches ? TrueM : TrueU);
            if (Enumerable.Range(0, 3).Any(k => PreparedRecords.LevelOf(pattern, k) == 1))
            {
                blocked[pattern] = blocked.GetValueOrDefault(pattern) + 1;
            }
            if (i % 10 == 3)
            {
                for (var k = 0; k < 3; k++)
                {
                    counts[k][PreparedRecords.LevelOf(pattern, k)]++;
                }
            }
        }

        var result = FellegiSunterTraining.Train(comparisons, blocked, new PairSample(counts, Sampled, TotalPairs), 1e-6, new TrainingOptions());

        Assert.True(result.Converged, $"not converged after {result.Iterations}: λ {result.Model.Lambda}, m {string.Join(" ", result.Model.M.Select(m => string.Join("/", m.Select(x => x.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))))}, u {string.Join(" ", result.Model.U.Select(m => string.Join("/", m.Select(x => x.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))))}");
        Assert.InRange(result.Model.Lambda, 0.9 * Matches / TotalPairs, 1.1 * Matches / TotalPairs);
        for (var k = 0; k < 3; k++)
        {
            for (var l = 0; l < 3; l++)
            {
                Assert.InRange(result.Model.M[k][l + 1], TrueM[k][l] - 0.02, TrueM[k][l] + 0.02);
                Assert.InRange(result.Model.U[k][l + 1], TrueU[k][l] * 0.9, TrueU[k][l] * 1.1);
            }
        }
    }

    [Fact]
    public void Em_StopsAtTheIterationCap()
    {
        var comparisons = new[] { FieldComparison.Create("f", 0, ComparisonKind.Text, false, [0.9]) };
        var blocked = new Dictionary<ulong, long> { [1] = 100, [2] = 50, [3] = 1_000 };
        var sample = new PairSample([[0, 10, 40, 9_950]], 10_000, 1e6);

        var result = FellegiSunterTraining.Train(comparisons, blocked, sample, 1e-3, new TrainingOptions(MaxIterations: 2, Tolerance: 0));

        Assert.Equal(2, result.Iterations);
        Assert.False(result.Converged);
    }

    /// <summary>Synthetic people: a surname, a given name, a birth date; some with a duplicate that has a typo.</summary>
    private static List<string?[]> People(int count, int seed, out List<int> entity)
    {
        var random = new Random(seed);
        string[] given = ["anna", "maria", "elena", "olga", "fatima", "amina", "ioana", "nadia", "sara", "lea", "ines", "mira", "tanja", "vera", "zoe", "yara"];
        const string Letters = "abcdefghijklmnopqrstuvwxyz";
        var records = new List<string?[]>();
        entity = [];
        for (var e = 0; e < count; e++)
        {
            var surname = new string([.. Enumerable.Range(0, 6 + random.Next(4)).Select(_ => Letters[random.Next(26)])]);
            var date = new DateOnly(1960, 1, 1).AddDays(random.Next(365 * 40)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            string?[] record = [given[random.Next(given.Length)], surname, date];
            records.Add(record);
            entity.Add(e);
            if (e % 3 == 0)
            {
                // A duplicate with a typo: in the surname, or in a digit of the day of birth.
                var typo = surname.ToCharArray();
                typo[1 + random.Next(surname.Length - 2)] = Letters[random.Next(26)];
                var dateTypo = date[..7] + (char)('0' + (date[7] - '0' + 1 + random.Next(8)) % 10);
                records.Add(e % 2 == 0 ? [record[0], new string(typo), date] : [record[0], surname, dateTypo]);
                entity.Add(e);
            }
        }
        return records;
    }

    private static readonly BlockingRule[] PeopleRules = [new([new(1, BlockTransform.Soundex)]), new([new(2, BlockTransform.Exact)])];

    private static FieldComparison[] PeopleComparisons(bool termFrequency) =>
    [
        FieldComparison.Create("given_name", 0, ComparisonKind.Name, termFrequency),
        FieldComparison.Create("surname", 1, ComparisonKind.Name, termFrequency),
        FieldComparison.Create("date_of_birth", 2, ComparisonKind.Date, false),
    ];

    [Fact]
    public void Dedupe_GeneratedPeople_FindsTheDuplicates_ComparesEachBlockedPairOnce()
    {
        var records = People(2_000, 7, out var entity);

        var result = Deduplicator.Run(records, PeopleComparisons(true), PeopleRules, new DedupeOptions(SamplePairs: 200_000));

        var pairs = result.Pairs.Select(p => (p.Left, p.Right)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        // Every pair that shares a surname sound or a birth date was compared: the union of the rules.
        var expected = 0L;
        var soundex = records.Select(r => BlockingKeys.Soundex(r[1]!)).ToArray();
        for (var a = 0; a < records.Count; a++)
        {
            for (var b = a + 1; b < records.Count; b++)
            {
                if (soundex[a] == soundex[b] || records[a][2] == records[b][2])
                {
                    expected++;
                }
            }
        }
        Assert.Equal(expected, result.ComparedPairs);
        var truth = Enumerable.Range(0, records.Count).GroupBy(i => entity[i]).Count(g => g.Count() == 2);
        var found = Enumerable.Range(0, records.Count).GroupBy(i => result.ClusterOfRecord[i]).Where(g => g.Count() == 2).ToList();
        var correct = found.Count(g => g.Select(i => entity[i]).Distinct().Count() == 1);
        Assert.True(correct >= 0.95 * truth && correct >= 0.98 * found.Count, $"{correct} correct of {found.Count} found, {truth} true");
        // Explanations add up: prior + Σ (level weight + term-frequency weight) = the match weight.
        foreach (var pair in result.Pairs.Take(50))
        {
            Assert.Equal(pair.MatchWeight, result.Explain(pair).Sum(p => p.Weight + p.TermFrequencyWeight), 9);
        }
    }

    [Fact]
    public void TermFrequency_AnExactMatchOnARareSurnameWeighsMoreThanOnACommonOne()
    {
        var records = People(1_000, 11, out _);
        // Twenty unrelated people called "smith"; two records of one "zabrowska".
        for (var i = 0; i < 20; i++)
        {
            records.Add(["anna", "smith", $"19{50 + i}0101"]);
        }
        records.Add(["maria", "zabrowska", "19800101"]);
        records.Add(["maria", "zabrowska", "19800101"]);

        var result = Deduplicator.Run(records, PeopleComparisons(true), PeopleRules, new DedupeOptions(SamplePairs: 200_000));
        var prepared = result.Records;
        var smith = records.Count - 22;
        var zabrowska = records.Count - 2;

        var common = result.Model.TermFrequencyWeight(prepared, prepared.Pattern(smith, smith + 1), 1, smith);
        var rare = result.Model.TermFrequencyWeight(prepared, prepared.Pattern(zabrowska, zabrowska + 1), 1, zabrowska);
        Assert.True(rare > common + 3, $"rare {rare:F2} bits, common {common:F2} bits");
        Assert.True(common < 0);
        var withoutTf = Deduplicator.Run(records, PeopleComparisons(false), PeopleRules, new DedupeOptions(SamplePairs: 200_000));
        Assert.Equal(0, withoutTf.Model.TermFrequencyWeight(withoutTf.Records, prepared.Pattern(zabrowska, zabrowska + 1), 1, zabrowska));
    }

    [Fact]
    public void ChainGuard_ABAndBCLinked_AAndCClearlyDiffer_CIsNotPutWithA()
    {
        // B has no birth date: its names link it to A and to C (the links as scoring would give them); A and C share
        // the names but were born fifteen years apart, which under this model outweighs the common names.
        string?[][] records = [["maria", "lopez", "19900101"], ["maria", "lopez", null], ["maria", "lopez", "19751231"]];
        var comparisons = PeopleComparisons(false);
        var prepared = new PreparedRecords(records, comparisons);
        var model = new FellegiSunterModel(comparisons, 1e-3,
            [[0, 0.8, 0.1, 0.04, 0.02, 0.02, 0.02], [0, 0.8, 0.1, 0.04, 0.02, 0.02, 0.02], [0, 0.9, 0.01, 0.04, 0.02, 0.028, 0.002]],
            [[0, 0.1, 0.02, 0.02, 0.02, 0.05, 0.79], [0, 0.02, 0.01, 0.01, 0.01, 0.05, 0.90], [0, 1e-4, 1e-5, 1e-3, 3e-3, 0.02, 0.97589]]);
        var links = new List<(int, int, double)> { (0, 1, 0.99), (1, 2, 0.98) };
        Assert.True(model.Evidence(prepared, 0, 1) > 8);
        Assert.True(model.Evidence(prepared, 0, 2) < 0, $"{model.Evidence(prepared, 0, 2)}");

        var guarded = PairClustering.Cluster(3, links, (x, y) => model.Evidence(prepared, x, y), guard: 0);
        var chained = PairClustering.Cluster(3, links, (x, y) => model.Evidence(prepared, x, y), guard: double.NegativeInfinity);

        Assert.Equal(guarded[0], guarded[1]);
        Assert.NotEqual(guarded[0], guarded[2]);
        Assert.Equal([0, 0, 0], chained); // connected components would make one person of all three
    }

    [Fact]
    public void Clustering_IsDeterministic_AndEveryRecordHasACluster()
    {
        var links = new List<(int, int, double)> { (3, 4, 0.95), (0, 1, 0.99), (1, 2, 0.95) };

        var clusters = PairClustering.Cluster(6, links, (_, _) => 5, guard: 0);

        Assert.Equal([0, 0, 0, 1, 1, 2], clusters);
    }

    /// <summary>SplitMix64 as published (Steele, Lea &amp; Flood; Vigna's reference code), written out here independently.</summary>
    private static ulong ReferenceSplitMix64(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    [Fact]
    public void SharedSplitMix_GivesThePublishedSplitMix64Sequence()
    {
        ulong state = 0, reference = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, Ariadne.Analytics.Disclosure.SeededRandom.SplitMix(ref state));
        Assert.Equal(0xE220A8397B1DCDAFUL, ReferenceSplitMix64(ref reference));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ReferenceSplitMix64(ref reference), Ariadne.Analytics.Disclosure.SeededRandom.SplitMix(ref state));
        }
    }

    [Fact]
    public void USample_IsEveryPairAmongRecordsDrawnWithTheStandardSplitMix64()
    {
        // The sample once used a copy of SplitMix64 with a wrong last constant (0x94D049BB133CB111): a different,
        // unvetted generator. Since the dedupe of 1,000,000 records it is every pair among m records drawn without
        // replacement (Splink's way; the records' values stay in the cache). Three exact comparisons on i mod 7, 11
        // and 13 make the sample's level counts a fingerprint of the records drawn; the reference draws them with
        // the published generator.
        const int N = 1_000;
        const long MaxPairs = 150_000; // m = 549 records: 548 · 547 / 2 = 149,878 < 150,000 ≤ 549 · 548 / 2 = 150,426
        const ulong Seed = 0x5EED;
        int[] moduli = [7, 11, 13];
        string?[][] records = [.. Enumerable.Range(0, N).Select(i => moduli.Select(m => (string?)(i % m).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())];
        var comparisons = moduli.Select((m, k) => FieldComparison.Create($"mod{m}", k, ComparisonKind.Exact, false)).ToList();

        var sample = FellegiSunterTraining.SampleU(new PreparedRecords(records, comparisons), MaxPairs, Seed);

        var chosen = new HashSet<int>();
        var state = Seed;
        while (chosen.Count < 549)
        {
            chosen.Add((int)(ReferenceSplitMix64(ref state) % N));
        }
        var expected = new long[moduli.Length];
        foreach (var a in chosen)
        {
            foreach (var b in chosen.Where(b => b > a))
            {
                for (var k = 0; k < moduli.Length; k++)
                {
                    expected[k] += a % moduli[k] == b % moduli[k] ? 1 : 0;
                }
            }
        }
        Assert.Equal(549L * 548 / 2, sample.Sampled);
        Assert.Equal(N * (N - 1.0) / 2, sample.TotalPairs);
        Assert.Equal(expected, sample.Counts.Select(c => c[1]).ToArray()); // level 1: exact
        Assert.Equal(sample.Sampled, sample.Counts[0].Sum()); // every sampled pair counted once per comparison
    }
}
