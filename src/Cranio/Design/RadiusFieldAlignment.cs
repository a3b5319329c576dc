using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Resampling and rigid alignment of radius fields on icosphere meshes (<see cref="RadiusFieldPose"/>). Values
/// between vertices are interpolated linearly in the gnomonic barycentric coordinates of <see cref="Icosphere.Locate"/>;
/// a direction whose triangle has a NaN corner reads NaN.
/// </summary>
internal static class RadiusFieldAlignment
{
    /// <summary>The corners of the triangle containing <paramref name="direction"/> and their weights.</summary>
    public static (int A, int B, int C, double U, double V, double W) Corners(Icosphere mesh, Vec3 direction)
    {
        var (t, u, v, w) = mesh.Locate(direction);
        var triangles = mesh.Triangles;
        return (triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2], u, v, w);
    }

    /// <summary><paramref name="field"/> (on <paramref name="mesh"/>) interpolated at <paramref name="direction"/>.</summary>
    public static double Sample(Icosphere mesh, ReadOnlySpan<double> field, Vec3 direction)
    {
        var (a, b, c, u, v, w) = Corners(mesh, direction);
        return u * field[a] + v * field[b] + w * field[c];
    }

    /// <summary>
    /// The fields of <paramref name="source"/> moved by <paramref name="pose"/> onto the vertices of
    /// <paramref name="target"/>: <c>f′(d) = f(R d) + s·t·(R d)</c>, where s is 1 for radii and 0 for
    /// <paramref name="shifted"/> = false (modes of variation, which a shift of the centre does not change to first order).
    /// With <paramref name="vertices"/> only those target vertices, in that order.
    /// </summary>
    public static double[][] Posed(Icosphere source, IReadOnlyList<double[]> fields, RadiusFieldPose pose, Icosphere target, bool shifted,
        IReadOnlyList<int>? vertices = null)
    {
        Mat3 rotation = pose.Matrix;
        int count = vertices?.Count ?? target.VertexCount;
        var result = new double[fields.Count][];
        for (int f = 0; f < result.Length; f++) result[f] = new double[count];
        Parallel.For(0, (count + 1023) / 1024, block =>
        {
            int end = Math.Min(count, (block + 1) * 1024);
            for (int i = block * 1024; i < end; i++)
            {
                Vec3 d = rotation * target.Vertices[vertices is null ? i : vertices[i]];
                double shift = shifted ? pose.Shift.Dot(d) : 0;
                var (a, b, c, wa, wb, wc) = Corners(source, d);
                for (int f = 0; f < result.Length; f++)
                {
                    double[] field = fields[f];
                    result[f][i] = wa * field[a] + wb * field[b] + wc * field[c] + shift;
                }
            }
        });
        return result;
    }

    /// <summary>
    /// The inverse of <see cref="Posed"/> on one mesh: <c>g(d) = f(Rᵀ d) − t·d</c>, so that posing g by
    /// <paramref name="pose"/> gives back f (up to interpolation).
    /// </summary>
    public static double[] Unposed(Icosphere mesh, double[] field, RadiusFieldPose pose)
    {
        Mat3 inverse = pose.Matrix.Transpose();
        var result = new double[mesh.VertexCount];
        Parallel.For(0, result.Length, v =>
        {
            Vec3 d = mesh.Vertices[v];
            result[v] = Sample(mesh, field, inverse * d) - pose.Shift.Dot(d);
        });
        return result;
    }

    /// <summary>
    /// The pose that moves the reference radius fields (<paramref name="referenceInner"/>, <paramref name="referenceOuter"/>
    /// on <paramref name="referenceMesh"/>) onto the measured ones (on <paramref name="mesh"/>) in the least-squares sense,
    /// over the vertices flagged in <paramref name="use"/> where both are known: Gauss–Newton from the identity with a
    /// finite-difference Jacobian (steps 10⁻³ rad and 0.05 mm).
    /// </summary>
    public static RadiusFieldPose Fit(Icosphere referenceMesh, double[] referenceInner, double[] referenceOuter,
        Icosphere mesh, ReadOnlySpan<double> inner, ReadOnlySpan<double> outer, bool[] use, int iterations = FitIterations)
    {
        var vertices = new List<int>();
        for (int v = 0; v < mesh.VertexCount; v++)
            if (use[v] && double.IsFinite(inner[v]) && double.IsFinite(outer[v])) vertices.Add(v);
        var measured = new double[2 * vertices.Count];
        for (int i = 0; i < vertices.Count; i++) (measured[2 * i], measured[2 * i + 1]) = (inner[vertices[i]], outer[vertices[i]]);
        double[][] reference = [referenceInner, referenceOuter];
        RadiusFieldPose pose = RadiusFieldPose.Identity;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            double[] at = Evaluate(referenceMesh, reference, pose, mesh, vertices);
            var jacobian = new double[6][];
            for (int k = 0; k < 6; k++)
            {
                double step = k < 3 ? 1e-3 : 0.05;
                double[] moved = Evaluate(referenceMesh, reference, pose.With(k, step), mesh, vertices);
                jacobian[k] = new double[at.Length];
                for (int j = 0; j < at.Length; j++) jacobian[k][j] = (moved[j] - at[j]) / step;
            }
            var normal = new double[6, 6];
            var rhs = new double[6];
            for (int j = 0; j < at.Length; j++)
            {
                double residual = measured[j] - at[j];
                bool usable = double.IsFinite(residual);
                for (int k = 0; k < 6 && usable; k++) usable = double.IsFinite(jacobian[k][j]);
                if (!usable) continue;
                for (int p = 0; p < 6; p++)
                {
                    rhs[p] += jacobian[p][j] * residual;
                    for (int q = 0; q < 6; q++) normal[p, q] += jacobian[p][j] * jacobian[q][j];
                }
            }
            for (int p = 0; p < 6; p++) normal[p, p] = normal[p, p] * (1 + 1e-6) + 1e-9;
            double[] delta = DenseLinearSolve.Cholesky(normal, rhs);
            for (int k = 0; k < 6; k++) pose = pose.With(k, delta[k]);
        }
        return pose;
    }

    /// <summary>Gauss–Newton iterations of <see cref="Fit"/> (4; the pose moves by under 0.01° in a fifth).</summary>
    internal const int FitIterations = 4;

    /// <summary>The posed reference at the given vertices, inner and outer interleaved.</summary>
    private static double[] Evaluate(Icosphere referenceMesh, double[][] reference, RadiusFieldPose pose, Icosphere mesh, List<int> vertices)
    {
        double[][] posed = Posed(referenceMesh, reference, pose, mesh, shifted: true, vertices);
        var result = new double[2 * vertices.Count];
        for (int i = 0; i < vertices.Count; i++) (result[2 * i], result[2 * i + 1]) = (posed[0][i], posed[1][i]);
        return result;
    }
}
