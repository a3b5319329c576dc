namespace Cranio.Phantoms;

/// <summary>
/// Counter-based pseudo-random numbers: each value is a pure function of (seed, index) through the SplitMix64
/// finaliser, so volumes can be filled in parallel in any order and give the same bytes on any machine.
/// </summary>
public static class CounterNoise
{
    /// <summary>A uniform deviate in (0, 1] determined by <paramref name="seed"/> and <paramref name="index"/>.</summary>
    public static double Uniform(ulong seed, long index) =>
        ((Mix(seed * 0x9E3779B97F4A7C15UL + (ulong)index * 2 + 1) >> 11) + 1) * (1.0 / 9007199254740992.0);

    /// <summary>A standard normal deviate (Box–Muller) determined by <paramref name="seed"/> and <paramref name="index"/>.</summary>
    public static double Gaussian(ulong seed, long index)
    {
        ulong a = Mix(seed * 0x9E3779B97F4A7C15UL + (ulong)index * 2 + 1), b = Mix(a ^ 0xD1B54A32D192ED03UL);
        double u1 = ((a >> 11) + 1) * (1.0 / 9007199254740993.0), u2 = (b >> 11) * (1.0 / 9007199254740992.0);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
