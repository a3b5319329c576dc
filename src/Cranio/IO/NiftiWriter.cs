using System.IO.Compression;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Writes volumes as single-file NIfTI-1 images (magic "n+1", little-endian, voxels at byte 352, no
/// extensions): <c>.nii</c> raw, <c>.nii.gz</c> gzip-compressed.
/// </summary>
/// <remarks>
/// The header holds dim = [3, X, Y, Z, 1, 1, 1, 1], the voxel type's datatype and bitpix, scl_slope 1 and
/// scl_inter 0 (no scaling), xyzt_units mm, and the geometry both as an exact sform and as the nearest qform
/// (sform_code = qform_code = 1, scanner; see <see cref="NiftiGeometry"/>). Files are written atomically
/// (<see cref="AtomicFile"/>): a failure leaves no partial file and the previous target, if any, intact.
/// </remarks>
public static class NiftiWriter
{
    /// <summary>Largest size along an axis: NIfTI-1 stores dim[] as 16-bit integers.</summary>
    public const int MaxSize = short.MaxValue;

    /// <summary>
    /// Writes <paramref name="volume"/> to <paramref name="path"/>, gzip-compressed when the name ends in
    /// <c>.nii.gz</c> and raw when it ends in <c>.nii</c> (case-insensitive).
    /// </summary>
    /// <param name="volume">The volume to write.</param>
    /// <param name="path">The target file; replaced atomically if it exists.</param>
    /// <param name="level">zlib level 1…9 for <c>.nii.gz</c>; default <see cref="GzipLevel.Default"/> (2).</param>
    /// <exception cref="ArgumentException">The name ends in neither .nii nor .nii.gz.</exception>
    /// <exception cref="CranioFormatException">A size exceeds <see cref="MaxSize"/>; nothing is written.</exception>
    public static void Write(Volume volume, string path, int level = GzipLevel.Default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentException.ThrowIfNullOrEmpty(path);
        GzipLevel.Validate(level, nameof(level));
        bool gzip;
        if (path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)) gzip = true;
        else if (path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase)) gzip = false;
        else throw new ArgumentException($"A NIfTI file name must end in .nii or .nii.gz; got \"{path}\".", nameof(path));
        byte[] header = EncodeHeader(volume, path);
        AtomicFile.Write(path, stream => WriteContent(volume, header, stream, gzip, level));
    }

    /// <summary>
    /// Writes <paramref name="volume"/> as a single-file NIfTI-1 image to <paramref name="stream"/>, which is
    /// left open.
    /// </summary>
    /// <param name="volume">The volume to write.</param>
    /// <param name="stream">The destination.</param>
    /// <param name="gzip">True to gzip-compress the whole file (as a .nii.gz), false for a raw .nii.</param>
    /// <param name="level">zlib level 1…9; default <see cref="GzipLevel.Default"/> (2).</param>
    /// <exception cref="CranioFormatException">A size exceeds <see cref="MaxSize"/>; nothing is written.</exception>
    public static void Write(Volume volume, Stream stream, bool gzip, int level = GzipLevel.Default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(stream);
        GzipLevel.Validate(level, nameof(level));
        WriteContent(volume, EncodeHeader(volume, "stream"), stream, gzip, level);
    }

    private static void WriteContent(Volume volume, byte[] header, Stream stream, bool gzip, int level)
    {
        if (!gzip)
        {
            stream.Write(header);
            stream.Write(volume.RawBytes);
            return;
        }
        using var compressed = GzipLevel.Compress(stream, level);
        compressed.Write(header);
        compressed.Write(volume.RawBytes);
    }

    /// <summary>The 352 bytes before the voxels: header and a zero extension flag.</summary>
    private static byte[] EncodeHeader(Volume volume, string name)
    {
        Grid grid = volume.Grid;
        if (grid.SizeX > MaxSize || grid.SizeY > MaxSize || grid.SizeZ > MaxSize)
            throw new CranioFormatException(name, "dim", $"NIfTI-1 sizes are 16-bit, at most {MaxSize}; the volume is {grid.SizeX} × {grid.SizeY} × {grid.SizeZ}.");
        var header = new NiftiHeader
        {
            DataType = NiftiDataType.Code(volume.VoxelType),
            BitPix = (short)(8 * volume.VoxelType.SizeInBytes()),
            VoxOffset = NiftiHeader.SingleFileDataOffset,
            SclSlope = 1,
            SclInter = 0,
            Magic = "n+1",
        };
        header.Dim[0] = 3;
        header.Dim[1] = (short)grid.SizeX;
        header.Dim[2] = (short)grid.SizeY;
        header.Dim[3] = (short)grid.SizeZ;
        for (int i = 4; i < 8; i++) header.Dim[i] = 1;
        for (int i = 4; i < 8; i++) header.PixDim[i] = 1;
        NiftiGeometry.Encode(grid, header);
        var bytes = new byte[NiftiHeader.SingleFileDataOffset];
        header.WriteTo(bytes);
        return bytes;
    }
}
