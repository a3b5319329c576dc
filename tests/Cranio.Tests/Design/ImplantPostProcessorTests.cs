using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class ImplantPostProcessorTests
{
    /// <summary>A skull slab x &lt; 10, an implant plate x ∈ [10, 19] touching it, a 2×2×2 island and a one-voxel spike.</summary>
    private static (Volume<byte> Implant, Volume<byte> Skull) Scene(Grid grid)
    {
        var skull = new Volume<byte>(grid);
        var implant = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    if (x < 10) skull[x, y, z] = 1;
                    if (x >= 8 && x <= 19 && y >= 4 && y < 26 && z >= 4 && z < 26) implant[x, y, z] = 1;
                }
        for (int z = 0; z < 2; z++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 2; x++) implant[26 + x, 27 + y, 27 + z] = 1;
        for (int x = 20; x < 24; x++) implant[x, 15, 15] = 1;
        return (implant, skull);
    }

    private static readonly Grid Grid = new(30, 30, 30, new Vec3(0.5, 0.6, 0.7), new Vec3(-3, 4, 9),
        Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, Math.Cos(0.2), Math.Sin(0.2)), new Vec3(0, -Math.Sin(0.2), Math.Cos(0.2))));

    [Fact]
    public void RemovesSkullVoxelsAndSmallIslandsOnly()
    {
        var (implant, skull) = Scene(Grid);
        var result = new ImplantPostProcessor().Process(implant, skull);
        Assert.Same(Grid, result.Grid);
        for (long i = 0; i < result.Data.LongLength; i++)
        {
            Assert.True(result.Data[i] <= implant.Data[i], "post-processing only removes voxels");
            Assert.False(result.Data[i] != 0 && skull.Data[i] != 0);
        }
        Assert.Equal(0, result[26, 27, 27]);
        Assert.Equal(1, result[21, 15, 15]);
        Assert.Equal(10L * 22 * 22 + 4, result.CountNonZero());
    }

    [Fact]
    public void OpeningRemovesTheSpikeButKeepsThePlate()
    {
        var (implant, skull) = Scene(Grid);
        var result = new ImplantPostProcessor(new ImplantPostProcessingOptions(openingRadiusMm: 1.0)).Process(implant, skull);
        Assert.Equal(0, result[22, 15, 15]);
        Assert.Equal(1, result[15, 15, 15]);
    }

    [Fact]
    public void TheClinicalGapClearsEveryVoxelNearTheSkull()
    {
        var (implant, skull) = Scene(Grid);
        const double gap = 1.6;
        var result = new ImplantPostProcessor(new ImplantPostProcessingOptions(clinicalGapMm: gap)).Process(implant, skull);
        // Brute force: the nearest skull voxel of every kept voxel is farther than the gap, and every removed plate
        // voxel outside the skull was within it. Along x the skull face is at x = 9 and the spacing is 0.5 mm.
        for (int x = 10; x < 20; x++)
        {
            double toSkull = (x - 9) * 0.5;
            Assert.Equal(toSkull > gap ? 1 : 0, result[x, 15, 15]);
        }
        Assert.Equal(Grid, result.Grid);
    }

    [Fact]
    public void RejectsMismatchedGridsAndBadOptions()
    {
        var (implant, _) = Scene(Grid);
        var other = new Volume<byte>(Grid.AxisAligned(30, 30, 30, new Vec3(1, 1, 1), Vec3.Zero));
        Assert.Throws<GridMismatchException>(() => new ImplantPostProcessor().Process(implant, other));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ImplantPostProcessingOptions(clinicalGapMm: -0.5));
        Assert.Equal("clinicalGapMm", error.ParamName);
    }
}
