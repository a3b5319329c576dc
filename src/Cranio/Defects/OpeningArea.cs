using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// The area of a defect's opening: the part of the complete skull's outer surface that the implant carries away.
/// </summary>
/// <remarks>
/// <para>A face of an implant voxel is exposed when its neighbour across the face is background in the complete
/// skull (or outside the grid). For each implant voxel with an exposed face the outward surface normal n is estimated
/// from the 3×3×3 Sobel gradient of the complete skull (physical gradient = SpaceDirections⁻ᵀ · index gradient,
/// n = −gradient / |gradient|). The voxel lies on the outer skin when n points away from the skull centre
/// (n·(p − centre) &gt; 0); the inner table facing the brain points towards it.</para>
/// <para>The area is Σ n·Aᶠ over the exposed outer faces, Aᶠ being the face's outward area vector (its physical
/// area times its unit normal; for an oblique grid the cross product of the two in-face voxel steps). Summing
/// n·Aᶠ projects the staircase of voxel faces onto the true surface, which removes the up-to-√3 overestimate of
/// counting faces: for a plane it is exact, for a smooth surface the error shrinks with the voxel size.</para>
/// </remarks>
public static class OpeningArea
{
    /// <summary>The opening area in mm² of <paramref name="implant"/> cut from <paramref name="complete"/>.</summary>
    /// <param name="complete">The complete skull (0/1).</param>
    /// <param name="implant">The removed bone (0/1), a subset of <paramref name="complete"/>, on the same grid.</param>
    /// <param name="skullCentre">A point inside the cranium (mm, LPS), e.g. <see cref="SkullGeometry.Centroid"/>.</param>
    /// <exception cref="GridMismatchException">The masks are on different grids.</exception>
    public static double Compute(Volume<byte> complete, Volume<byte> implant, Vec3 skullCentre)
    {
        ArgumentNullException.ThrowIfNull(complete);
        ArgumentNullException.ThrowIfNull(implant);
        complete.Grid.EnsureSameAs(implant.Grid, "complete skull", "implant");
        return Compute(complete, implant, skullCentre, VoxelBox.Of(complete.Grid));
    }

    /// <summary>The same area when every implant voxel lies in <paramref name="box"/>: only the box is scanned.</summary>
    internal static double Compute(Volume<byte> complete, Volume<byte> implant, Vec3 skullCentre, VoxelBox box)
    {
        Grid grid = complete.Grid;
        Mat3 sd = grid.SpaceDirections;
        Mat3 gradientToPhysical = sd.Inverse().Transpose();
        Vec3[] faceArea = new Vec3[6];
        for (int axis = 0; axis < 3; axis++)
        {
            Vec3 a = sd.Column((axis + 1) % 3).Cross(sd.Column((axis + 2) % 3));
            if (a.Dot(sd.Column(axis)) < 0) a = -a;
            faceArea[2 * axis] = -a;
            faceArea[2 * axis + 1] = a;
        }
        byte[] skull = complete.Data, removed = implant.Data;
        var partial = new double[box.SizeZ];
        Parallel.For(box.MinZ, box.MaxZ + 1, z =>
        {
            double sum = 0;
            Span<bool> exposed = stackalloc bool[6];
            for (int y = box.MinY; y <= box.MaxY; y++)
            {
                ReadOnlySpan<byte> row = removed.AsSpan((int)grid.Offset(box.MinX, y, z), box.SizeX);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0) continue;
                for (int i = first; i < row.Length; i++)
                {
                    if (row[i] == 0) continue;
                    int x = box.MinX + i;
                    exposed[0] = Get(skull, grid, x - 1, y, z) == 0;
                    exposed[1] = Get(skull, grid, x + 1, y, z) == 0;
                    exposed[2] = Get(skull, grid, x, y - 1, z) == 0;
                    exposed[3] = Get(skull, grid, x, y + 1, z) == 0;
                    exposed[4] = Get(skull, grid, x, y, z - 1) == 0;
                    exposed[5] = Get(skull, grid, x, y, z + 1) == 0;
                    if (!exposed.Contains(true)) continue;
                    Vec3 n = -(gradientToPhysical * SobelGradient(skull, grid, x, y, z));
                    if (!(n.Length > 0)) continue;
                    n = n.Normalized();
                    if (n.Dot(grid.IndexToPhysical(x, y, z) - skullCentre) <= 0) continue;
                    for (int f = 0; f < 6; f++)
                        if (exposed[f]) sum += n.Dot(faceArea[f]);
                }
            }
            partial[z - box.MinZ] = sum;
        });
        return partial.Sum();
    }

    private static int Get(byte[] data, Grid grid, int x, int y, int z) =>
        grid.Contains(x, y, z) ? data[grid.Offset(x, y, z)] : 0;

    /// <summary>Index-space Sobel gradient (smoothing weights 1-2-1 across, central difference along each axis).</summary>
    private static Vec3 SobelGradient(byte[] data, Grid grid, int x, int y, int z)
    {
        double gx = 0, gy = 0, gz = 0;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int v = Get(data, grid, x + dx, y + dy, z + dz);
                    if (v == 0) continue;
                    int wx = 2 - Math.Abs(dx), wy = 2 - Math.Abs(dy), wz = 2 - Math.Abs(dz);
                    gx += dx * wy * wz;
                    gy += dy * wx * wz;
                    gz += dz * wx * wy;
                }
        return new Vec3(gx, gy, gz);
    }
}
