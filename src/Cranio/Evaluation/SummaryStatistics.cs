namespace Cranio.Evaluation;

/// <summary>
/// Mean, median and standard deviation of one metric over cases, as numpy computes them: the median is the
/// 50th <see cref="Percentile.Linear"/> percentile, the standard deviation the population one (ddof = 0,
/// √(Σ(x − mean)²/n)). Values that are +∞ propagate (mean +∞, std NaN); NaN marks "no value" and is skipped.
/// </summary>
/// <param name="Count">Number of values summarised (NaN skipped).</param>
/// <param name="Mean">Arithmetic mean, NaN without values.</param>
/// <param name="Median">Median, NaN without values.</param>
/// <param name="StandardDeviation">Population standard deviation, NaN without values.</param>
/// <param name="Lower">First quartile (25th percentile), NaN without values.</param>
/// <param name="Upper">Third quartile (75th percentile), NaN without values.</param>
/// <param name="Min">Smallest value, NaN without values.</param>
/// <param name="Max">Largest value, NaN without values.</param>
public sealed record SummaryStatistics(int Count, double Mean, double Median, double StandardDeviation, double Lower, double Upper, double Min, double Max)
{
    /// <summary>Summarises <paramref name="values"/>, skipping NaN.</summary>
    public static SummaryStatistics Of(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return new SummaryStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = v.Sum() / v.Length;
        double variance = v.Sum(x => (x - mean) * (x - mean)) / v.Length;
        return new SummaryStatistics(v.Length, mean, Percentile.LinearOfSorted(v, 50), Math.Sqrt(variance),
            Percentile.LinearOfSorted(v, 25), Percentile.LinearOfSorted(v, 75), v[0], v[^1]);
    }
}
