using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations.</summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues in descending order and the matching unit eigenvectors as matrix columns.</summary>
    public static (Vec3 Values, Mat3 Vectors) Decompose(Mat3 m)
    {
        var a = new double[3, 3];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                a[r, c] = m[r, c];
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off < 1e-15 * (Math.Abs(a[0, 0]) + Math.Abs(a[1, 1]) + Math.Abs(a[2, 2]) + 1e-300)) break;
            for (int p = 0; p < 2; p++)
                for (int q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        int[] order = [0, 1, 2];
        Array.Sort(order, (i, j) => a[j, j].CompareTo(a[i, i]));
        Vec3 Col(int i) => new(v[0, i], v[1, i], v[2, i]);
        return (new Vec3(a[order[0], order[0]], a[order[1], order[1]], a[order[2], order[2]]),
            Mat3.FromColumns(Col(order[0]), Col(order[1]), Col(order[2])));
    }
}
