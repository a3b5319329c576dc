using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class MorphologyTests
{
    /// <summary>Lattice offsets (in voxels) of the ball of radius r mm, the same rule as the filters (d² ≤ r²(1 + 1e-6)).</summary>
    private static List<(int X, int Y, int Z)> Ball(Vec3 spacing, double r)
    {
        var offsets = new List<(int, int, int)>();
        int rx = (int)(r / spacing.X) + 1, ry = (int)(r / spacing.Y) + 1, rz = (int)(r / spacing.Z) + 1;
        for (int z = -rz; z <= rz; z++)
            for (int y = -ry; y <= ry; y++)
                for (int x = -rx; x <= rx; x++)
                {
                    double dx = x * spacing.X, dy = y * spacing.Y, dz = z * spacing.Z;
                    if (dx * dx + dy * dy + dz * dz <= r * r * (1 + 1e-6)) offsets.Add((x, y, z));
                }
        return offsets;
    }

    /// <summary>Brute-force dilation (1 where some ball offset hits the foreground) or erosion (1 where every ball offset is foreground, outside = background).</summary>
    private static byte[] BruteForce(Volume<byte> mask, double r, bool dilate)
    {
        Grid g = mask.Grid;
        var ball = Ball(g.Spacing, r);
        var result = new byte[g.VoxelCount];
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    bool any = false, all = true;
                    foreach (var (dx, dy, dz) in ball)
                    {
                        int nx = x + dx, ny = y + dy, nz = z + dz;
                        bool on = g.Contains(nx, ny, nz) && mask[nx, ny, nz] != 0;
                        any |= on;
                        all &= on;
                    }
                    result[g.Offset(x, y, z)] = (dilate ? any : all) ? (byte)1 : (byte)0;
                }
        return result;
    }

    private static Volume<byte> Not(Volume<byte> mask)
    {
        var result = mask.SameGrid<byte>();
        for (int i = 0; i < result.Data.Length; i++) result.Data[i] = mask.Data[i] == 0 ? (byte)1 : (byte)0;
        return result;
    }

    private static void AssertSubset(Volume<byte> inner, Volume<byte> outer)
    {
        for (int i = 0; i < inner.Data.Length; i++)
            Assert.False(inner.Data[i] != 0 && outer.Data[i] == 0, $"voxel {i} is in the subset but not in the superset");
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 3.0)]
    [InlineData(0.8, 1.0, 1.25, 3.0)]
    [InlineData(0.5, 0.5, 2.0, 2.6)]
    [InlineData(1.0, 1.0, 1.0, 0.0)]
    public void DilatingOneVoxel_GivesTheVoxelisedBall(double sx, double sy, double sz, double r)
    {
        var grid = Grid.AxisAligned(31, 31, 31, new Vec3(sx, sy, sz), Vec3.Zero);
        var mask = new Volume<byte>(grid);
        mask[15, 15, 15] = 1;

        Volume<byte> dilated = Morphology.Dilate(mask, r);

        var ball = Ball(grid.Spacing, r);
        Assert.Equal(ball.Count, dilated.CountNonZero());
        foreach (var (x, y, z) in ball) Assert.Equal(1, dilated[15 + x, 15 + y, 15 + z]);
        Assert.Same(grid, dilated.Grid);
    }

    [Fact]
    public void BallOfRadiusThree_HasTheKnownVoxelCount()
    {
        // Lattice points with x² + y² + z² ≤ 9: 123 (OEIS A000605).
        var mask = new Volume<byte>(Grid.AxisAligned(9, 9, 9, new Vec3(1, 1, 1), Vec3.Zero));
        mask[4, 4, 4] = 1;
        Assert.Equal(123, Morphology.Dilate(mask, 3).CountNonZero());
    }

    [Theory]
    [InlineData(1, 1.5)]
    [InlineData(2, 2.2)]
    [InlineData(3, 1.0)]
    public void DilateAndErode_MatchBruteForce_WithBorders(int seed, double r)
    {
        var grid = Grid.AxisAligned(12, 10, 9, new Vec3(0.9, 1.1, 0.7), Vec3.Zero);
        Volume<byte> sparse = MaskReference.Random(grid, 0.05, seed);
        Volume<byte> dense = MaskReference.Random(grid, 0.93, seed);

        Assert.Equal(BruteForce(sparse, r, dilate: true), Morphology.Dilate(sparse, r).Data);
        Assert.Equal(BruteForce(dense, r, dilate: false), Morphology.Erode(dense, r).Data);
    }

    [Fact]
    public void ErodingAFullVolume_RemovesTheBorderLayerWithinTheRadius()
    {
        var full = new Volume<byte>(Grid.AxisAligned(10, 10, 10, new Vec3(1, 1, 1), Vec3.Zero));
        full.Data.AsSpan().Fill(1);
        // Distance from voxel x to the outside is min(x + 1, 10 − x) mm; > 1.5 keeps x = 1…8.
        Volume<byte> eroded = Morphology.Erode(full, 1.5);
        Assert.Equal(8 * 8 * 8, eroded.CountNonZero());
        Assert.Equal(0, eroded[0, 5, 5]);
        Assert.Equal(1, eroded[1, 1, 1]);
    }

    [Theory]
    [InlineData(5, 1.2)]
    [InlineData(6, 2.0)]
    public void Duality_ErodeIsNotDilateOfNot_WhenTheBorderIsBackground(int seed, double r)
    {
        var grid = Grid.AxisAligned(16, 14, 12, new Vec3(0.8, 1.0, 1.2), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, 0.8, seed);
        // A background margin wider than r makes the complement inside the grid reach at least as close as the outside.
        for (int z = 0; z < 12; z++)
            for (int y = 0; y < 14; y++)
                for (int x = 0; x < 16; x++)
                    if (x < 3 || y < 3 || z < 3 || x > 12 || y > 10 || z > 8) mask[x, y, z] = 0;

        Assert.Equal(Morphology.Erode(mask, r).Data, Not(Morphology.Dilate(Not(mask), r)).Data);
    }

    [Theory]
    [InlineData(1, 0.3, 1.5)]
    [InlineData(2, 0.6, 2.0)]
    [InlineData(3, 0.85, 1.0)]
    public void Opening_IsAntiExtensive_AndClosingExtensive_EvenAtTheBorder(int seed, double density, double r)
    {
        var grid = Grid.AxisAligned(14, 11, 9, new Vec3(0.7, 1.0, 1.3), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, density, seed);

        Volume<byte> opened = Morphology.Open(mask, r);
        Volume<byte> closed = Morphology.Close(mask, r);

        AssertSubset(opened, mask);
        AssertSubset(mask, closed);
        Assert.Equal(opened.Data, Morphology.Open(opened, r).Data);   // idempotent
        Assert.Equal(closed.Data, Morphology.Close(closed, r).Data);
        Assert.Same(grid, closed.Grid);
    }

    [Fact]
    public void Closing_MatchesBruteForceOnAnUnboundedGrid()
    {
        var grid = Grid.AxisAligned(10, 9, 8, new Vec3(1.0, 0.8, 1.2), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, 0.4, 9);
        const double r = 1.7;
        const int pad = 4; // > r / smallest spacing, so padding never changes the result
        var padded = new Volume<byte>(Grid.AxisAligned(10 + 2 * pad, 9 + 2 * pad, 8 + 2 * pad, grid.Spacing, Vec3.Zero));
        for (int z = 0; z < 8; z++)
            for (int y = 0; y < 9; y++)
                for (int x = 0; x < 10; x++)
                    padded[x + pad, y + pad, z + pad] = mask[x, y, z];
        var dilated = new Volume<byte>(padded.Grid, BruteForce(padded, r, dilate: true));
        var closedPadded = new Volume<byte>(padded.Grid, BruteForce(dilated, r, dilate: false));

        Volume<byte> closed = Morphology.Close(mask, r);

        for (int z = 0; z < 8; z++)
            for (int y = 0; y < 9; y++)
                for (int x = 0; x < 10; x++)
                    Assert.Equal(closedPadded[x + pad, y + pad, z + pad], closed[x, y, z]);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidRadius_IsRejected(double r)
    {
        var mask = new Volume<byte>(Grid.AxisAligned(3, 3, 3, new Vec3(1, 1, 1), Vec3.Zero));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Morphology.Dilate(mask, r));
        Assert.Contains("Radius must be a finite number of mm ≥ 0", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Morphology.Close(mask, r));
    }
}
