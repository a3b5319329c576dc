namespace Cranio.Design;

/// <summary>Eigen-decomposition of a small dense symmetric matrix (up to a few hundred rows) by cyclic Jacobi rotations.</summary>
internal static class DenseSymmetricEigen
{
    /// <summary>
    /// Eigenvalues in descending order and the matching unit eigenvectors as the columns of the returned matrix.
    /// Sweeps stop when the off-diagonal sum of squares falls below 10⁻²² of the matrix's (at most 100 sweeps).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square or not symmetric.</exception>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException($"Expected a square matrix; got {n}×{matrix.GetLength(1)}.", nameof(matrix));
        var a = (double[,])matrix.Clone();
        var vectors = new double[n, n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            vectors[i, i] = 1;
            for (int j = 0; j < n; j++)
            {
                if (Math.Abs(a[i, j] - a[j, i]) > 1e-9 * (Math.Abs(a[i, j]) + Math.Abs(a[j, i]) + 1e-300))
                    throw new ArgumentException($"The matrix is not symmetric at ({i}, {j}): {a[i, j]} against {a[j, i]}.", nameof(matrix));
                total += a[i, j] * a[i, j];
            }
        }
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) off += 2 * a[i, j] * a[i, j];
            if (off <= 1e-22 * total) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = vectors[k, p], vkq = vectors[k, q];
                        vectors[k, p] = c * vkp - s * vkq;
                        vectors[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        int[] order = Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).ToArray();
        var values = new double[n];
        var sorted = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            values[j] = a[order[j], order[j]];
            for (int i = 0; i < n; i++) sorted[i, j] = vectors[i, order[j]];
        }
        return (values, sorted);
    }
}
