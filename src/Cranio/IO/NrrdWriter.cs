using System.Globalization;
using System.IO.Compression;
using System.Text;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Writes NRRD volumes: <c>.nrrd</c> with attached data, or <c>.nhdr</c> with the data in a detached file beside
/// it (<c>NAME.raw</c> or <c>NAME.raw.gz</c>). The header states <c>space: left-posterior-superior</c>, the full
/// <c>space directions</c> (spacing × direction columns) and <c>space origin</c> with round-trip precision,
/// <c>kinds: domain domain domain</c> and little-endian data; <see cref="Volume.Metadata"/> is written as
/// key/value pairs. Files are written atomically (see <see cref="AtomicFile"/>).
/// </summary>
public static class NrrdWriter
{
    /// <summary>Writes <paramref name="volume"/> to <paramref name="path"/>; a path ending in <c>.nhdr</c> gets detached data.</summary>
    public static void Write(Volume volume, string path, NrrdWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= NrrdWriteOptions.Default;
        if (path.EndsWith(".nhdr", StringComparison.OrdinalIgnoreCase))
        {
            string dataName = Path.GetFileNameWithoutExtension(path) + (options.Compress ? ".raw.gz" : ".raw");
            string dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dataName);
            AtomicFile.Write(dataPath, stream => WriteData(volume, stream, options));
            AtomicFile.WriteAllText(path, Header(volume, options, dataName));
            return;
        }
        AtomicFile.Write(path, stream => Write(volume, stream, options));
    }

    /// <summary>Writes <paramref name="volume"/> as an NRRD with attached data to <paramref name="stream"/>, which stays open.</summary>
    public static void Write(Volume volume, Stream stream, NrrdWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= NrrdWriteOptions.Default;
        stream.Write(Encoding.ASCII.GetBytes(Header(volume, options, null)));
        WriteData(volume, stream, options);
    }

    /// <summary>The header text, ending with the blank line that separates it from attached data.</summary>
    internal static string Header(Volume volume, NrrdWriteOptions options, string? dataFile)
    {
        Grid g = volume.Grid;
        var text = new StringBuilder();
        text.Append("NRRD0004\n");
        text.Append("# Complete NRRD file format specification at: http://teem.sourceforge.net/nrrd/format.html\n");
        text.Append("type: ").Append(NrrdHeader.TypeName(volume.VoxelType)).Append('\n');
        text.Append("dimension: 3\n");
        text.Append("space: left-posterior-superior\n");
        text.Append(CultureInfo.InvariantCulture, $"sizes: {g.SizeX} {g.SizeY} {g.SizeZ}\n");
        Mat3 d = g.SpaceDirections;
        text.Append("space directions: ").Append(Vector(d.Column(0))).Append(' ').Append(Vector(d.Column(1))).Append(' ').Append(Vector(d.Column(2))).Append('\n');
        text.Append("kinds: domain domain domain\n");
        text.Append("endian: little\n");
        text.Append("encoding: ").Append(options.Compress ? "gzip" : "raw").Append('\n');
        text.Append("space origin: ").Append(Vector(g.Origin)).Append('\n');
        if (dataFile is not null) text.Append("data file: ").Append(dataFile).Append('\n');
        foreach (var pair in volume.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(NrrdHeader.Escape(pair.Key).Replace(":=", ": =", StringComparison.Ordinal)).Append(":=").Append(NrrdHeader.Escape(pair.Value)).Append('\n');
        if (dataFile is null) text.Append('\n');
        return text.ToString();
    }

    private static string Vector(Vec3 v) =>
        string.Create(CultureInfo.InvariantCulture, $"({v.X:R},{v.Y:R},{v.Z:R})");

    private static void WriteData(Volume volume, Stream stream, NrrdWriteOptions options)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing NRRD requires a little-endian machine.");
        if (!options.Compress)
        {
            stream.Write(volume.RawBytes);
            return;
        }
        using var gzip = GzipLevel.Compress(stream, options.Level);
        gzip.Write(volume.RawBytes);
    }
}
