using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Reads NRRD volumes (<c>.nrrd</c> with attached data, <c>.nhdr</c> with detached data files).
/// </summary>
/// <remarks>
/// <para>Supported: every scalar type; encodings raw, gzip, ascii and hex; little and big endian; detached data
/// in one file, a <c>LIST</c> of files or a numbered file pattern; <c>line skip</c> and <c>byte skip</c>
/// (−1 for raw data at the end of the file).</para>
/// <para>Geometry: <c>space directions</c> (full 3×3, oblique allowed) and <c>space origin</c> in the
/// <c>space</c> named by the header: LPS, RAS or LAS (short or long names), converted to LPS. Without
/// <c>space directions</c>, <c>spacings</c> give an axis-aligned grid (spacing 1 mm when absent) with origin
/// from <c>axis mins</c> (0 when absent). A 4D file whose non-spatial axis has size 1 reads as 3D.</para>
/// <para>Key/value pairs (<c>key:=value</c>) become <see cref="Volume.Metadata"/>.</para>
/// </remarks>
public static class NrrdReader
{
    /// <summary>Reads the volume in <paramref name="path"/>.</summary>
    /// <exception cref="CranioFormatException">The file is malformed or unsupported; the message names the field.</exception>
    public static Volume Read(string path)
    {
        using var stream = OpenFile(path, path);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads a volume from a seekable <paramref name="stream"/> positioned at the start of the header. Detached
    /// data files are looked up beside <paramref name="path"/>, which also names the file in error messages.
    /// </summary>
    /// <exception cref="CranioFormatException">The content is malformed or unsupported; the message names the field.</exception>
    public static Volume Read(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("NRRD reading needs a seekable stream.", nameof(stream));
        stream.Position = 0;
        NrrdHeader header = NrrdHeader.Parse(stream, path);
        NrrdLayout layout = Interpret(header, path);
        Volume volume = VoxelTypes.CreateUninitialized(layout.Type, layout.Grid);
        foreach (var pair in header.KeyValues) volume.Metadata[pair.Key] = pair.Value;
        ReadData(header, layout, stream, path, volume.RawBytes);
        return volume;
    }

    /// <summary>Reads only the header of <paramref name="path"/>: the grid and voxel type, without the voxels.</summary>
    public static (Grid Grid, VoxelType Type) ReadGeometry(string path)
    {
        using var stream = OpenFile(path, path);
        NrrdLayout layout = Interpret(NrrdHeader.Parse(stream, path), path);
        return (layout.Grid, layout.Type);
    }

    /// <summary>File read buffer: 1 MiB, so a compressed volume of a few MB takes a handful of system calls.</summary>
    private const int ReadBufferSize = 1 << 20;

    private sealed record NrrdLayout(Grid Grid, VoxelType Type, string Encoding, bool BigEndian);

    private static FileStream OpenFile(string path, string displayName)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CranioFormatException(displayName, "file", $"cannot be opened: {e.Message}", e);
        }
    }

    private static NrrdLayout Interpret(NrrdHeader header, string path)
    {
        string typeText = header.Get("type") ?? throw Missing(path, "type");
        VoxelType type = NrrdHeader.ParseType(typeText)
            ?? throw new CranioFormatException(path, "type", $"expected a scalar type such as uint8, int16, int32 or float; found \"{typeText}\".");

        string dimensionText = header.Get("dimension") ?? throw Missing(path, "dimension");
        if (!int.TryParse(dimensionText, NumberStyles.None, CultureInfo.InvariantCulture, out int dimension) || dimension is < 1 or > 16)
            throw new CranioFormatException(path, "dimension", $"expected a whole number 1–16; found \"{dimensionText}\".");

        string sizesText = header.Get("sizes") ?? throw Missing(path, "sizes");
        string[] sizeItems = sizesText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (sizeItems.Length != dimension)
            throw new CranioFormatException(path, "sizes", $"expected {dimension} sizes (the dimension); found {sizeItems.Length}: \"{sizesText}\".");
        var sizes = new long[dimension];
        for (int i = 0; i < dimension; i++)
        {
            if (!long.TryParse(sizeItems[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new CranioFormatException(path, "sizes", $"expected positive whole numbers; found \"{sizeItems[i]}\" in \"{sizesText}\".");
        }

        string encoding = (header.Get("encoding") ?? throw Missing(path, "encoding")).ToLowerInvariant();
        encoding = encoding switch
        {
            "raw" => "raw",
            "gzip" or "gz" => "gzip",
            "ascii" or "text" or "txt" => "ascii",
            "hex" => "hex",
            "bzip2" or "bz2" => throw new CranioFormatException(path, "encoding", "bzip2 is not supported; recompress with gzip (e.g. `unu save -e gzip`)."),
            _ => throw new CranioFormatException(path, "encoding", $"expected raw, gzip, ascii or hex; found \"{encoding}\"."),
        };

        bool bigEndian = false;
        string? endian = header.Get("endian");
        if (endian is not null)
        {
            bigEndian = endian switch
            {
                "little" => false,
                "big" => true,
                _ => throw new CranioFormatException(path, "endian", $"expected little or big; found \"{endian}\"."),
            };
        }
        else if (type.SizeInBytes() > 1 && encoding is "raw" or "gzip" or "hex")
        {
            throw new CranioFormatException(path, "endian", $"required for {NrrdHeader.TypeName(type)} data in {encoding} encoding, but absent.");
        }

        // Spatial axes: all of them for a 3D file; a 4D file may carry one extra axis of size 1.
        int[] spatial = SpatialAxes(header, path, dimension, sizes);
        long count = 1;
        foreach (long size in sizes)
        {
            count *= size;
            if (count > Array.MaxLength)
                throw new CranioFormatException(path, "sizes", $"\"{sizesText}\" makes more than {Array.MaxLength} voxels.");
        }

        Grid grid = BuildGrid(header, path, dimension, spatial, sizes);
        return new NrrdLayout(grid, type, encoding, bigEndian);
    }

    private static int[] SpatialAxes(NrrdHeader header, string path, int dimension, long[] sizes)
    {
        string? directions = header.Get("space directions");
        if (directions is not null)
        {
            List<string> items = NrrdHeader.SplitItems(directions);
            if (items.Count != dimension)
                throw new CranioFormatException(path, "space directions", $"expected {dimension} entries (one per axis); found {items.Count}.");
            var axes = Enumerable.Range(0, dimension).Where(i => items[i] != "none").ToArray();
            if (axes.Length != 3)
                throw new CranioFormatException(path, "space directions", $"expected 3 spatial axes; found {axes.Length}.");
            for (int i = 0; i < dimension; i++)
            {
                if (!axes.Contains(i) && sizes[i] != 1)
                    throw new CranioFormatException(path, "sizes", $"axis {i} is not spatial and has size {sizes[i]}; only 3D scalar volumes are supported.");
            }
            return axes;
        }
        if (dimension == 3) return [0, 1, 2];
        // Without space directions, the non-spatial axes of a 4D+ file are recognised by their size of 1.
        int[] longAxes = Enumerable.Range(0, dimension).Where(i => sizes[i] != 1).ToArray();
        if (dimension > 3 && longAxes.Length <= 3)
        {
            int[] unitAxes = Enumerable.Range(0, dimension).Where(i => sizes[i] == 1).ToArray();
            return longAxes.Concat(unitAxes.Take(3 - longAxes.Length)).Order().ToArray();
        }
        throw new CranioFormatException(path, "dimension", $"expected a 3D volume; found dimension {dimension} with sizes {string.Join(' ', sizes)}.");
    }

    private static Grid BuildGrid(NrrdHeader header, string path, int dimension, int[] spatial, long[] sizes)
    {
        int sx = (int)sizes[spatial[0]], sy = (int)sizes[spatial[1]], sz = (int)sizes[spatial[2]];
        string? spaceText = header.Get("space");
        string? directionsText = header.Get("space directions");
        (double X, double Y) toLps = (1, 1);
        if (spaceText is not null)
        {
            toLps = spaceText.ToLowerInvariant() switch
            {
                "left-posterior-superior" or "lps" => (1, 1),
                "right-anterior-superior" or "ras" => (-1, -1),
                "left-anterior-superior" or "las" => (1, -1),
                _ => throw new CranioFormatException(path, "space", $"expected left-posterior-superior, right-anterior-superior or left-anterior-superior (or LPS, RAS, LAS); found \"{spaceText}\"."),
            };
        }
        else if (header.Get("space dimension") is { } spaceDimension && spaceDimension.Trim() != "3")
        {
            throw new CranioFormatException(path, "space dimension", $"expected 3; found \"{spaceDimension}\".");
        }

        try
        {
            if (directionsText is not null)
            {
                List<string> items = NrrdHeader.SplitItems(directionsText);
                var columns = new Vec3[3];
                for (int c = 0; c < 3; c++)
                {
                    double[] v = NrrdHeader.ParseVector(items[spatial[c]], path, "space directions")!;
                    if (v.Length != 3)
                        throw new CranioFormatException(path, "space directions", $"expected 3 components per vector; found {v.Length} in {items[spatial[c]]}.");
                    columns[c] = new Vec3(v[0] * toLps.X, v[1] * toLps.Y, v[2]);
                    if (!columns[c].IsFinite || columns[c].Length == 0)
                        throw new CranioFormatException(path, "space directions", $"axis {spatial[c]} has a zero or non-finite vector {items[spatial[c]]}.");
                }
                Vec3 origin = ParseOrigin(header, path, toLps);
                return Grid.FromSpaceDirections(sx, sy, sz, Mat3.FromColumns(columns[0], columns[1], columns[2]), origin);
            }
            Vec3 spacing = new(1, 1, 1);
            if (header.Get("spacings") is { } spacingsText)
            {
                string[] items = spacingsText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (items.Length != dimension)
                    throw new CranioFormatException(path, "spacings", $"expected {dimension} values; found {items.Length}.");
                var s = new double[3];
                for (int c = 0; c < 3; c++)
                {
                    if (!double.TryParse(items[spatial[c]], NumberStyles.Float, CultureInfo.InvariantCulture, out s[c]) || !double.IsFinite(s[c]) || s[c] <= 0)
                        throw new CranioFormatException(path, "spacings", $"expected finite positive values; found \"{items[spatial[c]]}\" for axis {spatial[c]}.");
                }
                spacing = new Vec3(s[0], s[1], s[2]);
            }
            Vec3 min = Vec3.Zero;
            if (header.Get("axis mins") is { } minsText)
            {
                string[] items = minsText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var m = new double[3];
                for (int c = 0; c < 3; c++)
                {
                    if (items.Length != dimension || !double.TryParse(items[spatial[c]], NumberStyles.Float, CultureInfo.InvariantCulture, out m[c]) || !double.IsFinite(m[c]))
                        throw new CranioFormatException(path, "axis mins", $"expected {dimension} finite values; found \"{minsText}\".");
                }
                min = new Vec3(m[0], m[1], m[2]);
            }
            return Grid.AxisAligned(sx, sy, sz, spacing, min);
        }
        catch (ArgumentException e)
        {
            string field = e.ParamName switch
            {
                "direction" or "space directions" => "space directions",
                "spacing" => directionsText is null ? "spacings" : "space directions",
                "origin" => "space origin",
                _ => "sizes",
            };
            throw new CranioFormatException(path, field, e.Message.Split(" (Parameter")[0], e);
        }
    }

    private static Vec3 ParseOrigin(NrrdHeader header, string path, (double X, double Y) toLps)
    {
        string? text = header.Get("space origin");
        if (text is null) return Vec3.Zero;
        double[] v = NrrdHeader.ParseVector(text, path, "space origin")
            ?? throw new CranioFormatException(path, "space origin", "expected a vector (x,y,z); found none.");
        if (v.Length != 3 || v.Any(x => !double.IsFinite(x)))
            throw new CranioFormatException(path, "space origin", $"expected 3 finite components; found {text}.");
        return new Vec3(v[0] * toLps.X, v[1] * toLps.Y, v[2]);
    }

    private static void ReadData(NrrdHeader header, NrrdLayout layout, Stream headerStream, string path, Span<byte> target)
    {
        int lineSkip = ParseSkip(header, path, "line skip", allowMinusOne: false);
        long byteSkip = ParseSkip(header, path, "byte skip", allowMinusOne: true);
        if (byteSkip == -1 && layout.Encoding != "raw")
            throw new CranioFormatException(path, "byte skip", $"-1 (data at the end of the file) is only allowed with raw encoding; the encoding is {layout.Encoding}.");

        List<string> dataFiles = DataFiles(header, path);
        if (dataFiles.Count == 0)
        {
            headerStream.Position = header.DataOffset;
            ReadOne(headerStream, path, layout, lineSkip, byteSkip, target);
        }
        else
        {
            int typeSize = layout.Type.SizeInBytes();
            long voxelsPerFile = target.Length / typeSize / dataFiles.Count;
            if (voxelsPerFile * dataFiles.Count * typeSize != target.Length)
                throw new CranioFormatException(path, "data file", $"{dataFiles.Count} data files do not divide the {target.Length / typeSize} voxels evenly.");
            int bytesPerFile = checked((int)(voxelsPerFile * typeSize));
            for (int f = 0; f < dataFiles.Count; f++)
            {
                using FileStream data = OpenFile(dataFiles[f], dataFiles[f]);
                ReadOne(data, dataFiles[f], layout, lineSkip, byteSkip, target.Slice(f * bytesPerFile, bytesPerFile));
            }
        }
        if (layout.BigEndian && layout.Encoding is "raw" or "gzip" or "hex") SwapToLittleEndian(target, layout.Type.SizeInBytes());
    }

    private static List<string> DataFiles(NrrdHeader header, string path)
    {
        string? spec = header.Get("data file");
        if (spec is null) return [];
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string Resolve(string name) => Path.IsPathRooted(name) ? name : Path.Combine(directory, name);
        if (spec.StartsWith("LIST", StringComparison.Ordinal))
        {
            if (header.DataFileList.Count == 0)
                throw new CranioFormatException(path, "data file", "LIST is followed by no file names.");
            return header.DataFileList.Select(Resolve).ToList();
        }
        string[] parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && parts[0].Contains('%'))
        {
            if (!int.TryParse(parts[1], CultureInfo.InvariantCulture, out int min) ||
                !int.TryParse(parts[2], CultureInfo.InvariantCulture, out int max) ||
                !int.TryParse(parts[3], CultureInfo.InvariantCulture, out int step) || step == 0 || (max - min) / step < 0)
                throw new CranioFormatException(path, "data file", $"expected \"<format> <min> <max> <step> [<subdim>]\"; found \"{spec}\".");
            var files = new List<string>();
            for (int i = min; step > 0 ? i <= max : i >= max; i += step) files.Add(Resolve(FormatNumbered(parts[0], i, path)));
            return files;
        }
        return [Resolve(spec)];
    }

    private static string FormatNumbered(string format, int number, string path)
    {
        int percent = format.IndexOf('%');
        int end = percent + 1;
        while (end < format.Length && char.IsDigit(format[end])) end++;
        if (end >= format.Length || format[end] != 'd')
            throw new CranioFormatException(path, "data file", $"only %d-style patterns are supported; found \"{format}\".");
        string width = format[(percent + 1)..end];
        string digits = width.StartsWith('0') && width.Length > 1
            ? number.ToString("D" + width[1..], CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture).PadLeft(width.Length == 0 ? 0 : int.Parse(width, CultureInfo.InvariantCulture));
        return format[..percent] + digits + format[(end + 1)..];
    }

    private static int ParseSkip(NrrdHeader header, string path, string field, bool allowMinusOne)
    {
        string? text = header.Get(field);
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < (allowMinusOne ? -1 : 0))
            throw new CranioFormatException(path, field, $"expected a whole number ≥ {(allowMinusOne ? -1 : 0)}; found \"{text}\".");
        return value;
    }

    private static void ReadOne(Stream file, string path, NrrdLayout layout, int lineSkip, long byteSkip, Span<byte> target)
    {
        for (int line = 0; line < lineSkip; line++)
        {
            int b;
            while ((b = file.ReadByte()) >= 0 && b != '\n') { }
            if (b < 0) throw new CranioFormatException(path, "line skip", $"the file ends before {lineSkip} lines were skipped.");
        }
        if (byteSkip == -1)
        {
            if (file.Length - file.Position < target.Length)
                throw new CranioFormatException(path, "data", $"expected {target.Length} bytes at the end of the file; the file has {file.Length - file.Position} after the header.");
            file.Position = file.Length - target.Length;
        }
        else if (layout.Encoding == "raw" && byteSkip > 0)
        {
            file.Position += byteSkip;
        }

        switch (layout.Encoding)
        {
            case "raw":
                ReadExactly(file, path, target, "data");
                if (byteSkip != -1 && file.Position != file.Length)
                    throw new CranioFormatException(path, "data", $"{file.Length - file.Position} bytes follow the {target.Length} bytes that sizes × type describe.");
                break;
            case "gzip":
                using (var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
                {
                    Stream data = gzip;
                    try
                    {
                        var skipBuffer = new byte[(int)Math.Clamp(byteSkip, 0, 1 << 16)];
                        for (long skipped = 0; skipped < byteSkip;)
                        {
                            int n = data.Read(skipBuffer.AsSpan(0, (int)Math.Min(skipBuffer.Length, byteSkip - skipped)));
                            if (n == 0) throw new CranioFormatException(path, "byte skip", $"the compressed data end before {byteSkip} bytes were skipped.");
                            skipped += n;
                        }
                        ReadExactly(data, path, target, "gzip data");
                        Span<byte> probe = stackalloc byte[1];
                        if (data.Read(probe) != 0)
                            throw new CranioFormatException(path, "gzip data", $"the data are longer than the {target.Length} bytes that sizes × type describe.");
                    }
                    catch (InvalidDataException e)
                    {
                        throw new CranioFormatException(path, "gzip data", $"corrupt compressed data: {e.Message}", e);
                    }
                }
                break;
            default:
                ReadText(file, path, layout, byteSkip, target);
                break;
        }
    }

    private static void ReadExactly(Stream stream, string path, Span<byte> target, string field)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = stream.Read(target[total..]);
            if (n == 0)
                throw new CranioFormatException(path, field, $"truncated: expected {target.Length} bytes (sizes × type); found {total}.");
            total += n;
        }
    }

    private static void ReadText(Stream file, string path, NrrdLayout layout, long byteSkip, Span<byte> target)
    {
        using var reader = new StreamReader(file, Encoding.Latin1, false, 1 << 16, leaveOpen: true);
        string text = reader.ReadToEnd();
        if (layout.Encoding == "hex")
        {
            var digits = new StringBuilder(text.Length);
            foreach (char c in text) if (!char.IsWhiteSpace(c)) digits.Append(c);
            if (digits.Length % 2 != 0 || digits.Length / 2 - byteSkip != target.Length)
                throw new CranioFormatException(path, "hex data", $"expected {target.Length} bytes ({2 * target.Length} hex digits); found {digits.Length} digits.");
            try
            {
                Convert.FromHexString(digits.ToString().AsSpan((int)(2 * byteSkip))).CopyTo(target);
            }
            catch (FormatException e)
            {
                throw new CranioFormatException(path, "hex data", "contains characters that are not hex digits.", e);
            }
            return;
        }
        string[] tokens = text.Split([' ', '\t', '\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries);
        int size = layout.Type.SizeInBytes();
        int count = target.Length / size;
        if (tokens.Length != count)
            throw new CranioFormatException(path, "ascii data", $"expected {count} values (sizes); found {tokens.Length}.");
        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new CranioFormatException(path, "ascii data", $"value {i} \"{tokens[i]}\" is not a number.");
            WriteValue(target.Slice(i * size, size), layout.Type, value);
        }
    }

    private static void WriteValue(Span<byte> slot, VoxelType type, double value)
    {
        switch (type)
        {
            case VoxelType.UInt8: slot[0] = (byte)value; break;
            case VoxelType.Int8: slot[0] = (byte)(sbyte)value; break;
            case VoxelType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)value); break;
            case VoxelType.Int16: BinaryPrimitives.WriteInt16LittleEndian(slot, (short)value); break;
            case VoxelType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)value); break;
            case VoxelType.Int32: BinaryPrimitives.WriteInt32LittleEndian(slot, (int)value); break;
            case VoxelType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(slot, (ulong)value); break;
            case VoxelType.Int64: BinaryPrimitives.WriteInt64LittleEndian(slot, (long)value); break;
            case VoxelType.Float32: BinaryPrimitives.WriteSingleLittleEndian(slot, (float)value); break;
            default: BinaryPrimitives.WriteDoubleLittleEndian(slot, value); break;
        }
    }

    /// <summary>Reverses the byte order of every element of <paramref name="bytes"/> in place.</summary>
    internal static void SwapToLittleEndian(Span<byte> bytes, int elementSize)
    {
        switch (elementSize)
        {
            case 2:
                var u16 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    private static CranioFormatException Missing(string path, string field) =>
        new(path, field, "required field is missing from the header.");
}
