using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>Bounding boxes of masks as the metrics use them: null for an empty mask, unions, growth by voxels.</summary>
internal static class MaskBoxes
{
    /// <summary>The bounding box of the non-zero voxels, or null when there are none.</summary>
    public static VoxelBox? Of(Volume<byte> mask) => Cropping.BoundingBox(mask);

    /// <summary>The smallest box containing both (null only when both are null).</summary>
    public static VoxelBox? Union(VoxelBox? a, VoxelBox? b)
    {
        if (a is not VoxelBox p) return b;
        if (b is not VoxelBox q) return p;
        return new VoxelBox(Math.Min(p.MinX, q.MinX), Math.Min(p.MinY, q.MinY), Math.Min(p.MinZ, q.MinZ),
            Math.Max(p.MaxX, q.MaxX), Math.Max(p.MaxY, q.MaxY), Math.Max(p.MaxZ, q.MaxZ));
    }

    /// <summary>The box grown by (mx, my, mz) voxels on every side, clipped to <paramref name="grid"/>.</summary>
    public static VoxelBox Grow(VoxelBox box, int mx, int my, int mz, Grid grid) => new(
        Math.Max(0, box.MinX - mx), Math.Max(0, box.MinY - my), Math.Max(0, box.MinZ - mz),
        (int)Math.Min(grid.SizeX - 1L, box.MaxX + (long)mx), (int)Math.Min(grid.SizeY - 1L, box.MaxY + (long)my), (int)Math.Min(grid.SizeZ - 1L, box.MaxZ + (long)mz));
}
