using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class ShapeVoxelizerTests
{
    private static readonly Mat3 Tilted = LocalFrame.FromNormal(new Vec3(0.3, -0.4, 0.87), 0.7, new Vec3(1, 0, 0));

    /// <summary>A grid of the given spacing covering ±40 mm, with an oblique (non-orthogonal) direction matrix.</summary>
    private static Grid ObliqueGrid(double spacing)
    {
        int n = (int)Math.Ceiling(80 / spacing) + 1;
        Mat3 direction = Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0.1, 0.995, 0).Normalized(), new Vec3(0, 0.2, 0.98).Normalized());
        Vec3 origin = -(direction * new Vec3(40, 40, 40));
        return new Grid(n, n, n, new Vec3(spacing, spacing, spacing), origin, direction);
    }

    public static TheoryData<string> ShapeNames => new() { "sphere", "box", "ellipsoid", "cylinder", "elliptical_cylinder" };

    private static DefectShape Make(string name) => name switch
    {
        "sphere" => new SphereShape(new Vec3(1.3, -2.1, 0.7), 17),
        "box" => new BoxShape(new Vec3(0.4, 1.1, -0.3), new Vec3(14, 9, 6), Tilted),
        "ellipsoid" => new EllipsoidShape(new Vec3(-0.6, 0.2, 1.9), new Vec3(20, 12, 7), Tilted),
        "cylinder" => EllipticalCylinderShape.Circular(new Vec3(0.5, 0.5, -1.2), new Vec3(0.3, -0.4, 0.87), 11, 8),
        "elliptical_cylinder" => new EllipticalCylinderShape(new Vec3(2.2, -0.3, 0.1), 18, 8, 6, Tilted),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void VoxelisedVolume_ConvergesToAnalyticVolume(string name)
    {
        DefectShape shape = Make(name);
        double analytic = shape.AnalyticVolume!.Value;
        foreach (double spacing in new[] { 1.0, 0.5 })
        {
            Grid grid = ObliqueGrid(spacing);
            double measured = ShapeVoxelizer.Voxelize(shape, grid).CountNonZero() * grid.VoxelVolume;
            double relative = Math.Abs(measured - analytic) / analytic;
            // Sampling error of a border voxel layer: ~ (surface / volume) · spacing, well below 0.2 · spacing / (smallest half-size).
            Assert.True(relative < 0.25 * spacing / 6, $"{name} at {spacing} mm: {measured:F1} vs {analytic:F1} mm³ ({relative:P2})");
        }
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void BoundingBoxScan_EqualsBruteForceOverWholeGrid(string name)
    {
        DefectShape shape = Make(name);
        Grid grid = ObliqueGrid(2.0);
        Volume<byte> fast = ShapeVoxelizer.Voxelize(shape, grid);
        var brute = new byte[grid.VoxelCount];
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    brute[grid.Offset(x, y, z)] = shape.Contains(grid.IndexToPhysical(x, y, z)) ? (byte)1 : (byte)0;
        Assert.Equal(brute, fast.Data);
        Assert.Same(grid, fast.Grid);
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void MaskedScan_VisitsExactlyTheMaskVoxelsInsideTheShape(string name)
    {
        DefectShape shape = Make(name);
        Grid grid = ObliqueGrid(2.0);
        var mask = new Volume<byte>(grid);
        var random = new Random(name.Length);
        for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] = random.NextDouble() < 0.6 ? (byte)1 : (byte)0;
        var visited = new byte[grid.VoxelCount];
        long count = ShapeVoxelizer.ForEachInside(shape, mask, offset => visited[offset]++);
        var brute = new byte[grid.VoxelCount];
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    if (mask[x, y, z] != 0 && shape.Contains(grid.IndexToPhysical(x, y, z))) brute[grid.Offset(x, y, z)] = 1;
        Assert.Equal(brute, visited);
        Assert.Equal(brute.Sum(b => (long)b), count);
        Assert.True(count > 0);
    }

    [Fact]
    public void ShapeOutsideGrid_GivesEmptyMask()
    {
        Grid grid = ObliqueGrid(2.0);
        Assert.Equal(0, ShapeVoxelizer.Voxelize(new SphereShape(new Vec3(500, 0, 0), 10), grid).CountNonZero());
    }

    [Fact]
    public void Craniotomy_DrillHolesAddVolumeAtCorners()
    {
        Grid grid = ObliqueGrid(0.5);
        UnionShape craniotomy = Craniotomy.Create(Vec3.Zero, Tilted, 15, 10, 5, 6);
        var box = (BoxShape)craniotomy.Parts[0];
        Assert.All(box.Corners(), c => Assert.True(craniotomy.Contains(c - Tilted.Column(2) * (0.5 * Tilted.Column(2).Dot(c)))));
        // Each hole adds three quarters of a disc (the quarter inside the box is shared) times the depth.
        double expected = box.AnalyticVolume!.Value + 4 * 0.75 * Math.PI * 9 * 10;
        double measured = ShapeVoxelizer.Voxelize(craniotomy, grid).CountNonZero() * grid.VoxelVolume;
        Assert.InRange(measured / expected, 0.98, 1.02);
        Vec3 outsideCornerHole = Tilted * new Vec3(15 + 2.5, 10, 0);
        Assert.True(craniotomy.Contains(outsideCornerHole));
        Assert.False(box.Contains(outsideCornerHole));
    }

    [Fact]
    public void MirroredShape_IsSymmetricAcrossPlane()
    {
        var plane = new SymmetryPlane(new Vec3(1, 0, 0), new Vec3(1, 0.2, 0));
        var mirrored = new MirroredShape(new EllipsoidShape(new Vec3(25, 3, 4), new Vec3(10, 6, 4), Tilted), plane, "symmetric_ellipsoid");
        var random = new Xoshiro256(3);
        int inside = 0;
        for (int i = 0; i < 20000; i++)
        {
            var p = new Vec3(random.Uniform(-40, 40), random.Uniform(-40, 40), random.Uniform(-40, 40));
            Assert.Equal(mirrored.Contains(p), mirrored.Contains(plane.Reflect(p)));
            if (mirrored.Contains(p)) inside++;
        }
        Assert.True(inside > 0);
    }

    [Fact]
    public void Shapes_RejectInvalidParameters()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SphereShape(Vec3.Zero, -1));
        Assert.Contains("got -1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoxShape(Vec3.Zero, new Vec3(1, 0, 1), Mat3.Identity));
        Assert.Throws<ArgumentException>(() => new EllipsoidShape(Vec3.Zero, new Vec3(1, 1, 1), Mat3.Diagonal(new Vec3(2, 1, 1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Craniotomy.Create(Vec3.Zero, Mat3.Identity, 5, 5, 5, 0));
        Assert.Throws<ArgumentException>(() => new UnionShape("mixed", []));
    }

    [Fact]
    public void SphereCluster_WithoutSatellitesOrDeformation_IsTheSphere()
    {
        var sphere = new SphereShape(new Vec3(1, 2, 3), 12);
        var cluster = new SphereClusterShape([sphere], 3, new SmoothDisplacementField(0, 20, 1));
        Grid grid = ObliqueGrid(1.0);
        Assert.Equal(ShapeVoxelizer.Voxelize(sphere, grid).Data, ShapeVoxelizer.Voxelize(cluster, grid).Data);
    }

    [Fact]
    public void SphereCluster_DeformedBorderStaysWithinAmplitudeAndBounds()
    {
        var spheres = new[] { new SphereShape(Vec3.Zero, 12), new SphereShape(new Vec3(12, 0, 0), 5), new SphereShape(new Vec3(0, 0, 12), 6) };
        var field = new SmoothDisplacementField(2.0, 25, 42);
        var cluster = new SphereClusterShape(spheres, 3, field);
        var random = new Xoshiro256(9);
        var (min, max) = cluster.Bounds;
        for (int i = 0; i < 20000; i++)
        {
            var p = new Vec3(random.Uniform(-30, 30), random.Uniform(-30, 30), random.Uniform(-30, 30));
            Assert.True(field.At(p).Length <= 2.0 + 1e-12);
            if (cluster.Contains(p))
                Assert.True(p.X >= min.X && p.Y >= min.Y && p.Z >= min.Z && p.X <= max.X && p.Y <= max.Y && p.Z <= max.Z);
        }
        // Points well inside the main sphere stay inside; points far outside every sphere stay outside.
        Assert.True(cluster.Contains(new Vec3(0, 0, 0)));
        Assert.False(cluster.Contains(new Vec3(0, -20, 0)));
    }
}
