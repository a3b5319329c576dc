using Cranio.Design;
using Cranio.Defects;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

public sealed class MirrorDesignerTests(ITestOutputHelper output)
{
    [Fact]
    public void RestoresALateralDefectOfASymmetricSkull()
    {
        var phantom = new EllipsoidShellPhantom();
        Grid grid = phantom.MakeGrid(new Vec3(1, 1, 1), tiltDegrees: 8);
        var (_, defective, truth) = phantom.Build(grid, (phantom.OuterPoint(new Vec3(1, 0.2, 0.3)), 25));
        var result = new MirrorDesigner().Design(defective);
        double dice = Cranio.Evaluation.Overlap.Measure(result.Implant, truth).Dice;
        output.WriteLine($"DSC {dice:F4}; warnings: {string.Join("; ", result.Report.Warnings)}");
        Assert.True(dice >= 0.9, $"DSC {dice:F4}");
        Assert.Empty(result.Report.Warnings);
        Assert.Single(result.Report.Defects);
        Assert.Same(defective.Grid, result.Implant.Grid);
    }

    [Fact]
    public void WarnsWhenTheDefectCrossesTheMidSagittalPlane()
    {
        var phantom = new EllipsoidShellPhantom();
        Grid grid = phantom.MakeGrid(new Vec3(1.5, 1.5, 1.5));
        var (_, defective, _) = phantom.Build(grid, (phantom.OuterPoint(new Vec3(0, 0.3, 1)), 30));
        var result = new MirrorDesigner().Design(defective);
        Assert.Contains(result.Report.Warnings, w => w.Contains("crosses the mid-sagittal plane"));
    }

    [Fact]
    public void FindsTheMidSagittalPlaneOfAShiftedTiltedSkull()
    {
        var phantom = new EllipsoidShellPhantom { Centre = new Vec3(7, 3, 20) };
        Grid grid = phantom.MakeGrid(new Vec3(1.2, 1.2, 1.2), tiltDegrees: 12);
        var (complete, _, _) = phantom.Build(grid);
        var plane = MidSagittalPlaneSearch.Fit(complete, phantom.Centre + new Vec3(4, 0, 0), 12, 15);
        Assert.True(Math.Abs(plane.Normal.X) > 0.995, $"normal {plane.Normal}");
        Assert.True(Math.Abs(plane.SignedDistance(phantom.Centre)) < 1.0, $"plane misses the centre by {plane.SignedDistance(phantom.Centre):F2} mm");
    }
}
