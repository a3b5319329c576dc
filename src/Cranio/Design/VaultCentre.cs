using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// A robust centre of the cranial vault: the centre of a least-squares sphere fitted to the outer bone surface
/// of the upper vault, found by coarse rays from a first guess and refined by casting again from the fitted
/// centre. "Upper" is physical superior (+S in LPS); nothing else about the anatomy is assumed.
/// </summary>
internal static class VaultCentre
{
    /// <summary>Subdivision of the coarse ray grid (642 directions).</summary>
    private const int CoarseSubdivision = 3;

    /// <summary>Rays whose direction has a superior component below this value are not fitted.</summary>
    private const double MinimumSuperiorComponent = -0.1;

    /// <summary>Estimates the vault centre and the fitted sphere radius (mm).</summary>
    /// <param name="skull">Skull mask (non-zero = bone), not empty.</param>
    /// <param name="bridgedGapMm">Passed to the ray cast.</param>
    public static (Vec3 Centre, double Radius) Estimate(Volume<byte> skull, double bridgedGapMm)
    {
        Vec3 centre = BoneCentroid(skull);
        double radius = 0;
        Icosphere coarse = Icosphere.Create(CoarseSubdivision);
        for (int pass = 0; pass < 3; pass++)
        {
            RadialBoneProfile profile = RadialBoneProfile.Cast(skull, centre, coarse.Vertices, bridgedGapMm);
            var points = new List<Vec3>();
            for (int i = 0; i < coarse.VertexCount; i++)
            {
                Vec3 d = coarse.Vertices[i];
                if (d.Z < MinimumSuperiorComponent || float.IsNaN(profile.Outer[i])) continue;
                points.Add(centre + d * profile.Outer[i]);
            }
            if (points.Count < 10) break;
            (Vec3 fitted, double fittedRadius) = FitSphere(points);
            // Drop points far from the first fit (face, ears, gaps bridged into other bone) and fit again.
            var residuals = points.Select(p => Math.Abs((p - fitted).Length - fittedRadius)).Order().ToArray();
            double cut = Math.Max(3 * residuals[residuals.Length / 2], 2.0);
            var kept = points.Where(p => Math.Abs((p - fitted).Length - fittedRadius) <= cut).ToList();
            if (kept.Count >= 10) (fitted, fittedRadius) = FitSphere(kept);
            if (!fitted.IsFinite || !Inside(skull.Grid, fitted)) break;
            centre = fitted;
            radius = fittedRadius;
        }
        return (centre, radius);
    }

    private static bool Inside(Grid grid, Vec3 point)
    {
        Vec3 i = grid.PhysicalToIndex(point);
        return i.X >= 0 && i.Y >= 0 && i.Z >= 0 && i.X <= grid.SizeX - 1 && i.Y <= grid.SizeY - 1 && i.Z <= grid.SizeZ - 1;
    }

    /// <summary>Mean physical position of the bone voxels, sampled every second voxel along each axis.</summary>
    internal static Vec3 BoneCentroid(Volume<byte> skull)
    {
        Grid grid = skull.Grid;
        int sx = grid.SizeX, sy = grid.SizeY, sz = grid.SizeZ;
        var sums = new (double X, double Y, double Z, long N)[sz];
        byte[] data = skull.Data;
        Parallel.For(0, (sz + 1) / 2, slab =>
        {
            int z = 2 * slab;
            double x0 = 0, y0 = 0;
            long n = 0;
            for (int y = 0; y < sy; y += 2)
            {
                long row = (long)sx * (y + (long)sy * z);
                for (int x = 0; x < sx; x += 2)
                {
                    if (data[row + x] == 0) continue;
                    x0 += x; y0 += y; n++;
                }
            }
            sums[z] = (x0, y0, (double)z * n, n);
        });
        double sumX = 0, sumY = 0, sumZ = 0;
        long count = 0;
        foreach (var s in sums) { sumX += s.X; sumY += s.Y; sumZ += s.Z; count += s.N; }
        if (count == 0) throw new ArgumentException("The skull mask has no bone voxel on the sampled lattice.", nameof(skull));
        return grid.IndexToPhysical(new Vec3(sumX / count, sumY / count, sumZ / count));
    }

    /// <summary>
    /// Algebraic least-squares sphere through <paramref name="points"/>: solves
    /// <c>|p|² = 2 c·p + (r² − |c|²)</c> for c and r by the normal equations, in coordinates relative to the
    /// points' mean for conditioning.
    /// </summary>
    internal static (Vec3 Centre, double Radius) FitSphere(IReadOnlyList<Vec3> points)
    {
        Vec3 mean = Vec3.Zero;
        foreach (var p in points) mean += p;
        mean /= points.Count;
        var ata = new double[4, 4];
        var atb = new double[4];
        foreach (var point in points)
        {
            Vec3 p = point - mean;
            double[] row = [2 * p.X, 2 * p.Y, 2 * p.Z, 1];
            double b = p.Dot(p);
            for (int i = 0; i < 4; i++)
            {
                atb[i] += row[i] * b;
                for (int j = 0; j < 4; j++) ata[i, j] += row[i] * row[j];
            }
        }
        double[] solution = SolveSymmetric(ata, atb);
        var c = new Vec3(solution[0], solution[1], solution[2]);
        double radius = Math.Sqrt(Math.Max(0, solution[3] + c.Dot(c)));
        return (c + mean, radius);
    }

    /// <summary>Gaussian elimination with partial pivoting on a small dense system.</summary>
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (pivot != col)
            {
                for (int c = 0; c < n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            double diagonal = m[col, col];
            if (Math.Abs(diagonal) < 1e-300) return [double.NaN, double.NaN, double.NaN, double.NaN];
            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / diagonal;
                for (int c = col; c < n; c++) m[r, c] -= f * m[col, c];
                x[r] -= f * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int c = r + 1; c < n; c++) s -= m[r, c] * x[c];
            x[r] = s / m[r, r];
        }
        return x;
    }
}
