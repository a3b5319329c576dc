using System.Buffers.Binary;
using System.Text;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Tests.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

public class StlTests
{
    private static TriangleMesh Ball()
    {
        var (mask, _) = MeshShapes.Ball(6, new Vec3(0.5, 0.7, 0.9), MeshShapes.ObliqueFlipped);
        return MarchingCubes.FromMask(mask);
    }

    private static Vec3 AsFloat(Vec3 v) => new((float)v.X, (float)v.Y, (float)v.Z);

    /// <summary>Every triangle of <paramref name="read"/> has the float32-rounded corners of the same triangle of <paramref name="written"/>.</summary>
    private static void AssertSameTriangles(TriangleMesh written, TriangleMesh read)
    {
        Assert.Equal(written.TriangleCount, read.TriangleCount);
        for (int i = 0; i < written.TriangleCount; i++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(AsFloat(written.Vertices[written.Triangles[i][k]]), read.Vertices[read.Triangles[i][k]]);
    }

    [Theory]
    [InlineData(StlFormat.Binary)]
    [InlineData(StlFormat.Ascii)]
    public void WriteThenRead_GivesTheSameTriangles_AndMergedVerticesKeepTheMeshClosed(StlFormat format)
    {
        TriangleMesh mesh = Ball();
        using var dir = new TempDirectory();
        string path = dir.File("ball.stl");
        StlWriter.Write(path, mesh, format);
        TriangleMesh read = StlReader.Read(path);
        AssertSameTriangles(mesh, read);
        Assert.Equal(mesh.VertexCount, read.VertexCount);
        Assert.True(read.CheckTopology().IsClosedManifold);
        Assert.Equal(mesh.SignedVolume(), read.SignedVolume(), 1e-4 * mesh.SignedVolume());
        Assert.Equal(["ball.stl"], dir.FileNames());
        if (format == StlFormat.Binary) Assert.Equal(84 + 50L * mesh.TriangleCount, new FileInfo(path).Length);
    }

    [Fact]
    public void BinaryWriter_StoresUnitNormalsAndTheLpsHeader()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        using var dir = new TempDirectory();
        string path = dir.File("cube.stl");
        StlWriter.Write(path, cube);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.StartsWith("Cranio mesh, units mm, SPACE=LPS", Encoding.ASCII.GetString(bytes, 0, 80));
        Assert.Equal(12u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80)));
        // Triangle 0 is on the face z = 0: normal (0, 0, −1).
        Assert.Equal(0f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(84)));
        Assert.Equal(-1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(92)));
    }

    [Fact]
    public void BinaryFile_WhoseHeaderStartsWithSolid_IsReadAsBinary()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        using var dir = new TempDirectory();
        string path = dir.File("solid.stl");
        StlWriter.Write(path, cube);
        byte[] bytes = File.ReadAllBytes(path);
        Encoding.ASCII.GetBytes("solid exported by a CAD program").CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        TriangleMesh read = StlReader.Read(path);
        AssertSameTriangles(cube, read);
        Assert.Equal(8, read.VertexCount);
        Assert.Equal(1.0, read.SignedVolume(), 12);
    }

    [Fact]
    public void TruncatedBinary_NamesTheTriangleCountAndTheSizes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.stl");
        StlWriter.Write(path, MeshShapes.UnitCube());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]);
        var e = Assert.Throws<CranioFormatException>(() => StlReader.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Equal("triangle count", e.Field);
        Assert.Contains("12 triangles", e.Problem);
        Assert.Contains($"{bytes.Length - 20} bytes", e.Problem);
    }

    [Fact]
    public void TriangleCountLargerThanTheFile_IsRejected_EvenWithASolidHeader()
    {
        using var dir = new TempDirectory();
        string path = dir.File("count.stl");
        StlWriter.Write(path, MeshShapes.UnitCube());
        byte[] bytes = File.ReadAllBytes(path);
        Encoding.ASCII.GetBytes("solid").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), 1_000_000);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CranioFormatException>(() => StlReader.Read(path));
        Assert.Equal("triangle count", e.Field);
        Assert.Contains("1000000 triangles", e.Problem);
    }

    [Fact]
    public void FileShorterThanTheHeader_IsRejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("short.stl");
        File.WriteAllBytes(path, new byte[40]);
        var e = Assert.Throws<CranioFormatException>(() => StlReader.Read(path));
        Assert.Equal("header", e.Field);
        Assert.Contains("found 40 bytes", e.Problem);
    }

    [Theory]
    [InlineData("solid x\nfacet normal 0 0 1\n outer loop\n vertex 0 0 0\n vertex 1 0 0\n vertex zero 1 0\n endloop\nendfacet\nendsolid x\n", "line 6", "found 'zero'")]
    [InlineData("solid x\nfacet normal 0 0 1\n outer loop\n vertex 0 0 0\n vertex 1 0 0\n endloop\nendfacet\nendsolid x\n", "line 6", "expected 'vertex'; found 'endloop'")]
    [InlineData("solid x\nfacet normal 0 0 1\n outer loop\n vertex 0 0 0\n", "line 4", "the end of the file")]
    [InlineData("solid x\nhello world\n", "line 2", "expected 'facet' or 'endsolid'; found 'hello'")]
    public void GarbageAscii_NamesTheLine(string text, string field, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.stl");
        File.WriteAllText(path, text);
        var e = Assert.Throws<CranioFormatException>(() => StlReader.Read(path));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void NaNCoordinates_AreRejected_InBinaryAndAscii()
    {
        using var dir = new TempDirectory();
        string binary = dir.File("nan.stl");
        StlWriter.Write(binary, MeshShapes.UnitCube());
        byte[] bytes = File.ReadAllBytes(binary);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(84 + 50 * 3 + 12 + 12 + 4), float.NaN);
        File.WriteAllBytes(binary, bytes);
        var e = Assert.Throws<CranioFormatException>(() => StlReader.Read(binary));
        Assert.Equal("facet 3 vertex 1", e.Field);
        Assert.Contains("finite", e.Problem);

        string ascii = dir.File("nan-ascii.stl");
        File.WriteAllText(ascii, "solid x\nfacet normal 0 0 1\n outer loop\n vertex 0 0 0\n vertex 1 0 0\n vertex 0 NaN 0\n endloop\nendfacet\nendsolid x\n");
        var a = Assert.Throws<CranioFormatException>(() => StlReader.Read(ascii));
        Assert.Equal("facet 0 vertex 2", a.Field);
    }
}
