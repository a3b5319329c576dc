using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.Meshing;

/// <summary>Analytic shapes shared by the meshing tests.</summary>
internal static class MeshShapes
{
    /// <summary>Spacing 0.5 × 0.7 × 0.9 mm used by the anisotropic tests.</summary>
    public static readonly Vec3 Anisotropic = new(0.5, 0.7, 0.9);

    /// <summary>A rotation about an oblique axis (det +1), as a tilted gantry.</summary>
    public static readonly Mat3 Oblique = Rotation(new Vec3(1, 2, 3), 0.4);

    /// <summary>An oblique rotation followed by a flip of the first axis (det −1, a left-handed voxel frame).</summary>
    public static readonly Mat3 ObliqueFlipped = Oblique * Mat3.Diagonal(new Vec3(-1, 1, 1));

    /// <summary>Rotation by <paramref name="angle"/> radians about <paramref name="axis"/> (Rodrigues).</summary>
    public static Mat3 Rotation(Vec3 axis, double angle)
    {
        Vec3 k = axis.Normalized();
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        return new Mat3(
            t * k.X * k.X + c, t * k.X * k.Y - s * k.Z, t * k.X * k.Z + s * k.Y,
            t * k.X * k.Y + s * k.Z, t * k.Y * k.Y + c, t * k.Y * k.Z - s * k.X,
            t * k.X * k.Z - s * k.Y, t * k.Y * k.Z + s * k.X, t * k.Z * k.Z + c);
    }

    /// <summary>
    /// A mask of the ball of radius <paramref name="radius"/> mm around the physical point of the grid's central
    /// index (voxel centres at distance ≤ r are inside). Returns the mask and the centre (LPS mm).
    /// </summary>
    public static (Volume<byte> Mask, Vec3 Centre) Ball(double radius, Vec3 spacing, Mat3 direction, Vec3 centreOffsetIndex = default)
    {
        int SizeFor(double s) => (int)Math.Ceiling(2 * radius / s) + 8;
        var grid = new Grid(SizeFor(spacing.X), SizeFor(spacing.Y), SizeFor(spacing.Z), spacing, new Vec3(-31.5, 12.25, 107), direction);
        var centreIndex = new Vec3((grid.SizeX - 1) / 2.0 + 0.17, (grid.SizeY - 1) / 2.0 - 0.23, (grid.SizeZ - 1) / 2.0 + 0.31) + centreOffsetIndex;
        Vec3 centre = grid.IndexToPhysical(centreIndex);
        var mask = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    if ((grid.IndexToPhysical(x, y, z) - centre).Length <= radius) mask[x, y, z] = 1;
        return (mask, centre);
    }

    /// <summary>A seeded random 0/1 mask where each voxel is inside with probability <paramref name="density"/>.</summary>
    public static Volume<byte> Random(int seed, int sx, int sy, int sz, double density, Vec3 spacing, Mat3 direction)
    {
        var rng = new Random(seed);
        var mask = new Volume<byte>(new Grid(sx, sy, sz, spacing, new Vec3(3, -4, 5), direction));
        for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] = rng.NextDouble() < density ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>The unit cube [0, 1]³ as 12 outward triangles on 8 vertices.</summary>
    public static TriangleMesh UnitCube()
    {
        var v = new Vec3[8];
        for (int c = 0; c < 8; c++) v[c] = new Vec3(c & 1, (c >> 1) & 1, (c >> 2) & 1);
        Triangle[] t =
        [
            new(0, 2, 3), new(0, 3, 1), // z = 0, normal −z
            new(4, 5, 7), new(4, 7, 6), // z = 1, normal +z
            new(0, 1, 5), new(0, 5, 4), // y = 0, normal −y
            new(2, 6, 7), new(2, 7, 3), // y = 1, normal +y
            new(0, 4, 6), new(0, 6, 2), // x = 0, normal −x
            new(1, 3, 7), new(1, 7, 5), // x = 1, normal +x
        ];
        return new TriangleMesh(v, t);
    }
}
