namespace Cranio.Evaluation;

/// <summary>
/// Percentiles by linear interpolation between order statistics, exactly as numpy's default
/// (<c>numpy.percentile(values, p)</c>, method 'linear', R type 7).
/// </summary>
public static class Percentile
{
    /// <summary>
    /// The <paramref name="percent"/>-th percentile of <paramref name="values"/> (any order; not modified).
    /// With the n values sorted as x₀ ≤ … ≤ xₙ₋₁: h = (n − 1)·p/100, i = ⌊h⌋, g = h − i, and the result is
    /// xᵢ + g·(xᵢ₊₁ − xᵢ) (computed as numpy does: xᵢ₊₁ − (1 − g)·(xᵢ₊₁ − xᵢ) when g ≥ 0.5). When g = 0 the
    /// result is xᵢ exactly, also when xᵢ₊₁ is +∞ (where numpy returns NaN).
    /// </summary>
    /// <exception cref="ArgumentException">No values, or <paramref name="percent"/> outside [0, 100].</exception>
    public static double Linear(ReadOnlySpan<double> values, double percent)
    {
        if (values.IsEmpty) throw new ArgumentException("The percentile of no values is undefined; got an empty set.", nameof(values));
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return LinearOfSorted(sorted, percent);
    }

    /// <summary>As <see cref="Linear"/> for values already sorted ascending.</summary>
    public static double LinearOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty) throw new ArgumentException("The percentile of no values is undefined; got an empty set.", nameof(sorted));
        if (!(percent >= 0 && percent <= 100)) throw new ArgumentException($"Percent must be in [0, 100]; got {percent}.", nameof(percent));
        double h = (sorted.Length - 1) * (percent / 100.0);
        int i = (int)Math.Floor(h);
        if (i >= sorted.Length - 1) return sorted[^1];
        double g = h - i, a = sorted[i], b = sorted[i + 1];
        if (g == 0) return a;
        double diff = b - a;
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }
}
