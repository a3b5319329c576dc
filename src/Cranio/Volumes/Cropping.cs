using System.Numerics;

namespace Cranio.Volumes;

/// <summary>
/// Crops a volume to a <see cref="VoxelBox"/> and pastes it back. A crop's grid keeps spacing and direction;
/// its origin is rewritten to the physical point of the box minimum, so every cropped voxel keeps its place in
/// physical space.
/// </summary>
public static class Cropping
{
    /// <summary>Tolerance, in voxels, for a cropped origin to count as lying on a voxel of the target grid.</summary>
    public const double OriginTolerance = 1e-3;

    /// <summary>
    /// The grid of the sub-volume <paramref name="box"/> of <paramref name="grid"/>: sizes of the box, same spacing
    /// and direction, origin = <c>grid.IndexToPhysical(box.MinX, box.MinY, box.MinZ)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The box does not fit in the grid.</exception>
    public static Grid CropGrid(Grid grid, VoxelBox box)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!box.FitsIn(grid))
            throw new ArgumentOutOfRangeException(nameof(box), box, $"Box {box} must lie inside the grid of {grid.SizeX}×{grid.SizeY}×{grid.SizeZ} voxels.");
        return new Grid(box.SizeX, box.SizeY, box.SizeZ, grid.Spacing, grid.IndexToPhysical(box.MinX, box.MinY, box.MinZ), grid.Direction);
    }

    /// <summary>The voxels of <paramref name="volume"/> inside <paramref name="box"/>, on <see cref="CropGrid"/>; metadata is copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The box does not fit in the volume.</exception>
    public static Volume<T> Crop<T>(Volume<T> volume, VoxelBox box) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        var result = new Volume<T>(CropGrid(volume.Grid, box));
        result.CopyMetadataFrom(volume);
        Copy(volume, box, result, toBox: false);
        return result;
    }

    /// <summary>
    /// The bounding box of the non-zero voxels of <paramref name="volume"/>, grown on every side by
    /// <paramref name="marginMm"/>: ⌈margin / spacing⌉ voxels per axis (so at least the margin in mm; a ratio within
    /// 1e-9 above an integer counts as that integer), clamped to
    /// the volume. Returns null when every voxel is zero.
    /// </summary>
    /// <param name="volume">Usually a mask.</param>
    /// <param name="marginMm">Margin in mm (finite, ≥ 0). Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The margin is negative or not finite.</exception>
    public static VoxelBox? BoundingBox<T>(Volume<T> volume, double marginMm = 0) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!double.IsFinite(marginMm) || marginMm < 0)
            throw new ArgumentOutOfRangeException(nameof(marginMm), marginMm, $"Margin must be a finite, non-negative number of mm; got {marginMm}.");
        Grid grid = volume.Grid;
        var slabs = new (int MinX, int MinY, int MaxX, int MaxY, bool Any)[grid.SizeZ];
        Parallel.For(0, grid.SizeZ, z =>
        {
            ReadOnlySpan<T> slice = volume.Slice(z);
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
            for (int y = 0; y < grid.SizeY; y++)
            {
                ReadOnlySpan<T> row = slice.Slice(y * grid.SizeX, grid.SizeX);
                int first = row.IndexOfAnyExcept(T.Zero);
                if (first < 0) continue;
                int last = row.LastIndexOfAnyExcept(T.Zero);
                minX = Math.Min(minX, first);
                maxX = Math.Max(maxX, last);
                minY = Math.Min(minY, y);
                maxY = y;
            }
            slabs[z] = (minX, minY, maxX, maxY, maxX >= 0);
        });
        int bx0 = int.MaxValue, by0 = int.MaxValue, bz0 = int.MaxValue, bx1 = -1, by1 = -1, bz1 = -1;
        for (int z = 0; z < slabs.Length; z++)
        {
            var s = slabs[z];
            if (!s.Any) continue;
            bx0 = Math.Min(bx0, s.MinX); by0 = Math.Min(by0, s.MinY); bz0 = Math.Min(bz0, z);
            bx1 = Math.Max(bx1, s.MaxX); by1 = Math.Max(by1, s.MaxY); bz1 = z;
        }
        if (bx1 < 0) return null;
        int mx = MarginVoxels(marginMm, grid.Spacing.X), my = MarginVoxels(marginMm, grid.Spacing.Y), mz = MarginVoxels(marginMm, grid.Spacing.Z);
        return new VoxelBox(
            Math.Max(0, bx0 - mx), Math.Max(0, by0 - my), Math.Max(0, bz0 - mz),
            (int)Math.Min(grid.SizeX - 1L, bx1 + (long)mx), (int)Math.Min(grid.SizeY - 1L, by1 + (long)my), (int)Math.Min(grid.SizeZ - 1L, bz1 + (long)mz));
    }

    /// <summary>
    /// Where <paramref name="cropped"/> lies inside <paramref name="target"/>: the box of target voxels it covers.
    /// </summary>
    /// <remarks>
    /// The cropped grid must be a sub-grid of the target: spacing equal within 1e-4 of the smallest spacing,
    /// direction elements equal within 1e-4, its origin on a target voxel centre within
    /// <see cref="OriginTolerance"/> voxels, and all of it inside the target.
    /// </remarks>
    /// <exception cref="GridMismatchException">The cropped grid is not a sub-grid of the target; the message says why.</exception>
    public static VoxelBox LocateIn(Grid target, Grid cropped)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cropped);
        const string croppedName = "the cropped volume", targetName = "the target volume";
        double tolerance = 1e-4 * Math.Min(target.Spacing.X, Math.Min(target.Spacing.Y, target.Spacing.Z));
        if (cropped.Spacing.MaxAbsDifference(target.Spacing) > tolerance)
            throw new GridMismatchException(croppedName, targetName, $"spacing differs: {cropped.Spacing} vs {target.Spacing} mm");
        if (cropped.Direction.MaxAbsDifference(target.Direction) > 1e-4)
            throw new GridMismatchException(croppedName, targetName, $"direction differs: {cropped.Direction} vs {target.Direction}");
        Vec3 index = target.PhysicalToIndex(cropped.Origin);
        var rounded = new Vec3(Math.Round(index.X), Math.Round(index.Y), Math.Round(index.Z));
        if (index.MaxAbsDifference(rounded) > OriginTolerance)
            throw new GridMismatchException(croppedName, targetName,
                $"the cropped origin {cropped.Origin} mm falls at index {index} of the target, not on a voxel centre");
        long x0 = (long)rounded.X, y0 = (long)rounded.Y, z0 = (long)rounded.Z;
        if (x0 < 0 || y0 < 0 || z0 < 0 || x0 + cropped.SizeX > target.SizeX || y0 + cropped.SizeY > target.SizeY || z0 + cropped.SizeZ > target.SizeZ)
            throw new GridMismatchException(croppedName, targetName,
                $"the cropped voxels ({x0}, {y0}, {z0})..({x0 + cropped.SizeX - 1}, {y0 + cropped.SizeY - 1}, {z0 + cropped.SizeZ - 1}) extend beyond the target's {target.SizeX}×{target.SizeY}×{target.SizeZ}");
        return new VoxelBox((int)x0, (int)y0, (int)z0, (int)x0 + cropped.SizeX - 1, (int)y0 + cropped.SizeY - 1, (int)z0 + cropped.SizeZ - 1);
    }

    /// <summary>
    /// Writes the voxels of <paramref name="cropped"/> into <paramref name="target"/> at the place given by
    /// their geometry (<see cref="LocateIn"/>); target voxels outside the crop are left as they are.
    /// </summary>
    /// <returns>The box of target voxels that was overwritten.</returns>
    /// <exception cref="GridMismatchException">The cropped grid is not a sub-grid of the target.</exception>
    public static VoxelBox PasteInto<T>(Volume<T> target, Volume<T> cropped) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cropped);
        VoxelBox box = LocateIn(target.Grid, cropped.Grid);
        Copy(target, box, cropped, toBox: true);
        return box;
    }

    /// <summary>
    /// The inverse of <see cref="Crop"/>: a new volume on <paramref name="grid"/> (typically the original grid),
    /// zero outside the crop, with <paramref name="cropped"/>'s voxels and metadata.
    /// </summary>
    /// <exception cref="GridMismatchException">The cropped grid is not a sub-grid of <paramref name="grid"/>.</exception>
    public static Volume<T> Pad<T>(Volume<T> cropped, Grid grid) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(cropped);
        var result = new Volume<T>(grid);
        result.CopyMetadataFrom(cropped);
        PasteInto(result, cropped);
        return result;
    }

    private static int MarginVoxels(double marginMm, double spacing) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(marginMm / spacing - 1e-9));

    /// <summary>Copies rows between <paramref name="large"/>'s box and all of <paramref name="small"/>, in the direction given.</summary>
    private static void Copy<T>(Volume<T> large, VoxelBox box, Volume<T> small, bool toBox) where T : unmanaged, INumber<T>
    {
        Grid lg = large.Grid;
        Parallel.For(0, box.SizeZ, z =>
        {
            for (int y = 0; y < box.SizeY; y++)
            {
                Span<T> inLarge = large.Data.AsSpan((int)lg.Offset(box.MinX, box.MinY + y, box.MinZ + z), box.SizeX);
                Span<T> inSmall = small.Data.AsSpan(box.SizeX * (y + box.SizeY * z), box.SizeX);
                if (toBox) inSmall.CopyTo(inLarge);
                else inLarge.CopyTo(inSmall);
            }
        });
    }
}
