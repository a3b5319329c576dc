using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public class EvaluateCommandTests
{
    private static readonly Grid Grid = Grid.AxisAligned(12, 10, 8, new Vec3(0.5, 0.5, 1.0), new Vec3(-3, 4, 5));

    /// <summary>An int32 {0,1} label file (as SkullFix stores masks) with a block of voxels x0…x1 × 2…6 × 2…5.</summary>
    private static string WriteBlock(TempDirectory dir, string name, int x0, int x1, Grid? grid = null)
    {
        var v = new Volume<int>(grid ?? Grid);
        for (int z = 2; z <= 5; z++) for (int y = 2; y <= 6; y++) for (int x = x0; x <= x1; x++) v[x, y, z] = 1;
        string path = dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        VolumeFile.Write(v, path);
        return path;
    }

    private static string WriteSkull(TempDirectory dir, string name)
    {
        var v = new Volume<int>(Grid);
        for (int z = 0; z < 8; z++) for (int y = 0; y < 10; y++) v[0, y, z] = 1;
        string path = dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        VolumeFile.Write(v, path);
        return path;
    }

    [Fact]
    public void Files_WriteCsvWithKnownMetrics()
    {
        using var dir = new TempDirectory();
        // Truth x 2…5 (4 wide), prediction x 3…6: overlap 3 of 4 columns → DSC 0.75; shifted one voxel of 0.5 mm along x.
        string g = WriteBlock(dir, "gt.nrrd", 2, 5), p = WriteBlock(dir, "pred.nrrd", 3, 6), d = WriteSkull(dir, "def.nrrd");
        var (code, output, error) = CliRunner.Run("evaluate", "--pred", p, "--gt", g, "--defective", d, "--csv", dir.File("m.csv"));
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("gt", output);
        string[] lines = File.ReadAllLines(dir.File("m.csv"));
        Assert.Equal("case,dsc,bdsc,hd95,hd,re,vol_error", lines[0]);
        string[] row = lines[1].Split(',');
        Assert.Equal("gt", row[0]);
        Assert.Equal("0.75", row[1]);
        Assert.Equal("0.5", row[4]);                  // HD: the faces one voxel (0.5 mm) apart
        Assert.Equal((2.0 * 20 / 960).ToString("R", System.Globalization.CultureInfo.InvariantCulture), row[5]);
        Assert.Equal("0.5", row[6]);                  // 40 differing voxels / 80
        Assert.Equal(["mean", "median", "std"], lines[2..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Folders_MissingPredictionExitsOne_ExtraIsAWarning_MatchedCasesStillWritten()
    {
        using var dir = new TempDirectory();
        WriteBlock(dir, "gt/000.nrrd", 2, 5);
        WriteBlock(dir, "gt/001.nrrd", 2, 5);
        WriteBlock(dir, "pred/000.nrrd", 2, 5);
        WriteBlock(dir, "pred/009.nrrd", 2, 5);
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", dir.File("pred"), "--gt", dir.File("gt"), "--csv", dir.File("m.csv"), "-q");
        Assert.Equal(1, code);
        Assert.Contains("missing prediction for case 001", error);
        Assert.Contains("009.nrrd matches no ground truth", error);
        string[] lines = File.ReadAllLines(dir.File("m.csv"));
        Assert.Equal("000,1,,0,0,0,0", lines[1]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Report_IsSelfContainedWithBoxPlotsAndSlices_WorstFirst()
    {
        using var dir = new TempDirectory();
        WriteBlock(dir, "gt/good.nrrd", 2, 5);
        WriteBlock(dir, "gt/bad.nrrd", 2, 5);
        WriteBlock(dir, "pred/good.nrrd", 2, 5);
        WriteBlock(dir, "pred/bad.nrrd", 5, 9);
        WriteSkull(dir, "def/good.nrrd");
        WriteSkull(dir, "def/bad.nrrd");
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", dir.File("pred"), "--gt", dir.File("gt"), "--defective", dir.File("def"), "--report", dir.File("r.html"));
        Assert.Equal("", error);
        Assert.Equal(0, code);
        string html = File.ReadAllText(dir.File("r.html"));
        Assert.Contains("<svg", html);
        Assert.Equal(6, html.Split("<svg").Length - 1);
        Assert.Equal(6, html.Split("data:image/png;base64,").Length - 1);
        Assert.True(html.IndexOf("<h3>bad</h3>", StringComparison.Ordinal) < html.IndexOf("<h3>good</h3>", StringComparison.Ordinal));
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void GridMismatch_ExitsOneNamingBothFiles()
    {
        using var dir = new TempDirectory();
        string g = WriteBlock(dir, "gt.nrrd", 2, 5);
        string p = WriteBlock(dir, "pred.nrrd", 2, 5, Grid with { Spacing = new Vec3(0.5, 0.5, 2.0) });
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", p, "--gt", g);
        Assert.Equal(1, code);
        Assert.Contains("gt.nrrd", error);
        Assert.Contains("pred.nrrd", error);
        Assert.Contains("spacing", error);
    }

    [Fact]
    public void OutputOverAnInput_IsAUsageError()
    {
        using var dir = new TempDirectory();
        string g = WriteBlock(dir, "gt.nrrd", 2, 5), p = WriteBlock(dir, "pred.nrrd", 2, 5);
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", p, "--gt", g, "--csv", g);
        Assert.Equal(2, code);
        Assert.Contains("also an input", error);
    }

    [Fact]
    public void NonPositiveBoundaryWidth_IsAUsageError()
    {
        using var dir = new TempDirectory();
        string g = WriteBlock(dir, "gt.nrrd", 2, 5), p = WriteBlock(dir, "pred.nrrd", 2, 5);
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", p, "--gt", g, "--boundary-width", "0");
        Assert.Equal(2, code);
        Assert.Contains("--boundary-width must be a positive number of mm; got 0", error);
    }

    [Fact]
    public void NoMatchingCase_ExitsOneAndSaysSo()
    {
        using var dir = new TempDirectory();
        WriteBlock(dir, "gt/000.nrrd", 2, 5);
        WriteBlock(dir, "pred/001.nrrd", 2, 5);
        var (code, _, error) = CliRunner.Run("evaluate", "--pred", dir.File("pred"), "--gt", dir.File("gt"));
        Assert.Equal(1, code);
        Assert.Contains("no case to evaluate", error);
    }
}
