using Cranio.Cli.Commands;
using Cranio.Defects;
using Cranio.IO;
using Cranio.Tests.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public class DefectCommandsTests
{
    [Fact]
    public void Inject_WritesDefectiveImplantAndRecordThatPartitionTheSkull()
    {
        using var dir = new TempDirectory();
        Volume<byte> skull = ShellSkull.Build(3.0);
        VolumeFile.Write(skull, dir.File("complete.nrrd"));
        string output = dir.File("out");
        var (code, text, error) = CliRunner.Run("inject", dir.File("complete.nrrd"), "-o", output, "--seed", "5", "--shape", "sphere,skullfix", "--max-size", "60");
        Assert.True(code == 0, error);
        Assert.Contains("cm²", text);
        Assert.Equal(new[] { InjectCommand.RecordFile, InjectCommand.DefectiveFile, InjectCommand.ImplantFile }.Order(), Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Volume<byte> defective = VolumeFile.Read(Path.Combine(output, InjectCommand.DefectiveFile)).ToMask();
        Volume<byte> implant = VolumeFile.Read(Path.Combine(output, InjectCommand.ImplantFile)).ToMask();
        Assert.Null(skull.Grid.DifferenceFrom(implant.Grid));
        Assert.True(implant.CountNonZero() > 0);
        for (int i = 0; i < skull.Data.Length; i++)
            Assert.Equal(skull.Data[i], (byte)(defective.Data[i] + implant.Data[i]));

        DefectRecord record = DefectRecordFile.Read(Path.Combine(output, InjectCommand.RecordFile));
        Assert.Contains(DefectKinds.Parse(record.Kind), new[] { DefectKind.Sphere, DefectKind.SkullFix });
        Assert.Equal(5UL, record.Seed);
        Assert.Equal(0, record.ClinicalGap);
        Assert.Equal(implant.CountNonZero() * implant.Grid.VoxelVolume / 1000, record.ImplantVolumeCm3, 9);
        Assert.True(record.OpeningAreaCm2 > 0);
        Assert.True(record.Center.Z > ShellSkull.BaseCut && record.Center.MaxAbsDifference(Vec3.Zero) < 100, $"centre {record.Center} mm is off the vault");
    }

    [Fact]
    public void Inject_SameSeedSameBytes_GapShrinksTheImplant()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(3.0), dir.File("complete.nrrd"));
        string[] common = ["inject", dir.File("complete.nrrd"), "--seed", "9", "--shape", "sphere", "--max-size", "60"];
        Assert.Equal(0, CliRunner.Run([.. common, "-o", dir.File("a")]).Code);
        Assert.Equal(0, CliRunner.Run([.. common, "-o", dir.File("b")]).Code);
        var (code, _, error) = CliRunner.Run([.. common, "-o", dir.File("gap"), "--gap-mm", "4"]);
        Assert.True(code == 0, error);
        foreach (string file in new[] { InjectCommand.DefectiveFile, InjectCommand.ImplantFile, InjectCommand.RecordFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), file)), File.ReadAllBytes(Path.Combine(dir.File("b"), file)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), InjectCommand.DefectiveFile)), File.ReadAllBytes(Path.Combine(dir.File("gap"), InjectCommand.DefectiveFile)));
        DefectRecord plain = DefectRecordFile.Read(Path.Combine(dir.File("a"), InjectCommand.RecordFile));
        DefectRecord gapped = DefectRecordFile.Read(Path.Combine(dir.File("gap"), InjectCommand.RecordFile));
        Assert.Equal(4, gapped.ClinicalGap);
        Assert.Equal(plain.OpeningAreaCm2, gapped.OpeningAreaCm2);
        Assert.InRange(gapped.ImplantVolumeCm3, 0, plain.ImplantVolumeCm3 - 1e-9);
    }

    [Fact]
    public void Inject_UnknownShape_IsAUsageErrorNamingTheOption()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(4.0), dir.File("complete.nrrd"));
        var (code, _, error) = CliRunner.Run("inject", dir.File("complete.nrrd"), "-o", dir.File("out"), "--shape", "triangle");
        Assert.Equal(2, code);
        Assert.Contains("--shape", error);
        Assert.Contains("got \"triangle\"", error);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void Inject_NegativeGap_IsAUsageError()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(4.0), dir.File("complete.nrrd"));
        var (code, _, error) = CliRunner.Run("inject", dir.File("complete.nrrd"), "-o", dir.File("out"), "--gap-mm", "-1");
        Assert.Equal(2, code);
        Assert.Contains("Clinical gap", error);
        Assert.Contains("-1", error);
    }

    [Fact]
    public void Inject_WithoutOutput_IsAUsageError()
    {
        using var dir = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(4.0), dir.File("complete.nrrd"));
        var (code, _, error) = CliRunner.Run("inject", dir.File("complete.nrrd"));
        Assert.Equal(2, code);
        Assert.Contains("--output", error);
    }

    [Fact]
    public void DatasetBuild_WritesManifest()
    {
        using var input = new TempDirectory();
        using var output = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(3.0), input.File("s1.nrrd"));
        var (code, _, error) = CliRunner.Run("dataset", "build", "--skulls", input.Path, "--per-skull", "2", "--seed", "3", "--shapes", "box", "--max-size", "60", "-o", output.Path);
        Assert.True(code == 0, error);
        string[] lines = File.ReadAllLines(output.File("manifest.csv"));
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.StartsWith("complete_skull/s1.nrrd,defective_skull/s1_0", l));
        Assert.All(lines[1..], l => Assert.Equal("box", l.Split(',')[3]));
    }

    [Fact]
    public void DatasetBuild_BadPerSkull_IsAUsageError()
    {
        using var input = new TempDirectory();
        using var output = new TempDirectory();
        var (code, _, error) = CliRunner.Run("dataset", "build", "--skulls", input.Path, "--per-skull", "0", "-o", output.Path);
        Assert.Equal(2, code);
        Assert.Contains("got 0", error);
    }
}
