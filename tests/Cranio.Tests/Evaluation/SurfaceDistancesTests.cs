using Cranio.Evaluation;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

public class SurfaceDistancesTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(3, 0.625)]
    [InlineData(7, 2.0)]
    public void SingleVoxelShiftedAlongZ_HausdorffIsKTimesSpacing(int k, double sz)
    {
        var grid = MaskFactory.Grid(5, 5, 12, 0.4, 0.45, sz);
        var p = new Volume<byte>(grid);
        var g = new Volume<byte>(grid);
        g[2, 2, 2] = 1;
        p[2, 2, 2 + k] = 1;
        SurfaceDistances d = SurfaceDistances.Measure(p, g);
        Assert.Equal(k * sz, d.Hausdorff, 5);
        Assert.Equal(k * sz, d.Hausdorff95, 5);
        Assert.Equal(k * sz, d.MeanAbsolute, 5);
        Assert.Equal(k * sz, d.RootMeanSquare, 5);
    }

    [Fact]
    public void ConcentricSpheres_AnisotropicSpacing_HausdorffIsRadiusDifferenceWithinAVoxel()
    {
        var grid = MaskFactory.Grid(48, 44, 30, 0.5, 0.6, 0.9);
        var centre = new Vec3(24, 22, 15);
        double r1 = 5, r2 = 10;
        SurfaceDistances d = SurfaceDistances.Measure(MaskFactory.Sphere(grid, centre, r1), MaskFactory.Sphere(grid, centre, r2));
        Assert.InRange(d.Hausdorff, r2 - r1 - 0.9, r2 - r1 + 0.9);
        Assert.InRange(d.Hausdorff95, r2 - r1 - 0.9, r2 - r1 + 0.9);
        Assert.True(d.Hausdorff95 <= d.Hausdorff);
        Assert.Equal(d.Hausdorff, d.Max);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void RandomMasks_MatchBruteForceSurfaceDistances(int seed)
    {
        var grid = MaskFactory.Grid(14, 12, 9, 0.5, 0.75, 1.25);
        // Overlapping and disjoint parts, one mask touching the grid border (surface at the border).
        var p = MaskFactory.Random(grid, seed, 0.6, (0, 2, 1, 8, 9, 6));
        var g = MaskFactory.Random(grid, seed + 100, 0.5, (4, 0, 3, 13, 7, 8));
        List<(int, int, int)> sp = MaskFactory.SurfaceVoxels(p), sg = MaskFactory.SurfaceVoxels(g);
        double[] pg = MaskFactory.NearestDistances(grid, sp, sg), gp = MaskFactory.NearestDistances(grid, sg, sp);
        double[] pooled = pg.Concat(gp).ToArray();

        SurfaceDistances d = SurfaceDistances.Measure(p, g);
        Assert.Equal(pg.Length, d.PredictionToTruth.Count);
        Assert.Equal(gp.Length, d.TruthToPrediction.Count);
        for (int i = 0; i < pg.Length; i++) Assert.Equal(pg[i], d.PredictionToTruth[i], 4);
        Assert.Equal(pooled.Max(), d.Hausdorff, 4);
        Assert.Equal(Percentile.Linear(pooled, 95), d.Hausdorff95, 4);
        Assert.Equal(pooled.Average(), d.MeanAbsolute, 4);
        Assert.Equal(Math.Sqrt(pooled.Average(x => x * x)), d.RootMeanSquare, 4);
    }

    [Fact]
    public void SurfaceOfASolidBlock_IsItsShell()
    {
        var grid = MaskFactory.Grid(6, 6, 6);
        var block = new Volume<byte>(grid);
        for (int z = 1; z <= 4; z++) for (int y = 1; y <= 4; y++) for (int x = 1; x <= 4; x++) block[x, y, z] = 1;
        Volume<byte> surface = SurfaceVoxels.Of(block);
        Assert.Equal(64 - 8, surface.CountNonZero());
        Assert.Equal(0, surface[2, 2, 2]);
        Assert.Equal(1, surface[1, 2, 2]);
        Assert.Equal(block.Grid, surface.Grid);
    }

    [Fact]
    public void EmptyMask_GivesInfinity()
    {
        var grid = MaskFactory.Grid(4, 4, 4);
        var empty = new Volume<byte>(grid);
        var one = new Volume<byte>(grid);
        one[1, 1, 1] = 1;
        foreach (var d in new[] { SurfaceDistances.Measure(empty, one), SurfaceDistances.Measure(one, empty), SurfaceDistances.Measure(empty, empty) })
        {
            Assert.True(d.IsUndefined);
            Assert.Equal(double.PositiveInfinity, d.Hausdorff);
            Assert.Equal(double.PositiveInfinity, d.Hausdorff95);
            Assert.Equal(double.PositiveInfinity, d.MeanAbsolute);
        }
    }

    [Fact]
    public void MaskBoxes_UnionAndGrowAreClippedToTheGrid()
    {
        var grid = MaskFactory.Grid(10, 9, 8);
        var a = new Volume<byte>(grid);
        var b = new Volume<byte>(grid);
        a[4, 5, 6] = 1;
        b[2, 3, 1] = 1;
        VoxelBox union = MaskBoxes.Union(MaskBoxes.Of(a), MaskBoxes.Of(b))!.Value;
        Assert.Equal(new VoxelBox(2, 3, 1, 4, 5, 6), union);
        Assert.Equal(union, MaskBoxes.Union(union, null));
        Assert.Null(MaskBoxes.Union(null, MaskBoxes.Of(new Volume<byte>(grid))));
        Assert.Equal(new VoxelBox(0, 0, 0, 7, 8, 7), MaskBoxes.Grow(union, 3, 4, 5, grid));
    }

    [Fact]
    public void GridMismatch_Throws()
    {
        var a = new Volume<byte>(MaskFactory.Grid(4, 4, 4));
        var b = new Volume<byte>(MaskFactory.Grid(4, 4, 5));
        Assert.Contains("sizes", Assert.Throws<GridMismatchException>(() => SurfaceDistances.Measure(a, b, "p.nrrd", "g.nrrd")).Message);
    }
}
