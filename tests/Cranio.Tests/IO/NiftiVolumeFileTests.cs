using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

/// <summary>NIfTI through the format-picking entry point, and real SkullFix skulls converted NRRD → NIfTI → NRRD.</summary>
public class NiftiVolumeFileTests
{
    private static readonly Grid Small = new(5, 4, 3, new Vec3(0.5, 0.6, 0.7), new Vec3(-10, 20, 30),
        Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, Math.Cos(0.3), Math.Sin(0.3)), new Vec3(0, -Math.Sin(0.3), Math.Cos(0.3))));

    private static Volume<short> Ramp()
    {
        var volume = new Volume<short>(Small);
        for (int i = 0; i < volume.Data.Length; i++) volume.Data[i] = (short)(i * 11 - 200);
        return volume;
    }

    [Theory]
    [InlineData("v.nii")]
    [InlineData("v.nii.gz")]
    [InlineData("V.NII.GZ")]
    public void WriteByExtension_ReadByContent(string name)
    {
        using var folder = new TempDirectory();
        Assert.Equal(VolumeFormat.Nifti, VolumeFile.FormatOfExtension(name));
        VolumeFile.Write(Ramp(), folder.File(name));
        Assert.Equal(VolumeFormat.Nifti, VolumeFile.Detect(folder.File(name)));
        // A misleading name does not matter: the content decides.
        File.Move(folder.File(name), folder.File("renamed.nrrd"));
        var back = Assert.IsType<Volume<short>>(VolumeFile.Read(folder.File("renamed.nrrd")));
        Assert.Equal(Ramp().Data, back.Data);
        Assert.Null(back.Grid.DifferenceFrom(Small, 1e-6));
    }

    [Fact]
    public void PairHeader_IsDetected()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { Magic = "ni1", VoxOffset = 0 }.WithData(Enumerable.Range(0, 24).Select(i => (short)i).ToArray());
        File.WriteAllBytes(folder.File("pair.hdr"), file.Header());
        File.WriteAllBytes(folder.File("pair.img"), file.StoredData());
        Assert.Equal(VolumeFormat.Nifti, VolumeFile.Detect(folder.File("pair.hdr")));
        Assert.Equal((4, 3, 2), VolumeFile.Read(folder.File("pair.hdr")).Grid.Size);
    }

    [Fact]
    public void CorruptGzip_NamesTheFileAndGzip()
    {
        using var folder = new TempDirectory();
        byte[] bytes = NiftiTestFile.Gzip(new NiftiTestFile().Build());
        for (int i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(folder.File("bad.nii.gz"), bytes);
        var error = Assert.Throws<CranioFormatException>(() => VolumeFile.Read(folder.File("bad.nii.gz")));
        Assert.Equal("gzip", error.Field);
        Assert.Equal(folder.File("bad.nii.gz"), error.Path);
    }

    [Fact]
    public void GzipOfSomethingElse_IsNotRecognised()
    {
        using var folder = new TempDirectory();
        File.WriteAllBytes(folder.File("text.gz"), NiftiTestFile.Gzip("hello, not an image"u8.ToArray()));
        Assert.Null(VolumeFile.Detect(folder.File("text.gz")));
        Assert.Equal("format", Assert.Throws<CranioFormatException>(() => VolumeFile.Read(folder.File("text.gz"))).Field);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void RealSkullFixCase_NrrdToNiftiAndBack_KeepsVoxelsAndGeometry(int id)
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        using var folder = new TempDirectory();
        Volume original = VolumeFile.Read(SharedData.Case("complete_skull", id));
        VolumeFile.Write(original, folder.File("skull.nii.gz"));
        Volume nifti = VolumeFile.Read(folder.File("skull.nii.gz"));
        Assert.Equal(original.VoxelType, nifti.VoxelType);
        Assert.True(nifti.RawBytes.SequenceEqual(original.RawBytes));
        Assert.True(nifti.Grid.Direction.MaxAbsDifference(original.Grid.Direction) < 1e-6, $"{nifti.Grid.Direction} vs {original.Grid.Direction}");
        Assert.True(nifti.Grid.Origin.MaxAbsDifference(original.Grid.Origin) < 1e-4, $"{nifti.Grid.Origin} vs {original.Grid.Origin}");
        Assert.Null(nifti.Grid.DifferenceFrom(original.Grid));

        VolumeFile.Write(nifti, folder.File("skull.nrrd"));
        Volume again = VolumeFile.Read(folder.File("skull.nrrd"));
        Assert.Null(again.Grid.DifferenceFrom(original.Grid));
        Assert.Equal(original.CountNonZero(), again.CountNonZero());
    }
}
