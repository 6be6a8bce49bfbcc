namespace Ariadne.Analytics.Disclosure;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same numbers on every platform and .NET version,
/// so that a noisy release can be reproduced exactly from its recorded seed.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in the open interval (0, 1).</summary>
    public double NextOpenUnit() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>A draw from the Laplace distribution with location 0 and scale <paramref name="scale"/>.</summary>
    public double NextLaplace(double scale)
    {
        var u = NextOpenUnit() - 0.5;
        return -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>A draw from the normal distribution with mean 0 and standard deviation <paramref name="sigma"/> (Box–Muller).</summary>
    public double NextGaussian(double sigma) =>
        sigma * Math.Sqrt(-2 * Math.Log(NextOpenUnit())) * Math.Cos(2 * Math.PI * NextOpenUnit());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>
    /// One step of SplitMix64 (Steele, Lea &amp; Flood; the standard constants): advances <paramref name="state"/> and
    /// returns the next output. The one shared copy for seeding and for cheap seeded streams (the linkage u sample);
    /// <c>BloomFilterEncoder</c> keeps its own byte-identical copy so that existing encodings never change.
    /// </summary>
    internal static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
