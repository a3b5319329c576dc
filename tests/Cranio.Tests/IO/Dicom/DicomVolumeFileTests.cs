using Cranio.IO;
using Cranio.Tests.Cli;
using Cranio.Volumes;

namespace Cranio.Tests.IO.Dicom;

/// <summary>DICOM folders through VolumeFile and the cranio command line (--series).</summary>
public class DicomVolumeFileTests
{
    private static readonly DicomTestSlice Template = new() { Intercept = "-1024" };

    private static void WriteSeries(string directory, string uid, int count) =>
        DicomTestFileBuilder.WriteSeries(directory, Template with { SeriesInstanceUid = uid }, count, new Vec3(0, 0, 1.5),
            k => Enumerable.Range(0, 12).Select(n => (short)(100 * k + n)).ToArray());

    [Fact]
    public void VolumeFileRead_Folder_ReadsTheDicomSeries()
    {
        using var temp = new TempDirectory();
        WriteSeries(temp.Path, "1.2.3", 3);

        var volume = Assert.IsType<Volume<short>>(VolumeFile.Read(temp.Path));

        Assert.Equal((4, 3, 3), volume.Grid.Size);
        Assert.Equal(200 + 11 - 1024, volume[3, 2, 2]);
        Assert.Throws<ArgumentException>(() => VolumeFile.Read(Directory.GetFiles(temp.Path)[0], "1.2.3"));
    }

    [Fact]
    public void Convert_FolderWithTwoSeries_NeedsSeriesThenWritesTheChosenOne()
    {
        using var temp = new TempDirectory();
        WriteSeries(temp.File("a"), "1.2.3.1", 3);
        WriteSeries(temp.File("b"), "1.2.3.2", 5);
        string output = temp.File("ct.nrrd");

        var (failed, _, error) = CliRunner.Run("convert", temp.Path, output, "--quiet");
        var (code, _, _) = CliRunner.Run("convert", temp.Path, output, "--series", "1.2.3.2", "--quiet");

        Assert.Equal(1, failed);
        Assert.Contains("--series", error);
        Assert.Contains("1.2.3.1", error);
        Assert.Contains("1.2.3.2", error);
        Assert.Equal(0, code);
        var volume = Assert.IsType<Volume<short>>(VolumeFile.Read(output));
        Assert.Equal((4, 3, 5), volume.Grid.Size);
        Assert.Equal(1.5, volume.Grid.Spacing.Z, 9);
    }

    [Fact]
    public void Info_SeriesForAFile_IsAUsageError()
    {
        using var temp = new TempDirectory();
        WriteSeries(temp.Path, "1.2.3", 2);

        var (code, _, error) = CliRunner.Run("info", Directory.GetFiles(temp.Path)[0], "--series", "1.2.3");

        Assert.Equal(2, code);
        Assert.Contains("not a folder", error);
    }
}
