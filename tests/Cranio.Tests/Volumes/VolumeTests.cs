using Cranio.Volumes;

namespace Cranio.Tests.Volumes;

public class VolumeTests
{
    private static readonly Grid Small = Grid.AxisAligned(3, 2, 2, new Vec3(1, 1, 1), Vec3.Zero);

    [Fact]
    public void Indexer_AddressesXFastest()
    {
        var volume = new Volume<short>(Small);
        volume[2, 1, 1] = 7;
        Assert.Equal(7, volume.Data[2 + 3 * (1 + 2 * 1)]);
    }

    [Fact]
    public void ConvertTo_SaturatesAndKeepsGridAndMetadata()
    {
        var volume = new Volume<int>(Small, [0, 1, -5, 300, 2, 0, 0, 0, 0, 0, 0, 1]);
        volume.Metadata["step"] = "test";
        Volume<byte> bytes = volume.ConvertTo<byte>();
        Assert.Equal(new byte[] { 0, 1, 0, 255, 2, 0, 0, 0, 0, 0, 0, 1 }, bytes.Data);
        Assert.Same(volume.Grid, bytes.Grid);
        Assert.Equal("test", bytes.Metadata["step"]);
    }

    [Fact]
    public void ToMask_ThresholdsAtOneByDefault()
    {
        var volume = new Volume<int>(Small, [0, 1, -5, 300, 2, 0, 0, 0, 0, 0, 0, 1]);
        Assert.Equal(new byte[] { 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1 }, volume.ToMask().Data);
        Assert.Equal(5, volume.CountNonZero());
        Assert.Equal((-5.0, 300.0), volume.ValueRange());
    }

    [Fact]
    public void Constructor_RejectsDataOfWrongLength()
    {
        Assert.Throws<ArgumentException>(() => new Volume<float>(Small, new float[11]));
    }

    [Fact]
    public void CreateUninitialized_GivesEveryTypeOnTheGrid()
    {
        foreach (VoxelType type in Enum.GetValues<VoxelType>())
        {
            Volume volume = VoxelTypes.CreateUninitialized(type, Small);
            Assert.Equal(type, volume.VoxelType);
            Assert.Same(Small, volume.Grid);
            Assert.Equal(Small.VoxelCount * type.SizeInBytes(), volume.RawBytes.Length);
        }
    }
}
