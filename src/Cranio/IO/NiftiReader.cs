using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Reads NIfTI-1 images: a single <c>.nii</c> file (magic "n+1"), raw or gzip-compressed, or an ANALYZE-style
/// <c>.hdr</c>/<c>.img</c> pair (magic "ni1"). Compression is detected by the gzip signature (1f 8b), not by
/// the file name; big-endian files are detected by their byte-swapped <c>sizeof_hdr</c> and converted.
/// </summary>
/// <remarks>
/// <para>Geometry: see <see cref="NiftiGeometry"/>. The sform is preferred when <c>sform_code</c> &gt; 0, then
/// the qform, then pixdim alone; RAS is converted to Cranio's LPS.</para>
/// <para>Supported datatypes: UINT8, INT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64.
/// <c>dim[0]</c> must be 3, or 4 or 5 with the extra sizes equal to 1. Extensions between byte 348 and
/// <c>vox_offset</c> are skipped; a single-file <c>vox_offset</c> of 0 (written by some old tools) is taken as
/// 352.</para>
/// <para>Intensity scaling: when <c>scl_slope</c> is finite and non-zero and (scl_slope, scl_inter) ≠ (1, 0),
/// every voxel v becomes <c>v·scl_slope + scl_inter</c>, computed in double precision and returned as a
/// Float32 volume (Float64 when the file stores FLOAT64, INT64 or UINT64, which float32 would round). Otherwise
/// the stored type is returned unchanged.</para>
/// </remarks>
public static class NiftiReader
{
    /// <summary>
    /// Reads the NIfTI-1 image at <paramref name="path"/>: a <c>.nii</c> or <c>.nii.gz</c> file, or either file
    /// of a <c>.hdr</c>/<c>.img</c> pair (each optionally gzip-compressed).
    /// </summary>
    /// <exception cref="CranioFormatException">The file is malformed or unsupported; the message names the file and the field.</exception>
    public static Volume Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (PairFiles(path) is var (headerPath, imagePath))
        {
            NiftiHeader header;
            using (var headerFile = OpenFile(headerPath))
                header = WithGzipErrors(headerPath, () => ReadHeader(headerFile, headerPath));
            if (header.Magic != "ni1")
                throw new CranioFormatException(headerPath, "magic", $"a .hdr file must have magic \"ni1\" (voxels in {Path.GetFileName(imagePath)}); found \"{header.Magic}\".");
            using var imageFile = OpenFile(imagePath);
            return WithGzipErrors(imagePath, () => ReadImage(imageFile, header, headerPath, imagePath, headerBytesConsumed: 0));
        }
        using var file = OpenFile(path);
        return Read(file, path);
    }

    /// <summary>
    /// Reads a single-file NIfTI-1 image (magic "n+1", raw or gzip) from <paramref name="stream"/>, which is
    /// read forward from its current position and left open.
    /// </summary>
    /// <param name="stream">The image bytes.</param>
    /// <param name="name">How to call the source in error messages (for example its file name).</param>
    /// <exception cref="CranioFormatException">The content is malformed or unsupported; the message names <paramref name="name"/> and the field.</exception>
    public static Volume Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        return WithGzipErrors(name, () =>
        {
            NiftiHeader header = ReadHeader(stream, name, out Stream source);
            try
            {
                if (header.Magic != "n+1")
                    throw new CranioFormatException(name, "magic", $"found \"{header.Magic}\", the header of a .hdr/.img pair whose voxels are in the .img file; read the pair by the path of its .hdr file.");
                return ReadImage(source, header, name, name, headerBytesConsumed: NiftiHeader.Size);
            }
            finally
            {
                if (!ReferenceEquals(source, stream)) source.Dispose();
            }
        });
    }

    private static NiftiHeader ReadHeader(Stream stream, string name)
    {
        NiftiHeader header = ReadHeader(stream, name, out Stream source);
        if (!ReferenceEquals(source, stream)) source.Dispose();
        return header;
    }

    private static NiftiHeader ReadHeader(Stream stream, string name, out Stream source)
    {
        source = Decompressed(stream);
        try
        {
            var bytes = new byte[NiftiHeader.Size];
            int read = source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
                throw new CranioFormatException(name, "header", $"expected a {NiftiHeader.Size}-byte NIfTI-1 header; the data end after {read} bytes.");
            return NiftiHeader.Parse(bytes, name);
        }
        catch
        {
            if (!ReferenceEquals(source, stream)) source.Dispose();
            throw;
        }
    }

    private static Volume ReadImage(Stream stream, NiftiHeader header, string headerName, string imageName, int headerBytesConsumed)
    {
        (VoxelType type, Grid grid, long offset) = Validate(header, headerName);
        Stream source = headerBytesConsumed == 0 ? Decompressed(stream) : stream;
        try
        {
            long skip = offset - headerBytesConsumed;
            if (skip > 0)
            {
                var scratch = new byte[(int)Math.Min(skip, 1 << 16)];
                for (long remaining = skip; remaining > 0;)
                {
                    int read = source.Read(scratch, 0, (int)Math.Min(remaining, scratch.Length));
                    if (read == 0)
                        throw new CranioFormatException(imageName, "vox_offset", $"the voxels should start at byte {offset}; the data end after {offset - remaining} bytes.");
                    remaining -= read;
                }
            }

            Volume volume = VoxelTypes.CreateUninitialized(type, grid);
            Span<byte> raw = volume.RawBytes;
            int got = source.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length)
                throw new CranioFormatException(imageName, "data",
                    $"expected {raw.Length} bytes of voxels ({grid.SizeX}×{grid.SizeY}×{grid.SizeZ} {NiftiDataType.Name(header.DataType)}) from byte {offset}; the data end after {got}.");
            if (header.BigEndian) ReverseEndianness(raw, type.SizeInBytes());
            return ApplyScaling(volume, header, headerName);
        }
        finally
        {
            if (!ReferenceEquals(source, stream)) source.Dispose();
        }
    }

    private static (VoxelType Type, Grid Grid, long Offset) Validate(NiftiHeader header, string name)
    {
        short[] dim = header.Dim;
        int rank = dim[0];
        bool rankOk = rank is >= 3 and <= 5;
        for (int axis = 4; rankOk && axis <= rank; axis++) rankOk = dim[axis] == 1;
        if (!rankOk)
            throw new CranioFormatException(name, "dim", $"expected a 3D image: dim[0] = 3, or 4 or 5 with the extra sizes equal to 1; found dim = [{string.Join(", ", dim)}].");
        if (dim[1] < 1 || dim[2] < 1 || dim[3] < 1)
            throw new CranioFormatException(name, "dim", $"sizes dim[1..3] must be at least 1; found {dim[1]} × {dim[2]} × {dim[3]}.");

        VoxelType type = NiftiDataType.ToVoxelType(header.DataType)
            ?? throw new CranioFormatException(name, "datatype",
                $"found {header.DataType} ({NiftiDataType.Name(header.DataType)}); supported are 2 (UINT8), 256 (INT8), 4 (INT16), 512 (UINT16), 8 (INT32), 768 (UINT32), 1024 (INT64), 1280 (UINT64), 16 (FLOAT32) and 64 (FLOAT64).");

        long count = (long)dim[1] * dim[2] * dim[3];
        long bytes = count * type.SizeInBytes();
        if (bytes > Array.MaxLength)
            throw new CranioFormatException(name, "dim", $"{dim[1]} × {dim[2]} × {dim[3]} voxels of {NiftiDataType.Name(header.DataType)} take {bytes} bytes, more than the maximum of {Array.MaxLength}.");

        float voxOffset = header.VoxOffset;
        if (!float.IsFinite(voxOffset) || voxOffset < 0 || voxOffset != MathF.Floor(voxOffset))
            throw new CranioFormatException(name, "vox_offset", $"expected a non-negative whole number of bytes; found {voxOffset}.");
        long offset = (long)voxOffset;
        if (header.Magic == "n+1")
        {
            if (offset == 0) offset = NiftiHeader.SingleFileDataOffset;
            if (offset < NiftiHeader.SingleFileDataOffset)
                throw new CranioFormatException(name, "vox_offset", $"a single-file (n+1) image keeps its voxels at byte {NiftiHeader.SingleFileDataOffset} or later; found {voxOffset}.");
        }
        return (type, NiftiGeometry.ToGrid(header, name), offset);
    }

    private static void ReverseEndianness(Span<byte> raw, int size)
    {
        switch (size)
        {
            case 2:
                Span<ushort> shorts = MemoryMarshal.Cast<byte, ushort>(raw);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                Span<uint> ints = MemoryMarshal.Cast<byte, uint>(raw);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                Span<ulong> longs = MemoryMarshal.Cast<byte, ulong>(raw);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    private static Volume ApplyScaling(Volume volume, NiftiHeader header, string name)
    {
        float slope = header.SclSlope, intercept = header.SclInter;
        if (!float.IsFinite(slope) || slope == 0 || (slope == 1 && intercept == 0)) return volume;
        if (!float.IsFinite(intercept))
            throw new CranioFormatException(name, "scl_inter", $"with scl_slope {slope} the intercept must be finite; found {intercept}.");
        bool wide = volume.VoxelType is VoxelType.Float64 or VoxelType.Int64 or VoxelType.UInt64;
        return volume switch
        {
            Volume<byte> v => Scale<byte, float>(v, slope, intercept),
            Volume<sbyte> v => Scale<sbyte, float>(v, slope, intercept),
            Volume<short> v => Scale<short, float>(v, slope, intercept),
            Volume<ushort> v => Scale<ushort, float>(v, slope, intercept),
            Volume<int> v => Scale<int, float>(v, slope, intercept),
            Volume<uint> v => Scale<uint, float>(v, slope, intercept),
            Volume<float> v => Scale<float, float>(v, slope, intercept),
            Volume<long> v when wide => Scale<long, double>(v, slope, intercept),
            Volume<ulong> v when wide => Scale<ulong, double>(v, slope, intercept),
            Volume<double> v when wide => Scale<double, double>(v, slope, intercept),
            _ => throw new InvalidOperationException($"No scaling for {volume.VoxelType}."),
        };
    }

    private static Volume<TOut> Scale<TIn, TOut>(Volume<TIn> volume, double slope, double intercept)
        where TIn : unmanaged, INumber<TIn>
        where TOut : unmanaged, IFloatingPoint<TOut>
    {
        var result = volume.SameGrid<TOut>();
        TIn[] source = volume.Data;
        TOut[] target = result.Data;
        int slice = volume.Grid.SliceLength;
        Parallel.For(0, volume.Grid.SizeZ, z =>
        {
            ReadOnlySpan<TIn> from = source.AsSpan(z * slice, slice);
            Span<TOut> to = target.AsSpan(z * slice, slice);
            for (int i = 0; i < from.Length; i++)
                to[i] = TOut.CreateTruncating(double.CreateTruncating(from[i]) * slope + intercept);
        });
        return result;
    }

    private static Stream Decompressed(Stream stream)
    {
        Span<byte> signature = stackalloc byte[2];
        Stream source;
        int read;
        if (stream.CanSeek)
        {
            long start = stream.Position;
            read = stream.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            stream.Position = start;
            source = stream;
        }
        else
        {
            read = stream.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            source = new PrefixedStream(signature[..read].ToArray(), stream);
        }
        bool gzip = read == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
        return gzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : source;
    }

    private static T WithGzipErrors<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new CranioFormatException(name, "gzip", $"the compressed data are corrupt: {e.Message}", e);
        }
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    /// <summary>For a .hdr or .img path (optionally .gz), the existing header and image files of the pair; else null.</summary>
    private static (string Header, string Image)? PairFiles(string path)
    {
        string stem = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        string extension = Path.GetExtension(stem);
        if (!extension.Equals(".hdr", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".img", StringComparison.OrdinalIgnoreCase))
            return null;
        stem = stem[..^extension.Length];
        string header = Existing(stem, ".hdr");
        string image = Existing(stem, ".img");
        return (header, image);
    }

    private static string Existing(string stem, string extension)
    {
        string plain = stem + extension;
        if (File.Exists(plain)) return plain;
        string compressed = plain + ".gz";
        if (File.Exists(compressed)) return compressed;
        throw new FileNotFoundException($"The {extension} file of the NIfTI pair {stem} was not found (tried {Path.GetFileName(plain)} and {Path.GetFileName(compressed)}).", plain);
    }
}
