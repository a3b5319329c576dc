using Cranio.Evaluation;

namespace Cranio.Tests.Evaluation;

public class PercentileTests
{
    [Theory]
    // Values from numpy.percentile (default method 'linear').
    [InlineData(new double[] { 1, 2, 3, 4 }, 95, 3.85)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 50, 2.5)]
    [InlineData(new double[] { 0, 10 }, 95, 9.5)]
    [InlineData(new double[] { 7 }, 95, 7)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 95, 10.5)]
    [InlineData(new double[] { 3, 1, 2 }, 0, 1)]
    [InlineData(new double[] { 3, 1, 2 }, 100, 3)]
    public void Linear_MatchesNumpy(double[] values, double percent, double expected) =>
        Assert.Equal(expected, Percentile.Linear(values, percent), 12);

    [Fact]
    public void BadInput_IsRejectedWithTheValue()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Percentile.Linear([], 95)).Message);
        Assert.Contains("101", Assert.Throws<ArgumentException>(() => Percentile.Linear([1.0], 101)).Message);
    }

    [Fact]
    public void Summary_IsNumpyMeanMedianPopulationStd()
    {
        SummaryStatistics s = SummaryStatistics.Of([1, 2, 3, 4, double.NaN]);
        Assert.Equal(4, s.Count);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(2.5, s.Median, 12);
        Assert.Equal(Math.Sqrt(1.25), s.StandardDeviation, 12);
        Assert.Equal(1.75, s.Lower, 12);
        Assert.Equal(3.25, s.Upper, 12);
    }
}
