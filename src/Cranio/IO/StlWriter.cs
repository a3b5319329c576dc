using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Writes a <see cref="TriangleMesh"/> as STL. STL has no shared vertices: each triangle stores its unit normal
/// (computed from the vertices, zero for a degenerate triangle) and its three corners as float32, in the
/// mesh's LPS millimetres. The header / solid name carries <c>SPACE=LPS</c>, which 3D Slicer reads to place
/// the mesh over the image. Files are written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class StlWriter
{
    /// <summary>The 80-byte header text of binary files (it must not start with "solid").</summary>
    public const string Header = "Cranio mesh, units mm, SPACE=LPS";

    /// <summary>Writes <paramref name="mesh"/> to <paramref name="path"/> in <paramref name="format"/> (default binary).</summary>
    public static void Write(string path, TriangleMesh mesh, StlFormat format = StlFormat.Binary)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        switch (format)
        {
            case StlFormat.Binary: AtomicFile.Write(path, stream => WriteBinary(stream, mesh)); break;
            case StlFormat.Ascii: AtomicFile.Write(path, stream => WriteAscii(stream, mesh)); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, $"STL format must be Binary or Ascii; got {format}.");
        }
    }

    private static void WriteBinary(Stream stream, TriangleMesh mesh)
    {
        var header = new byte[84];
        Encoding.ASCII.GetBytes(Header).CopyTo(header, 0);
        for (int i = Header.Length; i < 80; i++) header[i] = (byte)' ';
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(80), (uint)mesh.TriangleCount);
        stream.Write(header);
        const int perChunk = 4096;
        var buffer = new byte[50 * perChunk];
        for (int first = 0; first < mesh.TriangleCount; first += perChunk)
        {
            int count = Math.Min(perChunk, mesh.TriangleCount - first);
            for (int i = 0; i < count; i++)
            {
                Span<byte> record = buffer.AsSpan(50 * i, 50);
                Triangle t = mesh.Triangles[first + i];
                WriteVector(record, Normal(mesh, first + i));
                WriteVector(record[12..], mesh.Vertices[t.A]);
                WriteVector(record[24..], mesh.Vertices[t.B]);
                WriteVector(record[36..], mesh.Vertices[t.C]);
                BinaryPrimitives.WriteUInt16LittleEndian(record[48..], 0);
            }
            stream.Write(buffer, 0, 50 * count);
        }
    }

    private static void WriteVector(Span<byte> target, Vec3 v)
    {
        BinaryPrimitives.WriteSingleLittleEndian(target, (float)v.X);
        BinaryPrimitives.WriteSingleLittleEndian(target[4..], (float)v.Y);
        BinaryPrimitives.WriteSingleLittleEndian(target[8..], (float)v.Z);
    }

    private static void WriteAscii(Stream stream, TriangleMesh mesh)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        const string name = "cranio_SPACE=LPS";
        writer.WriteLine($"solid {name}");
        for (int i = 0; i < mesh.TriangleCount; i++)
        {
            Triangle t = mesh.Triangles[i];
            writer.WriteLine($"facet normal {Text(Normal(mesh, i))}");
            writer.WriteLine("  outer loop");
            writer.WriteLine($"    vertex {Text(mesh.Vertices[t.A])}");
            writer.WriteLine($"    vertex {Text(mesh.Vertices[t.B])}");
            writer.WriteLine($"    vertex {Text(mesh.Vertices[t.C])}");
            writer.WriteLine("  endloop");
            writer.WriteLine("endfacet");
        }
        writer.WriteLine($"endsolid {name}");
    }

    /// <summary>The float32 values written, in round-trip form, so ASCII and binary files hold the same numbers.</summary>
    private static string Text(Vec3 v) => string.Create(CultureInfo.InvariantCulture, $"{(float)v.X:R} {(float)v.Y:R} {(float)v.Z:R}");

    private static Vec3 Normal(TriangleMesh mesh, int index)
    {
        Vec3 n = mesh.AreaVector(index);
        double length = n.Length;
        return length > 0 ? n / length : Vec3.Zero;
    }
}
