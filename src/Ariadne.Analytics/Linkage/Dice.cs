using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ariadne.Analytics.Linkage;

/// <summary>
/// The Sørensen–Dice coefficient of bit vectors, 2|A∩B| / (|A| + |B|), by hardware population count. The hot loop of
/// encoded linkage: no allocation, no bounds checks inside the fixed 16-word encodings.
/// </summary>
/// <remarks>
/// <see cref="CommonBits(ulong[], int, ulong[], int)"/> is the kernel the matcher calls. It picks, once per process
/// (the JIT folds the <c>IsSupported</c> checks into constants), the fastest kernel the processor has: Muła's
/// nibble-lookup popcount on <see cref="Vector256"/> when it has AVX2 (four vectors per encoding; measured 1.9 times
/// the POPCNT kernel in <c>linkage-scale dice</c>, docs/benchmarks.md), else the 16 words unrolled into four
/// independent POPCNT chains (<see cref="Popcnt.X64.PopCount"/>; 145 million comparisons a CPU-second on one core
/// here, target 100 million), else the portable <see cref="BitOperations.PopCount(ulong)"/> loop. All three count the
/// same bits (EncodedLinkageTests). .NET has no VPOPCNTQ intrinsic; the <see cref="Vector512"/> (AVX-512BW) variant
/// gains nothing over AVX2 for 1,024 bits and is kept only as a benchmark alternative.
/// </remarks>
public static class Dice
{
    /// <summary>|A∩B| of two 1,024-bit encodings (16 words each, starting at the given offsets of the flat arrays).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CommonBits(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        // One bounds check per encoding; then unchecked reads of its 16 words.
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        return CommonBits(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    /// <summary>|A∩B| of the 16 words at <paramref name="x"/> and <paramref name="y"/>; the caller guarantees 16 readable words each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CommonBits(ref ulong x, ref ulong y) =>
        Avx2.IsSupported ? CommonBitsAvx2(ref x, ref y)
        : Popcnt.X64.IsSupported ? CommonBitsPopcnt(ref x, ref y)
        : CommonBitsPortable(ref x, ref y);

    /// <summary>The unrolled POPCNT kernel (the product kernel without AVX2; a benchmark peer and the previous matcher's kernel).</summary>
    internal static int CommonBitsPopcnt(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        return Popcnt.X64.IsSupported
            ? CommonBitsPopcnt(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y))
            : CommonBitsPortable(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    /// <summary>The portable kernel, used when the processor has neither AVX2 nor POPCNT.</summary>
    internal static int CommonBitsPortable(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        return CommonBitsPortable(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CommonBitsPopcnt(ref ulong x, ref ulong y)
    {
        ulong s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var i = 0; i < BloomFilterEncoder.EncodingWords; i += 4)
        {
            s0 += Popcnt.X64.PopCount(Unsafe.Add(ref x, i) & Unsafe.Add(ref y, i));
            s1 += Popcnt.X64.PopCount(Unsafe.Add(ref x, i + 1) & Unsafe.Add(ref y, i + 1));
            s2 += Popcnt.X64.PopCount(Unsafe.Add(ref x, i + 2) & Unsafe.Add(ref y, i + 2));
            s3 += Popcnt.X64.PopCount(Unsafe.Add(ref x, i + 3) & Unsafe.Add(ref y, i + 3));
        }
        return (int)(s0 + s1 + s2 + s3);
    }

    private static int CommonBitsPortable(ref ulong x, ref ulong y)
    {
        var sum = 0;
        for (var i = 0; i < BloomFilterEncoder.EncodingWords; i++)
        {
            sum += BitOperations.PopCount(Unsafe.Add(ref x, i) & Unsafe.Add(ref y, i));
        }
        return sum;
    }

    /// <summary>The previous kernel: a span loop over <see cref="BitOperations.PopCount(ulong)"/> (a benchmark peer).</summary>
    internal static int CommonBitsSpanLoop(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        var sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += BitOperations.PopCount(x[i] & y[i]);
        }
        return sum;
    }

    /// <summary>Muła's nibble-lookup popcount on <see cref="Vector256"/> (AVX2), four vectors per encoding; the caller checks <see cref="Avx2.IsSupported"/>.</summary>
    internal static int CommonBitsAvx2(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        return CommonBitsAvx2(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y));
    }

    // Each byte of the sum holds at most 4 × 8 = 32 (four vectors of at most 8 bits a byte), so the bytes cannot overflow.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CommonBitsAvx2(ref ulong rx, ref ulong ry)
    {
        var table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = Vector256.Create((byte)0x0F);
        var bytes = Vector256<byte>.Zero;
        for (var i = 0; i < BloomFilterEncoder.EncodingWords; i += 4)
        {
            var v = (Vector256.LoadUnsafe(ref rx, (nuint)i) & Vector256.LoadUnsafe(ref ry, (nuint)i)).AsByte();
            bytes += Avx2.Shuffle(table, v & low) + Avx2.Shuffle(table, Avx2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & low);
        }
        var sums = Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt64();
        return (int)Vector256.Sum(sums);
    }

    /// <summary>The nibble-lookup popcount on <see cref="Vector512"/> (AVX-512BW), two vectors per encoding (a benchmark alternative).</summary>
    internal static int CommonBitsAvx512(ulong[] a, int offsetA, ulong[] b, int offsetB)
    {
        var x = new ReadOnlySpan<ulong>(a, offsetA, BloomFilterEncoder.EncodingWords);
        var y = new ReadOnlySpan<ulong>(b, offsetB, BloomFilterEncoder.EncodingWords);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var table = Vector512.Create(Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4));
        var low = Vector512.Create((byte)0x0F);
        var v0 = (Vector512.LoadUnsafe(ref rx) & Vector512.LoadUnsafe(ref ry)).AsByte();
        var v1 = (Vector512.LoadUnsafe(ref rx, 8) & Vector512.LoadUnsafe(ref ry, 8)).AsByte();
        var bytes = Avx512BW.Shuffle(table, v0 & low) + Avx512BW.Shuffle(table, Avx512BW.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & low)
            + Avx512BW.Shuffle(table, v1 & low) + Avx512BW.Shuffle(table, Avx512BW.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & low);
        return (int)Vector512.Sum(Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64());
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
