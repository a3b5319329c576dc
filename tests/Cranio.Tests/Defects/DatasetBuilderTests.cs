using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class DatasetBuilderTests
{
    private static TempDirectory InputFolder()
    {
        var input = new TempDirectory();
        VolumeFile.Write(ShellSkull.Build(3.0), input.File("a.nrrd"));
        VolumeFile.Write(ShellSkull.Build(3.0, rollDegrees: 8, oblique: true), input.File("b.nrrd"));
        return input;
    }

    private static DatasetOptions Options(string input, string output) =>
        new(input, output, defectsPerSkull: 3, seed: 7, defects: new DefectOptions(minSize: 30, maxSize: 60));

    private static Dictionary<string, byte[]> AllFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes);

    [Fact]
    public void Build_WritesLayoutAndManifestWhoseRowsPartitionTheSkulls()
    {
        using TempDirectory input = InputFolder();
        using var output = new TempDirectory();
        int written = new DatasetBuilder(Options(input.Path, output.Path)).Build();
        Assert.Equal(6, written);

        string[] lines = File.ReadAllLines(output.File("manifest.csv"));
        Assert.Equal(DatasetBuilder.ManifestHeader, lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal("complete_skull/a.nrrd,defective_skull/a_00.nrrd,implant/a_00.nrrd", string.Join(',', lines[1].Split(',')[..3]));
        foreach (string line in lines[1..])
        {
            string[] cells = line.Split(',');
            Assert.Equal(10, cells.Length);
            var complete = VolumeFile.Read(output.File(cells[0])).ConvertTo<byte>();
            var defective = VolumeFile.Read(output.File(cells[1])).ConvertTo<byte>();
            var implant = VolumeFile.Read(output.File(cells[2])).ConvertTo<byte>();
            Assert.Null(complete.Grid.DifferenceFrom(implant.Grid));
            Assert.Null(complete.Grid.DifferenceFrom(defective.Grid));
            for (long o = 0; o < complete.Data.Length; o++)
            {
                Assert.True(defective.Data[o] + implant.Data[o] <= 1);
                Assert.Equal(complete.Data[o], (byte)(defective.Data[o] | implant.Data[o]));
            }
            double volume = implant.CountNonZero() * implant.Grid.VoxelVolume / 1000;
            Assert.Equal(volume, double.Parse(cells[8], System.Globalization.CultureInfo.InvariantCulture), 0.0001);
            DefectKinds.Parse(cells[3]);
            string name = Path.GetFileNameWithoutExtension(cells[1]);
            Assert.Equal(Xoshiro256.DeriveSeed(7, name[..^3], int.Parse(name[^2..])).ToString(), cells[4]);
        }
    }

    [Fact]
    public void Build_IsDeterministicAndResumable()
    {
        using TempDirectory input = InputFolder();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        new DatasetBuilder(Options(input.Path, first.Path)).Build();
        new DatasetBuilder(Options(input.Path, second.Path) with { }).Build();
        Dictionary<string, byte[]> a = AllFiles(first.Path), b = AllFiles(second.Path);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between runs");

        // A run killed after writing b_01's volumes but before its record, and before the manifest.
        File.Delete(Path.Combine(second.Path, "records", "b_01.json"));
        File.Delete(Path.Combine(second.Path, "implant", "b_01.nrrd"));
        File.Delete(Path.Combine(second.Path, "manifest.csv"));
        int written = new DatasetBuilder(Options(input.Path, second.Path)).Build();
        Assert.Equal(1, written);
        Dictionary<string, byte[]> resumed = AllFiles(second.Path);
        Assert.Equal(a.Keys.Order(), resumed.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(resumed[name]), $"{name} differs after resume");
        Assert.Equal(0, new DatasetBuilder(Options(input.Path, second.Path)).Build());
    }

    [Fact]
    public void Build_OtherSeedGivesOtherDefects()
    {
        using TempDirectory input = InputFolder();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        new DatasetBuilder(Options(input.Path, first.Path)).Build();
        new DatasetBuilder(new DatasetOptions(input.Path, second.Path, defectsPerSkull: 3, seed: 8, defects: new DefectOptions(minSize: 30, maxSize: 60))).Build();
        Assert.False(File.ReadAllBytes(first.File("implant/a_00.nrrd")).AsSpan().SequenceEqual(File.ReadAllBytes(second.File("implant/a_00.nrrd"))));
    }

    [Fact]
    public void Build_RejectsMissingOrEmptyInput()
    {
        using var empty = new TempDirectory();
        using var output = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => new DatasetBuilder(new DatasetOptions(empty.File("nope"), output.Path)).Build());
        var e = Assert.Throws<ArgumentException>(() => new DatasetBuilder(new DatasetOptions(empty.Path, output.Path)).Build());
        Assert.Contains("No skull files", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetOptions(empty.Path, output.Path, defectsPerSkull: 0));
    }
}
