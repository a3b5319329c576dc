using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Tests.Learning;

public class VolumeTensorsTests
{
    private static readonly Grid Oblique = Grid.FromSpaceDirections(5, 4, 3,
        Mat3.FromColumns(new Vec3(0.4, 0.1, 0), new Vec3(0, 0.5, 0.05), new Vec3(0, 0, 2.5)), new Vec3(-10, 20, 30));

    [Fact]
    public void AVolumeMapsToDepthHeightWidthAndBackOntoTheSameGrid()
    {
        var volume = new Volume<byte>(Oblique);
        volume[4, 1, 2] = 1;
        volume[0, 3, 0] = 1;
        var tensor = VolumeTensors.FromVolume(volume);
        Assert.Equal([1, 1, 3, 4, 5], tensor.Shape);
        Assert.Equal(1f, tensor.Data[(2 * 4 + 1) * 5 + 4]);
        Assert.Equal(2, tensor.Data.Count(v => v != 0));
        // Through a network-sized operation and back: the output inherits the input's geometry.
        var back = VolumeTensors.ToVolume(Functional.Sigmoid(tensor), volume.Grid);
        Assert.Same(volume.Grid, back.Grid);
        Assert.Equal(1 / (1 + MathF.Exp(-1)), back[4, 1, 2], 6);
        Assert.Equal(0.5f, back[1, 1, 1]);
    }

    [Fact]
    public void ASecondChannelOrBatchItemIsSelectedAndMismatchesAreNamed()
    {
        var tensor = new Tensor(2, 3, 3, 4, 5);
        tensor.Data[((1 * 3 + 2) * 3 + 1) * 20 + 7] = 9;
        Assert.Equal(9f, VolumeTensors.ToVolume(tensor, Oblique, batch: 1, channel: 2)[2, 1, 1]);
        var e = Assert.Throws<ArgumentException>(() => VolumeTensors.ToVolume(new Tensor(1, 1, 3, 5, 4), Oblique));
        Assert.Contains("(SizeZ, SizeY, SizeX) = (3, 4, 5)", e.Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => VolumeTensors.ToVolume(tensor, Oblique, channel: 3)).Message);
    }
}
