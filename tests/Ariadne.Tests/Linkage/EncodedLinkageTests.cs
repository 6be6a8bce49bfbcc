using System.Runtime.InteropServices;
using System.Text;
using Ariadne.Analytics.Linkage;

namespace Ariadne.Tests.Linkage;

/// <summary>
/// Keyed, balanced Bloom-filter encodings and the operator's matching: the Dice kernel against a plain count, what an
/// encoding shows (constant weight, nothing of the plaintext, nothing without the secret), and linkage quality on the
/// FEBRL data (originals at one agency, their corrupted duplicates at another).
/// </summary>
public sealed class EncodedLinkageTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("synthetic shared secret for tests only");

    internal static readonly EncodedField[] FebrlFields =
    [
        new("given_name", TokenKind.Bigrams, 15),
        new("surname", TokenKind.Bigrams, 15),
        new("date_of_birth", TokenKind.Bigrams, 10),
        new("postcode", TokenKind.Bigrams, 5),
        new("suburb", TokenKind.Bigrams, 5),
        new("address_1", TokenKind.Bigrams, 4),
    ];

    private static ulong[] Encode(BloomFilterEncoder encoder, params string?[] values)
    {
        var words = new ulong[BloomFilterEncoder.EncodingWords];
        encoder.Encode(values, words);
        return words;
    }

    /// <summary>
    /// The encoding of fixed values under a fixed secret is pinned: agencies encode at different times and with different
    /// versions, so a change of the encoding (an optimisation, the cache of bigram positions) must not change one bit.
    /// The expected words were computed by the first version (HMAC per token, no cache). Repeated and concurrent calls,
    /// which fill and read the cache, give the same words.
    /// </summary>
    [Fact]
    public void Encoding_IsPinned_AndTheSameFromTheCacheAndFromConcurrentCalls()
    {
        var encoder = new BloomFilterEncoder(Secret, FebrlFields);
        string?[] values = ["Jóhn", "Smith-Ödegaard", "19790311", "2600", "canberra", "12 Synthetic Street"];
        const string expected =
            "8874B631660417812823402C9B8F6505CA179638039BDC17CB582F0D3CB959371E71A33BBD47A71FAF6054F5796D1D8AB37ACDF078B519F4C3DA2899EF1B3D1D" +
            "D1817EADC5929800DCC0801CB322870922C41E66EDD8ED9ADA403D9DFB1E4F9D943CFE9CCD9DFE766931C91E477624641C661BD105F4B10095B55DFA07F4ABE7";
        Assert.Equal(expected, Convert.ToHexString(MemoryMarshal.AsBytes(Encode(encoder, values).AsSpan())));
        Assert.Equal(expected, Convert.ToHexString(MemoryMarshal.AsBytes(Encode(encoder, values).AsSpan())));
        var concurrent = Enumerable.Range(0, 64).AsParallel()
            .Select(i => Convert.ToHexString(MemoryMarshal.AsBytes(Encode(encoder, i % 2 == 0 ? values : ["x" + i, null, null, null, null, null]).AsSpan())))
            .ToList();
        Assert.Contains(expected, concurrent);
        Assert.All(Enumerable.Range(0, 8), _ => Assert.Equal(expected, Convert.ToHexString(MemoryMarshal.AsBytes(Encode(encoder, values).AsSpan()))));
    }

    /// <summary>
    /// Every kernel (the product's choice, AVX2, AVX-512, POPCNT, portable, span loop) counts the same bits as a
    /// bit-by-bit loop, on random encodings of every density (empty, sparse, balanced, dense, full) at every offset.
    /// </summary>
    [Fact]
    public void Kernels_AgreeWithAPlainLoop_OnRandomInputs()
    {
        const int Count = 40;
        var random = new Random(3);
        var a = new ulong[BloomFilterEncoder.EncodingWords * Count];
        var b = new ulong[BloomFilterEncoder.EncodingWords * Count];
        foreach (var words in new[] { a, b })
        {
            for (var e = 0; e < Count; e++)
            {
                // Density of set bits from 0 (e = 0) to 1 (e = Count - 1).
                var density = e / (double)(Count - 1);
                for (var bit = 0; bit < BloomFilterEncoder.EncodingBits; bit++)
                {
                    if (random.NextDouble() < density)
                    {
                        words[e * BloomFilterEncoder.EncodingWords + bit / 64] |= 1UL << (bit % 64);
                    }
                }
            }
        }
        for (var x = 0; x < Count; x++)
        {
            for (var y = 0; y < Count; y++)
            {
                var (offsetA, offsetB) = (x * BloomFilterEncoder.EncodingWords, y * BloomFilterEncoder.EncodingWords);
                var plain = 0;
                for (var bit = 0; bit < BloomFilterEncoder.EncodingBits; bit++)
                {
                    plain += (int)((a[offsetA + bit / 64] & b[offsetB + bit / 64]) >> (bit % 64) & 1);
                }
                Assert.Equal(plain, Dice.CommonBits(a, offsetA, b, offsetB));
                Assert.Equal(plain, Dice.CommonBitsPopcnt(a, offsetA, b, offsetB));
                Assert.Equal(plain, Dice.CommonBitsPortable(a, offsetA, b, offsetB));
                Assert.Equal(plain, Dice.CommonBitsSpanLoop(a, offsetA, b, offsetB));
                if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
                {
                    Assert.Equal(plain, Dice.CommonBitsAvx2(a, offsetA, b, offsetB));
                }
                if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
                {
                    Assert.Equal(plain, Dice.CommonBitsAvx512(a, offsetA, b, offsetB));
                }
            }
        }
        Assert.Equal(BloomFilterEncoder.EncodingBits, Dice.CommonBits(a, (Count - 1) * BloomFilterEncoder.EncodingWords, b, (Count - 1) * BloomFilterEncoder.EncodingWords));
    }

    [Fact]
    public void Encodings_AreBalanced_TolerateTypos_AndSeparateOtherPeople()
    {
        var encoder = new BloomFilterEncoder(Secret, FebrlFields[..3]);
        var anna = Encode(encoder, "Anna", "Kowalska", "19910412");
        var typo = Encode(encoder, "Ana", "Kowalksa", "19910412");
        var accent = Encode(encoder, "ANNA", "Kowalská", "19910412");
        var other = Encode(encoder, "Lukas", "Brenner", "19850730");

        Assert.All(new[] { anna, typo, accent, other }, e => Assert.Equal(BloomFilterEncoder.FilterBits, Dice.CommonBits(e, 0, e, 0)));
        Assert.Equal(1.0, Dice.Balanced(anna, 0, accent, 0));
        Assert.InRange(Dice.Balanced(anna, 0, typo, 0), 0.85, 0.999);
        Assert.InRange(Dice.Balanced(anna, 0, other, 0), 0.3, 0.75);
    }

    [Fact]
    public void WithoutTheSecret_TheSameNameGivesAnUnrelatedEncoding()
    {
        var ours = new BloomFilterEncoder(Secret, FebrlFields[..3]);
        var guess = new BloomFilterEncoder(Encoding.UTF8.GetBytes("an operator's guess at the secret"), FebrlFields[..3]);

        var dice = Dice.Balanced(Encode(ours, "Anna", "Kowalska", "19910412"), 0, Encode(guess, "Anna", "Kowalska", "19910412"), 0);

        // Two random balanced vectors agree on about half of their set bits.
        Assert.InRange(dice, 0.40, 0.60);
    }

    [Fact]
    public void SameTokenInTwoFields_SetsDifferentBits()
    {
        var encoder = new BloomFilterEncoder(Secret, FebrlFields[..2]);

        var asGivenName = Encode(encoder, "Morgan", null);
        var asSurname = Encode(encoder, null, "Morgan");

        Assert.InRange(Dice.Balanced(asGivenName, 0, asSurname, 0), 0.5, 0.8);
    }

    [Theory]
    [InlineData(true, 0.98, 0.95)]
    [InlineData(false, 0.98, 0.90)]
    public void Febrl2_OriginalsAtOneAgencyDuplicatesAtAnother_PrecisionAndRecallFloors(bool blockingKeys, double precisionFloor, double recallFloor)
    {
        var records = Febrl.Read(TestData.Path("febrl", "dataset2.csv"));
        var originals = records.Where(r => r.Id.EndsWith("-org", StringComparison.Ordinal)).ToList();
        // One duplicate per entity at the second agency (one-to-one linkage).
        var duplicates = records.Where(r => r.Id.Contains("-dup-", StringComparison.Ordinal)).GroupBy(r => r.Entity).Select(g => g.First()).ToList();
        var encoder = new BloomFilterEncoder(Secret, FebrlFields);
        var blocking = blockingKeys ? new BlockingKeys(Secret, Febrl.Rules) : null;

        var result = EncodedMatcher.Match([Febrl.Encode(encoder, originals, blocking), Febrl.Encode(encoder, duplicates, blocking)], new MatchOptions());
        var (precision, recall) = Febrl.PairQuality(originals, duplicates, result);

        Assert.True(precision >= precisionFloor && recall >= recallFloor, $"precision {precision:F3}, recall {recall:F3}, candidates {result.CandidatePairs}");
        Assert.Equal(originals.Count + duplicates.Count - result.Links, result.Clusters);
    }

    [Fact]
    public void ThreeAgencies_ClustersHoldOneRecordPerAgency_RunsRepeatExactly_AndProgressReachesTheEnd()
    {
        var records = Febrl.Read(TestData.Path("febrl", "dataset2.csv"));
        var originals = records.Where(r => r.Id.EndsWith("-org", StringComparison.Ordinal)).ToList();
        var duplicates = records.Where(r => r.Id.Contains("-dup-", StringComparison.Ordinal)).GroupBy(r => r.Entity).ToList();
        var encoder = new BloomFilterEncoder(Secret, FebrlFields);
        var blocking = new BlockingKeys(Secret, Febrl.Rules);
        PartyEncodings[] parties =
        [
            Febrl.Encode(encoder, originals, blocking),
            Febrl.Encode(encoder, [.. duplicates.Select(g => g.First())], blocking),
            Febrl.Encode(encoder, [.. duplicates.Where(g => g.Count() > 1).Select(g => g.Skip(1).First())], blocking),
        ];
        var reports = new List<(double Fraction, string Stage)>();
        var progress = new SynchronousProgress(reports);

        var first = EncodedMatcher.Match(parties, new MatchOptions(), progress);
        var second = EncodedMatcher.Match(parties, new MatchOptions());

        Assert.True(parties[2].Count > 0);
        Assert.Equal(first.ClusterOfRecord, second.ClusterOfRecord); // parallel comparison, deterministic result
        foreach (var party in first.ClusterOfRecord)
        {
            Assert.Equal(party.Length, party.Distinct().Count()); // one record of an agency per cluster
        }
        Assert.True(first.ClusterOfRecord[2].Count(c => first.ClusterOfRecord[0].Contains(c)) > 0.8 * parties[2].Count);
        Assert.Equal((1.0, "Clustering"), reports[^1]);
        Assert.All(reports, r => Assert.Contains(r.Stage, new[] { "Blocking", "Comparing", "Clustering" }));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Fraction <= p.Second.Fraction));
    }

    private sealed class SynchronousProgress(List<(double Fraction, string Stage)> reports) : IProgress<(double Fraction, string Stage)>
    {
        public void Report((double Fraction, string Stage) value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

    [Fact]
    public void Soundex_MatchesTheStandardCodes()
    {
        Assert.Equal("R163", BlockingKeys.Soundex("robert"));
        Assert.Equal("R163", BlockingKeys.Soundex("rupert"));
        Assert.Equal("A261", BlockingKeys.Soundex("ashcraft"));
        Assert.Equal("T522", BlockingKeys.Soundex("tymczak"));
        Assert.Equal("P236", BlockingKeys.Soundex("pfister"));
        Assert.Equal("", BlockingKeys.Soundex(""));
    }
}
