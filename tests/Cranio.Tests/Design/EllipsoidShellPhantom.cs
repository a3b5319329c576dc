using Cranio.Volumes;

namespace Cranio.Tests.Design;

/// <summary>
/// An analytic skull stand-in: the shell between two concentric ellipsoids (outer semi-axes A, B, C mm along
/// L, P, S; inner ones Thickness mm smaller), centred at <see cref="Centre"/>, open below the plane
/// S = Centre.S − Floor (the natural opening under the skull base). Defects are balls cut out of it.
/// </summary>
internal sealed record EllipsoidShellPhantom(double A = 70, double B = 85, double C = 65, double Thickness = 7, double Floor = 25)
{
    public Vec3 Centre { get; init; } = new(3, -5, 40);

    /// <summary>True when the physical point p is bone of the complete phantom.</summary>
    public bool IsBone(Vec3 p)
    {
        Vec3 q = p - Centre;
        if (q.Z < -Floor) return false;
        double outer = Sq(q.X / A) + Sq(q.Y / B) + Sq(q.Z / C);
        double inner = Sq(q.X / (A - Thickness)) + Sq(q.Y / (B - Thickness)) + Sq(q.Z / (C - Thickness));
        return outer <= 1 && inner > 1;
    }

    /// <summary>Point of the outer surface in direction d from the centre.</summary>
    public Vec3 OuterPoint(Vec3 d)
    {
        d = d.Normalized();
        double t = 1 / Math.Sqrt(Sq(d.X / A) + Sq(d.Y / B) + Sq(d.Z / C));
        return Centre + d * t;
    }

    /// <summary>A grid of the given spacing covering the phantom with a margin, optionally rotated about L then S.</summary>
    public Grid MakeGrid(Vec3 spacing, double tiltDegrees = 0)
    {
        double a = tiltDegrees * Math.PI / 180;
        Mat3 rotation = Mat3.FromColumns(
            new Vec3(Math.Cos(a / 2), Math.Sin(a / 2), 0),
            new Vec3(-Math.Sin(a / 2) * Math.Cos(a), Math.Cos(a / 2) * Math.Cos(a), Math.Sin(a)),
            new Vec3(Math.Sin(a / 2) * Math.Sin(a), -Math.Cos(a / 2) * Math.Sin(a), Math.Cos(a)));
        double half = Math.Max(A, Math.Max(B, C)) + 10;
        int nx = (int)Math.Ceiling(2 * half / spacing.X), ny = (int)Math.Ceiling(2 * half / spacing.Y), nz = (int)Math.Ceiling(2 * half / spacing.Z);
        Vec3 extent = rotation * new Vec3((nx - 1) * spacing.X, (ny - 1) * spacing.Y, (nz - 1) * spacing.Z);
        return new Grid(nx, ny, nz, spacing, Centre - extent * 0.5, rotation);
    }

    /// <summary>Voxelises the complete phantom, the skull with the balls cut out, and the removed part.</summary>
    public (Volume<byte> Complete, Volume<byte> Defective, Volume<byte> Implant) Build(Grid grid, params (Vec3 Centre, double Radius)[] cuts) =>
        BallCutPhantom.Build(grid, IsBone, cuts);

    private static double Sq(double v) => v * v;
}
