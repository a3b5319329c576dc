using Cranio.IO;
using Cranio.Meshing;
using Cranio.Phantoms;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public class SegmentAndMeshCommandTests
{
    [Fact]
    public void Segment_PhantomCt_WritesTheSkullAndAClosedStlThatOverlaysIt()
    {
        using var dir = new TempDirectory();
        var (ct, truth) = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 2, TiltDegrees: 10, DefectRadius: 20));
        VolumeFile.Write(ct, dir.File("ct.nii.gz"));

        var (code, output, error) = CliRunner.Run("segment", dir.File("ct.nii.gz"), "-o", dir.File("skull.nrrd"), "--stl", dir.File("skull.stl"));

        Assert.True(code == 0, error);
        Assert.Contains("dropped", output);
        var skull = Assert.IsType<Volume<byte>>(VolumeFile.Read(dir.File("skull.nrrd")));
        Assert.True(skull.Grid.DifferenceFrom(truth.Grid, 1e-5) is null, "the mask must be on the CT's grid");
        long differing = skull.Data.Zip(truth.Data).Count(p => p.First != p.Second);
        Assert.True(differing < truth.CountNonZero() / 100, $"{differing} voxels differ from the phantom's bone");

        TriangleMesh mesh = StlReader.Read(dir.File("skull.stl"));
        Assert.True(mesh.CheckTopology().IsClosedManifold);
        double maskVolume = skull.CountNonZero() * skull.Grid.VoxelVolume;
        Assert.InRange(mesh.SignedVolume() / maskVolume, 0.97, 1.03);
        // The mesh lies where the mask lies in physical space: centroids agree within a voxel.
        Vec3 voxelCentroid = Vec3.Zero;
        long n = 0;
        for (int z = 0; z < skull.Grid.SizeZ; z++)
        for (int y = 0; y < skull.Grid.SizeY; y++)
        for (int x = 0; x < skull.Grid.SizeX; x++)
            if (skull[x, y, z] != 0) { voxelCentroid += skull.Grid.IndexToPhysical(x, y, z); n++; }
        Assert.True((mesh.Centroid() - voxelCentroid / n).Length < 2, $"mesh centroid {mesh.Centroid()} vs mask {voxelCentroid / n}");
    }

    [Fact]
    public void Mesh_WritesPly_AndRejectsUnknownExtensions()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(SkullPhantom.Mask(new SkullPhantomOptions(Spacing: 3)), dir.File("m.nrrd"));
        Assert.Equal(0, CliRunner.Run("mesh", dir.File("m.nrrd"), "-o", dir.File("m.ply"), "--quiet").Code);
        Assert.StartsWith("ply", File.ReadAllText(dir.File("m.ply"))[..3]);
        var (code, _, error) = CliRunner.Run("mesh", dir.File("m.nrrd"), "-o", dir.File("m.obj"));
        Assert.Equal(2, code);
        Assert.Contains(".stl or .ply", error);
    }

    [Fact]
    public void Segment_BadOptions_AreUsageErrors_AndWriteNothing()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(SkullPhantom.Mask(new SkullPhantomOptions(Spacing: 3)), dir.File("ct.nrrd"));
        Assert.Equal(2, CliRunner.Run("segment", dir.File("ct.nrrd"), "-o", dir.File("s.nrrd"), "--threshold", "300", "--upper", "200").Code);
        Assert.Equal(2, CliRunner.Run("segment", dir.File("ct.nrrd"), "-o", dir.File("s.txt")).Code);
        Assert.Equal(2, CliRunner.Run("segment", dir.File("ct.nrrd"), "-o", dir.File("ct.nrrd")).Code);
        Assert.Equal(["ct.nrrd"], dir.FileNames());
    }
}
