namespace Cranio.Volumes;

/// <summary>
/// Resamples by area (volume) averaging: each target voxel gets the mean of the source over its box,
/// v(t) = (1 / |B(t)|) ∫_B(t) f, where f is piecewise constant on the source voxels' boxes and 0 outside the source.
/// For a 0/1 mask that is the fraction of the target voxel covered by the mask (its partial volume), so a surface
/// keeps its sub-voxel position on a coarser grid, which trilinear point sampling (<see cref="Resampler"/>) loses
/// wherever the surface does not pass within one source voxel of a target centre.
/// </summary>
/// <remarks>
/// The grids must share their axes: S_src⁻¹·S_tgt (S = direction × spacing) is diagonal, as for a crop and a
/// coarser grid with the crop's direction, oblique or not. Then the box of a target voxel is a product of one
/// interval per axis in source index space, [a·(t − ½) + b, a·(t + ½) + b], and the average is separable: three
/// passes along i, j and k with per-axis overlap weights w(t, s) = |[s − ½, s + ½] ∩ interval| / |a|. The result
/// conserves the integral wherever the target covers the source: Σ v·V_tgt = Σ f·V_src. Parallel over slices.
/// </remarks>
public static class PartialVolumeResampler
{
    private const double AxisTolerance = 1e-9;

    /// <summary>Averages <paramref name="source"/> over the voxel boxes of <paramref name="target"/>.</summary>
    /// <param name="source">The volume to read (for a mask, values 0 and 1).</param>
    /// <param name="target">The grid of the result; its axes must be those of the source's grid.</param>
    /// <returns>A new volume on <paramref name="target"/> with the source's metadata.</returns>
    /// <exception cref="ArgumentException">The grids' axes differ (ParamName "target").</exception>
    public static Volume<float> Resample(Volume<float> source, Grid target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Grid grid = source.Grid;
        Mat3 toSource = grid.SpaceDirections.Inverse();
        Mat3 a = toSource * target.SpaceDirections;
        Vec3 b = toSource * (target.Origin - grid.Origin);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                if (r != c && Math.Abs(a[r, c]) > AxisTolerance * Math.Abs(a[c, c]))
                    throw new ArgumentException(
                        $"Area averaging needs grids with the same axes; the target's axis {c} maps to {a.Column(c)} source voxels per voxel.", nameof(target));

        var x = AxisWeights.Build(a[0, 0], b.X, grid.SizeX, target.SizeX);
        var y = AxisWeights.Build(a[1, 1], b.Y, grid.SizeY, target.SizeY);
        var z = AxisWeights.Build(a[2, 2], b.Z, grid.SizeZ, target.SizeZ);

        // Pass i: (sx, sy, sz) → (tx, sy, sz); pass j: → (tx, ty, sz); pass k: → (tx, ty, tz).
        int tx = target.SizeX, ty = target.SizeY, sy = grid.SizeY, sz = grid.SizeZ, sx = grid.SizeX;
        float[] src = source.Data;
        var alongI = new float[(long)tx * sy * sz];
        Parallel.For(0, sz, k =>
        {
            for (int j = 0; j < sy; j++)
            {
                long from = (long)sx * (j + (long)sy * k), to = (long)tx * (j + (long)sy * k);
                for (int t = 0; t < tx; t++)
                {
                    double sum = 0;
                    float[] w = x.Weights[t];
                    for (int n = 0; n < w.Length; n++) sum += w[n] * src[from + x.First[t] + n];
                    alongI[to + t] = (float)sum;
                }
            }
        });
        var alongJ = new float[(long)tx * ty * sz];
        Parallel.For(0, sz, k =>
        {
            for (int t = 0; t < ty; t++)
            {
                Span<float> row = alongJ.AsSpan((int)((long)tx * (t + (long)ty * k)), tx);
                float[] w = y.Weights[t];
                for (int n = 0; n < w.Length; n++)
                    AddScaled(row, alongI.AsSpan((int)((long)tx * (y.First[t] + n + (long)sy * k)), tx), w[n]);
            }
        });
        var result = new Volume<float>(target);
        result.CopyMetadataFrom(source);
        long slice = (long)tx * ty;
        Parallel.For(0, target.SizeZ, t =>
        {
            Span<float> plane = result.Slice(t);
            float[] w = z.Weights[t];
            for (int n = 0; n < w.Length; n++)
                AddScaled(plane, alongJ.AsSpan((int)(slice * (z.First[t] + n)), (int)slice), w[n]);
        });
        return result;
    }

    private static void AddScaled(Span<float> into, ReadOnlySpan<float> from, float weight)
    {
        for (int i = 0; i < into.Length; i++) into[i] += weight * from[i];
    }

    /// <summary>For each target index t along one axis, the first source index it overlaps and the overlap weights.</summary>
    private sealed record AxisWeights(int[] First, float[][] Weights)
    {
        public static AxisWeights Build(double scale, double offset, int sourceSize, int targetSize)
        {
            var first = new int[targetSize];
            var weights = new float[targetSize][];
            double width = Math.Abs(scale);
            for (int t = 0; t < targetSize; t++)
            {
                double lo = scale * (t - 0.5) + offset, hi = scale * (t + 0.5) + offset;
                if (lo > hi) (lo, hi) = (hi, lo);
                int s0 = Math.Max(0, (int)Math.Floor(lo + 0.5)), s1 = Math.Min(sourceSize - 1, (int)Math.Floor(hi + 0.5));
                var w = new List<float>();
                for (int s = s0; s <= s1; s++)
                    w.Add((float)Math.Max(0, (Math.Min(hi, s + 0.5) - Math.Max(lo, s - 0.5)) / width));
                first[t] = s1 >= s0 ? s0 : 0;
                weights[t] = [.. w];
            }
            return new AxisWeights(first, weights);
        }
    }
}
