using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Cli;

public class InfoAndConvertCommandTests
{
    private static readonly Mat3 Tilted = Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 0.8, -0.6), new Vec3(0, 0.6, 0.8));

    private static string WriteMask(TempDirectory dir, string name)
    {
        var mask = new Volume<int>(new Grid(4, 5, 6, new Vec3(0.5, 0.5, 2), new Vec3(1, 2, 3), Tilted));
        for (int i = 0; i < 10; i++) mask.Data[i * 7] = 1;
        string path = dir.File(name);
        VolumeFile.Write(mask, path);
        return path;
    }

    [Fact]
    public void Info_PrintsObliqueDirectionMatrixAndMaskVolume()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliRunner.Run("info", WriteMask(dir, "m.nrrd"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("[ +0.000000 +0.800000 +0.600000 ]", output);
        Assert.Contains("[ +0.000000 -0.600000 +0.800000 ]", output);
        Assert.Contains("oblique", output);
        Assert.Contains("4 × 5 × 6", output);
        // 10 voxels of 0.5 mm³ = 0.005 cm³.
        Assert.Contains("volume 0.005 cm³", output);
    }

    [Fact]
    public void Info_Json_HasGeometry()
    {
        using var dir = new TempDirectory();
        var (code, output, _) = CliRunner.Run("info", "--json", WriteMask(dir, "m.nrrd"));
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(0.6, json.RootElement.GetProperty("direction_rows")[1][2].GetDouble(), 12);
        Assert.Equal(10, json.RootElement.GetProperty("nonzero_voxels").GetInt64());
        Assert.True(json.RootElement.GetProperty("is_mask").GetBoolean());
    }

    [Fact]
    public void Convert_ChangesTypeKeepsVoxelsAndGeometry()
    {
        using var dir = new TempDirectory();
        string input = WriteMask(dir, "m.nrrd");
        var (code, _, error) = CliRunner.Run("convert", input, dir.File("m8.nhdr"), "--type", "uint8", "--quiet");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var original = (Volume<int>)VolumeFile.Read(input);
        var converted = Assert.IsType<Volume<byte>>(VolumeFile.Read(dir.File("m8.nhdr")));
        Assert.Equal(original.Data.Select(v => (byte)v), converted.Data);
        Assert.Null(original.Grid.DifferenceFrom(converted.Grid, 1e-12));
    }

    [Fact]
    public void Convert_RefusesToOverwriteItsInput()
    {
        using var dir = new TempDirectory();
        string input = WriteMask(dir, "m.nrrd");
        byte[] before = File.ReadAllBytes(input);
        var (code, _, error) = CliRunner.Run("convert", input, input);
        Assert.Equal(2, code);
        Assert.Contains("also an input", error);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Convert_UnknownOutputExtension_IsUsageError()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliRunner.Run("convert", WriteMask(dir, "m.nrrd"), dir.File("out.png"));
        Assert.Equal(2, code);
        Assert.Contains("out.png", error);
        Assert.Equal(["m.nrrd"], dir.FileNames());
    }

    [Fact]
    public void BadInput_FailsWithOneLineNamingTheFile()
    {
        using var dir = new TempDirectory();
        string bad = dir.File("bad.nrrd");
        File.WriteAllText(bad, "NRRD0004\ntype: int32\ndimension: 3\nsizes: 2 2 2\nencoding: raw\nendian: little\n\n123");
        var (code, output, error) = CliRunner.Run("convert", bad, dir.File("out.nrrd"));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(bad, error);
        Assert.Contains("truncated", error);
        Assert.Equal(["bad.nrrd"], dir.FileNames());
    }

    [Fact]
    public void Verbose_AddsTheStackTrace()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliRunner.Run("info", dir.File("missing.nrrd"), "--verbose");
        Assert.Equal(1, code);
        Assert.Contains("   at ", error);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("frobnicate")]
    [InlineData("convert", "only-one-argument.nrrd")]
    public void UsageErrors_ExitWithTwo(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.NotEqual("", error);
    }
}
