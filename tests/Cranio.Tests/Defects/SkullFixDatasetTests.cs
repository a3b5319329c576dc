using System.Globalization;
using Cranio.Defects;
using Cranio.IO;
using Cranio.Tests.Cli;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

/// <summary>
/// The done criterion of the dataset builder on real skulls, through the command line: two SkullFix complete skulls
/// × 3 defects give 6 consistent triples and a manifest; the same seed gives the same bytes (also with another
/// parallelism); another seed gives other defects. The skulls are resampled to twice their spacing (about
/// 0.9 × 0.9 × 1.3 mm, 256 × 256 × ~118 voxels, nearest neighbour, same physical box and direction) so that the three
/// builds run quickly: the whole test took 17 s on 2 cores under a load average of 17. Full resolution is measured by
/// bench/defects.
/// </summary>
public class SkullFixDatasetTests
{
    private static readonly int[] CaseIds = [0, 1];

    [SkippableFact]
    public void DatasetBuild_TwoRealSkullsThreeDefectsEach_ConsistentDeterministicSeedDependent()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        using var input = new TempDirectory();
        foreach (int id in CaseIds)
        {
            Volume<byte> full = VolumeFile.Read(SharedData.Case("complete_skull", id)).ToMask();
            Volume<byte> half = Resampler.ResampleToSpacing(full, full.Grid.Spacing * 2, ResampleOptions.Mask);
            VolumeFile.Write(half, input.File($"{id:000}.nrrd"));
        }
        using var first = new TempDirectory();
        using var again = new TempDirectory();
        using var other = new TempDirectory();
        Build(input.Path, first.Path, seed: 11, parallel: 2);
        Build(input.Path, again.Path, seed: 11, parallel: 1);
        Build(input.Path, other.Path, seed: 12, parallel: 2);

        string[] rows = File.ReadAllLines(first.File("manifest.csv"));
        Assert.Equal(DatasetBuilder.ManifestHeader, rows[0]);
        Assert.Equal(1 + 2 * 3, rows.Length);
        foreach (string row in rows[1..])
            CheckTriple(first.Path, input.Path, row);

        Dictionary<string, byte[]> a = AllFiles(first.Path), b = AllFiles(again.Path), c = AllFiles(other.Path);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a)
            Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between two builds with the same seed");
        Assert.Equal(a.Keys.Order(), c.Keys.Order());
        foreach (string name in a.Keys.Where(n => n.StartsWith("implant/", StringComparison.Ordinal)))
            Assert.False(a[name].AsSpan().SequenceEqual(c[name]), $"{name} is the same with seeds 11 and 12");
        foreach (string name in a.Keys.Where(n => n.StartsWith("complete_skull/", StringComparison.Ordinal)))
            Assert.True(a[name].AsSpan().SequenceEqual(c[name]), $"{name}: the complete skull must not depend on the seed");
    }

    private static void Build(string skulls, string output, ulong seed, int parallel)
    {
        var (code, _, error) = CliRunner.Run("dataset", "build", "--skulls", skulls, "--per-skull", "3", "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "-o", output, "--quiet");
        Assert.True(code == 0, error);
    }

    /// <summary>A manifest row: the grids agree, defective and implant partition the complete skull, which is the input; the row matches the record.</summary>
    private static void CheckTriple(string folder, string inputFolder, string row)
    {
        string[] cells = row.Split(',');
        Assert.Equal(10, cells.Length);
        Volume<byte> complete = VolumeFile.Read(Path.Combine(folder, cells[0])).ToMask();
        Volume<byte> defective = VolumeFile.Read(Path.Combine(folder, cells[1])).ToMask();
        Volume<byte> implant = VolumeFile.Read(Path.Combine(folder, cells[2])).ToMask();
        Volume<byte> source = VolumeFile.Read(Path.Combine(inputFolder, Path.GetFileName(cells[0]))).ToMask();
        Assert.Null(source.Grid.DifferenceFrom(complete.Grid, 1e-9));
        Assert.Null(complete.Grid.DifferenceFrom(defective.Grid, 1e-9));
        Assert.Null(complete.Grid.DifferenceFrom(implant.Grid, 1e-9));
        Assert.Equal(source.Data, complete.Data);
        byte[] c = complete.Data, d = defective.Data, i = implant.Data;
        for (long o = 0; o < c.Length; o++)
            if ((d[o] & i[o]) != 0 || (d[o] | i[o]) != c[o])
                Assert.Fail($"{cells[1]} voxel {o}: complete {c[o]}, defective {d[o]}, implant {i[o]}");
        double volume = implant.CountNonZero() * implant.Grid.VoxelVolume / 1000;
        Assert.True(volume >= 1, $"{cells[2]}: implant {volume} cm³");
        Assert.Equal(volume, double.Parse(cells[8], CultureInfo.InvariantCulture), 0.0001);
        string defect = Path.GetFileNameWithoutExtension(cells[1]);
        DefectRecord record = DefectRecordFile.Read(Path.Combine(folder, "records", defect + ".json"));
        Assert.Equal(record.Kind, cells[3]);
        Assert.Equal(Xoshiro256.DeriveSeed(11, defect[..^3], int.Parse(defect[^2..], CultureInfo.InvariantCulture)), record.Seed);
        Assert.Equal(record.Seed.ToString(CultureInfo.InvariantCulture), cells[4]);
    }

    private static Dictionary<string, byte[]> AllFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes);
}
