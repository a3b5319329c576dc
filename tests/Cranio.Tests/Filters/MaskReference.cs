using Cranio.Volumes;

namespace Cranio.Tests.Filters;

/// <summary>Plain, obviously correct reference implementations and fixtures for the filter tests.</summary>
internal static class MaskReference
{
    /// <summary>A seeded random mask where each voxel is 1 with probability <paramref name="density"/>.</summary>
    public static Volume<byte> Random(Grid grid, double density, int seed)
    {
        var random = new Random(seed);
        var mask = new Volume<byte>(grid);
        for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>Neighbour offsets of a 6-, 18- or 26-neighbourhood.</summary>
    public static List<(int X, int Y, int Z)> Neighbours(int connectivity)
    {
        var offsets = new List<(int, int, int)>();
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int steps = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                    if (steps == 0) continue;
                    if (connectivity == 6 && steps > 1) continue;
                    if (connectivity == 18 && steps > 2) continue;
                    offsets.Add((dx, dy, dz));
                }
        return offsets;
    }

    /// <summary>Breadth-first flood fill from each unlabelled selected voxel in scan order.</summary>
    public static (int[] Labels, int Count) FloodFill(Volume<byte> mask, int connectivity, bool background = false)
    {
        Grid g = mask.Grid;
        var labels = new int[g.VoxelCount];
        var offsets = Neighbours(connectivity);
        int count = 0;
        var queue = new Queue<(int, int, int)>();
        bool Selected(int x, int y, int z) => (mask[x, y, z] != 0) != background;
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (!Selected(x, y, z) || labels[g.Offset(x, y, z)] != 0) continue;
                    count++;
                    labels[g.Offset(x, y, z)] = count;
                    queue.Enqueue((x, y, z));
                    while (queue.Count > 0)
                    {
                        var (cx, cy, cz) = queue.Dequeue();
                        foreach (var (dx, dy, dz) in offsets)
                        {
                            int nx = cx + dx, ny = cy + dy, nz = cz + dz;
                            if (!g.Contains(nx, ny, nz) || !Selected(nx, ny, nz) || labels[g.Offset(nx, ny, nz)] != 0) continue;
                            labels[g.Offset(nx, ny, nz)] = count;
                            queue.Enqueue((nx, ny, nz));
                        }
                    }
                }
        return (labels, count);
    }

    /// <summary>Exact squared distance (mm²) from every voxel to the nearest selected voxel, by exhaustive search.</summary>
    public static double[] BruteForceSquaredDistance(Volume<byte> mask, bool toForeground)
    {
        Grid g = mask.Grid;
        var targets = new List<(int, int, int)>();
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                    if ((mask[x, y, z] != 0) == toForeground) targets.Add((x, y, z));
        var result = new double[g.VoxelCount];
        Vec3 s = g.Spacing;
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    double best = double.PositiveInfinity;
                    foreach (var (tx, ty, tz) in targets)
                    {
                        double dx = (x - tx) * s.X, dy = (y - ty) * s.Y, dz = (z - tz) * s.Z;
                        best = Math.Min(best, dx * dx + dy * dy + dz * dz);
                    }
                    result[g.Offset(x, y, z)] = best;
                }
        return result;
    }
}
