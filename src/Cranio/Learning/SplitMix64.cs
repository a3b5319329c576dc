namespace Cranio.Learning;

/// <summary>
/// The SplitMix64 generator (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then the output is the
/// state mixed by z = (z ⊕ z≫30)·0xBF58476D1CE4E5B9, z = (z ⊕ z≫27)·0x94D049BB133111EB, z ⊕ z≫31.
/// Fully specified integer arithmetic, so the same seed gives the same numbers on every machine and runtime
/// (unlike <see cref="System.Random"/>, whose algorithm is not part of its contract).
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float uniform in [0, 1): the top 24 bits of <see cref="NextUInt64"/> times 2⁻²⁴ (exact in float32).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A float uniform in [<paramref name="low"/>, <paramref name="high"/>): low + (high − low)·<see cref="NextSingle()"/>.</summary>
    public float NextSingle(float low, float high) => low + (high - low) * NextSingle();

    /// <summary>An integer uniform in [0, <paramref name="bound"/>) by Lemire's multiply-shift (bias below 2⁻³²·bound).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public int NextInt32(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);
    }
}
