namespace Cranio.Volumes;

/// <summary>
/// A 3×3 matrix of doubles, stored row by row. In a <see cref="Grid"/> the <em>columns</em> of the direction
/// matrix are the unit vectors (in LPS) of the voxel axes i, j and k.
/// </summary>
public readonly record struct Mat3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>The identity matrix.</summary>
    public static Mat3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Builds a matrix from its three columns.</summary>
    public static Mat3 FromColumns(Vec3 c0, Vec3 c1, Vec3 c2) =>
        new(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);

    /// <summary>Builds a diagonal matrix.</summary>
    public static Mat3 Diagonal(Vec3 d) => new(d.X, 0, 0, 0, d.Y, 0, 0, 0, d.Z);

    /// <summary>Element at row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column] => (row * 3 + column) switch
    {
        0 => M00, 1 => M01, 2 => M02,
        3 => M10, 4 => M11, 5 => M12,
        6 => M20, 7 => M21, 8 => M22,
        _ => throw new ArgumentOutOfRangeException(nameof(row), $"Row and column must be 0..2; got ({row}, {column})."),
    };

    /// <summary>Column <paramref name="index"/> (0, 1 or 2) as a vector.</summary>
    public Vec3 Column(int index) => new(this[0, index], this[1, index], this[2, index]);

    /// <summary>Row <paramref name="index"/> (0, 1 or 2) as a vector.</summary>
    public Vec3 Row(int index) => new(this[index, 0], this[index, 1], this[index, 2]);

    /// <summary>Determinant.</summary>
    public double Determinant =>
        M00 * (M11 * M22 - M12 * M21) - M01 * (M10 * M22 - M12 * M20) + M02 * (M10 * M21 - M11 * M20);

    /// <summary>True when every element is finite.</summary>
    public bool IsFinite => Row(0).IsFinite && Row(1).IsFinite && Row(2).IsFinite;

    /// <summary>Transpose.</summary>
    public Mat3 Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>Inverse by the adjugate; throws when the matrix is singular (|det| ≤ 1e-12).</summary>
    public Mat3 Inverse()
    {
        double det = Determinant;
        if (!(Math.Abs(det) > 1e-12)) throw new InvalidOperationException($"Matrix is singular (determinant {det:g6}).");
        double inv = 1.0 / det;
        return new Mat3(
            (M11 * M22 - M12 * M21) * inv, (M02 * M21 - M01 * M22) * inv, (M01 * M12 - M02 * M11) * inv,
            (M12 * M20 - M10 * M22) * inv, (M00 * M22 - M02 * M20) * inv, (M02 * M10 - M00 * M12) * inv,
            (M10 * M21 - M11 * M20) * inv, (M01 * M20 - M00 * M21) * inv, (M00 * M11 - M01 * M10) * inv);
    }

    /// <summary>Largest absolute difference of any element.</summary>
    public double MaxAbsDifference(Mat3 o) =>
        Math.Max((Row(0) - o.Row(0)).MaxAbsDifference(Vec3.Zero),
        Math.Max((Row(1) - o.Row(1)).MaxAbsDifference(Vec3.Zero), (Row(2) - o.Row(2)).MaxAbsDifference(Vec3.Zero)));

    /// <summary>Matrix–vector product.</summary>
    public static Vec3 operator *(Mat3 m, Vec3 v) => new(
        m.M00 * v.X + m.M01 * v.Y + m.M02 * v.Z,
        m.M10 * v.X + m.M11 * v.Y + m.M12 * v.Z,
        m.M20 * v.X + m.M21 * v.Y + m.M22 * v.Z);

    /// <summary>Matrix product.</summary>
    public static Mat3 operator *(Mat3 a, Mat3 b) =>
        FromColumns(a * b.Column(0), a * b.Column(1), a * b.Column(2));

    /// <inheritdoc />
    public override string ToString() => $"[{Row(0)}, {Row(1)}, {Row(2)}]";
}
