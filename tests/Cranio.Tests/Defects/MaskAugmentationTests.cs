using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class MaskAugmentationTests
{
    private static Grid Oblique() => new(60, 50, 40, new Vec3(1.0, 1.2, 1.5), new Vec3(-30, -25, -20),
        Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 0.988, 0.156).Normalized(), new Vec3(0, -0.156, 0.988).Normalized()));

    private static Vec3 Centroid(Volume<byte> mask)
    {
        Vec3 sum = Vec3.Zero;
        long n = 0;
        for (int z = 0; z < mask.Grid.SizeZ; z++)
            for (int y = 0; y < mask.Grid.SizeY; y++)
                for (int x = 0; x < mask.Grid.SizeX; x++)
                    if (mask[x, y, z] != 0) { sum += mask.Grid.IndexToPhysical(x, y, z); n++; }
        return sum / n;
    }

    [Fact]
    public void Landmark_MovesAsTheTransformSays()
    {
        Grid grid = Oblique();
        var landmark = new Vec3(12, -6, 8);
        Volume<byte> mask = ShapeVoxelizer.Voxelize(new SphereShape(landmark, 4), grid);
        RigidTransform t = RigidTransform.FromAngles(20, -10, new Vec3(0, 0, 4), new Vec3(1, 2, 3), new Vec3(0, 0, 1), new Vec3(1, 0, 0));
        Volume<byte> moved = MaskAugmentation.Apply(mask, t);
        Assert.Same(grid, moved.Grid);
        Vec3 expected = t.Apply(landmark);
        Assert.True((Centroid(moved) - expected).Length < 0.5, $"landmark at {Centroid(moved)}, expected {expected}");
        // A ball stays a ball of the same volume (within the nearest-neighbour sampling error).
        Assert.InRange((double)moved.CountNonZero() / mask.CountNonZero(), 0.9, 1.1);
    }

    [Fact]
    public void Identity_ReturnsTheSameBytes_AndInverseUndoesTheTransform()
    {
        Grid grid = Oblique();
        Volume<byte> mask = ShapeVoxelizer.Voxelize(new EllipsoidShape(new Vec3(2, 1, 0), new Vec3(14, 9, 6), Mat3.Identity), grid);
        Assert.Equal(mask.Data, MaskAugmentation.Apply(mask, RigidTransform.Identity).Data);
        RigidTransform t = RigidTransform.FromAngles(-6, 4, new Vec3(0, 0, -2), Vec3.Zero, new Vec3(0, 0, 1), new Vec3(1, 0, 0));
        var back = new RigidTransform(t.Rotation.Transpose(), t.Centre + t.Translation, -t.Translation);
        var p = new Vec3(5, -3, 7);
        Assert.True((back.Apply(t.Apply(p)) - p).Length < 1e-9);
        Volume<byte> roundTrip = MaskAugmentation.Apply(MaskAugmentation.Apply(mask, t), back);
        long differ = mask.Data.Zip(roundTrip.Data).Count(pair => pair.First != pair.Second);
        Assert.True(differ < 0.1 * mask.CountNonZero(), $"{differ} voxels differ after the round trip");
    }

    [Fact]
    public void Draw_IsSeededAndBounded()
    {
        var up = new Vec3(0, 0, 1);
        var left = new Vec3(1, 0, 0);
        RigidTransform a = RigidTransform.Draw(new Xoshiro256(5), 6, 6, 3, Vec3.Zero, up, left);
        RigidTransform b = RigidTransform.Draw(new Xoshiro256(5), 6, 6, 3, Vec3.Zero, up, left);
        Assert.Equal(a.Rotation, b.Rotation);
        Assert.Equal(a.Translation, b.Translation);
        Assert.True(a.Translation.Length <= 3);
        double angle = Math.Acos(Math.Clamp((a.Rotation.M00 + a.Rotation.M11 + a.Rotation.M22 - 1) / 2, -1, 1)) * 180 / Math.PI;
        Assert.True(angle <= 6 * Math.Sqrt(2) + 1e-9);
    }

    [Fact]
    public void RigidTransform_RejectsReflection()
    {
        var e = Assert.Throws<ArgumentException>(() => new RigidTransform(Mat3.Diagonal(new Vec3(-1, 1, 1)), Vec3.Zero, Vec3.Zero));
        Assert.Contains("determinant +1", e.Message);
    }
}
