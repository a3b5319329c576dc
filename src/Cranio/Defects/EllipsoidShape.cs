using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// An oriented ellipsoid: Σ ((p − c)·aᵢ / rᵢ)² ≤ 1 with axes aᵢ the columns of <see cref="Orientation"/> and
/// semi-axes rᵢ = <see cref="Radii"/> in mm. Volume 4/3·π·r₁·r₂·r₃.
/// </summary>
public sealed record EllipsoidShape : DefectShape
{
    private readonly Vec3 _u, _v, _w;

    /// <summary>Creates the ellipsoid; radii must be finite and &gt; 0 mm, the orientation orthonormal.</summary>
    public EllipsoidShape(Vec3 center, Vec3 radii, Mat3 orientation)
    {
        RequireFinite(center, nameof(center));
        RequirePositive(radii.X, "radii.X");
        RequirePositive(radii.Y, "radii.Y");
        RequirePositive(radii.Z, "radii.Z");
        LocalFrame.Validate(orientation, nameof(orientation));
        Center = center;
        Radii = radii;
        Orientation = orientation;
        _u = orientation.Column(0);
        _v = orientation.Column(1);
        _w = orientation.Column(2);
    }

    /// <inheritdoc/>
    public override string Kind => "ellipsoid";

    /// <summary>Centre (mm, LPS).</summary>
    public override Vec3 Center { get; }

    /// <summary>Semi-axes along u, v, w in mm.</summary>
    public Vec3 Radii { get; }

    /// <summary>Local axes u, v, w as columns (LPS).</summary>
    public Mat3 Orientation { get; }

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            Mat3 o = Orientation;
            Vec3 r = Radii;
            var h = new Vec3(
                Math.Sqrt(Sq(o.M00 * r.X) + Sq(o.M01 * r.Y) + Sq(o.M02 * r.Z)),
                Math.Sqrt(Sq(o.M10 * r.X) + Sq(o.M11 * r.Y) + Sq(o.M12 * r.Z)),
                Math.Sqrt(Sq(o.M20 * r.X) + Sq(o.M21 * r.Y) + Sq(o.M22 * r.Z)));
            return (Center - h, Center + h);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point)
    {
        Vec3 d = point - Center;
        double a = d.Dot(_u) / Radii.X;
        double b = d.Dot(_v) / Radii.Y;
        double c = d.Dot(_w) / Radii.Z;
        return a * a + b * b + c * c <= 1;
    }

    /// <inheritdoc/>
    public override double? AnalyticVolume => 4.0 / 3.0 * Math.PI * Radii.X * Radii.Y * Radii.Z;

    /// <inheritdoc/>
    public override string Describe() =>
        $"center={Format(Center)}; radii={Format(Radii)}; u={Format(Orientation.Column(0))}; w={Format(Orientation.Column(2))}";

    private static double Sq(double x) => x * x;
}
