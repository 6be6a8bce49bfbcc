using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ariadne.Analytics.Linkage;

/// <summary>
/// The Sørensen–Dice coefficient of bit vectors, 2|A∩B| / (|A| + |B|), by hardware population count (POPCNT through
/// <see cref="BitOperations.PopCount(ulong)"/>). The hot loop of encoded linkage: no allocation, no bounds checks on the
/// fixed 16-word encodings.
/// </summary>
public static class Dice
{
    /// <summary>|A∩B| of two 1,024-bit encodings (16 words each, starting at the given offsets of the flat arrays).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CommonBits(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        // One bounds check per slice; the loop runs to the span's length, so the JIT drops the per-element checks.
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        var sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += BitOperations.PopCount(x[i] & y[i]);
        }
        return sum;
    }

    /// <summary>The Dice coefficient of two balanced encodings (each with exactly half of its bits set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Balanced(ulong[] a, int offsetA, ulong[] b, int offsetB) =>
        CommonBits(a, offsetA, b, offsetB) * (2.0 / BloomFilterEncoder.EncodingBits);

    /// <summary>The Dice coefficient of any two equal-length bit vectors; 0 when both are empty.</summary>
    public static double Of(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int common = 0, weight = 0;
        for (var i = 0; i < a.Length; i++)
        {
            common += BitOperations.PopCount(a[i] & b[i]);
            weight += BitOperations.PopCount(a[i]) + BitOperations.PopCount(b[i]);
        }
        return weight == 0 ? 0 : 2.0 * common / weight;
    }
}
