using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>A plane through <see cref="Point"/> with unit <see cref="Normal"/> (LPS, mm), used as the mid-sagittal plane.</summary>
public sealed record SymmetryPlane
{
    /// <summary>Creates the plane; the normal is normalised.</summary>
    /// <exception cref="ArgumentException">The point is not finite or the normal is zero.</exception>
    public SymmetryPlane(Vec3 point, Vec3 normal)
    {
        if (!point.IsFinite) throw new ArgumentException($"Plane point must be finite; got {point}.", nameof(point));
        if (!normal.IsFinite || !(normal.Length > 0)) throw new ArgumentException($"Plane normal must be finite and non-zero; got {normal}.", nameof(normal));
        Point = point;
        Normal = normal.Normalized();
    }

    /// <summary>A point on the plane (mm, LPS).</summary>
    public Vec3 Point { get; }

    /// <summary>Unit normal (LPS).</summary>
    public Vec3 Normal { get; }

    /// <summary>Signed distance of <paramref name="p"/> from the plane in mm (positive on the normal's side).</summary>
    public double SignedDistance(Vec3 p) => (p - Point).Dot(Normal);

    /// <summary>The mirror image of a point: p − 2·((p − q)·n)·n.</summary>
    public Vec3 Reflect(Vec3 p) => p - Normal * (2 * SignedDistance(p));

    /// <summary>The mirror image of a direction (no translation): d − 2·(d·n)·n.</summary>
    public Vec3 ReflectDirection(Vec3 d) => d - Normal * (2 * d.Dot(Normal));
}
