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
    public static (int X0, int Y0, int Z0, int X1, int Y1, int Z1)? IndexBounds(DefectShape shape, Grid grid)
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
        return (ix0, iy0, iz0, ix1, iy1, iz1);
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
        var (x0, y0, z0, x1, y1, z1) = box.Value;
        Mat3 steps = grid.SpaceDirections;
        Vec3 stepX = steps.Column(0);
        int length = x1 - x0 + 1;
        Parallel.For(z0, z1 + 1, () => new bool[length], (z, _, row) =>
        {
            for (int y = y0; y <= y1; y++)
            {
                shape.ContainsRow(grid.IndexToPhysical(new Vec3(x0, y, z)), stepX, row);
                long offset = grid.Offset(x0, y, z);
                for (int i = 0; i < row.Length; i++)
                    if (row[i]) inside(offset + i);
            }
            return row;
        }, _ => { });
    }

    private static int Clamp(double value, int size) => (int)Math.Clamp(value, 0, size - 1);
}
