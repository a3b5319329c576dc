using Cranio.Volumes;

/// <summary>
/// A skull-like test mask: an ellipsoidal shell 6 mm thick (semi-axes 75, 95, 85 mm) centred in the grid, with
/// seeded small spherical islands scattered around it (radius 0.5–3 mm) so that labelling meets many components.
/// </summary>
internal static class SyntheticShell
{
    public static Volume<byte> Create(int nx, int ny, int nz, Vec3 spacing, int seed)
    {
        var mask = new Volume<byte>(Grid.AxisAligned(nx, ny, nz, spacing, Vec3.Zero));
        Vec3 centre = new(nx * spacing.X / 2, ny * spacing.Y / 2, nz * spacing.Z / 2);
        Vec3 axes = new(75, 95, 85);
        const double thickness = 6;
        Parallel.For(0, nz, z =>
        {
            Span<byte> slice = mask.Slice(z);
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    Vec3 p = new Vec3(x * spacing.X, y * spacing.Y, z * spacing.Z) - centre;
                    double outer = Sq(p.X / axes.X) + Sq(p.Y / axes.Y) + Sq(p.Z / axes.Z);
                    double inner = Sq(p.X / (axes.X - thickness)) + Sq(p.Y / (axes.Y - thickness)) + Sq(p.Z / (axes.Z - thickness));
                    if (outer <= 1 && inner > 1) slice[x + nx * y] = 1;
                }
        });
        var random = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            Vec3 c = new(random.NextDouble() * nx * spacing.X, random.NextDouble() * ny * spacing.Y, random.NextDouble() * nz * spacing.Z);
            double r = 0.5 + 2.5 * random.NextDouble();
            int x0 = Math.Max(0, (int)((c.X - r) / spacing.X)), x1 = Math.Min(nx - 1, (int)((c.X + r) / spacing.X) + 1);
            int y0 = Math.Max(0, (int)((c.Y - r) / spacing.Y)), y1 = Math.Min(ny - 1, (int)((c.Y + r) / spacing.Y) + 1);
            int z0 = Math.Max(0, (int)((c.Z - r) / spacing.Z)), z1 = Math.Min(nz - 1, (int)((c.Z + r) / spacing.Z) + 1);
            for (int z = z0; z <= z1; z++)
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++)
                        if (Sq(x * spacing.X - c.X) + Sq(y * spacing.Y - c.Y) + Sq(z * spacing.Z - c.Z) <= r * r)
                            mask[x, y, z] = 1;
        }
        return mask;
    }

    private static double Sq(double v) => v * v;
}
