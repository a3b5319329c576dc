using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// An oriented elliptical cylinder: ((p − c)·u / ru)² + ((p − c)·v / rv)² ≤ 1 and |(p − c)·w| ≤ h, its axis
/// w the third column of <see cref="Orientation"/> (for a defect, the local outward normal of the skull).
/// Volume π·ru·rv·2h. A circular cylinder has ru = rv (<see cref="Circular"/>).
/// </summary>
public sealed record EllipticalCylinderShape : DefectShape
{
    private readonly Vec3 _u, _v, _w;

    /// <summary>Creates the cylinder; radii and half-length must be finite and &gt; 0 mm, the orientation orthonormal.</summary>
    public EllipticalCylinderShape(Vec3 center, double radiusU, double radiusV, double halfLength, Mat3 orientation)
    {
        RequireFinite(center, nameof(center));
        RequirePositive(radiusU, nameof(radiusU));
        RequirePositive(radiusV, nameof(radiusV));
        RequirePositive(halfLength, nameof(halfLength));
        LocalFrame.Validate(orientation, nameof(orientation));
        Center = center;
        RadiusU = radiusU;
        RadiusV = radiusV;
        HalfLength = halfLength;
        Orientation = orientation;
        _u = orientation.Column(0);
        _v = orientation.Column(1);
        _w = orientation.Column(2);
    }

    /// <summary>A circular cylinder of <paramref name="radius"/> mm whose axis through <paramref name="center"/> is <paramref name="axis"/>, extending <paramref name="halfLength"/> mm both ways.</summary>
    public static EllipticalCylinderShape Circular(Vec3 center, Vec3 axis, double radius, double halfLength) =>
        new(center, radius, radius, halfLength, LocalFrame.FromNormal(axis, 0, new Vec3(1, 0, 0)));

    /// <inheritdoc/>
    public override string Kind => RadiusU == RadiusV ? "cylinder" : "elliptical_cylinder";

    /// <summary>Centre of the axis segment (mm, LPS).</summary>
    public override Vec3 Center { get; }

    /// <summary>Semi-axis of the cross-section along u, in mm.</summary>
    public double RadiusU { get; }

    /// <summary>Semi-axis of the cross-section along v, in mm.</summary>
    public double RadiusV { get; }

    /// <summary>Half the length along the axis w, in mm.</summary>
    public double HalfLength { get; }

    /// <summary>Local axes u, v, w (w = cylinder axis) as columns (LPS).</summary>
    public Mat3 Orientation { get; }

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            Mat3 o = Orientation;
            var h = new Vec3(
                Math.Abs(o.M02) * HalfLength + Math.Sqrt(Sq(o.M00 * RadiusU) + Sq(o.M01 * RadiusV)),
                Math.Abs(o.M12) * HalfLength + Math.Sqrt(Sq(o.M10 * RadiusU) + Sq(o.M11 * RadiusV)),
                Math.Abs(o.M22) * HalfLength + Math.Sqrt(Sq(o.M20 * RadiusU) + Sq(o.M21 * RadiusV)));
            return (Center - h, Center + h);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point)
    {
        Vec3 d = point - Center;
        if (Math.Abs(d.Dot(_w)) > HalfLength) return false;
        double a = d.Dot(_u) / RadiusU;
        double b = d.Dot(_v) / RadiusV;
        return a * a + b * b <= 1;
    }

    /// <inheritdoc/>
    public override double? AnalyticVolume => Math.PI * RadiusU * RadiusV * 2 * HalfLength;

    /// <inheritdoc/>
    public override string Describe() =>
        $"center={Format(Center)}; radius_u={Format(RadiusU)}; radius_v={Format(RadiusV)}; half_length={Format(HalfLength)}; axis={Format(Orientation.Column(2))}";

    private static double Sq(double x) => x * x;
}
