using Cranio.Evaluation;

namespace Cranio.Tests.Evaluation;

public class MetricsCsvTests
{
    [Fact]
    public void Format_HasColumnsRowsAndNumpySummaries()
    {
        var cases = new[]
        {
            new CaseMetrics("a", new Overlap(3, 4, 2, 8), 0.5, 1.5, 2.0, 0.7, 0.8),
            new CaseMetrics("b,c", new Overlap(4, 4, 4, 8), double.NaN, 0.0, 0.0, 0, 0),
            new CaseMetrics("d", new Overlap(0, 4, 0, 8), 0.25, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity),
        };
        string[] lines = MetricsCsv.Format(cases).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("case,dsc,bdsc,hd95,hd,re,vol_error", lines[0]);
        Assert.Equal("a,0.5714285714285714,0.5,1.5,2,0.375,0.75", lines[1]);
        Assert.Equal("\"b,c\",1,,0,0,0,0", lines[2]);
        Assert.Equal("d,0,0.25,inf,inf,0.5,1", lines[3]);
        string[] mean = lines[4].Split(',');
        Assert.Equal("mean", mean[0]);
        Assert.Equal((4.0 / 7 + 1 + 0) / 3, double.Parse(mean[1], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("0.375", mean[2]);              // bdsc over the two cases that have one
        Assert.Equal("inf", mean[3]);
        string[] median = lines[5].Split(',');
        Assert.Equal(["median", "0.5714285714285714", "0.375", "1.5", "2", "0.375", "0.75"], median);
        string[] std = lines[6].Split(',');
        Assert.Equal("std", std[0]);
        Assert.Equal(0.125, double.Parse(std[2], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("nan", std[3]);
        Assert.Equal(7, lines.Length);
    }
}
