using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Orthonormal local frames (u, v, w) as matrix columns, used to orient defect shapes in LPS space.
/// </summary>
public static class LocalFrame
{
    /// <summary>
    /// The frame whose third axis w is <paramref name="normal"/> (normalised) and whose first axis u is the
    /// component of <paramref name="reference"/> orthogonal to w, rotated about w by <paramref name="twistRadians"/>;
    /// v = w × u. When <paramref name="reference"/> is (nearly) parallel to w another LPS axis is used.
    /// </summary>
    /// <exception cref="ArgumentException">The normal is zero or not finite.</exception>
    public static Mat3 FromNormal(Vec3 normal, double twistRadians, Vec3 reference)
    {
        if (!normal.IsFinite || !(normal.Length > 0))
            throw new ArgumentException($"Normal must be a finite non-zero vector; got {normal}.", nameof(normal));
        Vec3 w = normal.Normalized();
        Vec3 u0 = reference - w * reference.Dot(w);
        if (!(u0.Length > 1e-6 * Math.Max(1, reference.Length)))
        {
            Vec3 axis = Math.Abs(w.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
            u0 = axis - w * axis.Dot(w);
        }
        u0 = u0.Normalized();
        Vec3 v0 = w.Cross(u0);
        double c = Math.Cos(twistRadians), s = Math.Sin(twistRadians);
        Vec3 u = u0 * c + v0 * s;
        Vec3 v = w.Cross(u);
        return Mat3.FromColumns(u, v, w);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> unless the columns of <paramref name="orientation"/> are orthonormal within 1e-6.</summary>
    public static void Validate(Mat3 orientation, string name)
    {
        if (!orientation.IsFinite || (orientation.Transpose() * orientation).MaxAbsDifference(Mat3.Identity) > 1e-6)
            throw new ArgumentException($"{name} must have orthonormal columns (the local axes u, v, w); got {orientation}.", name);
    }
}
