using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// A symmetric 4×4 error quadric of Garland and Heckbert (1997): Q = Σ w·(n, d)(n, d)ᵀ over planes n·p + d = 0,
/// so that pᵀQp (p homogeneous) is the weighted sum of squared distances (mm²) of p to the planes.
/// </summary>
internal readonly record struct Quadric(
    double Xx, double Xy, double Xz, double Xw, double Yy, double Yz, double Yw, double Zz, double Zw, double Ww)
{
    /// <summary>The quadric of the plane through <paramref name="point"/> with unit normal <paramref name="normal"/>, times <paramref name="weight"/>.</summary>
    public static Quadric OfPlane(Vec3 normal, Vec3 point, double weight)
    {
        double a = normal.X, b = normal.Y, c = normal.Z, d = -normal.Dot(point);
        return new Quadric(weight * a * a, weight * a * b, weight * a * c, weight * a * d, weight * b * b, weight * b * c,
            weight * b * d, weight * c * c, weight * c * d, weight * d * d);
    }

    /// <summary>Sum of two quadrics.</summary>
    public static Quadric operator +(Quadric p, Quadric q) => new(
        p.Xx + q.Xx, p.Xy + q.Xy, p.Xz + q.Xz, p.Xw + q.Xw, p.Yy + q.Yy, p.Yz + q.Yz, p.Yw + q.Yw, p.Zz + q.Zz, p.Zw + q.Zw, p.Ww + q.Ww);

    /// <summary>The error pᵀQp at point <paramref name="p"/> (mm² times the plane weights).</summary>
    public double Error(Vec3 p) =>
        Xx * p.X * p.X + 2 * Xy * p.X * p.Y + 2 * Xz * p.X * p.Z + 2 * Xw * p.X
        + Yy * p.Y * p.Y + 2 * Yz * p.Y * p.Z + 2 * Yw * p.Y
        + Zz * p.Z * p.Z + 2 * Zw * p.Z + Ww;

    /// <summary>
    /// The point minimising the error, solving A·p = −b for the upper 3×3 block A and the column b; false when A
    /// is close to singular (|det A| ≤ 1e-9·(trace A / 3)³, e.g. all planes parallel).
    /// </summary>
    public bool TryMinimum(out Vec3 point)
    {
        var a = new Mat3(Xx, Xy, Xz, Xy, Yy, Yz, Xz, Yz, Zz);
        double scale = (Xx + Yy + Zz) / 3;
        if (!(scale > 0) || !(Math.Abs(a.Determinant) > 1e-9 * scale * scale * scale))
        {
            point = default;
            return false;
        }
        // Solve the system scaled to unit trace, so tiny (sub-millimetre, small-area) quadrics are not mistaken for singular ones.
        Mat3 scaled = new(Xx / scale, Xy / scale, Xz / scale, Xy / scale, Yy / scale, Yz / scale, Xz / scale, Yz / scale, Zz / scale);
        point = scaled.Inverse() * (new Vec3(-Xw, -Yw, -Zw) / scale);
        return point.IsFinite;
    }
}
