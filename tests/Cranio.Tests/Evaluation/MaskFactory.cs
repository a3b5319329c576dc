using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

/// <summary>Masks for the evaluation tests: spheres in mm, random blobs, single voxels.</summary>
internal static class MaskFactory
{
    public static Grid Grid(int nx, int ny, int nz, double sx = 1, double sy = 1, double sz = 1) =>
        Cranio.Volumes.Grid.AxisAligned(nx, ny, nz, new Vec3(sx, sy, sz), new Vec3(0, 0, 0));

    /// <summary>Voxels whose centre lies within <paramref name="radius"/> mm of <paramref name="centre"/> (index space scaled by spacing).</summary>
    public static Volume<byte> Sphere(Grid grid, Vec3 centre, double radius)
    {
        var mask = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
        for (int y = 0; y < grid.SizeY; y++)
        for (int x = 0; x < grid.SizeX; x++)
        {
            double dx = (x - centre.X) * grid.Spacing.X, dy = (y - centre.Y) * grid.Spacing.Y, dz = (z - centre.Z) * grid.Spacing.Z;
            if (dx * dx + dy * dy + dz * dz <= radius * radius) mask[x, y, z] = 1;
        }
        return mask;
    }

    /// <summary>Random mask with the given fill fraction inside a sub-box, seeded.</summary>
    public static Volume<byte> Random(Grid grid, int seed, double fill, (int X0, int Y0, int Z0, int X1, int Y1, int Z1) box)
    {
        var random = new Random(seed);
        var mask = new Volume<byte>(grid);
        for (int z = box.Z0; z <= box.Z1; z++)
        for (int y = box.Y0; y <= box.Y1; y++)
        for (int x = box.X0; x <= box.X1; x++)
            mask[x, y, z] = random.NextDouble() < fill ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>Brute-force surface voxels (6-neighbour with outside = 0) as index triples.</summary>
    public static List<(int X, int Y, int Z)> SurfaceVoxels(Volume<byte> m)
    {
        var g = m.Grid;
        var list = new List<(int, int, int)>();
        bool In(int x, int y, int z) => g.Contains(x, y, z) && m[x, y, z] != 0;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            if (m[x, y, z] == 0) continue;
            if (!(In(x - 1, y, z) && In(x + 1, y, z) && In(x, y - 1, z) && In(x, y + 1, z) && In(x, y, z - 1) && In(x, y, z + 1))) list.Add((x, y, z));
        }
        return list;
    }

    /// <summary>Brute-force nearest distance (mm) from each voxel of <paramref name="from"/> to the set <paramref name="to"/>.</summary>
    public static double[] NearestDistances(Grid g, List<(int X, int Y, int Z)> from, List<(int X, int Y, int Z)> to) =>
        from.Select(a => to.Min(b =>
        {
            double dx = (a.X - b.X) * g.Spacing.X, dy = (a.Y - b.Y) * g.Spacing.Y, dz = (a.Z - b.Z) * g.Spacing.Z;
            return Math.Sqrt(dx * dx + dy * dy + dz * dz);
        })).ToArray();
}
