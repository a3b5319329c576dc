using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cranio.Meshing;

namespace Cranio.IO;

/// <summary>
/// Writes a <see cref="TriangleMesh"/> as PLY with shared vertices: element <c>vertex</c> with float32
/// <c>x y z</c> (LPS mm), element <c>face</c> with <c>list uchar int vertex_indices</c> (three indices per face,
/// counter-clockwise seen from outside). Comments record the units and <c>SPACE=LPS</c>. Files are written
/// atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class PlyWriter
{
    /// <summary>Writes <paramref name="mesh"/> to <paramref name="path"/> in <paramref name="format"/> (default binary little endian).</summary>
    public static void Write(string path, TriangleMesh mesh, PlyFormat format = PlyFormat.BinaryLittleEndian)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (format is not (PlyFormat.BinaryLittleEndian or PlyFormat.Ascii))
            throw new ArgumentOutOfRangeException(nameof(format), format, $"PLY format must be BinaryLittleEndian or Ascii; got {format}.");
        AtomicFile.Write(path, stream =>
        {
            string encoding = format == PlyFormat.Ascii ? "ascii" : "binary_little_endian";
            string header =
                $"ply\nformat {encoding} 1.0\ncomment Cranio mesh, units mm, SPACE=LPS\n" +
                $"element vertex {mesh.VertexCount}\nproperty float x\nproperty float y\nproperty float z\n" +
                $"element face {mesh.TriangleCount}\nproperty list uchar int vertex_indices\nend_header\n";
            stream.Write(Encoding.ASCII.GetBytes(header));
            if (format == PlyFormat.Ascii) WriteAscii(stream, mesh);
            else WriteBinary(stream, mesh);
        });
    }

    private static void WriteBinary(Stream stream, TriangleMesh mesh)
    {
        const int chunk = 8192;
        var buffer = new byte[13 * chunk];
        for (int first = 0; first < mesh.VertexCount; first += chunk)
        {
            int count = Math.Min(chunk, mesh.VertexCount - first);
            for (int i = 0; i < count; i++)
            {
                var v = mesh.Vertices[first + i];
                Span<byte> record = buffer.AsSpan(12 * i, 12);
                BinaryPrimitives.WriteSingleLittleEndian(record, (float)v.X);
                BinaryPrimitives.WriteSingleLittleEndian(record[4..], (float)v.Y);
                BinaryPrimitives.WriteSingleLittleEndian(record[8..], (float)v.Z);
            }
            stream.Write(buffer, 0, 12 * count);
        }
        for (int first = 0; first < mesh.TriangleCount; first += chunk)
        {
            int count = Math.Min(chunk, mesh.TriangleCount - first);
            for (int i = 0; i < count; i++)
            {
                Triangle t = mesh.Triangles[first + i];
                Span<byte> record = buffer.AsSpan(13 * i, 13);
                record[0] = 3;
                BinaryPrimitives.WriteInt32LittleEndian(record[1..], t.A);
                BinaryPrimitives.WriteInt32LittleEndian(record[5..], t.B);
                BinaryPrimitives.WriteInt32LittleEndian(record[9..], t.C);
            }
            stream.Write(buffer, 0, 13 * count);
        }
    }

    private static void WriteAscii(Stream stream, TriangleMesh mesh)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (var v in mesh.Vertices)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(float)v.X:R} {(float)v.Y:R} {(float)v.Z:R}"));
        foreach (Triangle t in mesh.Triangles)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"3 {t.A} {t.B} {t.C}"));
    }
}
