using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.Meshing;

public class QuadricDecimationTests
{
    private static (TriangleMesh Mesh, Vec3 Centre) SmoothBall(double r, double scale = 1)
    {
        var (mask, centre) = MeshShapes.Ball(r, MeshShapes.Anisotropic * scale, MeshShapes.ObliqueFlipped);
        return (TaubinSmoothing.Run(MarchingCubes.FromMask(mask)), centre);
    }

    /// <summary>
    /// A smoothed r = 12 mm ball decimated to a tenth of its triangles stays a closed manifold near the sphere:
    /// volume within 1.5 % of the input's (a coarse polyhedron inscribed in a curved surface loses a little
    /// volume), no vertex more than 0.1 mm farther from the sphere than the input's worst vertex (the smoothed
    /// binary ball itself deviates by up to 0.39 mm), and no normal flipped: on a convex shape every
    /// triangle's normal points away from the centre.
    /// </summary>
    [Fact]
    public void Ball_DecimatedToATenth_StaysClosedConvexAndOnTheSphere()
    {
        const double r = 12;
        var (mesh, centre) = SmoothBall(r);
        int target = mesh.TriangleCount / 10;
        TriangleMesh small = QuadricDecimation.Run(mesh, new QuadricDecimationOptions(target));

        Assert.InRange(small.TriangleCount, target - 1, target);
        MeshTopology topology = small.CheckTopology();
        Assert.True(topology.IsClosedManifold, topology.ToString());
        Assert.Equal(0, small.DegenerateTriangleCount());
        Assert.InRange(small.SignedVolume() / mesh.SignedVolume(), 0.985, 1.005);
        double inputDeviation = mesh.Vertices.Max(v => Math.Abs((v - centre).Length - r));
        double outputDeviation = small.Vertices.Max(v => Math.Abs((v - centre).Length - r));
        Assert.True(outputDeviation < inputDeviation + 0.1, $"input {inputDeviation} mm, output {outputDeviation} mm");
        for (int t = 0; t < small.TriangleCount; t++)
        {
            Triangle tri = small.Triangles[t];
            Vec3 middle = (small.Vertices[tri.A] + small.Vertices[tri.B] + small.Vertices[tri.C]) / 3;
            Assert.True(small.AreaVector(t).Dot(middle - centre) > 0, $"triangle {t} faces inward");
        }
    }

    [Fact]
    public void SameInput_GivesIdenticalOutput_AndTargetsAboveTheCountChangeNothing()
    {
        var (mesh, _) = SmoothBall(6);
        var options = new QuadricDecimationOptions(mesh.TriangleCount / 4);
        TriangleMesh first = QuadricDecimation.Run(mesh, options), second = QuadricDecimation.Run(mesh, options);
        Assert.Equal(first.Vertices, second.Vertices);
        Assert.Equal(first.Triangles, second.Triangles);
        Assert.Same(mesh, QuadricDecimation.Run(mesh, new QuadricDecimationOptions(mesh.TriangleCount)));
    }

    /// <summary>
    /// Regression: quadrics of a sub-millimetre mesh (areas ~1e-4 mm²) have determinants near 1e-17; the minimum
    /// must still be solved (scaled to unit trace) instead of failing as a singular matrix.
    /// </summary>
    [Fact]
    public void TinyBall_IsDecimatedLikeTheLargeOne()
    {
        var (mesh, centre) = SmoothBall(0.6, scale: 0.05);
        TriangleMesh small = QuadricDecimation.Run(mesh, new QuadricDecimationOptions(mesh.TriangleCount / 5));
        Assert.InRange(small.TriangleCount, mesh.TriangleCount / 5 - 1, mesh.TriangleCount / 5);
        Assert.True(small.CheckTopology().IsClosedManifold);
        Assert.InRange(small.SignedVolume() / mesh.SignedVolume(), 0.985, 1.005);
        Assert.True(small.Centroid().MaxAbsDifference(centre) < 0.01);
    }

    /// <summary>A box's flat faces have zero quadric error, so decimation removes the flat interior vertices and keeps the box's volume exactly.</summary>
    [Fact]
    public void Box_KeepsItsExactVolume()
    {
        var grid = Grid.AxisAligned(12, 10, 8, new Vec3(1, 1, 1), Vec3.Zero);
        var mask = new Volume<byte>(grid);
        for (int z = 2; z < 6; z++) for (int y = 2; y < 8; y++) for (int x = 2; x < 10; x++) mask[x, y, z] = 1;
        TriangleMesh mesh = MarchingCubes.FromMask(mask);
        TriangleMesh small = QuadricDecimation.Run(mesh, new QuadricDecimationOptions(mesh.TriangleCount / 3));
        Assert.True(small.TriangleCount < mesh.TriangleCount / 2);
        Assert.True(small.CheckTopology().IsClosedManifold);
        Assert.Equal(mesh.SignedVolume(), small.SignedVolume(), 1e-9);
    }

    [Theory]
    [InlineData(3, 60.0, "Target triangle count must be at least 4; got 3.")]
    [InlineData(100, 0.0, "Maximum normal change must be in (0, 180) degrees; got 0.")]
    public void Options_RejectBadValues(int target, double angle, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new QuadricDecimationOptions(target, angle));
        Assert.StartsWith(message, e.Message);
    }
}
