using Cranio.IO;
using Cranio.IO.Dicom;
using Cranio.Volumes;

namespace Cranio.Tests.IO.Dicom;

/// <summary>Broken files and slice stacks built in code: each error is a CranioFormatException naming the file (or folder) and the tag.</summary>
public class DicomBadInputTests
{
    private static readonly DicomTestSlice Template = new();

    private static short[] Zeros(int _) => new short[12];

    /// <summary>Writes a series with slices at z = positions[k] and lets <paramref name="change"/> alter slice k.</summary>
    private static string[] WriteSlices(string directory, double[] positions, Func<int, DicomTestSlice, DicomTestSlice>? change = null)
    {
        Directory.CreateDirectory(directory);
        var paths = new string[positions.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            paths[k] = Path.Combine(directory, $"slice{k:D2}.dcm");
            var slice = Template with { Position = new Vec3(0, 0, positions[k]), InstanceNumber = k + 1 };
            DicomTestFileBuilder.Write(paths[k], change?.Invoke(k, slice) ?? slice);
        }
        return paths;
    }

    private static CranioFormatException ReadFails(string directory) =>
        Assert.Throws<CranioFormatException>(() => DicomSeriesReader.Read(directory));

    [Fact]
    public void FileWithoutPixelData_NamesTheFileAndPixelData()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2], (k, s) => k == 1 ? s with { IncludePixelData = false } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[1], error.Path);
        Assert.Contains("(7FE0,0010) PixelData", error.Field);
        Assert.Contains("no pixel data", error.Problem);
    }

    [Fact]
    public void PixelDataShorterThanTheImage_NamesTheSizes()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2], (k, s) => k == 2 ? s with { Pixels = new short[11] } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[2], error.Path);
        Assert.Contains("PixelData", error.Field);
        Assert.Contains("expected 24 bytes", error.Problem);
        Assert.Contains("found 22", error.Problem);
    }

    [Fact]
    public void FileTruncatedInThePixelData_NamesTheFileAndPixelData()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2]);
        byte[] bytes = File.ReadAllBytes(paths[0]);
        File.WriteAllBytes(paths[0], bytes[..^5]);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[0], error.Path);
        Assert.Contains("PixelData", error.Field);
        Assert.Contains("ends early", error.Problem);
        Assert.IsType<EndOfStreamException>(error.InnerException);
    }

    [Fact]
    public void FileTruncatedInTheHeader_FailsWhileListing()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2]);
        byte[] bytes = File.ReadAllBytes(paths[1]);
        File.WriteAllBytes(paths[1], bytes[..400]);

        var error = Assert.Throws<CranioFormatException>(() => DicomSeriesReader.ListSeries(temp.Path));

        Assert.Equal(paths[1], error.Path);
        Assert.Contains("ends early", error.Problem);
    }

    [Fact]
    public void WrongMagic_IsAnErrorForTheParserAndSkippedInAFolder()
    {
        using var temp = new TempDirectory();
        WriteSlices(temp.File("series"), [0, 1]);
        byte[] bytes = DicomTestFileBuilder.Build(Template);
        bytes[131] = (byte)'X';
        string wrong = Path.Combine(temp.Path, "series", "wrong.dcm");
        File.WriteAllBytes(wrong, bytes);

        var error = Assert.Throws<CranioFormatException>(() => DicomFileParser.ReadHeader(wrong));
        Assert.Equal(wrong, error.Path);
        Assert.Equal("DICM magic", error.Field);
        Assert.Contains("found 44494358", error.Problem);

        Assert.Equal((4, 3, 2), DicomSeriesReader.Read(temp.File("series")).Grid.Size);
    }

    [Fact]
    public void FolderWithoutDicom_NamesTheFolder()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("notes.txt"), "no images here");
        Directory.CreateDirectory(temp.File("sub"));
        File.WriteAllBytes(Path.Combine(temp.File("sub"), "blob.bin"), new byte[500]);

        var error = Assert.Throws<CranioFormatException>(() => DicomSeriesReader.ListSeries(temp.Path));

        Assert.Equal(temp.Path, error.Path);
        Assert.Equal("DICOM files", error.Field);
        Assert.Contains("found none among 2 file(s)", error.Problem);
    }

    [Fact]
    public void MissingFolder_IsDirectoryNotFound() =>
        Assert.Throws<DirectoryNotFoundException>(() => DicomSeriesReader.ListSeries(Path.Combine(Path.GetTempPath(), "cranio-no-such-" + Guid.NewGuid().ToString("N"))));

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)")]
    [InlineData("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)")]
    [InlineData("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless")]
    [InlineData("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)")]
    [InlineData("1.2.840.10008.1.2.5", "RLE Lossless")]
    public void CompressedTransferSyntax_IsListedButNotRead_NamingTheSyntaxAndGdcmconv(string uid, string name)
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1], (_, s) => s with { TransferSyntax = uid });

        Assert.Equal(2, DicomSeriesReader.ListSeries(temp.Path).Single().SliceCount);
        var error = ReadFails(temp.Path);

        Assert.Equal(paths[0], error.Path);
        Assert.Equal("(0002,0010) TransferSyntaxUID", error.Field);
        Assert.Contains($"{uid} ({name})", error.Problem);
        Assert.Contains("gdcmconv --raw IN OUT", error.Problem);
        Assert.Contains("libgdcm-tools", error.Problem);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.2", "Explicit VR Big Endian")]
    [InlineData("1.2.3.4.5.6", "unknown transfer syntax")]
    public void UnreadableHeaderSyntax_FailsWhileListing(string uid, string name)
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0], (_, s) => s with { TransferSyntax = uid });

        var error = Assert.Throws<CranioFormatException>(() => DicomSeriesReader.ListSeries(temp.Path));

        Assert.Equal(paths[0], error.Path);
        Assert.Contains(uid, error.Problem);
        Assert.Contains(name, error.Problem);
    }

    [Fact]
    public void UnevenSpacing_NamesThePositions()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 2, 4, 6.5, 8.5]);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[3], error.Path);
        Assert.Equal("(0020,0032) ImagePositionPatient", error.Field);
        Assert.Contains("uneven slice spacing", error.Problem);
        Assert.Contains("(0, 0, 4)", error.Problem);
        Assert.Contains("(0, 0, 6.5)", error.Problem);
    }

    [Fact]
    public void SpacingWithinTolerance_IsAccepted()
    {
        using var temp = new TempDirectory();
        WriteSlices(temp.Path, [0, 2.005, 4, 6.004, 8]);

        Assert.Equal(2, DicomSeriesReader.Read(temp.Path).Grid.Spacing.Z, 9);
    }

    [Fact]
    public void MissingSlice_NamesTheGap()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [10, 8, 6, 2, 0]);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[2], error.Path);
        Assert.Equal("(0020,0032) ImagePositionPatient", error.Field);
        Assert.Contains("missing slice", error.Problem);
        Assert.Contains("(0, 0, 2) and (0, 0, 6)", error.Problem);
    }

    [Fact]
    public void DuplicatePositions_AreRejected()
    {
        using var temp = new TempDirectory();
        WriteSlices(temp.Path, [0, 1, 1, 2]);

        var error = ReadFails(temp.Path);

        Assert.Equal("(0020,0032) ImagePositionPatient", error.Field);
        Assert.Contains("duplicate slice position", error.Problem);
    }

    [Fact]
    public void PositionsOffTheLine_AreRejected()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2, 3], (k, s) => k == 2 ? s with { Position = new Vec3(0.5, 0, 2) } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[2], error.Path);
        Assert.Contains("do not lie on one line", error.Problem);
    }

    [Fact]
    public void MixedSizes_NameRowsAndColumns()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2], (k, s) => k == 1 ? s with { Rows = 4, Pixels = new short[16] } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[1], error.Path);
        Assert.Contains("(0028,0010) Rows", error.Field);
        Assert.Contains("expected 3 rows × 4 columns", error.Problem);
        Assert.Contains("found 4 × 4", error.Problem);
    }

    [Fact]
    public void MixedOrientation_IsRejected()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2], (k, s) => k == 2 ? s with { RowDirection = new Vec3(0.6, 0.8, 0), ColumnDirection = new Vec3(-0.8, 0.6, 0) } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[2], error.Path);
        Assert.Equal("(0020,0037) ImageOrientationPatient", error.Field);
    }

    [Fact]
    public void MixedPixelSpacing_IsRejected()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1, 2], (k, s) => k == 1 ? s with { RowSpacing = 0.6 } : s);

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[1], error.Path);
        Assert.Equal("(0028,0030) PixelSpacing", error.Field);
    }

    [Fact]
    public void ColourImage_IsRejectedNamingSamplesPerPixel()
    {
        using var temp = new TempDirectory();
        string[] paths = WriteSlices(temp.Path, [0, 1], (_, s) => s with { SamplesPerPixel = 3 });

        var error = ReadFails(temp.Path);

        Assert.Equal(paths[0], error.Path);
        Assert.Equal("(0028,0002) SamplesPerPixel", error.Field);
        Assert.Contains("expected 1", error.Problem);
        Assert.Contains("found 3", error.Problem);
    }

    [Fact]
    public void ColourPhotometricInterpretation_IsRejected()
    {
        using var temp = new TempDirectory();
        WriteSlices(temp.Path, [0, 1], (_, s) => s with { PhotometricInterpretation = "RGB" });

        var error = ReadFails(temp.Path);

        Assert.Equal("(0028,0004) PhotometricInterpretation", error.Field);
        Assert.Contains("found 'RGB'", error.Problem);
    }

    [Fact]
    public void SingleSlice_IsRejected()
    {
        using var temp = new TempDirectory();
        WriteSlices(temp.Path, [5]);

        var error = ReadFails(temp.Path);

        Assert.Contains("at least 2 slices", error.Problem);
    }
}
