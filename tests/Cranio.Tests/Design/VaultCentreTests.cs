using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class VaultCentreTests
{
    [Fact]
    public void FitsASphereThroughExactPoints()
    {
        var random = new Random(3);
        var centre = new Vec3(12, -30, 55);
        var points = Enumerable.Range(0, 200).Select(_ =>
        {
            var d = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble()).Normalized();
            return centre + d * 81.5;
        }).ToList();
        var (fitted, radius) = VaultCentre.FitSphere(points);
        Assert.True(fitted.MaxAbsDifference(centre) < 1e-6, fitted.ToString());
        Assert.Equal(81.5, radius, 6);
    }

    [Fact]
    public void FindsTheCentreOfASphericalVaultWithADefect()
    {
        var phantom = new EllipsoidShellPhantom(A: 70, B: 70, C: 70);
        Grid grid = phantom.MakeGrid(new Vec3(1.2, 1.2, 1.2), 10);
        var (_, defective, _) = phantom.Build(grid, (phantom.OuterPoint(new Vec3(0.5, 0.5, 1)), 30));
        var (centre, radius) = VaultCentre.Estimate(defective, 2);
        Assert.True(centre.MaxAbsDifference(phantom.Centre) < 1.5, $"{centre} vs {phantom.Centre}");
        Assert.InRange(radius, 68.5, 71);
    }
}
