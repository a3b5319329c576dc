using Cranio.Filters;
using Cranio.Phantoms;
using Cranio.Volumes;

namespace Cranio.Tests.Segmentation;

/// <summary>
/// Renders a CT-like volume in HU around a real skull mask, for extraction tests (no real CT is shipped):
/// bone 700…1800 HU with texture, 6 mm of soft tissue (40 HU) around the bone, air (−1000 HU) elsewhere,
/// Gaussian noise, a curved head-rest of bone density 12 mm behind the head, and calcification specks
/// inside the skull.
/// </summary>
internal sealed class SyntheticHeadCt
{
    public required Volume<short> Ct { get; init; }

    /// <summary>Voxels of the head-rest (1) — bone-like but not skull.</summary>
    public required Volume<byte> HeadRest { get; init; }

    /// <summary>Voxels of the calcification specks (1).</summary>
    public required Volume<byte> Specks { get; init; }

    public static SyntheticHeadCt Render(Volume<byte> skull, ulong seed, double noiseHu = 20)
    {
        Grid g = skull.Grid;
        Volume<float> toBone = DistanceTransform.DistanceToForeground(skull);
        var ct = new Volume<short>(g);
        var rest = new Volume<byte>(g);
        var specks = new Volume<byte>(g);

        // Bounding box of the skull in voxels; the head-rest goes on the side of y with more room.
        (int x0, int x1, int y0, int y1, int z0, int z1) = Bounds(skull);
        double gapVoxels = 12 / g.Spacing.Y, thickVoxels = 8 / g.Spacing.Y;
        bool posterior = g.SizeY - 1 - y1 >= y0;
        double xc = (x0 + x1) / 2.0, halfWidth = (x1 - x0) / 2.0;
        var centre = new Vec3((x0 + x1) / 2.0, (y0 + y1) / 2.0, (z0 + z1) / 2.0);
        Vec3[] speckCentres = [centre, centre + new Vec3(12, 8, 6), centre + new Vec3(-14, 5, 10)];
        double speckRadius = 1.5;

        Parallel.For(0, g.SizeZ, z =>
        {
            for (int y = 0; y < g.SizeY; y++)
            for (int x = 0; x < g.SizeX; x++)
            {
                long i = g.Offset(x, y, z);
                double hu;
                if (skull.Data[i] != 0)
                {
                    hu = 1250 + 550 * Math.Sin(0.31 * x + 0.17 * y) * Math.Cos(0.23 * z - 0.11 * x);
                }
                else
                {
                    double curve = 0.0015 * (x - xc) * (x - xc) * g.Spacing.X;
                    double depth = posterior ? y - (y1 + gapVoxels - curve) : (y0 - gapVoxels + curve) - y;
                    bool isRest = Math.Abs(x - xc) < halfWidth && z >= z0 && z <= (z0 + z1) / 2 && depth >= 0 && depth < thickVoxels;
                    Vec3 p = new(x, y, z);
                    bool isSpeck = false;
                    foreach (Vec3 c in speckCentres)
                        if ((p - c).Scale(g.Spacing).Length <= speckRadius) isSpeck = true;
                    if (isRest) { rest.Data[i] = 1; hu = 900; }
                    else if (isSpeck) { specks.Data[i] = 1; hu = 400; }
                    else hu = toBone.Data[i] <= 6 ? 40 : -1000;
                }
                hu += noiseHu * CounterNoise.Gaussian(seed, i);
                ct.Data[i] = (short)Math.Clamp(Math.Round(hu), -1024, 3071);
            }
        });
        return new SyntheticHeadCt { Ct = ct, HeadRest = rest, Specks = specks };
    }

    private static (int, int, int, int, int, int) Bounds(Volume<byte> mask)
    {
        Grid g = mask.Grid;
        int x0 = int.MaxValue, x1 = -1, y0 = int.MaxValue, y1 = -1, z0 = int.MaxValue, z1 = -1;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            if (mask.Data[g.Offset(x, y, z)] == 0) continue;
            x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
            y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
            z0 = Math.Min(z0, z); z1 = Math.Max(z1, z);
        }
        return (x0, x1, y0, y1, z0, z1);
    }
}
