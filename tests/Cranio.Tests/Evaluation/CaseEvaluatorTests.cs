using Cranio.Evaluation;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

public class CaseEvaluatorTests
{
    [Fact]
    public void AllMetrics_AgreeWithTheSingleMetricFunctions()
    {
        var grid = MaskFactory.Grid(20, 18, 12, 0.5, 0.75, 1.25);
        var p = MaskFactory.Random(grid, 31, 0.5, (4, 4, 2, 14, 12, 9));
        var g = MaskFactory.Random(grid, 32, 0.5, (6, 3, 3, 16, 13, 10));
        var d = MaskFactory.Random(grid, 33, 0.1, (0, 0, 0, 5, 17, 11));
        CaseMetrics m = CaseEvaluator.Evaluate("c", p, g, d);
        SurfaceDistances s = SurfaceDistances.Measure(p, g);
        Assert.Equal(Overlap.Measure(p, g), m.Overlap);
        Assert.Equal(BoundaryDice.Measure(p, g, d), m.BoundaryDice);
        Assert.Equal(s.Hausdorff95, m.Hausdorff95);
        Assert.Equal(s.Hausdorff, m.Hausdorff);
        Assert.Equal(s.MeanAbsolute, m.MeanSurfaceDeviation);
        Assert.Equal(s.RootMeanSquare, m.RmsSurfaceDeviation);
    }

    [Fact]
    public void WithoutDefectiveSkullOrSurfaceMetrics_ThoseAreNaN()
    {
        var grid = MaskFactory.Grid(6, 6, 6);
        var p = MaskFactory.Sphere(grid, new Vec3(3, 3, 3), 2);
        CaseMetrics m = CaseEvaluator.Evaluate("c", p, p, null, new EvaluationOptions(surfaceDistances: false));
        Assert.Equal(1.0, m.Dice);
        Assert.True(double.IsNaN(m.BoundaryDice));
        Assert.True(double.IsNaN(m.Hausdorff95));
        Assert.True(double.IsNaN(m.Hausdorff));
    }

    [Fact]
    public void GridMismatch_NamesTheCaseAndTheDefectiveSkull()
    {
        var a = new Volume<byte>(MaskFactory.Grid(4, 4, 4));
        var d = new Volume<byte>(Grid.AxisAligned(4, 4, 4, new Vec3(1, 1, 1), new Vec3(0, 0, 5)));
        var e = Assert.Throws<GridMismatchException>(() => CaseEvaluator.Evaluate("case 7", a, a, d));
        Assert.Contains("case 7 defective skull", e.Message);
        Assert.Contains("origin", e.Message);
    }

    [Fact]
    public void BadBoundaryWidthOption_IsRejected() =>
        Assert.Contains("got -2", Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationOptions(-2)).Message);
}
