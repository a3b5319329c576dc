using Cranio.IO;
using Cranio.Meshing;
using Cranio.Volumes;
using Cranio.Web;

namespace Cranio.Tests.Web;

public sealed class StlSpaceTests
{
    [Theory]
    [InlineData(StlFormat.Binary)]
    [InlineData(StlFormat.Ascii)]
    public void TheViewerCopyNegatesXAndYAndKeepsTheVolumeSign(StlFormat format)
    {
        using var temp = new TempDirectory();
        var rng = new Random(7);
        Vec3 P() => new(rng.Next(-50, 50) + 0.25, rng.Next(-50, 50) + 0.5, rng.Next(-50, 50) + 0.75);
        // A tetrahedron with outward winding, moved off the origin.
        Vec3 o = P();
        var mesh = new TriangleMesh([o, o + new Vec3(10, 0, 0), o + new Vec3(0, 10, 0), o + new Vec3(0, 0, 10)],
            [new Triangle(0, 2, 1), new Triangle(0, 1, 3), new Triangle(0, 3, 2), new Triangle(1, 2, 3)]);
        StlWriter.Write(temp.File("lps.stl"), mesh, format);
        File.WriteAllBytes(temp.File("ras.stl"), StlSpace.LpsToRas(File.ReadAllBytes(temp.File("lps.stl"))));
        TriangleMesh ras = StlReader.Read(temp.File("ras.stl"));
        Assert.Equal(mesh.SignedVolume(), ras.SignedVolume(), 6);
        var (min, max) = mesh.BoundingBox();
        var (rmin, rmax) = ras.BoundingBox();
        Assert.Equal(new Vec3(-max.X, -max.Y, min.Z), rmin);
        Assert.Equal(new Vec3(-min.X, -min.Y, max.Z), rmax);
        File.WriteAllBytes(temp.File("back.stl"), StlSpace.LpsToRas(File.ReadAllBytes(temp.File("ras.stl"))));
        if (format == StlFormat.Binary) Assert.Equal(File.ReadAllBytes(temp.File("lps.stl")), File.ReadAllBytes(temp.File("back.stl")));
    }
}
