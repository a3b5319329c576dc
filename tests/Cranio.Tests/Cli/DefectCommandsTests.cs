using Cranio.IO;
using Cranio.Tests.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public class DefectCommandsTests
{
    [Fact]
    public void Inject_WritesDefectiveAndImplantThatPartitionTheSkull()
    {
        using var dir = new TempDirectory();
        Volume<byte> skull = SkullPhantom.Build(3.0);
        VolumeFile.Write(skull, dir.File("complete.nrrd"));
        var (code, output, error) = CliRunner.Run("inject", dir.File("complete.nrrd"), dir.File("defective.nrrd"), dir.File("implant.nii.gz"), "--seed", "5", "--kind", "sphere,skullfix", "--max-size", "60");
        Assert.True(code == 0, error);
        Assert.Contains("cm²", output);
        Volume<byte> defective = VolumeFile.Read(dir.File("defective.nrrd")).ToMask();
        Volume<byte> implant = VolumeFile.Read(dir.File("implant.nii.gz")).ToMask();
        Assert.True(implant.CountNonZero() > 0);
        for (int i = 0; i < skull.Data.Length; i++)
            Assert.Equal(skull.Data[i], (byte)(defective.Data[i] + implant.Data[i]));
    }

    [Fact]
    public void Inject_UnknownKind_IsAUsageError()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(SkullPhantom.Build(4.0), dir.File("complete.nrrd"));
        var (code, _, error) = CliRunner.Run("inject", dir.File("complete.nrrd"), dir.File("d.nrrd"), dir.File("i.nrrd"), "--kind", "triangle");
        Assert.Equal(2, code);
        Assert.Contains("got \"triangle\"", error);
        Assert.False(File.Exists(dir.File("d.nrrd")));
    }

    [Fact]
    public void DatasetBuild_WritesManifest()
    {
        using var input = new TempDirectory();
        using var output = new TempDirectory();
        VolumeFile.Write(SkullPhantom.Build(3.0), input.File("s1.nrrd"));
        var (code, _, error) = CliRunner.Run("dataset", "build", input.Path, output.Path, "-n", "2", "--seed", "3", "--kind", "box", "--max-size", "60");
        Assert.True(code == 0, error);
        string[] lines = File.ReadAllLines(output.File("manifest.csv"));
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.StartsWith("complete_skull/s1.nrrd,defective_skull/s1_0", l));
    }
}
