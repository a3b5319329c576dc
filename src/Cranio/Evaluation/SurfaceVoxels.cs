using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// The surface voxels of a mask: the mask minus its erosion by the 6-connected cross, with everything outside
/// the grid counting as background (scipy's <c>mask ^ binary_erosion(mask, generate_binary_structure(3, 1))</c>,
/// whose border value is 0). A mask voxel is on the surface when one of its 6 face neighbours is 0 or outside.
/// </summary>
internal static class SurfaceVoxels
{
    /// <summary>A mask on the same grid with 1 on the surface voxels of <paramref name="mask"/>.</summary>
    public static Volume<byte> Of(Volume<byte> mask)
    {
        Grid g = mask.Grid;
        var result = new Volume<byte>(g);
        byte[] m = mask.Data, s = result.Data;
        int nx = g.SizeX, ny = g.SizeY, nz = g.SizeZ, slice = g.SliceLength;
        Parallel.For(0, nz, z =>
        {
            for (int y = 0; y < ny; y++)
            {
                int row = (int)g.Offset(0, y, z);
                for (int x = 0; x < nx; x++)
                {
                    int i = row + x;
                    if (m[i] == 0) continue;
                    bool interior = x > 0 && x < nx - 1 && y > 0 && y < ny - 1 && z > 0 && z < nz - 1
                        && m[i - 1] != 0 && m[i + 1] != 0 && m[i - nx] != 0 && m[i + nx] != 0 && m[i - slice] != 0 && m[i + slice] != 0;
                    if (!interior) s[i] = 1;
                }
            }
        });
        return result;
    }
}
