using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class SkullSplitTests
{
    private static (Volume<byte> Defective, Volume<byte> Implant) Cut(DefectShape shape)
    {
        var grid = Grid.AxisAligned(40, 12, 12, new Vec3(1, 1, 1), Vec3.Zero);
        var bar = new Volume<byte>(grid);
        for (int z = 3; z < 9; z++)
            for (int y = 3; y < 9; y++)
                for (int x = 0; x < 40; x++)
                    bar[x, y, z] = 1;
        DefectResult result = DefectInjector.Apply(bar, shape, new Vec3(20, 6, -50));
        return (result.Defective, result.Implant);
    }

    [Fact]
    public void CutThroughBar_Splits()
    {
        var slab = new BoxShape(new Vec3(20, 6, 6), new Vec3(2, 10, 10), Mat3.Identity);
        var (defective, implant) = Cut(slab);
        Assert.True(SkullSplit.Splits(defective, implant, slab, 10));
    }

    [Fact]
    public void NotchIntoBar_DoesNotSplit()
    {
        var notch = new BoxShape(new Vec3(20, 6, 8), new Vec3(2, 10, 2.5), Mat3.Identity);
        var (defective, implant) = Cut(notch);
        Assert.True(implant.CountNonZero() > 0);
        Assert.False(SkullSplit.Splits(defective, implant, notch, 10));
    }

    [Fact]
    public void CuttingOffASmallTip_IsAFragmentNotASplit()
    {
        var slab = new BoxShape(new Vec3(3, 6, 6), new Vec3(1, 10, 10), Mat3.Identity);
        var (defective, implant) = Cut(slab);
        // The tip x = 0…1 holds 2·6·6 = 72 mm³: a fragment below 100 mm³, but a piece above 50 mm³.
        Assert.False(SkullSplit.Splits(defective, implant, slab, 100));
        Assert.True(SkullSplit.Splits(defective, implant, slab, 50));
    }
}
