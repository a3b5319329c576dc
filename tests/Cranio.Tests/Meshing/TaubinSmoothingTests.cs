using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.Meshing;

public class TaubinSmoothingTests
{
    private static double RmsRadialError(TriangleMesh mesh, Vec3 centre, double r) =>
        Math.Sqrt(mesh.Vertices.Average(v => Math.Pow((v - centre).Length - r, 2)));

    /// <summary>
    /// The binary ball of r = 20 mm (0.5 × 0.7 × 0.9 mm, oblique, det &lt; 0) has a staircase area bias of about
    /// +10.7 %; 20 default λ/μ iterations keep the volume within 1 % and bring the area within 2 % of 4·π·r².
    /// </summary>
    [Fact]
    public void Ball_KeepsVolume_AndLosesTheStaircase()
    {
        const double r = 20;
        var (mask, centre) = MeshShapes.Ball(r, MeshShapes.Anisotropic, MeshShapes.ObliqueFlipped);
        TriangleMesh raw = MarchingCubes.FromMask(mask);
        TriangleMesh smooth = TaubinSmoothing.Run(raw);

        double volume = 4.0 / 3 * Math.PI * r * r * r, area = 4 * Math.PI * r * r;
        Assert.InRange(smooth.SignedVolume() / volume, 0.99, 1.01);
        Assert.InRange(smooth.SurfaceArea() / area, 0.98, 1.02);
        Assert.True(RmsRadialError(smooth, centre, r) < 0.6 * RmsRadialError(raw, centre, r));
        Assert.True(smooth.Centroid().MaxAbsDifference(centre) < 0.05);
        Assert.Equal(raw.Triangles, smooth.Triangles);
        Assert.True(smooth.CheckTopology().IsClosedManifold);
    }

    [Fact]
    public void ZeroIterations_ReturnTheSamePositions()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        Assert.Equal(cube.Vertices, TaubinSmoothing.Run(cube, new TaubinSmoothingOptions(iterations: 0)).Vertices);
    }

    [Theory]
    [InlineData(0.0, -0.53, 10, "Lambda")]
    [InlineData(0.5, -0.4, 10, "Mu")]
    [InlineData(0.5, -0.53, -1, "Iterations")]
    public void Options_RejectBadValues(double lambda, double mu, int iterations, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TaubinSmoothingOptions(lambda, mu, iterations));
        Assert.StartsWith(name, e.Message);
    }
}
