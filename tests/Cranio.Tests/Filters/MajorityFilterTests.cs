using Cranio.IO;
using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class MajorityFilterTests
{
    /// <summary>Majority by definition: count the ball's voxels one by one, outside counting as 0.</summary>
    private static Volume<byte> BruteForce(Volume<byte> mask, double radius)
    {
        Grid g = mask.Grid;
        Mat3 step = g.SpaceDirections;
        double limit = radius * radius * (1 + 1e-9);
        var offsets = new List<(int X, int Y, int Z)>();
        const int reach = 12;
        for (int dz = -reach; dz <= reach; dz++)
            for (int dy = -reach; dy <= reach; dy++)
                for (int dx = -reach; dx <= reach; dx++)
                {
                    Vec3 p = step * new Vec3(dx, dy, dz);
                    if (p.X * p.X + p.Y * p.Y + p.Z * p.Z <= limit) offsets.Add((dx, dy, dz));
                }
        var result = new Volume<byte>(g);
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    int ones = 0;
                    foreach (var (dx, dy, dz) in offsets)
                        if (g.Contains(x + dx, y + dy, z + dz) && mask[x + dx, y + dy, z + dz] != 0) ones++;
                    result[x, y, z] = 2 * ones > offsets.Count ? (byte)1 : (byte)0;
                }
        return result;
    }

    private static Volume<byte> RandomMask(Grid grid, int seed, double density)
    {
        var random = new Random(seed);
        var mask = new Volume<byte>(grid);
        for (int n = 0; n < mask.Data.Length; n++) mask.Data[n] = random.NextDouble() < density ? (byte)1 : (byte)0;
        return mask;
    }

    [Theory]
    [InlineData(1, 37, 13, 9, 0.45, 0.6, 0.9, 1.0, 0.5)]
    [InlineData(2, 37, 13, 9, 0.45, 0.6, 0.9, 2.0, 0.5)]
    [InlineData(3, 21, 17, 11, 0.5, 0.5, 1.25, 1.6, 0.45)]
    [InlineData(4, 5, 6, 7, 1.0, 0.7, 0.45, 1.3, 0.55)]
    [InlineData(5, 70, 9, 6, 0.3, 0.8, 1.1, 2.2, 0.5)]
    [InlineData(6, 1, 1, 1, 1.0, 1.0, 1.0, 3.0, 1.0)]
    public void EqualsBruteForce_OnRandomAnisotropicMasks(int seed, int sx, int sy, int sz, double spx, double spy, double spz, double radius, double density)
    {
        var mask = RandomMask(Grid.AxisAligned(sx, sy, sz, new Vec3(spx, spy, spz), new Vec3(-3, 4, 5)), seed, density);

        var result = MajorityFilter.Smooth(mask, radius);

        Assert.Equal(BruteForce(mask, radius).Data, result.Data);
        Assert.Equal(mask.Grid, result.Grid);
    }

    [Fact]
    public void EqualsBruteForce_OnANonOrthogonalGrid()
    {
        var direction = Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0.1, 1, 0).Normalized(), new Vec3(0, 0.3, 1).Normalized());
        var mask = RandomMask(new Grid(33, 12, 10, new Vec3(0.45, 0.55, 0.8), Vec3.Zero, direction), 7, 0.5);

        Assert.Equal(BruteForce(mask, 1.7).Data, MajorityFilter.Smooth(mask, 1.7).Data);
    }

    [Fact]
    public void NonZeroVoxelsCountAsOne_AndMetadataIsKept()
    {
        var mask = RandomMask(Grid.AxisAligned(20, 8, 6, new Vec3(0.5, 0.5, 1), Vec3.Zero), 8, 0.5);
        var scaled = mask.Clone();
        for (int n = 0; n < scaled.Data.Length; n++) scaled.Data[n] *= 255;
        scaled.Metadata["step"] = "segmentation";

        var result = MajorityFilter.Smooth(scaled, 1.2);

        Assert.Equal(MajorityFilter.Smooth(mask, 1.2).Data, result.Data);
        Assert.Equal("segmentation", result.Metadata["step"]);
    }

    [Fact]
    public void LargeSphere_StaysNearlyASphere_AndSpecksVanish()
    {
        var spacing = new Vec3(0.45, 0.45, 0.9);
        var grid = Grid.AxisAligned(110, 110, 56, spacing, Vec3.Zero);
        Vec3 centre = grid.IndexToPhysical(new Vec3(54.5, 54.5, 27.5));
        const double radius = 20;
        var mask = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    if ((grid.IndexToPhysical(x, y, z) - centre).Length <= radius) mask[x, y, z] = 1;
        long sphereVoxels = mask.CountNonZero();
        (int X, int Y, int Z)[] specks = [(3, 3, 3), (100, 10, 50), (8, 100, 20), (106, 106, 2)];
        foreach (var (x, y, z) in specks) mask[x, y, z] = 1;

        var result = MajorityFilter.Smooth(mask, 2);

        foreach (var (x, y, z) in specks) Assert.Equal(0, result[x, y, z]);
        double analytic = 4.0 / 3 * Math.PI * radius * radius * radius;
        double smoothed = result.CountNonZero() * grid.VoxelVolume;
        Assert.True(Math.Abs(smoothed - analytic) / analytic < 0.02, $"{smoothed:0} mm³ vs {analytic:0} mm³");
        // A sphere is already smooth: only voxels near its surface may change.
        long changed = 0;
        for (int n = 0; n < mask.Data.Length; n++) if (mask.Data[n] != result.Data[n]) changed++;
        Assert.True(changed < 0.02 * sphereVoxels, $"{changed} of {sphereVoxels} voxels changed");
    }

    [Fact]
    public void ZeroRadius_ReturnsACopy()
    {
        var mask = RandomMask(Grid.AxisAligned(9, 8, 7, new Vec3(1, 1, 1), Vec3.Zero), 9, 0.5);
        Assert.Equal(mask.Data, MajorityFilter.Smooth(mask, 0).Data);
    }

    [Fact]
    public void BadRadii_AreRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MajorityFilter(double.NaN));
        Assert.Equal("radiusMm", error.ParamName);
        var mask = new Volume<byte>(Grid.AxisAligned(4, 4, 4, new Vec3(0.45, 0.45, 0.45), Vec3.Zero));
        var tooLarge = Assert.Throws<ArgumentOutOfRangeException>(() => MajorityFilter.Smooth(mask, 20));
        Assert.Contains("at most 65535", tooLarge.Message);
    }

    [SkippableFact]
    public void RealObliqueSkull_MatchesBruteForceAtSampledVoxels()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        var skull = ((Volume<int>)VolumeFile.Read(SharedData.Case("defective_skull", 0))).ToMask();
        // The top 60 slices of the skull's bounding box (vault and defect), to keep the test quick.
        VoxelBox top = Cropping.BoundingBox(skull) ?? throw new InvalidOperationException("empty skull mask");
        var mask = Cropping.Crop(skull, new VoxelBox(top.MinX, top.MinY, Math.Max(top.MinZ, top.MaxZ - 59), top.MaxX, top.MaxY, top.MaxZ));
        Grid g = mask.Grid;
        var ball = BallFootprint.Create(g, 2);

        var result = MajorityFilter.Smooth(mask, 2);

        VoxelBox box = Cropping.BoundingBox(mask) ?? throw new InvalidOperationException("empty skull mask");
        var random = new Random(11);
        int changed = 0;
        for (int sample = 0; sample < 3000; sample++)
        {
            int x = random.Next(box.MinX, box.MaxX + 1), y = random.Next(box.MinY, box.MaxY + 1), z = random.Next(box.MinZ, box.MaxZ + 1);
            int ones = 0;
            for (int dz = -ball.ExtentZ; dz <= ball.ExtentZ; dz++)
                for (int dy = -ball.ExtentY; dy <= ball.ExtentY; dy++)
                    for (int dx = -ball.ExtentX; dx <= ball.ExtentX; dx++)
                        if ((g.SpaceDirections * new Vec3(dx, dy, dz)).Length <= 2 && g.Contains(x + dx, y + dy, z + dz) && mask[x + dx, y + dy, z + dz] != 0)
                            ones++;
            Assert.Equal(2 * ones > ball.Count ? 1 : 0, result[x, y, z]);
            if (result[x, y, z] != mask[x, y, z]) changed++;
        }
        double before = mask.CountNonZero(), after = result.CountNonZero();
        Assert.True(Math.Abs(after - before) / before < 0.1, $"{after} voxels vs {before}");
        Assert.True(changed > 0, "smoothing a real skull changes some voxels");
    }
}
