using Cranio.Phantoms;
using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// The xoshiro256** pseudo-random generator (Blackman and Vigna, 2018), seeded through SplitMix64.
/// </summary>
/// <remarks>
/// Every random choice of the defect code draws from this generator, not from <see cref="System.Random"/>,
/// whose seeded sequence is only guaranteed stable for its legacy algorithm: the same seed gives the same
/// sequence, and therefore the same bytes, on every machine and .NET runtime. Not thread-safe; not for cryptography.
/// </remarks>
public sealed class Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words with four successive SplitMix64 outputs of <paramref name="seed"/>.</summary>
    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="count"/>) (Lemire's multiply-shift; bias below 2⁻³²).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);
    }

    /// <summary>A direction uniformly distributed on the unit sphere (z uniform in [-1, 1], azimuth uniform).</summary>
    public Vec3 UnitVector()
    {
        double z = Uniform(-1, 1);
        double phi = Uniform(0, 2 * Math.PI);
        double r = Math.Sqrt(Math.Max(0, 1 - z * z));
        return new Vec3(r * Math.Cos(phi), r * Math.Sin(phi), z);
    }

    /// <summary>
    /// A seed derived from a parent seed, a name and an index: FNV-1a (64 bit) over the UTF-16 code units of
    /// <paramref name="name"/>, mixed with the seed and index by SplitMix64. Stable across machines and runtimes.
    /// </summary>
    public static ulong DeriveSeed(ulong seed, string name, int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong hash = 14695981039346656037UL;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        ulong x = seed ^ hash;
        ulong mixed = SplitMix64(ref x);
        x = mixed ^ (ulong)(uint)index;
        return SplitMix64(ref x);
    }

    /// <summary>One SplitMix64 step: advances <paramref name="x"/> by the golden-ratio increment and mixes it (<see cref="CounterNoise.Mix"/>).</summary>
    private static ulong SplitMix64(ref ulong x) => CounterNoise.Mix(x += 0x9E3779B97F4A7C15UL);
}
