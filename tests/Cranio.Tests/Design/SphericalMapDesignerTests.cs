using Cranio.Design;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

public sealed class SphericalMapDesignerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 0, 0.3)]
    [InlineData(0, -1, 0.2)]
    [InlineData(0, 1, 0.5)]
    [InlineData(0.2, 0.1, 1)]
    [InlineData(-1, 0.5, 0.1)]
    public void RestoresASphericalCutOfAnEllipsoidalShell(double dx, double dy, double dz)
    {
        var phantom = new EllipsoidShellPhantom();
        Grid grid = phantom.MakeGrid(new Vec3(1, 1, 1));
        var (_, defective, truth) = phantom.Build(grid, (phantom.OuterPoint(new Vec3(dx, dy, dz)), 25));
        var result = new SphericalMapDesigner().Design(defective);
        double dice = Overlap.Dice(result.Implant, truth);
        output.WriteLine($"centre {result.Report.VaultCentre}");
        output.WriteLine($"DSC {dice:F4}, defects {result.Report.Defects.Count}, area {result.Report.TotalOpeningAreaCm2:F2} cm², volume {result.Report.ImplantVolumeCm3:F2} vs {truth.CountNonZero() / 1000.0:F2} cm³");
        foreach (var t in result.Report.Timings) output.WriteLine($"{t.Stage}: {t.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Single(result.Report.Defects);
        Assert.True(dice >= 0.95, $"DSC {dice:F4} < 0.95");
    }
}
