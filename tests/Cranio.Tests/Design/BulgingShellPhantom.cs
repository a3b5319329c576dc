using Cranio.Volumes;

namespace Cranio.Tests.Design;

/// <summary>
/// A skull stand-in whose shape the border of a defect does not tell: the shell of thickness T under an outer surface
/// whose distance from the centre along a unit direction d is the radius of the ellipsoid with semi-axes A, B, C (mm
/// along L, P, S) plus a bulge <c>H·exp(−(1 − d·d₀)/W)</c> around the direction d₀ (an occipital bulge for d₀ posterior),
/// open below S = Centre.S − Floor. Defects are balls cut out of it.
/// </summary>
internal sealed record BulgingShellPhantom(double A = 70, double B = 85, double C = 65, double Height = 8, double Width = 0.08, double Thickness = 7, double Floor = 25)
{
    /// <summary>The bulge's direction (posterior and a little superior).</summary>
    public static Vec3 BulgeDirection { get; } = new Vec3(0, 1, 0.35).Normalized();

    public Vec3 Centre { get; init; } = new(3, -5, 40);

    /// <summary>Outer radius (mm) along the unit direction <paramref name="d"/>.</summary>
    public double OuterRadius(Vec3 d) =>
        1 / Math.Sqrt(Sq(d.X / A) + Sq(d.Y / B) + Sq(d.Z / C)) + Height * Math.Exp(-(1 - d.Dot(BulgeDirection)) / Width);

    /// <summary>Point of the outer surface in direction <paramref name="d"/> from the centre.</summary>
    public Vec3 OuterPoint(Vec3 d) => Centre + d.Normalized() * OuterRadius(d.Normalized());

    /// <summary>True when the physical point p is bone of the complete phantom.</summary>
    public bool IsBone(Vec3 p)
    {
        Vec3 q = p - Centre;
        double r = q.Length;
        if (q.Z < -Floor || r == 0) return false;
        double outer = OuterRadius(q / r);
        return r <= outer && r > outer - Thickness;
    }

    /// <summary>An axis-aligned grid of the given isotropic spacing covering the phantom with a margin.</summary>
    public Grid MakeGrid(double spacing)
    {
        double half = Math.Max(A, Math.Max(B, C)) + Height + 10;
        int size = (int)Math.Ceiling(2 * half / spacing);
        return new Grid(size, size, size, new Vec3(spacing, spacing, spacing), Centre - new Vec3(half, half, half), Mat3.Identity);
    }

    /// <summary>Voxelises the complete phantom, the skull with the balls cut out, and the removed part.</summary>
    public (Volume<byte> Complete, Volume<byte> Defective, Volume<byte> Implant) Build(Grid grid, params (Vec3 Centre, double Radius)[] cuts) =>
        BallCutPhantom.Build(grid, IsBone, cuts);

    private static double Sq(double v) => v * v;
}
