using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Converts between a NIfTI-1 header's geometry (sform, qform, pixdim; RAS) and a <see cref="Grid"/> (LPS).
/// </summary>
/// <remarks>
/// <para>NIfTI maps voxel (i, j, k) to RAS millimetres by an affine <c>A·(i, j, k) + t</c>; Cranio is LPS, so
/// the first two rows of A and t are negated on read and on write.</para>
/// <para>On read the sform (<c>srow_x/y/z</c>) is used when <c>sform_code</c> &gt; 0, else the qform
/// (quaternion <c>quatern_b/c/d</c> with a = √(1 − b² − c² − d²), qfac = −1 when pixdim[0] &lt; 0 else 1,
/// A = R·diag(pixdim[1], pixdim[2], qfac·pixdim[3]), t = qoffset) when <c>qform_code</c> &gt; 0, else the
/// ANALYZE fallback A = diag(pixdim[1..3]), t = 0. Spacing is the length of each column of A. Lengths are
/// scaled to mm from the space unit of <c>xyzt_units</c> (metre × 1000, micron × 0.001; unknown taken as mm).</para>
/// <para>On write the sform is exact (A = SpaceDirections, t = Origin, both in RAS, rounded to float32), and
/// the qform holds the nearest rotation to the direction (its orthogonal polar factor), with qfac = −1 when the
/// direction is left-handed.</para>
/// </remarks>
internal static class NiftiGeometry
{
    private static readonly Mat3 RasFromLps = Mat3.Diagonal(new Vec3(-1, -1, 1));

    /// <summary>The grid described by <paramref name="header"/>, whose dim[1..3] the caller has validated.</summary>
    /// <exception cref="CranioFormatException">The affine chosen is not finite, singular, or its spacing is zero.</exception>
    public static Grid ToGrid(NiftiHeader header, string path)
    {
        int sizeX = header.Dim[1], sizeY = header.Dim[2], sizeZ = header.Dim[3];
        double unit = UnitScale(header.XyztUnits);
        var toLps = Mat3.Diagonal(new Vec3(-unit, -unit, unit));
        if (header.SFormCode > 0)
        {
            float[] s = header.SRow;
            if (!s.All(float.IsFinite))
                throw new CranioFormatException(path, "srow_x, srow_y, srow_z", $"the sform (sform_code {header.SFormCode}) must be finite; found [{string.Join(", ", s)}].");
            var affine = new Mat3(s[0], s[1], s[2], s[4], s[5], s[6], s[8], s[9], s[10]);
            try
            {
                return Grid.FromSpaceDirections(sizeX, sizeY, sizeZ, toLps * affine, toLps * new Vec3(s[3], s[7], s[11]));
            }
            catch (ArgumentException e)
            {
                throw new CranioFormatException(path, "srow_x, srow_y, srow_z", $"the sform (sform_code {header.SFormCode}) must be non-singular with non-zero columns; found {affine}.", e);
            }
        }

        Vec3 spacing = PixelSpacing(header, path);
        if (header.QFormCode > 0)
        {
            float[] q = header.Quaternion, t = header.QOffset;
            if (!q.All(float.IsFinite) || !t.All(float.IsFinite))
                throw new CranioFormatException(path, "quatern_b/c/d, qoffset_x/y/z", $"the qform (qform_code {header.QFormCode}) must be finite; found quaternion ({q[0]}, {q[1]}, {q[2]}), offset ({t[0]}, {t[1]}, {t[2]}).");
            double qfac = header.PixDim[0] < 0 ? -1 : 1;
            Mat3 affine = QuaternionToRotation(q[0], q[1], q[2]) * Mat3.Diagonal(new Vec3(spacing.X, spacing.Y, qfac * spacing.Z));
            return Grid.FromSpaceDirections(sizeX, sizeY, sizeZ, toLps * affine, toLps * new Vec3(t[0], t[1], t[2]));
        }
        return Grid.FromSpaceDirections(sizeX, sizeY, sizeZ, toLps * Mat3.Diagonal(spacing), Vec3.Zero);
    }

    /// <summary>
    /// Fills pixdim[0..3], the qform, the sform, both codes (1, scanner) and <c>xyzt_units</c> (mm) of
    /// <paramref name="header"/> from <paramref name="grid"/>.
    /// </summary>
    public static void Encode(Grid grid, NiftiHeader header)
    {
        Mat3 affine = RasFromLps * grid.SpaceDirections;
        Vec3 offset = RasFromLps * grid.Origin;
        for (int row = 0; row < 3; row++)
        {
            for (int column = 0; column < 3; column++) header.SRow[4 * row + column] = (float)affine[row, column];
            header.SRow[4 * row + 3] = (float)offset[row];
        }

        Mat3 rotation = NearestOrthogonal(RasFromLps * grid.Direction);
        float qfac = 1;
        if (rotation.Determinant < 0)
        {
            rotation *= Mat3.Diagonal(new Vec3(1, 1, -1));
            qfac = -1;
        }
        (double b, double c, double d) = RotationToQuaternion(rotation);
        header.Quaternion[0] = (float)b;
        header.Quaternion[1] = (float)c;
        header.Quaternion[2] = (float)d;
        for (int i = 0; i < 3; i++) header.QOffset[i] = (float)offset[i];
        header.PixDim[0] = qfac;
        header.PixDim[1] = (float)grid.Spacing.X;
        header.PixDim[2] = (float)grid.Spacing.Y;
        header.PixDim[3] = (float)grid.Spacing.Z;
        header.QFormCode = 1;
        header.SFormCode = 1;
        header.XyztUnits = NiftiHeader.UnitsMillimetre;
    }

    /// <summary>
    /// The rotation of the unit quaternion (a, b, c, d), a = √(1 − b² − c² − d²) (nifti1.h, "quaternion
    /// representation"). When b² + c² + d² is within 1e-7 of 1 (or above), (b, c, d) is normalised and a = 0:
    /// a rotation by 180°.
    /// </summary>
    public static Mat3 QuaternionToRotation(double b, double c, double d)
    {
        double a = 1 - (b * b + c * c + d * d);
        if (a < 1e-7)
        {
            double norm = Math.Sqrt(b * b + c * c + d * d);
            b /= norm;
            c /= norm;
            d /= norm;
            a = 0;
        }
        else
        {
            a = Math.Sqrt(a);
        }
        return new Mat3(
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c);
    }

    /// <summary>
    /// The quaternion (b, c, d) of a proper rotation (det +1), with a ≥ 0 as nifti1.h requires; computed from
    /// the largest of a, b, c, d for accuracy (Shepperd's method).
    /// </summary>
    public static (double B, double C, double D) RotationToQuaternion(Mat3 r)
    {
        double trace = r.M00 + r.M11 + r.M22;
        double a, b, c, d;
        if (trace >= r.M00 && trace >= r.M11 && trace >= r.M22)
        {
            a = 0.5 * Math.Sqrt(1 + trace);
            b = (r.M21 - r.M12) / (4 * a);
            c = (r.M02 - r.M20) / (4 * a);
            d = (r.M10 - r.M01) / (4 * a);
        }
        else if (r.M00 >= r.M11 && r.M00 >= r.M22)
        {
            b = 0.5 * Math.Sqrt(1 + r.M00 - r.M11 - r.M22);
            a = (r.M21 - r.M12) / (4 * b);
            c = (r.M01 + r.M10) / (4 * b);
            d = (r.M02 + r.M20) / (4 * b);
        }
        else if (r.M11 >= r.M22)
        {
            c = 0.5 * Math.Sqrt(1 - r.M00 + r.M11 - r.M22);
            a = (r.M02 - r.M20) / (4 * c);
            b = (r.M01 + r.M10) / (4 * c);
            d = (r.M12 + r.M21) / (4 * c);
        }
        else
        {
            d = 0.5 * Math.Sqrt(1 - r.M00 - r.M11 + r.M22);
            a = (r.M10 - r.M01) / (4 * d);
            b = (r.M02 + r.M20) / (4 * d);
            c = (r.M12 + r.M21) / (4 * d);
        }
        return a < 0 ? (-b, -c, -d) : (b, c, d);
    }

    /// <summary>
    /// The orthogonal matrix nearest to <paramref name="m"/> in the Frobenius norm (the orthogonal factor of its
    /// polar decomposition), by Newton's iteration X ← (X + X⁻ᵀ)/2, which keeps the sign of the determinant.
    /// </summary>
    public static Mat3 NearestOrthogonal(Mat3 m)
    {
        Mat3 x = m;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            Mat3 inverseTranspose = x.Inverse().Transpose();
            var next = new Mat3(
                0.5 * (x.M00 + inverseTranspose.M00), 0.5 * (x.M01 + inverseTranspose.M01), 0.5 * (x.M02 + inverseTranspose.M02),
                0.5 * (x.M10 + inverseTranspose.M10), 0.5 * (x.M11 + inverseTranspose.M11), 0.5 * (x.M12 + inverseTranspose.M12),
                0.5 * (x.M20 + inverseTranspose.M20), 0.5 * (x.M21 + inverseTranspose.M21), 0.5 * (x.M22 + inverseTranspose.M22));
            bool converged = next.MaxAbsDifference(x) < 1e-15;
            x = next;
            if (converged) break;
        }
        return x;
    }

    private static Vec3 PixelSpacing(NiftiHeader header, string path)
    {
        float[] p = header.PixDim;
        for (int axis = 1; axis <= 3; axis++)
        {
            if (!float.IsFinite(p[axis]) || p[axis] == 0)
                throw new CranioFormatException(path, $"pixdim[{axis}]",
                    $"without an sform (sform_code {header.SFormCode}) the spacing comes from pixdim[1..3], which must be finite and non-zero; found ({p[1]}, {p[2]}, {p[3]}).");
        }
        return new Vec3(Math.Abs(p[1]), Math.Abs(p[2]), Math.Abs(p[3]));
    }

    private static double UnitScale(byte xyztUnits) => (xyztUnits & 7) switch
    {
        1 => 1000.0,
        3 => 0.001,
        _ => 1.0,
    };
}
