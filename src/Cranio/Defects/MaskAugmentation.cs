using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Geometry-correct augmentation of masks for training: the anatomy is moved by a <see cref="RigidTransform"/> and
/// resampled with nearest neighbour onto the same grid (spacing, origin and direction unchanged), so every output
/// keeps the input's grid and a training pair stays voxel-aligned. Output voxel q takes the value of the input voxel
/// nearest to T⁻¹(q); points that map outside the input grid are 0. A physical landmark at p therefore appears at T(p).
/// </summary>
public static class MaskAugmentation
{
    /// <summary>Resamples <paramref name="mask"/> moved by <paramref name="transform"/> onto its own grid.</summary>
    public static Volume<byte> Apply(Volume<byte> mask, RigidTransform transform)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(transform);
        Grid grid = mask.Grid;
        var output = mask.SameGrid<byte>();
        output.CopyMetadataFrom(mask);
        // Index of the source of output voxel (x, y, z): A·(x, y, z) + b, with A = SD⁻¹·Rᵀ·SD.
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        Mat3 a = toIndex * transform.Rotation.Transpose() * grid.SpaceDirections;
        Vec3 b = toIndex * (transform.ApplyInverse(grid.Origin) - grid.Origin);
        byte[] source = mask.Data, target = output.Data;
        int nx = grid.SizeX, ny = grid.SizeY, nz = grid.SizeZ;
        Vec3 stepX = a.Column(0);
        Parallel.For(0, nz, z =>
        {
            for (int y = 0; y < ny; y++)
            {
                Vec3 s = a * new Vec3(0, y, z) + b;
                long o = grid.Offset(0, y, z);
                for (int x = 0; x < nx; x++, o++, s += stepX)
                {
                    int sx = (int)Math.Floor(s.X + 0.5), sy = (int)Math.Floor(s.Y + 0.5), sz = (int)Math.Floor(s.Z + 0.5);
                    if ((uint)sx < (uint)nx && (uint)sy < (uint)ny && (uint)sz < (uint)nz)
                        target[o] = source[sx + (long)nx * (sy + (long)ny * sz)];
                }
            }
        });
        return output;
    }
}
