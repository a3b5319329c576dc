using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Tells whether removing a defect split the skull: the bone voxels 26-adjacent to the removed voxels (the rim) are
/// grouped into 26-connected components of the defective skull, each traversed completely with a bit set of visited
/// voxels; the skull is split when two or more of these components exceed the fragment volume.
/// </summary>
internal static class SkullSplit
{
    public static bool Splits(Volume<byte> defective, Volume<byte> implant, DefectShape shape, double maxFragmentVolume)
    {
        Grid grid = defective.Grid;
        var box = ShapeVoxelizer.IndexBounds(shape, grid);
        if (box is null) return false;
        var (x0, y0, z0, x1, y1, z1) = box.Value;
        byte[] bone = defective.Data, removed = implant.Data;
        long limit = (long)Math.Floor(maxFragmentVolume / grid.VoxelVolume);
        var visited = new ulong[(grid.VoxelCount + 63) / 64];
        var stack = new Stack<long>();
        int large = 0;
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
                                if (Traverse(grid, bone, visited, stack, o) > limit && ++large >= 2) return true;
                            }
                }
        return false;
    }

    private static bool IsSet(ulong[] bits, long o) => (bits[o >> 6] & (1UL << (int)(o & 63))) != 0;

    private static long Traverse(Grid grid, byte[] bone, ulong[] visited, Stack<long> stack, long start)
    {
        int sx = grid.SizeX, sy = grid.SizeY, sz = grid.SizeZ;
        long slice = (long)sx * sy;
        long size = 0;
        visited[start >> 6] |= 1UL << (int)(start & 63);
        stack.Push(start);
        while (stack.Count > 0)
        {
            long o = stack.Pop();
            size++;
            int z = (int)(o / slice);
            long r = o - z * slice;
            int y = (int)(r / sx), x = (int)(r - (long)y * sx);
            for (int dz = -1; dz <= 1; dz++)
            {
                int nz = z + dz;
                if ((uint)nz >= (uint)sz) continue;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    if ((uint)ny >= (uint)sy) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if ((uint)nx >= (uint)sx) continue;
                        long n = nx + sx * (ny + (long)sy * nz);
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
        return size;
    }
}
