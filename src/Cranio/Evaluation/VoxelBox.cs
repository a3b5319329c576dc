using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// An axis-aligned box of voxel indices, bounds inclusive (x, y, z in the grid's index order). The empty box
/// has <see cref="IsEmpty"/> true and is the identity of <see cref="Union"/>.
/// </summary>
internal readonly record struct VoxelBox(int MinX, int MinY, int MinZ, int MaxX, int MaxY, int MaxZ)
{
    /// <summary>The box that contains nothing.</summary>
    public static VoxelBox Empty { get; } = new(int.MaxValue, int.MaxValue, int.MaxValue, int.MinValue, int.MinValue, int.MinValue);

    /// <summary>True when the box contains no voxel.</summary>
    public bool IsEmpty => MinX > MaxX || MinY > MaxY || MinZ > MaxZ;

    /// <summary>Voxels along x, y, z (0 for an empty box).</summary>
    public (int X, int Y, int Z) Size => IsEmpty ? (0, 0, 0) : (MaxX - MinX + 1, MaxY - MinY + 1, MaxZ - MinZ + 1);

    /// <summary>The smallest box containing both.</summary>
    public VoxelBox Union(VoxelBox other) => IsEmpty ? other : other.IsEmpty ? this : new(
        Math.Min(MinX, other.MinX), Math.Min(MinY, other.MinY), Math.Min(MinZ, other.MinZ),
        Math.Max(MaxX, other.MaxX), Math.Max(MaxY, other.MaxY), Math.Max(MaxZ, other.MaxZ));

    /// <summary>The box grown by (mx, my, mz) voxels on every side and clipped to <paramref name="grid"/>.</summary>
    public VoxelBox Expand(int mx, int my, int mz, Grid grid) => IsEmpty ? this : new(
        Math.Max(0, MinX - mx), Math.Max(0, MinY - my), Math.Max(0, MinZ - mz),
        Math.Min(grid.SizeX - 1, MaxX + mx), Math.Min(grid.SizeY - 1, MaxY + my), Math.Min(grid.SizeZ - 1, MaxZ + mz));

    /// <summary>The bounding box of the non-zero voxels of <paramref name="mask"/> (empty when there are none).</summary>
    public static VoxelBox Of(Volume<byte> mask)
    {
        Grid g = mask.Grid;
        byte[] data = mask.Data;
        var perSlice = new VoxelBox[g.SizeZ];
        Parallel.For(0, g.SizeZ, z =>
        {
            VoxelBox box = Empty;
            for (int y = 0; y < g.SizeY; y++)
            {
                ReadOnlySpan<byte> row = data.AsSpan((int)g.Offset(0, y, z), g.SizeX);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0) continue;
                int last = row.LastIndexOfAnyExcept((byte)0);
                box = box.Union(new VoxelBox(first, y, z, last, y, z));
            }
            perSlice[z] = box;
        });
        VoxelBox result = Empty;
        foreach (VoxelBox box in perSlice) result = result.Union(box);
        return result;
    }

    /// <summary>
    /// Copies the voxels of <paramref name="volume"/> inside this box into a new volume whose grid is the box:
    /// same spacing and direction, origin moved to the physical point of the box's first voxel.
    /// </summary>
    public Volume<byte> Crop(Volume<byte> volume)
    {
        if (IsEmpty) throw new InvalidOperationException("Cannot crop to an empty box.");
        Grid g = volume.Grid;
        var (nx, ny, nz) = Size;
        var grid = g with { SizeX = nx, SizeY = ny, SizeZ = nz, Origin = g.IndexToPhysical(MinX, MinY, MinZ) };
        var result = new Volume<byte>(grid);
        byte[] source = volume.Data, target = result.Data;
        int minX = MinX, minY = MinY, minZ = MinZ;
        Parallel.For(0, nz, z =>
        {
            for (int y = 0; y < ny; y++)
                source.AsSpan((int)g.Offset(minX, minY + y, minZ + z), nx).CopyTo(target.AsSpan((int)grid.Offset(0, y, z), nx));
        });
        return result;
    }
}
