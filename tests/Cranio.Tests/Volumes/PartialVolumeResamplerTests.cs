using Cranio.Volumes;

namespace Cranio.Tests.Volumes;

public sealed class PartialVolumeResamplerTests
{
    // Non-orthogonal and left-handed: a sheared gantry with a flipped first axis.
    private static readonly Mat3 Sheared = Mat3.FromColumns(
        new Vec3(-1, 0, 0),
        new Vec3(0.1, 1, 0).Normalized(),
        new Vec3(0, 0.15, 1).Normalized());

    private static Volume<float> Random(Grid grid, int seed)
    {
        var random = new Random(seed);
        var volume = new Volume<float>(grid);
        for (int n = 0; n < volume.Data.Length; n++) volume.Data[n] = (float)random.NextDouble();
        return volume;
    }

    /// <summary>The grid of <paramref name="grid"/>'s voxels taken factor × factor × factor at a time.</summary>
    private static Grid Coarser(Grid grid, int factor)
    {
        Vec3 firstCentre = grid.IndexToPhysical(new Vec3((factor - 1) / 2.0, (factor - 1) / 2.0, (factor - 1) / 2.0));
        return new Grid(grid.SizeX / factor, grid.SizeY / factor, grid.SizeZ / factor, grid.Spacing * factor, firstCentre, grid.Direction);
    }

    [Fact]
    public void OwnGridIsTheIdentity()
    {
        var grid = new Grid(9, 7, 5, new Vec3(0.45, 0.5, 1.3), new Vec3(-12, 30, 4), Sheared);
        var source = Random(grid, 1);
        source.Metadata["origin"] = "scanner";

        var result = PartialVolumeResampler.Resample(source, grid);

        Assert.Equal(grid, result.Grid);
        for (int n = 0; n < source.Data.Length; n++) Assert.Equal(source.Data[n], result.Data[n], 6);
        Assert.Equal("scanner", result.Metadata["origin"]);
    }

    [Fact]
    public void AnIntegerFactorIsTheMeanOfEachBlockOnAnObliqueGrid()
    {
        var grid = new Grid(8, 6, 4, new Vec3(0.4, 0.5, 0.7), new Vec3(3, -2, 11), Sheared);
        var source = Random(grid, 2);

        var result = PartialVolumeResampler.Resample(source, Coarser(grid, 2));

        for (int z = 0; z < 2; z++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++)
                {
                    double sum = 0;
                    for (int c = 0; c < 2; c++)
                        for (int b = 0; b < 2; b++)
                            for (int a = 0; a < 2; a++) sum += source[2 * x + a, 2 * y + b, 2 * z + c];
                    Assert.Equal(sum / 8, result[x, y, z], 5);
                }
    }

    [Fact]
    public void APlaneKeepsItsSubVoxelPositionAsTheCoveredFraction()
    {
        // Source: 0.25 mm voxels whose boxes start at 0 mm, bone in the first 29 along x, so the face lies at 7.25 mm.
        // Target: 1 mm voxels whose boxes start at 0.35 mm; the one holding the face is 0.9 covered, not 0 or 1.
        var fine = Grid.AxisAligned(80, 4, 4, new Vec3(0.25, 0.25, 0.25), new Vec3(0.125, 0.125, 0.125));
        var plane = new Volume<float>(fine);
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 29; x++) plane[x, y, z] = 1;
        const double face = 7.25;
        var coarse = Grid.AxisAligned(18, 1, 1, new Vec3(1, 1, 1), new Vec3(0.85, 0.5, 0.5));

        var result = PartialVolumeResampler.Resample(plane, coarse);

        for (int x = 0; x < coarse.SizeX; x++)
        {
            double low = coarse.IndexToPhysical(x, 0, 0).X - 0.5;
            Assert.Equal(Math.Clamp(face - low, 0, 1), result[x, 0, 0], 5);
        }
    }

    [Fact]
    public void TheIntegralIsKeptWhenTheTargetCoversTheSource()
    {
        var grid = new Grid(23, 17, 11, new Vec3(0.45, 0.45, 0.625), new Vec3(-40, 12, 7), Sheared);
        var source = Random(grid, 3);
        // 1.1 mm voxels, not a multiple of the source's, over a box 3 mm larger on every side.
        Vec3 spacing = new(1.1, 1.1, 1.1);
        Vec3 origin = grid.IndexToPhysical(new Vec3(-0.5, -0.5, -0.5)) - grid.Direction * new Vec3(3 - 0.55, 3 - 0.55, 3 - 0.55);
        var target = new Grid(16, 14, 13, spacing, origin, grid.Direction);

        var result = PartialVolumeResampler.Resample(source, target);

        double sourceIntegral = source.Data.Sum(v => (double)v) * grid.VoxelVolume;
        double targetIntegral = result.Data.Sum(v => (double)v) * target.VoxelVolume;
        Assert.Equal(sourceIntegral, targetIntegral, sourceIntegral * 1e-5);
    }

    [Fact]
    public void OutsideTheSourceCountsAsEmpty()
    {
        var grid = Grid.AxisAligned(4, 4, 4, new Vec3(1, 1, 1), default);
        var ones = new Volume<float>(grid, Enumerable.Repeat(1f, 64).ToArray());
        // 2 mm voxels; along x the first spans [−1.5, 0.5) mm and the last [2.5, 4.5) mm, half outside the source's
        // [−0.5, 3.5) mm. Along y and z the boxes [−0.5, 1.5) and [1.5, 3.5) mm lie inside.
        var target = Grid.AxisAligned(3, 2, 2, new Vec3(2, 2, 2), new Vec3(-0.5, 0.5, 0.5));

        var result = PartialVolumeResampler.Resample(ones, target);

        Assert.Equal(0.5f, result[0, 0, 0], 6);
        Assert.Equal(1f, result[1, 1, 1], 6);
        Assert.Equal(0.5f, result[2, 0, 1], 6);
    }

    [Fact]
    public void GridsWithOtherAxesAreRefused()
    {
        var grid = new Grid(4, 4, 4, new Vec3(1, 1, 1), default, Sheared);
        var other = Grid.AxisAligned(2, 2, 2, new Vec3(2, 2, 2), default);

        var error = Assert.Throws<ArgumentException>(() => PartialVolumeResampler.Resample(new Volume<float>(grid), other));

        Assert.Equal("target", error.ParamName);
        Assert.Contains("same axes", error.Message);
    }
}
