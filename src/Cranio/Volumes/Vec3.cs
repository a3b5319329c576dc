namespace Cranio.Volumes;

/// <summary>
/// A point or vector in three dimensions with double precision. In physical space the components are
/// millimetres in LPS (x to the patient's left, y to posterior, z to superior); in index space they are
/// continuous voxel indices (i along x, j along y, k along z).
/// </summary>
/// <param name="X">First component.</param>
/// <param name="Y">Second component.</param>
/// <param name="Z">Third component.</param>
public readonly record struct Vec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vec3 Zero => new(0, 0, 0);

    /// <summary>Component by index: 0 = X, 1 = Y, 2 = Z.</summary>
    public double this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0, 1 or 2."),
    };

    /// <summary>Euclidean length √(x² + y² + z²).</summary>
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>True when every component is finite (not NaN or infinite).</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    /// <summary>Dot product.</summary>
    public double Dot(Vec3 other) => X * other.X + Y * other.Y + Z * other.Z;

    /// <summary>Cross product (right-handed).</summary>
    public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);

    /// <summary>This vector scaled to unit length; throws for the zero vector.</summary>
    public Vec3 Normalized()
    {
        double length = Length;
        if (!(length > 0)) throw new InvalidOperationException("Cannot normalise a zero-length vector.");
        return this / length;
    }

    /// <summary>Component-wise product.</summary>
    public Vec3 Scale(Vec3 factors) => new(X * factors.X, Y * factors.Y, Z * factors.Z);

    /// <summary>Largest absolute difference of any component.</summary>
    public double MaxAbsDifference(Vec3 other) =>
        Math.Max(Math.Abs(X - other.X), Math.Max(Math.Abs(Y - other.Y), Math.Abs(Z - other.Z)));

    /// <summary>Vector sum.</summary>
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Vector difference.</summary>
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scalar multiple.</summary>
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scalar multiple.</summary>
    public static Vec3 operator *(double s, Vec3 a) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scalar division.</summary>
    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"({X:0.######}, {Y:0.######}, {Z:0.######})");
}
