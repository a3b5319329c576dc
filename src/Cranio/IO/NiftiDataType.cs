using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// The NIfTI-1 <c>datatype</c> codes (nifti1.h <c>NIFTI_TYPE_*</c>) and their mapping to <see cref="VoxelType"/>.
/// Only the ten scalar integer and float types have a voxel type; the others (binary, complex, RGB, float128)
/// are recognised by name so that error messages can say what a file holds.
/// </summary>
internal static class NiftiDataType
{
    /// <summary>The voxel type of <paramref name="code"/>, or null when Cranio does not support it.</summary>
    public static VoxelType? ToVoxelType(short code) => code switch
    {
        2 => VoxelType.UInt8,
        4 => VoxelType.Int16,
        8 => VoxelType.Int32,
        16 => VoxelType.Float32,
        64 => VoxelType.Float64,
        256 => VoxelType.Int8,
        512 => VoxelType.UInt16,
        768 => VoxelType.UInt32,
        1024 => VoxelType.Int64,
        1280 => VoxelType.UInt64,
        _ => null,
    };

    /// <summary>The datatype code of <paramref name="type"/>.</summary>
    public static short Code(VoxelType type) => type switch
    {
        VoxelType.UInt8 => 2,
        VoxelType.Int16 => 4,
        VoxelType.Int32 => 8,
        VoxelType.Float32 => 16,
        VoxelType.Float64 => 64,
        VoxelType.Int8 => 256,
        VoxelType.UInt16 => 512,
        VoxelType.UInt32 => 768,
        VoxelType.Int64 => 1024,
        VoxelType.UInt64 => 1280,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel type."),
    };

    /// <summary>The nifti1.h name of <paramref name="code"/> (for example <c>RGB24</c>), or "unknown".</summary>
    public static string Name(short code) => code switch
    {
        0 => "UNKNOWN",
        1 => "BINARY",
        2 => "UINT8",
        4 => "INT16",
        8 => "INT32",
        16 => "FLOAT32",
        32 => "COMPLEX64",
        64 => "FLOAT64",
        128 => "RGB24",
        256 => "INT8",
        512 => "UINT16",
        768 => "UINT32",
        1024 => "INT64",
        1280 => "UINT64",
        1536 => "FLOAT128",
        1792 => "COMPLEX128",
        2048 => "COMPLEX256",
        2304 => "RGBA32",
        _ => "unknown",
    };
}
