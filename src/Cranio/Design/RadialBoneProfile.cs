using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Where bone lies along rays cast from a centre point: for each direction the inner radius (mm from the
/// centre to where the ray enters bone) and the outer radius (where it leaves the first bone run), NaN when the
/// ray leaves the volume without touching bone.
/// </summary>
/// <remarks>
/// Rays march in physical space (LPS mm) in steps of half the smallest spacing and sample the mask at the
/// nearest voxel through <see cref="Grid.PhysicalToIndex"/>, so oblique grids are handled. A bone run ends at
/// the first stretch of background longer than the bridged gap; the radii are placed halfway between the last
/// background and the first bone sample (and vice versa).
/// </remarks>
internal sealed class RadialBoneProfile
{
    private RadialBoneProfile(Vec3 centre, float[] inner, float[] outer)
    {
        Centre = centre;
        Inner = inner;
        Outer = outer;
    }

    /// <summary>The centre the rays start from (LPS mm).</summary>
    public Vec3 Centre { get; }

    /// <summary>Inner radius per direction (mm), NaN when no bone.</summary>
    public float[] Inner { get; }

    /// <summary>Outer radius per direction (mm), NaN when no bone.</summary>
    public float[] Outer { get; }

    /// <summary>Casts one ray per direction from <paramref name="centre"/> through <paramref name="mask"/>.</summary>
    /// <param name="mask">Bone mask, non-zero = bone.</param>
    /// <param name="centre">Start of the rays, LPS mm.</param>
    /// <param name="directions">Unit directions in LPS.</param>
    /// <param name="bridgedGapMm">Background stretches up to this length inside a bone run are bridged.</param>
    public static RadialBoneProfile Cast(Volume<byte> mask, Vec3 centre, ReadOnlySpan<Vec3> directions, double bridgedGapMm)
    {
        Grid grid = mask.Grid;
        double step = 0.5 * Math.Min(grid.Spacing.X, Math.Min(grid.Spacing.Y, grid.Spacing.Z));
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        Vec3 start = toIndex * (centre - grid.Origin);
        var inner = new float[directions.Length];
        var outer = new float[directions.Length];
        Vec3[] dirs = directions.ToArray();
        byte[] data = mask.Data;
        int sx = grid.SizeX, sy = grid.SizeY, sz = grid.SizeZ;
        int gapSteps = Math.Max(1, (int)Math.Ceiling(bridgedGapMm / step));
        Parallel.For(0, (dirs.Length + 255) / 256, block =>
        {
            int end = Math.Min(dirs.Length, (block + 1) * 256);
            for (int r = block * 256; r < end; r++)
            {
                Vec3 delta = toIndex * (dirs[r] * step);
                var (enter, exit) = StepsInsideBox(start, delta, sx, sy, sz);
                int first = -1, last = -1;
                for (int s = enter; s <= exit; s++)
                {
                    int ix = (int)Math.Floor(start.X + 0.5 + s * delta.X);
                    int iy = (int)Math.Floor(start.Y + 0.5 + s * delta.Y);
                    int iz = (int)Math.Floor(start.Z + 0.5 + s * delta.Z);
                    if ((uint)ix >= (uint)sx || (uint)iy >= (uint)sy || (uint)iz >= (uint)sz) continue;
                    if (data[ix + (long)sx * (iy + (long)sy * iz)] != 0)
                    {
                        if (first < 0) first = s;
                        last = s;
                    }
                    else if (first >= 0 && s - last > gapSteps) break;
                }
                if (first < 0)
                {
                    inner[r] = float.NaN;
                    outer[r] = float.NaN;
                }
                else
                {
                    inner[r] = (float)(Math.Max(0, first - 0.5) * step);
                    outer[r] = (float)((last + 0.5) * step);
                }
            }
        });
        return new RadialBoneProfile(centre, inner, outer);
    }

    /// <summary>
    /// The range of step numbers s ≥ 0 for which <c>start + s·delta</c> lies in the index box
    /// [−0.5, size − 0.5] on every axis (the voxels' extent); empty (enter &gt; exit) when the ray misses it.
    /// </summary>
    internal static (int Enter, int Exit) StepsInsideBox(Vec3 start, Vec3 delta, int sx, int sy, int sz)
    {
        double lo = 0, hi = double.PositiveInfinity;
        Clip(start.X, delta.X, sx, ref lo, ref hi);
        Clip(start.Y, delta.Y, sy, ref lo, ref hi);
        Clip(start.Z, delta.Z, sz, ref lo, ref hi);
        if (!(hi >= lo) || double.IsInfinity(hi)) return (1, 0);
        return ((int)Math.Ceiling(lo), (int)Math.Floor(hi));

        static void Clip(double p, double d, int size, ref double lo, ref double hi)
        {
            double min = -0.5, max = size - 0.5;
            if (Math.Abs(d) < 1e-15)
            {
                if (p < min || p >= max) hi = double.NegativeInfinity;
                return;
            }
            double t0 = (min - p) / d, t1 = (max - p) / d;
            if (t0 > t1) (t0, t1) = (t1, t0);
            lo = Math.Max(lo, t0);
            hi = Math.Min(hi, t1);
        }
    }
}
