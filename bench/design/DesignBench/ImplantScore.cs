using Cranio.Volumes;

namespace DesignBench;

/// <summary>
/// DSC, boundary DSC and HD95 of a designed implant against the truth, for this benchmark only until the
/// library's evaluation metrics exist. Boundary DSC is the DSC of both masks restricted to the voxels within
/// <c>band</c> mm of the defective skull; HD95 is the larger of the two directed 95th percentiles of the
/// distances (mm) from one mask's surface voxels to the other's surface (medpy's definition).
/// Distances use an exact Euclidean distance transform in a crop around the masks; the grids are orthogonal.
/// </summary>
internal static class ImplantScore
{
    public static (double Dice, double BoundaryDice, double Hd95) Compute(Volume<byte> design, Volume<byte> truth, Volume<byte> skull, double band)
    {
        Grid g = truth.Grid;
        var (lo, hi) = Bounds(design, truth);
        if (lo.X > hi.X) return (1, 1, 0);
        Vec3 s = g.Spacing;
        int mx = (int)Math.Ceiling(band / s.X) + 2, my = (int)Math.Ceiling(band / s.Y) + 2, mz = (int)Math.Ceiling(band / s.Z) + 2;
        int x0 = Math.Max(0, lo.X - mx), y0 = Math.Max(0, lo.Y - my), z0 = Math.Max(0, lo.Z - mz);
        int x1 = Math.Min(g.SizeX - 1, hi.X + mx), y1 = Math.Min(g.SizeY - 1, hi.Y + my), z1 = Math.Min(g.SizeZ - 1, hi.Z + mz);
        int nx = x1 - x0 + 1, ny = y1 - y0 + 1, nz = z1 - z0 + 1;
        bool[] Crop(Volume<byte> v, Func<Volume<byte>, int, int, int, bool> test)
        {
            var c = new bool[nx * ny * nz];
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++)
                        c[x + nx * (y + ny * z)] = test(v, x + x0, y + y0, z + z0);
            return c;
        }
        static bool On(Volume<byte> v, int x, int y, int z) => v[x, y, z] != 0;
        static bool Surface(Volume<byte> v, int x, int y, int z)
        {
            if (v[x, y, z] == 0) return false;
            var g = v.Grid;
            return !(g.Contains(x - 1, y, z) && v[x - 1, y, z] != 0 && g.Contains(x + 1, y, z) && v[x + 1, y, z] != 0 &&
                     g.Contains(x, y - 1, z) && v[x, y - 1, z] != 0 && g.Contains(x, y + 1, z) && v[x, y + 1, z] != 0 &&
                     g.Contains(x, y, z - 1) && v[x, y, z - 1] != 0 && g.Contains(x, y, z + 1) && v[x, y, z + 1] != 0);
        }
        bool[] a = Crop(design, On), b = Crop(truth, On);
        double[] toSkull = SquaredDistance(Crop(skull, On), nx, ny, nz, s);
        long both = 0, sum = 0, bBoth = 0, bSum = 0;
        double band2 = band * band;
        for (int i = 0; i < a.Length; i++)
        {
            int ai = a[i] ? 1 : 0, bi = b[i] ? 1 : 0;
            both += ai & bi; sum += ai + bi;
            if (toSkull[i] <= band2) { bBoth += ai & bi; bSum += ai + bi; }
        }
        double dice = sum == 0 ? 1 : 2.0 * both / sum;
        double boundary = bSum == 0 ? 1 : 2.0 * bBoth / bSum;
        bool[] sa = Crop(design, Surface), sb = Crop(truth, Surface);
        double hd95;
        if (!sa.Contains(true) || !sb.Contains(true)) hd95 = double.PositiveInfinity;
        else
        {
            double[] toA = SquaredDistance(sa, nx, ny, nz, s), toB = SquaredDistance(sb, nx, ny, nz, s);
            hd95 = Math.Max(Percentile95(sa, toB), Percentile95(sb, toA));
        }
        return (dice, boundary, hd95);
    }

    private static double Percentile95(bool[] from, double[] squaredDistanceTo)
    {
        var d = new List<double>();
        for (int i = 0; i < from.Length; i++)
            if (from[i]) d.Add(Math.Sqrt(squaredDistanceTo[i]));
        d.Sort();
        double rank = 0.95 * (d.Count - 1);
        int k = (int)Math.Floor(rank);
        return k + 1 < d.Count ? d[k] + (rank - k) * (d[k + 1] - d[k]) : d[k];
    }

    private static ((int X, int Y, int Z) Lo, (int X, int Y, int Z) Hi) Bounds(Volume<byte> a, Volume<byte> b)
    {
        Grid g = a.Grid;
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
            {
                long row = g.Offset(0, y, z);
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (a.Data[row + x] == 0 && b.Data[row + x] == 0) continue;
                    x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
                    z0 = Math.Min(z0, z); z1 = Math.Max(z1, z);
                }
            }
        return ((x0, y0, z0), (x1, y1, z1));
    }

    /// <summary>Squared Euclidean distance (mm²) to the nearest set voxel, by Felzenszwalb–Huttenlocher along each axis.</summary>
    private static double[] SquaredDistance(bool[] feature, int nx, int ny, int nz, Vec3 spacing)
    {
        var d = new double[feature.Length];
        for (int i = 0; i < d.Length; i++) d[i] = feature[i] ? 0 : 1e20;
        Pass(d, nx, 1, line => line * nx, spacing.X);
        Pass(d, ny, nx, line => line % nx + nx * ny * (line / nx), spacing.Y);
        Pass(d, nz, nx * ny, line => line, spacing.Z);
        return d;
    }

    /// <summary>One 1D squared-distance pass (lower envelope of parabolas) over every line along one axis.</summary>
    private static void Pass(double[] d, int n, int stride, Func<int, int> lineStart, double h)
    {
        int lines = d.Length / n;
        Parallel.For(0, lines, () => (new double[n], new int[n], new double[n + 1]), (line, _, buffers) =>
        {
            var (f, v, z) = buffers;
            int s0 = lineStart(line);
            for (int i = 0; i < n; i++) f[i] = d[s0 + i * stride];
            int k = 0;
            v[0] = 0; z[0] = double.NegativeInfinity; z[1] = double.PositiveInfinity;
            for (int q = 1; q < n; q++)
            {
                double s;
                while (true)
                {
                    int p = v[k];
                    s = ((f[q] + q * q * h * h) - (f[p] + p * p * h * h)) / (2 * h * h * (q - p));
                    if (s > z[k]) break;
                    k--;
                }
                k++; v[k] = q; z[k] = s; z[k + 1] = double.PositiveInfinity;
            }
            k = 0;
            for (int q = 0; q < n; q++)
            {
                while (z[k + 1] < q) k++;
                double dq = (q - v[k]) * h;
                d[s0 + q * stride] = dq * dq + f[v[k]];
            }
            return buffers;
        }, _ => { });
    }
}
