using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Tests.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

public class PlyTests
{
    private static (string[] Header, int BodyStart) SplitHeader(byte[] bytes)
    {
        int end = Encoding.ASCII.GetString(bytes).IndexOf("end_header\n", StringComparison.Ordinal) + "end_header\n".Length;
        return (Encoding.ASCII.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries), end);
    }

    [Fact]
    public void Binary_StoresSharedVerticesAndFacesLittleEndian()
    {
        var (mask, _) = MeshShapes.Ball(5, new Vec3(0.6, 0.7, 0.8), MeshShapes.Oblique);
        TriangleMesh mesh = MarchingCubes.FromMask(mask);
        using var dir = new TempDirectory();
        string path = dir.File("ball.ply");
        PlyWriter.Write(path, mesh);
        byte[] bytes = File.ReadAllBytes(path);
        var (header, body) = SplitHeader(bytes);
        Assert.Equal("ply", header[0]);
        Assert.Equal("format binary_little_endian 1.0", header[1]);
        Assert.Contains($"element vertex {mesh.VertexCount}", header);
        Assert.Contains($"element face {mesh.TriangleCount}", header);
        Assert.Contains("property list uchar int vertex_indices", header);
        Assert.Equal(body + 12L * mesh.VertexCount + 13L * mesh.TriangleCount, bytes.Length);
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            int at = body + 12 * v;
            Assert.Equal((float)mesh.Vertices[v].X, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at)));
            Assert.Equal((float)mesh.Vertices[v].Z, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at + 8)));
        }
        int faces = body + 12 * mesh.VertexCount;
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            int at = faces + 13 * t;
            Assert.Equal(3, bytes[at]);
            var read = new Triangle(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 1)),
                BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 5)), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 9)));
            Assert.Equal(mesh.Triangles[t], read);
        }
        Assert.Equal(["ball.ply"], dir.FileNames());
    }

    [Fact]
    public void Ascii_ListsVerticesThenFaces()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        using var dir = new TempDirectory();
        string path = dir.File("cube.ply");
        PlyWriter.Write(path, cube, PlyFormat.Ascii);
        string[] lines = File.ReadAllLines(path);
        int end = Array.IndexOf(lines, "end_header");
        Assert.Equal("format ascii 1.0", lines[1]);
        Assert.Equal(end + 1 + 8 + 12, lines.Length);
        for (int v = 0; v < 8; v++)
        {
            double[] xyz = lines[end + 1 + v].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(cube.Vertices[v], new Vec3(xyz[0], xyz[1], xyz[2]));
        }
        Triangle first = cube.Triangles[0];
        Assert.Equal($"3 {first.A} {first.B} {first.C}", lines[end + 9]);
    }
}
