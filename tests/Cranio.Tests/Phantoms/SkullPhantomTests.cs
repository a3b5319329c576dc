using Cranio.Phantoms;
using Cranio.Volumes;

namespace Cranio.Tests.Phantoms;

public class SkullPhantomTests
{
    [Fact]
    public void Ct_IsDeterministicForASeedAndDiffersForAnother()
    {
        var a = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 3, Seed: 5)).Ct;
        var b = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 3, Seed: 5)).Ct;
        var c = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 3, Seed: 6)).Ct;
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
    }

    [Fact]
    public void Mask_IsTheBoneOfTheCt_AndTheDefectRemovesBone()
    {
        var options = new SkullPhantomOptions(Spacing: 2, NoiseHu: 0, TiltDegrees: 10);
        var (ct, mask) = SkullPhantom.Ct(options);
        Assert.Null(ct.Grid.DifferenceFrom(mask.Grid));
        Assert.False(mask.Grid.IsAxisAligned);
        // Without noise every mask voxel is bone: diploë 800 HU less at most 150 HU of texture.
        for (int i = 0; i < mask.Data.Length; i++)
            if (mask.Data[i] == 1) Assert.True(ct.Data[i] >= 650, $"voxel {i}: {ct.Data[i]} HU");
        long skull = mask.CountNonZero();
        var withDefect = SkullPhantom.Mask(options with { DefectRadius = 25 });
        long removed = skull - withDefect.CountNonZero();
        Assert.True(removed > 0);
        for (int i = 0; i < mask.Data.Length; i++) Assert.True(withDefect.Data[i] <= mask.Data[i]);
        // A 25 mm ball through a 3.5–8.3 mm shell removes at most the ball's volume, and at least a thin disc of it.
        double removedMm3 = removed * mask.Grid.VoxelVolume;
        Assert.InRange(removedMm3, Math.PI * 25 * 25 * 3, 4.0 / 3 * Math.PI * 25 * 25 * 25);
    }
}
