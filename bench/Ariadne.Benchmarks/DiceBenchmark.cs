using Ariadne.Analytics.Linkage;
using BenchmarkDotNet.Attributes;

namespace Ariadne.Benchmarks;

/// <summary>
/// The Sørensen–Dice kernel on 1,024-bit encodings: 1,000 × 1,000 = 1,000,000 comparisons per operation (256 KB of
/// encodings, in cache as in a block), single-threaded. Product: <see cref="Dice.CommonBits(ulong[], int, ulong[], int)"/>, which is Muła's nibble
/// lookup on Vector256 where the processor has AVX2 (else the unrolled POPCNT kernel). Peers on the same data in the
/// same run: the span loop over <c>BitOperations.PopCount</c> (baseline), the unrolled POPCNT kernel (the product
/// before AVX2), the AVX2 kernel called directly, the Vector512 (AVX-512BW) variant, and a portable SWAR popcount
/// without the POPCNT instruction. Target: ≥ 100 million comparisons a second per core.
/// </summary>
[Config(typeof(BenchmarkData.InProcessShort))]
public class DiceBenchmark
{
    private const int Side = 1_000;
    private ulong[] _a = [];
    private ulong[] _b = [];

    [GlobalSetup]
    public void GlobalSetup()
    {
        var people = new SyntheticPeople(7);
        var secret = "synthetic benchmark secret, never a real one"u8.ToArray();
        _a = SyntheticPeople.Encode(secret, [.. Enumerable.Range(0, Side).Select(_ => people.Person())], false).Words;
        _b = SyntheticPeople.Encode(secret, [.. Enumerable.Range(0, Side).Select(_ => people.Person())], false).Words;
    }

    private long Run(Func<ulong[], int, ulong[], int, int> kernel)
    {
        long sum = 0;
        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                sum += kernel(_a, i * BloomFilterEncoder.EncodingWords, _b, j * BloomFilterEncoder.EncodingWords);
            }
        }
        return sum;
    }

    [Benchmark(Description = "1,000,000 Dice, product kernel (AVX2 where supported)")]
    public long Product()
    {
        long sum = 0;
        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                sum += Dice.CommonBits(_a, i * BloomFilterEncoder.EncodingWords, _b, j * BloomFilterEncoder.EncodingWords);
            }
        }
        return sum;
    }

    [Benchmark(Baseline = true, Description = "1,000,000 Dice, span loop over BitOperations.PopCount (previous kernel)")]
    public long SpanLoop()
    {
        long sum = 0;
        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                sum += Dice.CommonBitsSpanLoop(_a, i * BloomFilterEncoder.EncodingWords, _b, j * BloomFilterEncoder.EncodingWords);
            }
        }
        return sum;
    }

    [Benchmark(Description = "1,000,000 Dice, unrolled POPCNT (previous product kernel)")]
    public long Popcnt() => Run(Dice.CommonBitsPopcnt);

    [Benchmark(Description = "1,000,000 Dice, Vector256 nibble lookup (AVX2)")]
    public long Avx2() => System.Runtime.Intrinsics.X86.Avx2.IsSupported ? Run(Dice.CommonBitsAvx2) : -1;

    [Benchmark(Description = "1,000,000 Dice, Vector512 nibble lookup (AVX-512BW)")]
    public long Avx512() => System.Runtime.Intrinsics.X86.Avx512BW.IsSupported ? Run(Dice.CommonBitsAvx512) : -1;

    [Benchmark(Description = "1,000,000 Dice, portable SWAR popcount (no POPCNT)")]
    public long Swar() => Run(static (a, offsetA, b, offsetB) =>
    {
        var sum = 0;
        for (var i = 0; i < BloomFilterEncoder.EncodingWords; i++)
        {
            var x = a[offsetA + i] & b[offsetB + i];
            x -= (x >> 1) & 0x5555555555555555UL;
            x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
            x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
            sum += (int)((x * 0x0101010101010101UL) >> 56);
        }
        return sum;
    });
}
