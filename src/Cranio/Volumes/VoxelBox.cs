namespace Cranio.Volumes;

/// <summary>
/// An axis-aligned box of voxel indices, both ends inclusive: x from <see cref="MinX"/> to <see cref="MaxX"/>,
/// and so on (index order i, j, k as in <see cref="Grid"/>).
/// </summary>
public readonly record struct VoxelBox
{
    /// <summary>Creates a box; each minimum must not exceed its maximum.</summary>
    /// <exception cref="ArgumentException">A minimum exceeds its maximum.</exception>
    public VoxelBox(int minX, int minY, int minZ, int maxX, int maxY, int maxZ)
    {
        if (minX > maxX || minY > maxY || minZ > maxZ)
            throw new ArgumentException($"Box minimum must not exceed its maximum on any axis; got ({minX}, {minY}, {minZ})..({maxX}, {maxY}, {maxZ}).", "box");
        MinX = minX; MinY = minY; MinZ = minZ;
        MaxX = maxX; MaxY = maxY; MaxZ = maxZ;
    }

    /// <summary>The box covering every voxel of <paramref name="grid"/>.</summary>
    public static VoxelBox Of(Grid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return new(0, 0, 0, grid.SizeX - 1, grid.SizeY - 1, grid.SizeZ - 1);
    }

    /// <summary>First x index.</summary>
    public int MinX { get; }

    /// <summary>First y index.</summary>
    public int MinY { get; }

    /// <summary>First z index.</summary>
    public int MinZ { get; }

    /// <summary>Last x index (inclusive).</summary>
    public int MaxX { get; }

    /// <summary>Last y index (inclusive).</summary>
    public int MaxY { get; }

    /// <summary>Last z index (inclusive).</summary>
    public int MaxZ { get; }

    /// <summary>Voxels along x: MaxX − MinX + 1.</summary>
    public int SizeX => MaxX - MinX + 1;

    /// <summary>Voxels along y: MaxY − MinY + 1.</summary>
    public int SizeY => MaxY - MinY + 1;

    /// <summary>Voxels along z: MaxZ − MinZ + 1.</summary>
    public int SizeZ => MaxZ - MinZ + 1;

    /// <summary>True when the whole box lies inside <paramref name="grid"/>.</summary>
    public bool FitsIn(Grid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return MinX >= 0 && MinY >= 0 && MinZ >= 0 && MaxX < grid.SizeX && MaxY < grid.SizeY && MaxZ < grid.SizeZ;
    }

    /// <inheritdoc />
    public override string ToString() => $"({MinX}, {MinY}, {MinZ})..({MaxX}, {MaxY}, {MaxZ})";
}
