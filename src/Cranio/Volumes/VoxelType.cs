namespace Cranio.Volumes;

/// <summary>The element type of a volume's voxels, as stored in files.</summary>
public enum VoxelType
{
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>); masks use it with values 0 and 1.</summary>
    UInt8,
    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Int8,
    /// <summary>Unsigned 16-bit integer (<see cref="ushort"/>).</summary>
    UInt16,
    /// <summary>Signed 16-bit integer (<see cref="short"/>); the usual type of CT in HU.</summary>
    Int16,
    /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
    UInt32,
    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    Int32,
    /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    UInt64,
    /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
    Int64,
    /// <summary>32-bit IEEE float (<see cref="float"/>).</summary>
    Float32,
    /// <summary>64-bit IEEE float (<see cref="double"/>).</summary>
    Float64,
}

/// <summary>Maps between <see cref="VoxelType"/> and CLR element types.</summary>
public static class VoxelTypes
{
    /// <summary>The voxel type of the CLR type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a supported voxel type.</exception>
    public static VoxelType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(byte) ? VoxelType.UInt8 :
        typeof(T) == typeof(sbyte) ? VoxelType.Int8 :
        typeof(T) == typeof(ushort) ? VoxelType.UInt16 :
        typeof(T) == typeof(short) ? VoxelType.Int16 :
        typeof(T) == typeof(uint) ? VoxelType.UInt32 :
        typeof(T) == typeof(int) ? VoxelType.Int32 :
        typeof(T) == typeof(ulong) ? VoxelType.UInt64 :
        typeof(T) == typeof(long) ? VoxelType.Int64 :
        typeof(T) == typeof(float) ? VoxelType.Float32 :
        typeof(T) == typeof(double) ? VoxelType.Float64 :
        throw new NotSupportedException($"{typeof(T).Name} is not a supported voxel type.");

    /// <summary>Size of one voxel in bytes.</summary>
    public static int SizeInBytes(this VoxelType type) => type switch
    {
        VoxelType.UInt8 or VoxelType.Int8 => 1,
        VoxelType.UInt16 or VoxelType.Int16 => 2,
        VoxelType.UInt32 or VoxelType.Int32 or VoxelType.Float32 => 4,
        VoxelType.UInt64 or VoxelType.Int64 or VoxelType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel type."),
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(this VoxelType type) => type is VoxelType.Float32 or VoxelType.Float64;

    /// <summary>Creates a zero-filled volume of the given voxel type on <paramref name="grid"/>.</summary>
    public static Volume Create(VoxelType type, Grid grid) => type switch
    {
        VoxelType.UInt8 => new Volume<byte>(grid),
        VoxelType.Int8 => new Volume<sbyte>(grid),
        VoxelType.UInt16 => new Volume<ushort>(grid),
        VoxelType.Int16 => new Volume<short>(grid),
        VoxelType.UInt32 => new Volume<uint>(grid),
        VoxelType.Int32 => new Volume<int>(grid),
        VoxelType.UInt64 => new Volume<ulong>(grid),
        VoxelType.Int64 => new Volume<long>(grid),
        VoxelType.Float32 => new Volume<float>(grid),
        VoxelType.Float64 => new Volume<double>(grid),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel type."),
    };

    /// <summary>
    /// Creates a volume whose voxels are NOT initialised (arbitrary values), for readers that overwrite every
    /// voxel or throw: it skips zeroing the array, which for a 512×512×300 int32 volume is a 315 MB memset.
    /// </summary>
    internal static Volume CreateUninitialized(VoxelType type, Grid grid) => type switch
    {
        VoxelType.UInt8 => Volume<byte>.Uninitialized(grid),
        VoxelType.Int8 => Volume<sbyte>.Uninitialized(grid),
        VoxelType.UInt16 => Volume<ushort>.Uninitialized(grid),
        VoxelType.Int16 => Volume<short>.Uninitialized(grid),
        VoxelType.UInt32 => Volume<uint>.Uninitialized(grid),
        VoxelType.Int32 => Volume<int>.Uninitialized(grid),
        VoxelType.UInt64 => Volume<ulong>.Uninitialized(grid),
        VoxelType.Int64 => Volume<long>.Uninitialized(grid),
        VoxelType.Float32 => Volume<float>.Uninitialized(grid),
        VoxelType.Float64 => Volume<double>.Uninitialized(grid),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel type."),
    };
}
