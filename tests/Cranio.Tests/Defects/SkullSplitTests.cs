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

    /// <summary>
    /// A rectangular frame 200 × 40 mm of 6 mm bars, 6 mm thick: a cut through one long bar leaves it connected only
    /// round the far ends, beyond every local crop, so only the whole-skull pass can tell.
    /// </summary>
    private static (Volume<byte> Defective, Volume<byte> Implant) CutFrame(DefectShape shape)
    {
        var grid = Grid.AxisAligned(200, 40, 8, new Vec3(1, 1, 1), Vec3.Zero);
        var frame = new Volume<byte>(grid);
        for (int z = 1; z < 7; z++)
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 200; x++)
                    if (x < 6 || x >= 194 || y < 6 || y >= 34) frame[x, y, z] = 1;
        DefectResult result = DefectInjector.Apply(frame, shape, new Vec3(100, 20, -50));
        return (result.Defective, result.Implant);
    }

    [Fact]
    public void CutThroughOneBarOfAFrame_StaysConnectedRoundTheFarEnds()
    {
        var slab = new BoxShape(new Vec3(100, 3, 4), new Vec3(2, 8, 10), Mat3.Identity);
        var (defective, implant) = CutFrame(slab);
        Assert.True(implant.CountNonZero() > 0);
        Assert.True(SkullSplit.LocalMargins.Max() < 90, "the frame must reach beyond the local crops");
        Assert.False(SkullSplit.Splits(defective, implant, slab, 10));
    }

    [Fact]
    public void CutThroughBothBarsOfAFrame_Splits()
    {
        var slab = new BoxShape(new Vec3(100, 20, 4), new Vec3(2, 44, 10), Mat3.Identity);
        var (defective, implant) = CutFrame(slab);
        Assert.True(SkullSplit.Splits(defective, implant, slab, 10));
    }
}
