using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Volumes;

public class ResamplerTests
{
    private static readonly Mat3 Tilted = Mat3.FromColumns(
        new Vec3(1, 0, 0),
        new Vec3(0, Math.Cos(0.2), -Math.Sin(0.2)),
        new Vec3(0, Math.Sin(0.2), Math.Cos(0.2)));

    // Non-orthogonal and left-handed: a sheared gantry with a flipped first axis.
    private static readonly Mat3 Sheared = Mat3.FromColumns(
        new Vec3(-1, 0, 0),
        new Vec3(0.1, 1, 0).Normalized(),
        new Vec3(0, 0.15, 1).Normalized());

    private static Volume<T> Random<T>(Grid grid, int seed, int maxExclusive) where T : unmanaged, System.Numerics.INumber<T>
    {
        var random = new Random(seed);
        var volume = new Volume<T>(grid);
        for (int n = 0; n < volume.Data.Length; n++) volume.Data[n] = T.CreateTruncating(random.Next(maxExclusive));
        return volume;
    }

    [Theory]
    [InlineData(Interpolation.Nearest)]
    [InlineData(Interpolation.Trilinear)]
    public void ResampleOntoOwnGrid_ReturnsIdenticalVoxels(Interpolation interpolation)
    {
        var grid = new Grid(9, 7, 5, new Vec3(0.45, 0.5, 1.3), new Vec3(-12, 30, 4), Sheared);
        var source = Random<short>(grid, 1, 3000);
        source.Metadata["origin"] = "scanner";

        var result = Resampler.Resample(source, grid, new ResampleOptions(interpolation, -1024));

        Assert.Equal(grid, result.Grid);
        Assert.Equal(source.Data, result.Data);
        Assert.Equal("scanner", result.Metadata["origin"]);
    }

    [Fact]
    public void HalfSpacingThenBack_Nearest_ReproducesMaskExactly()
    {
        var grid = new Grid(11, 8, 6, new Vec3(0.45, 0.6, 1.25), new Vec3(-50, 20, 3), Tilted);
        var mask = Random<byte>(grid, 2, 2);

        var fine = Resampler.ResampleToSpacing(mask, grid.Spacing / 2, ResampleOptions.Mask);
        Assert.Equal((22, 16, 12), fine.Grid.Size);
        Assert.Equal(8 * mask.CountNonZero(), fine.CountNonZero());
        var back = Resampler.ResampleToSpacing(fine, grid.Spacing, ResampleOptions.Mask);

        Assert.Null(back.Grid.DifferenceFrom(grid, 1e-9));
        Assert.Equal(mask.Data, back.Data);
    }

    [Fact]
    public void Trilinear_OfLinearRamp_IsExact_BetweenObliqueGrids()
    {
        var sourceGrid = new Grid(12, 10, 9, new Vec3(0.7, 0.9, 1.5), new Vec3(5, -3, 2), Sheared);
        static double Ramp(Vec3 p) => 2 * p.X - 3 * p.Y + 0.5 * p.Z + 7;
        var source = new Volume<double>(sourceGrid);
        for (int z = 0; z < 9; z++)
            for (int y = 0; y < 10; y++)
                for (int x = 0; x < 12; x++)
                    source[x, y, z] = Ramp(sourceGrid.IndexToPhysical(x, y, z));

        // A smaller tilted grid around the source's centre, well inside its voxel centres.
        Vec3 centre = sourceGrid.IndexToPhysical(new Vec3(5.5, 4.5, 4));
        var targetGrid = new Grid(5, 4, 3, new Vec3(0.63, 0.81, 1.1), Vec3.Zero, Tilted);
        targetGrid = targetGrid with { Origin = centre - targetGrid.SpaceDirections * new Vec3(2, 1.5, 1) };

        var result = Resampler.Resample(source, targetGrid, new ResampleOptions(Interpolation.Trilinear));

        for (int z = 0; z < 3; z++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 5; x++)
                {
                    Vec3 index = sourceGrid.PhysicalToIndex(targetGrid.IndexToPhysical(x, y, z));
                    Assert.True(index.X > 0 && index.X < 11 && index.Y > 0 && index.Y < 9 && index.Z > 0 && index.Z < 8, $"{index}");
                    Assert.Equal(Ramp(targetGrid.IndexToPhysical(x, y, z)), result[x, y, z], 9);
                }
    }

    [Fact]
    public void Trilinear_OnIntegerVoxels_RoundsAndSaturates()
    {
        var grid = Grid.AxisAligned(2, 1, 1, new Vec3(1, 1, 1), Vec3.Zero);
        var source = new Volume<byte>(grid, [10, 13]);
        var target = Grid.AxisAligned(3, 1, 1, new Vec3(0.5, 1, 1), Vec3.Zero);

        var result = Resampler.Resample(source, target, new ResampleOptions(Interpolation.Trilinear));

        Assert.Equal(new byte[] { 10, 12, 13 }, result.Data); // 11.5 rounds away from zero
        var outside = Resampler.Resample(source, target with { Origin = new Vec3(10, 0, 0) }, ResampleOptions.Ct);
        Assert.Equal(new byte[] { 0, 0, 0 }, outside.Data); // −1024 saturates to 0 for bytes
    }

    [Fact]
    public void GridWithSpacing_KeepsTheBoxCentreAndDirection()
    {
        var grid = new Grid(512, 512, 237, new Vec3(0.451172, 0.45, 0.63), new Vec3(-120.2, -127.8, -10.2), Sheared);
        var spacing = new Vec3(1, 1, 1);

        Grid result = Resampler.GridWithSpacing(grid, spacing);

        Assert.Equal((231, 230, 149), result.Size); // round(512·0.451172) = 231, round(230.4) = 230, round(149.31) = 149
        Assert.Equal(spacing, result.Spacing);
        Assert.True(result.Direction.MaxAbsDifference(grid.Direction) < 1e-12);
        Vec3 oldCentre = grid.IndexToPhysical(new Vec3(511 / 2.0, 511 / 2.0, 236 / 2.0));
        Vec3 newCentre = result.IndexToPhysical(new Vec3(230 / 2.0, 229 / 2.0, 148 / 2.0));
        Assert.True(oldCentre.MaxAbsDifference(newCentre) < 1e-9, $"{oldCentre} vs {newCentre}");
    }

    [Fact]
    public void GridWithSpacing_ExactMultiple_KeepsTheOuterCorner()
    {
        var grid = new Grid(6, 4, 3, new Vec3(0.5, 0.75, 2), new Vec3(1, 2, 3), Tilted);

        Grid result = Resampler.GridWithSpacing(grid, new Vec3(1.5, 0.25, 1));

        Assert.Equal((2, 12, 6), result.Size);
        Vec3 corner = grid.IndexToPhysical(new Vec3(-0.5, -0.5, -0.5));
        Vec3 newCorner = result.IndexToPhysical(new Vec3(-0.5, -0.5, -0.5));
        Assert.True(corner.MaxAbsDifference(newCorner) < 1e-12, $"{corner} vs {newCorner}");
    }

    [Fact]
    public void ResampleToSpacing_KeepsAnObjectWhereItIsPhysically()
    {
        var grid = new Grid(10, 10, 10, new Vec3(0.5, 0.5, 1), new Vec3(-7, 4, 11), Tilted);
        var mask = new Volume<byte>(grid);
        for (int z = 6; z < 8; z++)
            for (int y = 2; y < 4; y++)
                for (int x = 3; x < 5; x++)
                    mask[x, y, z] = 1;
        Vec3 expected = grid.IndexToPhysical(new Vec3(3.5, 2.5, 6.5));

        var coarse = Resampler.ResampleToSpacing(mask, new Vec3(0.25, 0.25, 0.5), ResampleOptions.Mask);

        Assert.Equal(8 * 8, coarse.CountNonZero());
        Vec3 sum = Vec3.Zero;
        for (int z = 0; z < coarse.Grid.SizeZ; z++)
            for (int y = 0; y < coarse.Grid.SizeY; y++)
                for (int x = 0; x < coarse.Grid.SizeX; x++)
                    if (coarse[x, y, z] != 0) sum += coarse.Grid.IndexToPhysical(x, y, z);
        Assert.True((sum / 64).MaxAbsDifference(expected) < 1e-9, $"{sum / 64} vs {expected}");
    }

    [Fact]
    public void Nearest_OntoPermutedObliqueGrid_TransposesVoxels()
    {
        var source = Random<int>(new Grid(5, 4, 3, new Vec3(0.5, 0.8, 1.2), new Vec3(3, -2, 9), Tilted), 3, 1000);
        Grid g = source.Grid;
        // Same voxel centres, axes i and j swapped: target (i, j, k) is source (j, i, k).
        var swapped = new Grid(4, 5, 3, new Vec3(0.8, 0.5, 1.2), g.Origin,
            Mat3.FromColumns(g.Direction.Column(1), g.Direction.Column(0), g.Direction.Column(2)));

        var result = Resampler.Resample(source, swapped, ResampleOptions.Mask);

        for (int z = 0; z < 3; z++)
            for (int y = 0; y < 5; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(source[y, x, z], result[x, y, z]);
    }

    [Fact]
    public void TargetBeyondTheSource_GetsTheOutsideValue_WithinHalfAVoxelItDoesNot()
    {
        var grid = Grid.AxisAligned(4, 1, 1, new Vec3(1, 1, 1), Vec3.Zero);
        var source = new Volume<short>(grid, [100, 200, 300, 400]);
        var target = Grid.AxisAligned(7, 1, 1, new Vec3(1, 1, 1), new Vec3(-1.6, 0, 0));

        var ct = Resampler.Resample(source, target, ResampleOptions.Ct);
        var nearest = Resampler.Resample(source, target, new ResampleOptions(Interpolation.Nearest, -5));

        // Target centres at x = −1.6, −0.6, 0.4, 1.4, 2.4, 3.4, 4.4: the first two and the last lie outside [−0.5, 3.5].
        Assert.Equal(new short[] { -1024, -1024, 140, 240, 340, 400, -1024 }, ct.Data);
        Assert.Equal(new short[] { -5, -5, 100, 200, 300, 400, -5 }, nearest.Data);
    }

    [Fact]
    public void BadArguments_AreRejectedWithTheirName()
    {
        var grid = Grid.AxisAligned(2, 2, 2, new Vec3(1, 1, 1), Vec3.Zero);
        var spacing = Assert.Throws<ArgumentException>(() => Resampler.GridWithSpacing(grid, new Vec3(1, 0, 1)));
        Assert.Equal("spacing", spacing.ParamName);
        Assert.Contains("(1, 0, 1)", spacing.Message);
        var outside = Assert.Throws<ArgumentException>(() => new ResampleOptions(Interpolation.Nearest, double.NaN));
        Assert.Equal("outsideValue", outside.ParamName);
        var interpolation = Assert.Throws<ArgumentException>(() => new ResampleOptions((Interpolation)7));
        Assert.Contains("got 7", interpolation.Message);
    }

    [SkippableFact]
    public void RealObliqueSkull_ResampledTo1mm_KeepsItsVolumeAndPlace()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        var mask = ((Volume<int>)VolumeFile.Read(SharedData.Case("complete_skull", 0))).ToMask();

        var coarse = Resampler.ResampleToSpacing(mask, new Vec3(1, 1, 1), ResampleOptions.Mask);

        Assert.Equal(mask.Grid.Direction, coarse.Grid.Direction);
        double before = mask.CountNonZero() * mask.Grid.VoxelVolume, after = coarse.CountNonZero() * coarse.Grid.VoxelVolume;
        Assert.True(Math.Abs(after - before) / before < 0.03, $"{after:0} mm³ vs {before:0} mm³");
        Vec3 c0 = Centroid(mask), c1 = Centroid(coarse);
        Assert.True(c0.MaxAbsDifference(c1) < 0.5, $"centroid {c1} vs {c0} mm");
    }

    private static Vec3 Centroid(Volume<byte> mask)
    {
        Grid g = mask.Grid;
        long sx = 0, sy = 0, sz = 0, count = 0;
        for (int z = 0; z < g.SizeZ; z++)
        {
            ReadOnlySpan<byte> slice = mask.Slice(z);
            for (int n = slice.IndexOfAnyExcept((byte)0); n >= 0 && n < slice.Length; n++)
            {
                if (slice[n] == 0) continue;
                sx += n % g.SizeX; sy += n / g.SizeX; sz += z; count++;
            }
        }
        return g.IndexToPhysical(new Vec3(sx, sy, sz) / count);
    }
}
