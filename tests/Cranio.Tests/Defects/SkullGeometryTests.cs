using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class SkullGeometryTests
{
    private static double AngleDegrees(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    [Theory]
    [InlineData(0, false)]
    [InlineData(12, true)]
    public void Analyze_RecoversTheHeadFrame(double rollDegrees, bool oblique)
    {
        Volume<byte> skull = ShellSkull.Build(2.0, rollDegrees, oblique);
        SkullGeometry g = SkullGeometry.Analyze(skull);
        Mat3 head = ShellSkull.Roll(rollDegrees);
        Vec3 trueSuperior = head * new Vec3(0, 0, 1), trueLeft = head * new Vec3(1, 0, 0);
        Assert.True(AngleDegrees(g.Superior, trueSuperior) < 2, $"superior {g.Superior} vs {trueSuperior}");
        Assert.True(AngleDegrees(g.Left, trueLeft) < 2, $"left {g.Left} vs {trueLeft}");
        Assert.True(AngleDegrees(g.Anterior, new Vec3(0, -1, 0)) < 2, $"anterior {g.Anterior}");
        // The phantom is symmetric about the plane through the origin with normal "left"; its centroid lies on it.
        Assert.True(Math.Abs(g.MidSagittalPlane.SignedDistance(Vec3.Zero)) < 1.0);
        Assert.True(AngleDegrees(g.MidSagittalPlane.Normal, trueLeft) < 2);
        Assert.Equal(skull.CountNonZero(), g.BoneVoxels);
    }

    [Fact]
    public void Vault_PointsLieOnTheOuterSurfaceAboveTheBase()
    {
        Volume<byte> skull = ShellSkull.Build(2.0);
        SkullGeometry g = SkullGeometry.Analyze(skull);
        Assert.NotEmpty(g.Vault);
        foreach (SurfacePoint s in g.Vault)
        {
            Vec3 p = s.Position;
            double outer = Math.Sqrt(Sq(p.X / 75) + Sq(p.Y / 90) + Sq(p.Z / 70));
            Assert.InRange(outer, 0.96, 1.03);
            Assert.True(g.Height(p) >= g.BasePlaneHeight);
            Vec3 trueNormal = new Vec3(p.X / (75 * 75), p.Y / (90 * 90), p.Z / (70 * 70)).Normalized();
            Assert.True(AngleDegrees(s.Normal, trueNormal) < 15, $"normal {s.Normal} vs {trueNormal} at {p}");
        }
    }

    [Fact]
    public void Analyze_RejectsEmptyMask()
    {
        var e = Assert.Throws<ArgumentException>(() => SkullGeometry.Analyze(new Volume<byte>(Grid.AxisAligned(8, 8, 8, new Vec3(1, 1, 1), Vec3.Zero))));
        Assert.Contains("empty", e.Message);
    }

    private static double Sq(double v) => v * v;
}
