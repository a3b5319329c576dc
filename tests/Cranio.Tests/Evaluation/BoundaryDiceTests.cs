using Cranio.Evaluation;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

public class BoundaryDiceTests
{
    /// <summary>bDSC by brute force: distance from every voxel to every skull voxel.</summary>
    private static double BruteForce(Volume<byte> p, Volume<byte> g, Volume<byte> skull, double width)
    {
        var grid = p.Grid;
        var skullVoxels = new List<(int X, int Y, int Z)>();
        for (int z = 0; z < grid.SizeZ; z++) for (int y = 0; y < grid.SizeY; y++) for (int x = 0; x < grid.SizeX; x++)
            if (skull[x, y, z] != 0) skullVoxels.Add((x, y, z));
        long a = 0, b = 0, both = 0;
        for (int z = 0; z < grid.SizeZ; z++) for (int y = 0; y < grid.SizeY; y++) for (int x = 0; x < grid.SizeX; x++)
        {
            if (p[x, y, z] == 0 && g[x, y, z] == 0) continue;
            double d = MaskFactory.NearestDistances(grid, [(x, y, z)], skullVoxels)[0];
            if (d > width) continue;
            a += p[x, y, z];
            b += g[x, y, z];
            both += p[x, y, z] & g[x, y, z];
        }
        return a + b == 0 ? 0 : 2.0 * both / (a + b);
    }

    [Theory]
    [InlineData(21, 2.0)]
    [InlineData(22, 3.0)]
    [InlineData(23, 10.0)]
    public void RandomMasks_MatchBruteForce(int seed, double width)
    {
        var grid = MaskFactory.Grid(24, 20, 12, 0.5, 0.75, 1.25);
        var skull = MaskFactory.Random(grid, seed, 0.05, (0, 0, 0, 9, 19, 11));
        var p = MaskFactory.Random(grid, seed + 1, 0.5, (8, 3, 2, 20, 15, 9));
        var g = MaskFactory.Random(grid, seed + 2, 0.5, (10, 5, 1, 23, 17, 10));
        double expected = BruteForce(p, g, skull, width);
        Assert.InRange(expected, 0.05, 0.95);
        Assert.Equal(expected, BoundaryDice.Measure(p, g, skull, width), 12);
    }

    [Fact]
    public void FarFromTheSkull_NothingCounts_AndAWiderBorderRecoversDice()
    {
        var grid = MaskFactory.Grid(40, 10, 10);
        var skull = new Volume<byte>(grid);
        skull[0, 5, 5] = 1;
        var p = new Volume<byte>(grid);
        var g = new Volume<byte>(grid);
        p[30, 5, 5] = 1;
        g[30, 5, 5] = 1;
        g[31, 5, 5] = 1;
        Assert.Equal(0, BoundaryDice.Measure(p, g, skull));           // 30 mm away, border 10 mm
        Assert.Equal(2.0 / 3.0, BoundaryDice.Measure(p, g, skull, 35), 12);
        Assert.Equal(1.0, BoundaryDice.Measure(p, g, skull, 30.5), 12); // voxel 31 at 31 mm is outside
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void BadWidth_IsRejected(double width)
    {
        var v = new Volume<byte>(MaskFactory.Grid(2, 2, 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BoundaryDice.Measure(v, v, v, width));
        Assert.Contains("boundary width", e.Message);
    }
}
