using System.Numerics;
using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Exact squared Euclidean distance transform with anisotropic spacing, separable over the axes: an exact
/// nearest-target scan along x, then the lower envelope of parabolas (Felzenszwalb and Huttenlocher 2012)
/// along y and along z. Lines are processed in parallel; y and z lines are gathered into a plane buffer per
/// slice so that memory is read row by row.
/// </summary>
internal static class EuclideanDistanceTransform
{
    /// <summary>
    /// Squared distance in mm² from every voxel to the nearest target voxel (0 on targets, +∞ when there is none).
    /// </summary>
    /// <param name="voxels">Mask voxels, x fastest.</param>
    /// <param name="size">Grid sizes.</param>
    /// <param name="spacing">Spacing in mm along x, y, z.</param>
    /// <param name="toForeground">Targets are the non-zero voxels when true, the zero voxels when false.</param>
    /// <param name="outsideIsTarget">Every position outside the grid is a target too (an unbounded background).</param>
    /// <param name="output">Receives the squared distances; same length as <paramref name="voxels"/>.</param>
    public static void Squared(byte[] voxels, (int X, int Y, int Z) size, Vec3 spacing, bool toForeground, bool outsideIsTarget, float[] output)
    {
        var (nx, ny, nz) = size;
        RowPass(voxels, nx, ny, nz, spacing.X * spacing.X, toForeground, outsideIsTarget, output);
        // An axis of one voxel needs no pass unless the outside positions beside it are targets.
        if (ny > 1 || outsideIsTarget)
            EnvelopePass(output, outerCount: nz, outerStep: nx * ny, stride: nx, lines: nx, length: ny, spacing.Y * spacing.Y, outsideIsTarget);
        if (nz > 1 || outsideIsTarget)
            EnvelopePass(output, outerCount: ny, outerStep: nx, stride: nx * ny, lines: nx, length: nz, spacing.Z * spacing.Z, outsideIsTarget);
    }

    /// <summary>
    /// Along each x row: the squared distance to the nearest target in the same row (two sweeps), or +∞.
    /// </summary>
    private static void RowPass(byte[] voxels, int nx, int ny, int nz, double w2, bool toForeground, bool outsideIsTarget, float[] output)
    {
        Parallel.For(0, nz, z =>
        {
            for (int y = 0; y < ny; y++)
            {
                int offset = (y + ny * z) * nx;
                ReadOnlySpan<byte> row = voxels.AsSpan(offset, nx);
                Span<float> result = output.AsSpan(offset, nx);
                int firstTarget = toForeground ? row.IndexOfAnyExcept((byte)0) : row.IndexOf((byte)0);
                if (firstTarget < 0 && !outsideIsTarget)
                {
                    result.Fill(float.PositiveInfinity);
                    continue;
                }
                if (firstTarget >= 0 && (toForeground ? row.IndexOf((byte)0) : row.IndexOfAnyExcept((byte)0)) < 0)
                {
                    result.Clear();
                    continue;
                }
                // Distance in voxels to the nearest target to the left; int.MaxValue / 2 when none yet.
                const int None = int.MaxValue / 2;
                int last = outsideIsTarget ? -1 : -None;
                for (int x = 0; x < nx; x++)
                {
                    if ((row[x] != 0) == toForeground) last = x;
                    int d = x - last;
                    result[x] = d >= None ? float.PositiveInfinity : (float)(w2 * d * (double)d);
                }
                int next = outsideIsTarget ? nx : nx + None;
                for (int x = nx - 1; x >= 0; x--)
                {
                    if ((row[x] != 0) == toForeground) next = x;
                    int d = next - x;
                    if (d < None)
                    {
                        float candidate = (float)(w2 * d * (double)d);
                        if (candidate < result[x]) result[x] = candidate;
                    }
                }
            }
        });
    }

    /// <summary>
    /// One envelope pass over the lines of one axis. Line x of block o holds the elements
    /// <c>o·outerStep + x + k·stride</c>, k = 0…length−1.
    /// </summary>
    private static void EnvelopePass(float[] data, int outerCount, int outerStep, int stride, int lines, int length, double w2, bool outsideIsTarget)
    {
        Parallel.For(0, outerCount, () => new LineBuffers(lines, length), (o, _, buffers) =>
        {
            int origin = o * outerStep;
            if (IsUniform(data, origin, stride, lines, length, outsideIsTarget)) return buffers;
            float[] plane = buffers.Plane;
            for (int k = 0; k < length; k++)
            {
                ReadOnlySpan<float> source = data.AsSpan(origin + k * stride, lines);
                for (int x = 0; x < source.Length; x++) plane[x * length + k] = source[x];
            }
            for (int x = 0; x < lines; x++)
            {
                Span<float> line = plane.AsSpan(x * length, length);
                // A line of targets only stays 0; a line without any finite value stays +∞ unless the outside counts.
                if (line.IndexOfAnyExcept(0f) < 0) continue;
                if (!outsideIsTarget && line.IndexOfAnyExcept(float.PositiveInfinity) < 0) continue;
                LowerEnvelope(line, w2, outsideIsTarget, buffers);
            }
            for (int k = 0; k < length; k++)
            {
                Span<float> target = data.AsSpan(origin + k * stride, lines);
                for (int x = 0; x < target.Length; x++) target[x] = plane[x * length + k];
            }
            return buffers;
        }, _ => { });
    }

    /// <summary>
    /// True when a whole block of lines needs no envelope: all 0 (targets stay 0), or all +∞ with no outside targets.
    /// </summary>
    private static bool IsUniform(float[] data, int origin, int stride, int lines, int length, bool outsideIsTarget)
    {
        bool allZero = true, allEmpty = !outsideIsTarget;
        for (int k = 0; k < length && (allZero || allEmpty); k++)
        {
            ReadOnlySpan<float> row = data.AsSpan(origin + k * stride, lines);
            allZero = allZero && row.IndexOfAnyExcept(0f) < 0;
            allEmpty = allEmpty && row.IndexOfAnyExcept(float.PositiveInfinity) < 0;
        }
        return allZero || allEmpty;
    }

    /// <summary>
    /// In place: d(q) = min over p of w2·(q − p)² + f(p), for p in the line (and p = −1 and p = n with f = 0 when the
    /// outside is a target). Points with f = +∞ add no parabola; a line without any stays +∞.
    /// </summary>
    private static void LowerEnvelope(Span<float> line, double w2, bool outsideIsTarget, LineBuffers buffers)
    {
        int n = line.Length;
        int[] v = buffers.Positions;
        double[] fv = buffers.Values;
        double[] boundary = buffers.Boundaries;
        int k = -1;
        if (outsideIsTarget) Add(-1, 0.0, ref k, v, fv, boundary, w2);
        for (int q = 0; q < n; q++)
        {
            float f = line[q];
            if (float.IsPositiveInfinity(f)) continue;
            Add(q, f, ref k, v, fv, boundary, w2);
        }
        if (outsideIsTarget) Add(n, 0.0, ref k, v, fv, boundary, w2);
        if (k < 0)
        {
            line.Fill(float.PositiveInfinity);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++)
        {
            while (j < k && boundary[j + 1] < q) j++;
            double d = q - v[j];
            line[q] = (float)(w2 * d * d + fv[j]);
        }
    }

    /// <summary>Adds the parabola of point <paramref name="q"/> with value <paramref name="f"/> to the envelope of k + 1 parabolas.</summary>
    private static void Add(int q, double f, ref int k, int[] v, double[] fv, double[] boundary, double w2)
    {
        double s = double.NegativeInfinity;
        double lift = f + w2 * q * (double)q;
        while (k >= 0)
        {
            int p = v[k];
            s = (lift - (fv[k] + w2 * p * (double)p)) / (2 * w2 * (q - p));
            if (s > boundary[k]) break;
            k--;
        }
        k++;
        v[k] = q;
        fv[k] = f;
        boundary[k] = k == 0 ? double.NegativeInfinity : s;
    }

    /// <summary>Per-thread scratch: a plane of lines and the envelope arrays (two extra parabolas for the outside).</summary>
    private sealed class LineBuffers(int lines, int length)
    {
        public float[] Plane { get; } = new float[lines * length];
        public int[] Positions { get; } = new int[length + 2];
        public double[] Values { get; } = new double[length + 2];
        public double[] Boundaries { get; } = new double[length + 3];
    }

    /// <summary>Replaces squared distances by their square roots, in parallel over slices, with SIMD.</summary>
    public static void SquareRoot(float[] data, int sliceLength)
    {
        int slices = data.Length / sliceLength;
        Parallel.For(0, slices, z =>
        {
            Span<float> slice = data.AsSpan(z * sliceLength, sliceLength);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Span<Vector<float>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(slice);
                for (int v = 0; v < vectors.Length; v++) vectors[v] = Vector.SquareRoot(vectors[v]);
                i = vectors.Length * Vector<float>.Count;
            }
            for (; i < slice.Length; i++) slice[i] = MathF.Sqrt(slice[i]);
        });
    }
}
