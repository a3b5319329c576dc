using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class RadialBoneProfileTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void FindsTheRadiiOfASphericalShellOnAnyGrid(double tilt)
    {
        var phantom = new EllipsoidShellPhantom(A: 60, B: 60, C: 60, Thickness: 6, Floor: 100);
        Grid grid = phantom.MakeGrid(new Vec3(0.9, 1.0, 1.2), tilt);
        var (complete, _, _) = phantom.Build(grid);
        var mesh = Icosphere.Create(3);
        var profile = RadialBoneProfile.Cast(complete, phantom.Centre, mesh.Vertices, 2);
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            Assert.InRange(profile.Inner[v], 54 - 1.0, 54 + 1.0);
            Assert.InRange(profile.Outer[v], 60 - 1.0, 60 + 1.0);
        }
        Assert.InRange(profile.Inner.Average(r => r), 53.7, 54.3);
        Assert.InRange(profile.Outer.Average(r => r), 59.7, 60.3);
    }

    [Fact]
    public void ReportsNoBoneThroughAHoleAndBridgesSmallGaps()
    {
        var grid = Grid.AxisAligned(80, 80, 80, new Vec3(1, 1, 1), Vec3.Zero);
        var mask = new Volume<byte>(grid);
        // Two slabs x ∈ [50, 54] and [56, 60] separated by a 1 mm gap, with a hole around the +x axis of the centre.
        for (int z = 0; z < 80; z++)
            for (int y = 0; y < 80; y++)
                for (int x = 0; x < 80; x++)
                    if ((x is >= 50 and <= 54 || x is >= 56 and <= 60) && (Math.Abs(y - 40) > 3 || Math.Abs(z - 20) > 3)) mask[x, y, z] = 1;
        var directions = new[] { new Vec3(1, 0, 0), new Vec3(-1, 0, 0) };
        var throughSlabs = RadialBoneProfile.Cast(mask, new Vec3(10, 40, 40), directions, 2);
        // Radii are placed halfway between samples 0.5 mm apart: within a quarter millimetre of the voxel faces.
        Assert.InRange(throughSlabs.Inner[0], 39.5 - 0.26, 39.5 + 0.26);
        Assert.InRange(throughSlabs.Outer[0], 50.5 - 0.26, 50.5 + 0.26);
        Assert.True(float.IsNaN(throughSlabs.Inner[1]));
        var notBridged = RadialBoneProfile.Cast(mask, new Vec3(10, 40, 40), directions, 0.4);
        Assert.InRange(notBridged.Outer[0], 44.5 - 0.26, 44.5 + 0.26);
        var throughHole = RadialBoneProfile.Cast(mask, new Vec3(10, 40, 20), directions, 2);
        Assert.True(float.IsNaN(throughHole.Inner[0]) && float.IsNaN(throughHole.Outer[0]));
    }
}
