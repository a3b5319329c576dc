using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The clinical gap: a clearance between an implant and the border of the defect it fills, so that the printed
/// implant drops into the opening without touching the bone.
/// </summary>
/// <remarks>
/// Every implant voxel whose distance to the nearest skull voxel is below the gap is removed:
/// kept ⇔ implant(v) = 1 ∧ d(v, skull) ≥ gap, with d the Euclidean distance between voxel centres in mm
/// (<see cref="DistanceTransform.SquaredDistanceToForeground"/>, spacing-aware). The distance transform runs on a crop
/// of the skull around the implant's bounding box grown by the gap (<see cref="Cropping.BoundingBox{T}"/>), which
/// holds every skull voxel closer than the gap to an implant voxel, so the result equals the whole-volume one.
/// </remarks>
public static class ClinicalGap
{
    /// <summary>
    /// A copy of <paramref name="implant"/> without the voxels closer than <paramref name="gapMm"/> to
    /// <paramref name="skull"/>; same grid and metadata as the implant. A gap of 0 returns an unchanged copy.
    /// </summary>
    /// <param name="implant">The implant mask (0/1).</param>
    /// <param name="skull">The (defective) skull mask (0/1) on the same grid.</param>
    /// <param name="gapMm">The gap in mm (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The gap is negative or not finite.</exception>
    /// <exception cref="GridMismatchException">The masks are on different grids.</exception>
    public static Volume<byte> Apply(Volume<byte> implant, Volume<byte> skull, double gapMm)
    {
        ArgumentNullException.ThrowIfNull(implant);
        ArgumentNullException.ThrowIfNull(skull);
        if (!(double.IsFinite(gapMm) && gapMm >= 0))
            throw new ArgumentOutOfRangeException(nameof(gapMm), gapMm, $"Clinical gap must be a finite length ≥ 0 mm; got {gapMm}.");
        implant.Grid.EnsureSameAs(skull.Grid, "implant", "skull");
        Volume<byte> result = implant.Clone();
        if (gapMm == 0) return result;
        VoxelBox? found = Cropping.BoundingBox(implant, gapMm);
        if (found is null) return result;
        VoxelBox box = found.Value;
        float[] squared = DistanceTransform.SquaredDistanceToForeground(Cropping.Crop(skull, box)).Data;
        double limit = gapMm * gapMm;
        Grid grid = implant.Grid;
        byte[] target = result.Data;
        Parallel.For(0, box.SizeZ, z =>
        {
            for (int y = 0; y < box.SizeY; y++)
            {
                Span<byte> row = target.AsSpan((int)grid.Offset(box.MinX, box.MinY + y, box.MinZ + z), box.SizeX);
                ReadOnlySpan<float> distance = squared.AsSpan(box.SizeX * (y + box.SizeY * z), box.SizeX);
                for (int x = 0; x < row.Length; x++)
                    if (row[x] != 0 && distance[x] < limit) row[x] = 0;
            }
        });
        return result;
    }
}
