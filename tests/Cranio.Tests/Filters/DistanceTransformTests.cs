using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class DistanceTransformTests
{
    public static TheoryData<int, double, int, int, int> RandomCases() => new()
    {
        { 1, 0.05, 9, 11, 13 },
        { 2, 0.3, 12, 7, 10 },
        { 3, 0.7, 8, 8, 8 },
        { 4, 0.01, 15, 6, 9 },
        { 5, 0.5, 1, 10, 12 },
        { 6, 0.2, 10, 1, 7 },
        { 7, 0.2, 10, 9, 1 },
    };

    private static void AssertClose(double[] expected, float[] actual, bool squareRoot)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = squareRoot ? Math.Sqrt(expected[i]) : expected[i];
            if (double.IsPositiveInfinity(e))
            {
                Assert.True(float.IsPositiveInfinity(actual[i]), $"voxel {i}: expected +∞, got {actual[i]}");
                continue;
            }
            Assert.True(Math.Abs(actual[i] - e) <= 1e-5 * Math.Max(1, e), $"voxel {i}: expected {e}, got {actual[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void SquaredDistances_MatchBruteForce_WithAnisotropicSpacing(int seed, double density, int nx, int ny, int nz)
    {
        var grid = Grid.AxisAligned(nx, ny, nz, new Vec3(0.7, 1.3, 2.1), new Vec3(-5, 3, 1));
        Volume<byte> mask = MaskReference.Random(grid, density, seed);

        AssertClose(MaskReference.BruteForceSquaredDistance(mask, toForeground: true), DistanceTransform.SquaredDistanceToForeground(mask).Data, false);
        AssertClose(MaskReference.BruteForceSquaredDistance(mask, toForeground: false), DistanceTransform.SquaredDistanceToBackground(mask).Data, false);
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void PlainAndSignedDistances_MatchBruteForce(int seed, double density, int nx, int ny, int nz)
    {
        var grid = Grid.AxisAligned(nx, ny, nz, new Vec3(1.1, 0.45, 0.9), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, density, seed + 100);
        double[] toForeground = MaskReference.BruteForceSquaredDistance(mask, toForeground: true);
        double[] toBackground = MaskReference.BruteForceSquaredDistance(mask, toForeground: false);

        AssertClose(toForeground, DistanceTransform.DistanceToForeground(mask).Data, true);
        AssertClose(toBackground, DistanceTransform.DistanceToBackground(mask).Data, true);

        float[] signed = DistanceTransform.SignedDistance(mask).Data;
        for (int i = 0; i < signed.Length; i++)
        {
            double expected = mask.Data[i] != 0 ? -Math.Sqrt(toBackground[i]) : Math.Sqrt(toForeground[i]);
            Assert.True(Math.Abs(signed[i] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)) || signed[i] == expected, $"voxel {i}: expected {expected}, got {signed[i]}");
        }
    }

    [Fact]
    public void OutsideAsTarget_EqualsPaddingWithOneBackgroundLayer()
    {
        var grid = Grid.AxisAligned(9, 7, 6, new Vec3(0.8, 1.7, 1.2), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, 0.85, 11);
        var padded = new Volume<byte>(Grid.AxisAligned(11, 9, 8, grid.Spacing, Vec3.Zero));
        for (int z = 0; z < 6; z++)
            for (int y = 0; y < 7; y++)
                for (int x = 0; x < 9; x++)
                    padded[x + 1, y + 1, z + 1] = mask[x, y, z];
        double[] reference = MaskReference.BruteForceSquaredDistance(padded, toForeground: false);

        var output = new float[grid.VoxelCount];
        EuclideanDistanceTransform.Squared(mask.Data, grid.Size, grid.Spacing, toForeground: false, outsideIsTarget: true, output);

        for (int z = 0; z < 6; z++)
            for (int y = 0; y < 7; y++)
                for (int x = 0; x < 9; x++)
                {
                    double e = reference[padded.Grid.Offset(x + 1, y + 1, z + 1)];
                    float a = output[grid.Offset(x, y, z)];
                    Assert.True(Math.Abs(a - e) <= 1e-5 * Math.Max(1, e), $"({x},{y},{z}): expected {e}, got {a}");
                }
    }

    [Fact]
    public void EmptyMask_IsInfiniteEverywhere_AndFullMaskHasNoBackground()
    {
        var grid = Grid.AxisAligned(4, 5, 6, new Vec3(1, 1, 1), Vec3.Zero);
        var empty = new Volume<byte>(grid);
        Assert.All(DistanceTransform.DistanceToForeground(empty).Data, d => Assert.True(float.IsPositiveInfinity(d)));
        Assert.All(DistanceTransform.SignedDistance(empty).Data, d => Assert.True(float.IsPositiveInfinity(d)));
        Assert.All(DistanceTransform.DistanceToBackground(empty).Data, d => Assert.Equal(0f, d));

        var full = new Volume<byte>(grid);
        full.Data.AsSpan().Fill(1);
        Assert.All(DistanceTransform.DistanceToBackground(full).Data, d => Assert.True(float.IsPositiveInfinity(d)));
        Assert.All(DistanceTransform.SignedDistance(full).Data, d => Assert.True(float.IsNegativeInfinity(d)));
    }

    [Fact]
    public void SinglePoint_GivesKnownDistances_AndOutputKeepsTheGrid()
    {
        var direction = Mat3.FromColumns(new Vec3(0, 1, 0), new Vec3(-1, 0, 0), new Vec3(0, 0, 1));
        var grid = new Grid(10, 8, 6, new Vec3(0.5, 2, 3), new Vec3(1, 2, 3), direction);
        var mask = new Volume<byte>(grid);
        mask[2, 3, 1] = 1;
        mask.Metadata["k"] = "v";

        Volume<float> distance = DistanceTransform.DistanceToForeground(mask);

        Assert.Same(grid, distance.Grid);
        Assert.Equal("v", distance.Metadata["k"]);
        Assert.Equal(0f, distance[2, 3, 1]);
        Assert.Equal(3.5f, distance[9, 3, 1], 5);                   // 7 voxels × 0.5 mm along x
        Assert.Equal(9f, distance[2, 3, 4], 5);                     // 3 voxels × 3 mm along z
        Assert.Equal((float)Math.Sqrt(1.0 * 1.0 + 4.0 * 4.0 + 6.0 * 6.0), distance[4, 5, 3], 5); // (2·0.5, 2·2, 2·3)
    }
}
