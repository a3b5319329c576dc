using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Tells whether removing a defect split the skull: the bone voxels 26-adjacent to the removed voxels (the rim) are
/// grouped into 26-connected components of the defective skull, each traversed completely with a bit set of visited
/// voxels; the skull is split when two or more of these components exceed the fragment volume.
/// </summary>
/// <remarks>
/// A local pass first, within the shape's index box grown by <see cref="LocalMargin"/> mm: a local component that does
/// not reach the face of that box is a whole component of the skull, so when it is no larger than the fragment volume
/// it is a fragment and is ignored. When at most one local component remains, the rim is connected in the whole skull
/// too and nothing was split. Only otherwise is the global traversal run, which is exact.
/// </remarks>
internal static class SkullSplit
{
    /// <summary>Margin in mm around the shape's box for the local pass.</summary>
    public const double LocalMargin = 15;

    public static bool Splits(Volume<byte> defective, Volume<byte> implant, DefectShape shape, double maxFragmentVolume)
    {
        Grid grid = defective.Grid;
        var box = ShapeVoxelizer.IndexBounds(shape, grid);
        if (box is null) return false;
        var (x0, y0, z0, x1, y1, z1) = box.Value;
        int mx = (int)Math.Ceiling(LocalMargin / grid.Spacing.X), my = (int)Math.Ceiling(LocalMargin / grid.Spacing.Y), mz = (int)Math.Ceiling(LocalMargin / grid.Spacing.Z);
        var local = (Math.Max(0, x0 - mx), Math.Max(0, y0 - my), Math.Max(0, z0 - mz),
            Math.Min(grid.SizeX - 1, x1 + mx), Math.Min(grid.SizeY - 1, y1 + my), Math.Min(grid.SizeZ - 1, z1 + mz));
        long limit = (long)Math.Floor(maxFragmentVolume / grid.VoxelVolume);
        if (RimComponents(defective, implant, box.Value, local, limit, stopAfter: 2) <= 1) return false;
        var whole = (0, 0, 0, grid.SizeX - 1, grid.SizeY - 1, grid.SizeZ - 1);
        return RimComponents(defective, implant, box.Value, whole, limit, stopAfter: 2) >= 2;
    }

    /// <summary>
    /// Counts the rim's 26-connected components within <paramref name="limits"/> that hold more than
    /// <paramref name="fragmentSize"/> voxels or reach a face of the limits that is not a face of the grid (and so may
    /// continue beyond them), stopping at <paramref name="stopAfter"/>.
    /// </summary>
    private static int RimComponents(Volume<byte> defective, Volume<byte> implant, (int X0, int Y0, int Z0, int X1, int Y1, int Z1) box,
        (int X0, int Y0, int Z0, int X1, int Y1, int Z1) limits, long fragmentSize, int stopAfter)
    {
        Grid grid = defective.Grid;
        var (x0, y0, z0, x1, y1, z1) = box;
        byte[] bone = defective.Data, removed = implant.Data;
        var visited = new ulong[(grid.VoxelCount + 63) / 64];
        var stack = new Stack<int>();
        int found = 0;
        for (int z = z0; z <= z1; z++)
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    if (removed[grid.Offset(x, y, z)] == 0) continue;
                    for (int dz = -1; dz <= 1; dz++)
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int nx = x + dx, ny = y + dy, nz = z + dz;
                                if (!grid.Contains(nx, ny, nz)) continue;
                                long o = grid.Offset(nx, ny, nz);
                                if (bone[o] == 0 || IsSet(visited, o)) continue;
                                var (size, open) = Traverse(grid, bone, visited, stack, o, limits);
                                if ((open || size > fragmentSize) && ++found >= stopAfter) return found;
                            }
                }
        return found;
    }

    private static bool IsSet(ulong[] bits, long o) => (bits[o >> 6] & (1UL << (int)(o & 63))) != 0;

    private static (long Size, bool Open) Traverse(Grid grid, byte[] bone, ulong[] visited, Stack<int> stack, long start, (int X0, int Y0, int Z0, int X1, int Y1, int Z1) limits)
    {
        int sx = grid.SizeX, sy = grid.SizeY;
        var (lx0, ly0, lz0, lx1, ly1, lz1) = limits;
        bool open = false;
        long slice = (long)sx * sy;
        long size = 0;
        visited[start >> 6] |= 1UL << (int)(start & 63);
        stack.Push((int)start);
        Span<int> neighbours = stackalloc int[26];
        int count = 0;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    if (dx != 0 || dy != 0 || dz != 0) neighbours[count++] = dx + sx * (dy + sy * dz);
        while (stack.Count > 0)
        {
            int o = stack.Pop();
            size++;
            int z = (int)(o / slice);
            long r = o - z * slice;
            int y = (int)(r / sx), x = (int)(r - (long)y * sx);
            if (x > lx0 && x < lx1 && y > ly0 && y < ly1 && z > lz0 && z < lz1)
            {
                foreach (int step in neighbours)
                {
                    int n = o + step;
                    if (bone[n] == 0) continue;
                    ref ulong w = ref visited[n >> 6];
                    ulong b = 1UL << (n & 63);
                    if ((w & b) != 0) continue;
                    w |= b;
                    stack.Push(n);
                }
                continue;
            }
            open |= (x == lx0 && lx0 > 0) || (y == ly0 && ly0 > 0) || (z == lz0 && lz0 > 0)
                || (x == lx1 && lx1 < sx - 1) || (y == ly1 && ly1 < sy - 1) || (z == lz1 && lz1 < grid.SizeZ - 1);
            for (int dz = -1; dz <= 1; dz++)
            {
                int nz = z + dz;
                if (nz < lz0 || nz > lz1) continue;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    if (ny < ly0 || ny > ly1) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if (nx < lx0 || nx > lx1) continue;
                        int n = nx + sx * (ny + sy * nz);
                        if (bone[n] == 0) continue;
                        ref ulong word = ref visited[n >> 6];
                        ulong bit = 1UL << (int)(n & 63);
                        if ((word & bit) != 0) continue;
                        word |= bit;
                        stack.Push(n);
                    }
                }
            }
        }
        return (size, open);
    }
}
