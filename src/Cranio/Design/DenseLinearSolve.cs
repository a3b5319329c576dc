namespace Cranio.Design;

/// <summary>Solves small dense symmetric positive-definite systems (a few dozen unknowns).</summary>
internal static class DenseLinearSolve
{
    /// <summary>Solves <c>A x = b</c> for symmetric positive-definite A by Cholesky factorisation <c>A = L Lᵀ</c>.</summary>
    /// <exception cref="ArgumentException">A is not square, its size differs from b's, or it is not positive definite.</exception>
    public static double[] Cholesky(double[,] a, double[] b)
    {
        int n = b.Length;
        if (a.GetLength(0) != n || a.GetLength(1) != n)
            throw new ArgumentException($"Expected a {n}×{n} matrix; got {a.GetLength(0)}×{a.GetLength(1)}.", nameof(a));
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(sum > 0)) throw new ArgumentException($"The matrix is not positive definite (pivot {i} is {sum}).", nameof(a));
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
