using Cranio.Volumes;

namespace Cranio.Tests.Defects;

/// <summary>
/// A synthetic cranium: the shell between two concentric ellipsoids (outer semi-axes 75 mm left–right, 90 mm
/// anterior–posterior, 70 mm superior, 7 mm thick), open below 25 mm under its centre, optionally rolled about the
/// anterior–posterior axis. Its centre is the physical origin.
/// </summary>
internal static class ShellSkull
{
    public static readonly Vec3 Outer = new(75, 90, 70);
    public const double Thickness = 7;
    public const double BaseCut = -25;

    /// <summary>The head's rotation: a roll of <paramref name="rollDegrees"/> about LPS y.</summary>
    public static Mat3 Roll(double rollDegrees)
    {
        double a = rollDegrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        return new Mat3(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    public static bool Inside(Vec3 p, Mat3 head)
    {
        Vec3 q = head.Transpose() * p;
        if (q.Z < BaseCut) return false;
        Vec3 inner = Outer - new Vec3(Thickness, Thickness, Thickness);
        double o = Sq(q.X / Outer.X) + Sq(q.Y / Outer.Y) + Sq(q.Z / Outer.Z);
        double i = Sq(q.X / inner.X) + Sq(q.Y / inner.Y) + Sq(q.Z / inner.Z);
        return o <= 1 && i > 1;
    }

    /// <summary>The phantom voxelised on a grid of the given spacing covering ±100 mm, oblique when <paramref name="oblique"/>.</summary>
    public static Volume<byte> Build(double spacing, double rollDegrees = 0, bool oblique = false)
    {
        Mat3 direction = oblique
            ? Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 0.988, 0.156).Normalized(), new Vec3(0, -0.156, 0.988).Normalized())
            : Mat3.Identity;
        int n = (int)Math.Ceiling(200 / spacing) + 1;
        var grid = new Grid(n, n, n, new Vec3(spacing, spacing, spacing), -(direction * new Vec3(100, 100, 100)), direction);
        var volume = new Volume<byte>(grid);
        Mat3 head = Roll(rollDegrees);
        Parallel.For(0, n, z =>
        {
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    if (Inside(grid.IndexToPhysical(x, y, z), head)) volume[x, y, z] = 1;
        });
        return volume;
    }

    private static double Sq(double v) => v * v;
}
