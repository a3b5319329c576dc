using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Voxelises a <see cref="DefectShape"/> on a grid: voxel (x, y, z) is inside when its centre
/// <see cref="Grid.IndexToPhysical(int, int, int)"/> is inside the shape. Only the voxels whose centres can lie
/// in the shape's physical bounding box are evaluated (the box's eight corners mapped to index space, which
/// handles oblique grids), in parallel over z-slices.
/// </summary>
public static class ShapeVoxelizer
{
    /// <summary>A 0/1 mask on <paramref name="grid"/> of the voxels whose centres are inside <paramref name="shape"/>.</summary>
    public static Volume<byte> Voxelize(DefectShape shape, Grid grid)
    {
        var mask = new Volume<byte>(grid);
        byte[] data = mask.Data;
        ForEachInside(shape, grid, offset => data[offset] = 1);
        return mask;
    }

    /// <summary>
    /// The inclusive index box (clamped to the grid) of voxels whose centres may be inside the shape, or null when
    /// the shape misses the grid.
    /// </summary>
    public static VoxelBox? IndexBounds(DefectShape shape, Grid grid)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(grid);
        var (min, max) = shape.Bounds;
        double x0 = double.MaxValue, y0 = double.MaxValue, z0 = double.MaxValue;
        double x1 = double.MinValue, y1 = double.MinValue, z1 = double.MinValue;
        for (int i = 0; i < 8; i++)
        {
            var corner = new Vec3((i & 1) == 0 ? min.X : max.X, (i & 2) == 0 ? min.Y : max.Y, (i & 4) == 0 ? min.Z : max.Z);
            Vec3 index = grid.PhysicalToIndex(corner);
            x0 = Math.Min(x0, index.X); x1 = Math.Max(x1, index.X);
            y0 = Math.Min(y0, index.Y); y1 = Math.Max(y1, index.Y);
            z0 = Math.Min(z0, index.Z); z1 = Math.Max(z1, index.Z);
        }
        int ix0 = Clamp(Math.Floor(x0), grid.SizeX), iy0 = Clamp(Math.Floor(y0), grid.SizeY), iz0 = Clamp(Math.Floor(z0), grid.SizeZ);
        int ix1 = Clamp(Math.Ceiling(x1), grid.SizeX), iy1 = Clamp(Math.Ceiling(y1), grid.SizeY), iz1 = Clamp(Math.Ceiling(z1), grid.SizeZ);
        if (x1 < 0 || y1 < 0 || z1 < 0 || x0 > grid.SizeX - 1 || y0 > grid.SizeY - 1 || z0 > grid.SizeZ - 1) return null;
        return new VoxelBox(ix0, iy0, iz0, ix1, iy1, iz1);
    }

    /// <summary>
    /// Calls <paramref name="inside"/> with the linear offset of every voxel whose centre is inside the shape.
    /// Calls run in parallel over z-slices, so the action must be safe for distinct offsets concurrently.
    /// </summary>
    public static void ForEachInside(DefectShape shape, Grid grid, Action<long> inside)
    {
        ArgumentNullException.ThrowIfNull(inside);
        var box = IndexBounds(shape, grid);
        if (box is null) return;
        VoxelBox b = box.Value;
        int x0 = b.MinX, y0 = b.MinY;
        Mat3 steps = grid.SpaceDirections;
        Vec3 stepX = steps.Column(0);
        int length = b.SizeX;
        Parallel.For(b.MinZ, b.MaxZ + 1, () => new bool[length], (z, _, row) =>
        {
            for (int y = y0; y <= b.MaxY; y++)
            {
                shape.ContainsRow(grid.IndexToPhysical(new Vec3(x0, y, z)), stepX, row);
                long offset = grid.Offset(x0, y, z);
                for (int i = 0; i < row.Length; i++)
                    if (row[i]) inside(offset + i);
            }
            return row;
        }, _ => { });
    }

    /// <summary>
    /// Calls <paramref name="inside"/> with the linear offset of every voxel that is non-zero in <paramref name="mask"/>
    /// and whose centre is inside the shape, and returns their number. The shape is evaluated only on the runs of
    /// non-zero mask voxels of each row of its index box, so a thin mask (a skull) costs in proportion to the bone, not
    /// to the box. Calls run in parallel over z-slices, so the action must be safe for distinct offsets concurrently.
    /// </summary>
    public static long ForEachInside(DefectShape shape, Volume<byte> mask, Action<long> inside)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(inside);
        Grid grid = mask.Grid;
        VoxelBox? found = IndexBounds(shape, grid);
        if (found is null) return 0;
        VoxelBox box = found.Value;
        Vec3 stepX = grid.SpaceDirections.Column(0);
        byte[] data = mask.Data;
        int length = box.SizeX;
        long total = 0;
        Parallel.For(box.MinZ, box.MaxZ + 1, () => (Row: new bool[length], Count: 0L), (z, _, state) =>
        {
            for (int y = box.MinY; y <= box.MaxY; y++)
            {
                long offset = grid.Offset(box.MinX, y, z);
                ReadOnlySpan<byte> bone = data.AsSpan((int)offset, length);
                for (int x = 0; x < length;)
                {
                    int first = bone[x..].IndexOfAnyExcept((byte)0);
                    if (first < 0) break;
                    first += x;
                    int gap = bone[first..].IndexOf((byte)0);
                    int end = gap < 0 ? length : first + gap;
                    Span<bool> run = state.Row.AsSpan(first, end - first);
                    shape.ContainsRow(grid.IndexToPhysical(new Vec3(box.MinX + first, y, z)), stepX, run);
                    for (int i = 0; i < run.Length; i++)
                    {
                        if (!run[i]) continue;
                        inside(offset + first + i);
                        state.Count++;
                    }
                    x = end;
                }
            }
            return state;
        }, state => Interlocked.Add(ref total, state.Count));
        return total;
    }

    private static int Clamp(double value, int size) => (int)Math.Clamp(value, 0, size - 1);
}
