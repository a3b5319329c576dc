using System.Numerics;

namespace Cranio.Volumes;

/// <summary>
/// Resamples a volume onto another grid: each target voxel centre is mapped through the target's
/// <see cref="Grid.IndexToPhysical(Vec3)"/> and the source's <see cref="Grid.PhysicalToIndex"/>, and the source is
/// read there with the chosen <see cref="Interpolation"/>. Any pair of grids works, oblique or not.
/// </summary>
/// <remarks>
/// <para>A target centre is inside the source when its continuous source index lies in the source's voxel box,
/// −0.5 ≤ i ≤ SizeX − 0.5 on every axis (1e-6 voxel tolerance); elsewhere it gets
/// <see cref="ResampleOptions.OutsideValue"/>. Within the outer half voxel trilinear interpolation clamps to the
/// edge voxels, so a finer grid over the same box has no artificial border.</para>
/// <para>The output carries the target grid and the source's metadata. Work is parallel over target z-slices.</para>
/// </remarks>
public static class Resampler
{
    private const double BoxTolerance = 1e-6;

    /// <summary>
    /// Resamples <paramref name="source"/> onto <paramref name="target"/> (for example another volume's grid).
    /// </summary>
    /// <param name="source">The volume to read.</param>
    /// <param name="target">The grid of the result.</param>
    /// <param name="options">Interpolation and outside value, e.g. <see cref="ResampleOptions.Mask"/> or <see cref="ResampleOptions.Ct"/>.</param>
    /// <returns>A new volume on <paramref name="target"/>.</returns>
    public static Volume<T> Resample<T>(Volume<T> source, Grid target, ResampleOptions options)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var result = new Volume<T>(target);
        result.CopyMetadataFrom(source);

        // Source continuous index of target index t: A·t + b, with A = S_src⁻¹·S_tgt and b = S_src⁻¹·(O_tgt − O_src).
        Mat3 toSource = source.Grid.SpaceDirections.Inverse();
        Mat3 a = toSource * target.SpaceDirections;
        Vec3 b = toSource * (target.Origin - source.Grid.Origin);
        var worker = new Worker<T>(source, result, a, b, T.CreateSaturating(options.OutsideValue));
        if (options.Interpolation == Interpolation.Nearest)
            Parallel.For(0, target.SizeZ, worker.NearestSlice);
        else
            Parallel.For(0, target.SizeZ, worker.TrilinearSlice);
        return result;
    }

    /// <summary>
    /// Resamples <paramref name="source"/> to a new spacing over the same physical box; the grid follows
    /// <see cref="GridWithSpacing"/>.
    /// </summary>
    /// <param name="source">The volume to read.</param>
    /// <param name="spacing">The new spacing in mm along i, j, k.</param>
    /// <param name="options">Interpolation and outside value.</param>
    public static Volume<T> ResampleToSpacing<T>(Volume<T> source, Vec3 spacing, ResampleOptions options)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        return Resample(source, GridWithSpacing(source.Grid, spacing), options);
    }

    /// <summary>
    /// The grid with spacing <paramref name="spacing"/> that covers the same physical box as <paramref name="grid"/>.
    /// </summary>
    /// <remarks>
    /// Per axis a, with n voxels of spacing s becoming n′ voxels of spacing s′:
    /// <list type="bullet">
    /// <item>the extent n·s (from the outer face of the first voxel to that of the last) is kept as well as it can be:
    /// n′ = max(1, round(n·s / s′)), ties away from zero;</item>
    /// <item>the centre of the box stays put: the midpoint of the new voxel centres equals that of the old ones, so
    /// origin′ = origin + Direction · δ with δ_a = ((n − 1)·s − (n′ − 1)·s′) / 2 mm;</item>
    /// <item>direction is unchanged.</item>
    /// </list>
    /// Halving the spacing thus puts the new centres a quarter of an old voxel either side of each old centre, and
    /// resampling back recovers the original grid exactly.
    /// </remarks>
    /// <exception cref="ArgumentException">A spacing component is not finite and positive (ParamName "spacing").</exception>
    public static Grid GridWithSpacing(Grid grid, Vec3 spacing)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!spacing.IsFinite || spacing.X <= 0 || spacing.Y <= 0 || spacing.Z <= 0)
            throw new ArgumentException($"Spacing must be finite and positive; got {spacing}.", nameof(spacing));
        int nx = NewSize(grid.SizeX, grid.Spacing.X, spacing.X, "x");
        int ny = NewSize(grid.SizeY, grid.Spacing.Y, spacing.Y, "y");
        int nz = NewSize(grid.SizeZ, grid.Spacing.Z, spacing.Z, "z");
        var shift = new Vec3(
            ((grid.SizeX - 1) * grid.Spacing.X - (nx - 1) * spacing.X) / 2,
            ((grid.SizeY - 1) * grid.Spacing.Y - (ny - 1) * spacing.Y) / 2,
            ((grid.SizeZ - 1) * grid.Spacing.Z - (nz - 1) * spacing.Z) / 2);
        return new Grid(nx, ny, nz, spacing, grid.Origin + grid.Direction * shift, grid.Direction);
    }

    private static int NewSize(int size, double spacing, double newSpacing, string axis)
    {
        double count = Math.Round(size * spacing / newSpacing, MidpointRounding.AwayFromZero);
        if (count > int.MaxValue)
            throw new ArgumentException($"Spacing {newSpacing} mm along {axis} would need {count} voxels to cover {size * spacing} mm.", "spacing");
        return Math.Max(1, (int)count);
    }

    private sealed class Worker<T>(Volume<T> source, Volume<T> result, Mat3 a, Vec3 b, T outside)
        where T : unmanaged, INumber<T>
    {
        private static readonly bool IsFloatingPoint = typeof(T) == typeof(float) || typeof(T) == typeof(double);

        private readonly int _nx = source.Grid.SizeX, _ny = source.Grid.SizeY, _nz = source.Grid.SizeZ;

        public void NearestSlice(int k)
        {
            Grid target = result.Grid;
            T[] src = source.Data;
            Span<T> slice = result.Slice(k);
            Vec3 step = a.Column(0);
            for (int j = 0; j < target.SizeY; j++)
            {
                Vec3 start = a * new Vec3(0, j, k) + b;
                Span<T> row = slice.Slice(j * target.SizeX, target.SizeX);
                for (int i = 0; i < row.Length; i++)
                {
                    double x = start.X + i * step.X, y = start.Y + i * step.Y, z = start.Z + i * step.Z;
                    if (!Inside(x, y, z)) { row[i] = outside; continue; }
                    int xi = Math.Min((int)Math.Floor(x + 0.5), _nx - 1);
                    int yi = Math.Min((int)Math.Floor(y + 0.5), _ny - 1);
                    int zi = Math.Min((int)Math.Floor(z + 0.5), _nz - 1);
                    row[i] = src[Math.Max(xi, 0) + (long)_nx * (Math.Max(yi, 0) + (long)_ny * Math.Max(zi, 0))];
                }
            }
        }

        public void TrilinearSlice(int k)
        {
            Grid target = result.Grid;
            T[] src = source.Data;
            Span<T> slice = result.Slice(k);
            Vec3 step = a.Column(0);
            long sliceLength = (long)_nx * _ny;
            for (int j = 0; j < target.SizeY; j++)
            {
                Vec3 start = a * new Vec3(0, j, k) + b;
                Span<T> row = slice.Slice(j * target.SizeX, target.SizeX);
                for (int i = 0; i < row.Length; i++)
                {
                    double x = start.X + i * step.X, y = start.Y + i * step.Y, z = start.Z + i * step.Z;
                    if (!Inside(x, y, z)) { row[i] = outside; continue; }
                    (int x0, int dx, double tx) = Cell(x, _nx);
                    (int y0, int dy, double ty) = Cell(y, _ny);
                    (int z0, int dz, double tz) = Cell(z, _nz);
                    long o = x0 + _nx * (y0 + (long)_ny * z0);
                    long oy = (long)dy * _nx, oz = dz * sliceLength;
                    double c00 = Lerp(src[o], src[o + dx], tx);
                    double c10 = Lerp(src[o + oy], src[o + oy + dx], tx);
                    double c01 = Lerp(src[o + oz], src[o + oz + dx], tx);
                    double c11 = Lerp(src[o + oz + oy], src[o + oz + oy + dx], tx);
                    double c0 = c00 + (c10 - c00) * ty, c1 = c01 + (c11 - c01) * ty;
                    double value = c0 + (c1 - c0) * tz;
                    row[i] = IsFloatingPoint
                        ? T.CreateTruncating(value)
                        : T.CreateSaturating(Math.Round(value, MidpointRounding.AwayFromZero));
                }
            }
        }

        private bool Inside(double x, double y, double z) =>
            x >= -0.5 - BoxTolerance && x <= _nx - 0.5 + BoxTolerance &&
            y >= -0.5 - BoxTolerance && y <= _ny - 0.5 + BoxTolerance &&
            z >= -0.5 - BoxTolerance && z <= _nz - 0.5 + BoxTolerance;

        /// <summary>Lower corner, step to the upper corner (0 on a one-voxel axis) and weight, edge-clamped.</summary>
        private static (int Lower, int Step, double Weight) Cell(double c, int n)
        {
            if (n == 1) return (0, 0, 0);
            double clamped = Math.Clamp(c, 0, n - 1);
            int lower = Math.Min((int)clamped, n - 2);
            return (lower, 1, clamped - lower);
        }

        private static double Lerp(T low, T high, double t)
        {
            double l = double.CreateTruncating(low);
            return l + (double.CreateTruncating(high) - l) * t;
        }
    }
}
