using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Volumes;

public class CroppingTests
{
    private static readonly Mat3 Tilted = Mat3.FromColumns(
        new Vec3(1, 0, 0),
        new Vec3(0, Math.Cos(0.2), -Math.Sin(0.2)),
        new Vec3(0, Math.Sin(0.2), Math.Cos(0.2)));

    private static readonly Grid Oblique = new(12, 9, 7, new Vec3(0.45, 0.5, 2), new Vec3(-120, -127, -10), Tilted);

    private static Volume<short> RandomVolume(Grid grid, int seed)
    {
        var random = new Random(seed);
        var volume = new Volume<short>(grid);
        for (int n = 0; n < volume.Data.Length; n++) volume.Data[n] = (short)random.Next(1, 2000);
        return volume;
    }

    [Fact]
    public void Crop_RewritesOriginKeepsSpacingAndDirection_AndVoxelsStayInPlace()
    {
        var volume = RandomVolume(Oblique, 1);
        volume.Metadata["modality"] = "CT";
        var box = new VoxelBox(3, 2, 1, 9, 5, 4);

        var crop = Cropping.Crop(volume, box);

        Assert.Equal((7, 4, 4), crop.Grid.Size);
        Assert.Equal(Oblique.Spacing, crop.Grid.Spacing);
        Assert.Equal(Oblique.Direction, crop.Grid.Direction);
        Assert.True(crop.Grid.IndexToPhysical(0, 0, 0).MaxAbsDifference(Oblique.IndexToPhysical(3, 2, 1)) < 1e-12);
        Assert.True(crop.Grid.IndexToPhysical(6, 3, 3).MaxAbsDifference(Oblique.IndexToPhysical(9, 5, 4)) < 1e-9);
        Assert.Equal("CT", crop.Metadata["modality"]);
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 7; x++)
                    Assert.Equal(volume[x + 3, y + 2, z + 1], crop[x, y, z]);
    }

    [Fact]
    public void CropThenPad_ReproducesInsideAndZerosOutside()
    {
        var volume = RandomVolume(Oblique, 2);
        var box = new VoxelBox(1, 0, 2, 10, 8, 6);

        var padded = Cropping.Pad(Cropping.Crop(volume, box), Oblique);

        Assert.Equal(Oblique, padded.Grid);
        for (int z = 0; z < 7; z++)
            for (int y = 0; y < 9; y++)
                for (int x = 0; x < 12; x++)
                {
                    bool inside = x >= 1 && x <= 10 && z >= 2;
                    Assert.Equal(inside ? volume[x, y, z] : (short)0, padded[x, y, z]);
                }
    }

    [Fact]
    public void PasteInto_OverwritesOnlyTheBox_AndReportsIt()
    {
        var target = RandomVolume(Oblique, 3);
        var original = target.Clone();
        var box = new VoxelBox(4, 4, 4, 5, 8, 4);
        var patch = Cropping.Crop(RandomVolume(Oblique, 4), box);

        VoxelBox where = Cropping.PasteInto(target, patch);

        Assert.Equal(box, where);
        for (int z = 0; z < 7; z++)
            for (int y = 0; y < 9; y++)
                for (int x = 0; x < 12; x++)
                {
                    bool inside = x is >= 4 and <= 5 && y >= 4 && z == 4;
                    Assert.Equal(inside ? patch[x - 4, y - 4, 0] : original[x, y, z], target[x, y, z]);
                }
    }

    [Fact]
    public void BoundingBox_MatchesBruteForce_AndGrowsByTheMarginInMm()
    {
        var grid = Grid.AxisAligned(20, 15, 10, new Vec3(0.45, 0.5, 2), Vec3.Zero);
        var mask = new Volume<byte>(grid);
        mask[7, 3, 4] = 1;
        mask[12, 9, 5] = 1;
        mask[9, 6, 6] = 1;

        Assert.Equal(new VoxelBox(7, 3, 4, 12, 9, 6), Cropping.BoundingBox(mask));
        // 1 mm: ⌈1/0.45⌉ = 3, ⌈1/0.5⌉ = 2, ⌈1/2⌉ = 1 voxels.
        Assert.Equal(new VoxelBox(4, 1, 3, 15, 11, 7), Cropping.BoundingBox(mask, 1.0));
        // 5 mm: 12, 10, 3 voxels, clamped to the volume.
        Assert.Equal(new VoxelBox(0, 0, 1, 19, 14, 9), Cropping.BoundingBox(mask, 5.0));
    }

    [Fact]
    public void BoundingBox_OfRandomSparseMasks_EqualsBruteForce()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var grid = Grid.AxisAligned(random.Next(1, 15), random.Next(1, 15), random.Next(1, 15), new Vec3(1, 1, 1), Vec3.Zero);
            var mask = new Volume<byte>(grid);
            for (int n = 0; n < mask.Data.Length; n++) mask.Data[n] = random.NextDouble() < 0.02 ? (byte)1 : (byte)0;
            int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
            for (int z = 0; z < grid.SizeZ; z++)
                for (int y = 0; y < grid.SizeY; y++)
                    for (int x = 0; x < grid.SizeX; x++)
                        if (mask[x, y, z] != 0)
                        {
                            x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); z0 = Math.Min(z0, z);
                            x1 = Math.Max(x1, x); y1 = Math.Max(y1, y); z1 = Math.Max(z1, z);
                        }
            VoxelBox? expected = x1 < 0 ? null : new VoxelBox(x0, y0, z0, x1, y1, z1);
            Assert.Equal(expected, Cropping.BoundingBox(mask));
        }
    }

    [Fact]
    public void BoundingBox_OfAnEmptyMask_IsNull_AndBadMarginsAreRejected()
    {
        var mask = new Volume<byte>(Oblique);
        Assert.Null(Cropping.BoundingBox(mask, 3));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Cropping.BoundingBox(mask, -1));
        Assert.Equal("marginMm", error.ParamName);
        Assert.Contains("got -1", error.Message);
    }

    [Fact]
    public void Crop_RejectsABoxOutsideTheVolume()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Cropping.Crop(new Volume<byte>(Oblique), new VoxelBox(0, 0, 0, 12, 3, 3)));
        Assert.Contains("12×9×7", error.Message);
        Assert.Throws<ArgumentException>(() => new VoxelBox(3, 0, 0, 2, 0, 0));
    }

    [Fact]
    public void PasteInto_RejectsGridsThatAreNotSubGrids()
    {
        var target = new Volume<byte>(Oblique);
        Grid good = Cropping.CropGrid(Oblique, new VoxelBox(2, 2, 2, 5, 5, 5));

        var spacing = Assert.Throws<GridMismatchException>(() => Cropping.PasteInto(target, new Volume<byte>(good with { Spacing = new Vec3(0.5, 0.5, 2) })));
        Assert.StartsWith("spacing differs", spacing.Difference);

        var direction = Assert.Throws<GridMismatchException>(() => Cropping.PasteInto(target, new Volume<byte>(good with { Direction = Mat3.Identity })));
        Assert.StartsWith("direction differs", direction.Difference);

        Vec3 halfVoxel = Oblique.SpaceDirections * new Vec3(0.5, 0, 0);
        var offVoxel = Assert.Throws<GridMismatchException>(() => Cropping.PasteInto(target, new Volume<byte>(good with { Origin = good.Origin + halfVoxel })));
        Assert.Contains("not on a voxel centre", offVoxel.Message);
        Assert.Contains("2.5", offVoxel.Message);

        Vec3 beyond = Oblique.SpaceDirections * new Vec3(0, 0, 3);
        var outside = Assert.Throws<GridMismatchException>(() => Cropping.PasteInto(target, new Volume<byte>(good with { Origin = good.Origin + beyond })));
        Assert.Contains("extend beyond", outside.Message);

        // Within the tolerance the paste succeeds.
        Vec3 nudge = Oblique.SpaceDirections * new Vec3(1e-5, -1e-5, 0);
        Assert.Equal(new VoxelBox(2, 2, 2, 5, 5, 5), Cropping.PasteInto(target, new Volume<byte>(good with { Origin = good.Origin + nudge })));
    }

    [SkippableFact]
    public void RealObliqueSkull_CropToBoundingBoxThenPad_ReproducesTheMask()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        var mask = ((Volume<int>)VolumeFile.Read(SharedData.Case("complete_skull", 0))).ToMask();

        VoxelBox box = Cropping.BoundingBox(mask, 5.0) ?? throw new InvalidOperationException("empty skull mask");
        var crop = Cropping.Crop(mask, box);
        var padded = Cropping.Pad(crop, mask.Grid);

        Assert.True(box.SizeX < mask.Grid.SizeX && box.SizeZ <= mask.Grid.SizeZ);
        Assert.Equal(mask.CountNonZero(), crop.CountNonZero());
        Assert.Equal(mask.Data, padded.Data);
        Assert.True(crop.Grid.IndexToPhysical(0, 0, 0).MaxAbsDifference(mask.Grid.IndexToPhysical(box.MinX, box.MinY, box.MinZ)) < 1e-9);
    }
}
