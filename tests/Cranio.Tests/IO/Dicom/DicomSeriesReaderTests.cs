using Cranio.IO;
using Cranio.IO.Dicom;
using Cranio.Volumes;

namespace Cranio.Tests.IO.Dicom;

public class DicomSeriesReaderTests
{
    private static readonly DicomTestSlice Template = new();

    /// <summary>Seeded random raw patterns for slice k of a rows × columns image, in [min, max].</summary>
    private static Func<int, short[]> RandomPixels(int count, int min, int max, int seed = 7) =>
        k =>
        {
            var random = new Random(seed * 1000 + k);
            return Enumerable.Range(0, count).Select(_ => (short)random.Next(min, max + 1)).ToArray();
        };

    private static void AssertClose(Vec3 expected, Vec3 actual, double tolerance) =>
        Assert.True(expected.MaxAbsDifference(actual) <= tolerance, $"expected {expected}, got {actual}");

    [Fact]
    public void Read_ShuffledExplicitSeries_GivesExactHuAndAxisAlignedGeometry()
    {
        using var temp = new TempDirectory();
        var template = Template with { Signed = false, BitsStored = 12, Intercept = "-1024", Slope = "1" };
        var pixels = RandomPixels(12, 0, 4095);
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 5, new Vec3(0, 0, 2.5), pixels);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal((4, 3, 5), volume.Grid.Size);
        Assert.Equal(new Vec3(0.8, 0.5, 2.5), volume.Grid.Spacing);
        Assert.Equal(template.Position, volume.Grid.Origin);
        Assert.True(volume.Grid.IsAxisAligned);
        for (int k = 0; k < 5; k++)
        {
            short[] slice = pixels(k);
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 4; i++)
                    Assert.Equal(slice[i + 4 * j] - 1024, volume[i, j, k]);
        }
        Assert.Equal(template.SeriesInstanceUid, volume.Metadata["dicom.SeriesInstanceUID"]);
        Assert.Equal("CT", volume.Metadata["dicom.Modality"]);
        Assert.Equal("HEAD 1.0", volume.Metadata["dicom.SeriesDescription"]);
        Assert.Equal("3", volume.Metadata["dicom.SeriesNumber"]);
    }

    [Theory]
    [InlineData(DicomTestSlice.ImplicitLittleEndian)]
    [InlineData(DicomTestSlice.DeflatedExplicitLittleEndian)]
    public void Read_ImplicitAndDeflatedSeries_EqualTheExplicitOne(string transferSyntax)
    {
        using var temp = new TempDirectory();
        var template = Template with { Intercept = "-1000", Slope = "1" };
        var pixels = RandomPixels(12, -2000, 3000);
        DicomTestFileBuilder.WriteSeries(temp.File("explicit"), template, 4, new Vec3(0, 0, 1.5), pixels);
        DicomTestFileBuilder.WriteSeries(temp.File("other"), template with { TransferSyntax = transferSyntax }, 4, new Vec3(0, 0, 1.5), pixels, seed: 99);

        var expected = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.File("explicit")));
        var actual = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.File("other")));

        Assert.Equal(expected.Grid, actual.Grid);
        Assert.Equal(expected.Data, actual.Data);
    }

    /// <summary>Orthonormal row and column directions of an oblique slice: rotations of 30° about z then 20° about the row direction.</summary>
    private static (Vec3 Row, Vec3 Column) Oblique()
    {
        double a = Math.PI / 6, b = Math.PI / 9;
        var row = new Vec3(Math.Cos(a), Math.Sin(a), 0);
        var column = new Vec3(-Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b));
        return (row, column);
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(-1.25)]
    public void Read_ObliqueSeries_MapsEveryVoxelToItsPatientPosition(double step)
    {
        using var temp = new TempDirectory();
        (Vec3 row, Vec3 column) = Oblique();
        Vec3 normal = row.Cross(column);
        var template = Template with { RowDirection = row, ColumnDirection = column, Slope = "1", Intercept = "0" };
        var pixels = RandomPixels(12, -1024, 3071);
        const int count = 6;
        DicomTestFileBuilder.WriteSeries(temp.Path, template, count, normal * step, pixels);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Grid grid = volume.Grid;
        AssertClose(row, grid.Direction.Column(0), 1e-5);
        AssertClose(column, grid.Direction.Column(1), 1e-5);
        AssertClose(normal, grid.Direction.Column(2), 1e-5);
        Assert.Equal(Math.Abs(step), grid.Spacing.Z, 4);
        Assert.True(grid.Direction.Determinant > 0);
        for (int k = 0; k < count; k++)
        {
            // Written slice w lies at Position + w · step · normal; ascending order along the normal reverses a negative step.
            int written = step > 0 ? k : count - 1 - k;
            Vec3 position = template.Position + normal * (step * written);
            short[] slice = pixels(written);
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 4; i++)
                {
                    Vec3 expected = position + row * (i * template.ColumnSpacing) + column * (j * template.RowSpacing);
                    AssertClose(expected, grid.IndexToPhysical(i, j, k), 1e-4);
                    Assert.Equal(slice[i + 4 * j], volume[i, j, k]);
                }
        }
    }

    [Fact]
    public void Read_TiltedGantrySeries_TakesTheStepDirectionAsK()
    {
        using var temp = new TempDirectory();
        (Vec3 row, Vec3 column) = Oblique();
        Vec3 normal = row.Cross(column);
        Vec3 step = normal * 2 + column * 0.35;
        var template = Template with { RowDirection = row, ColumnDirection = column };
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 5, step, RandomPixels(12, -1000, 1000));

        Grid grid = DicomSeriesReader.Read(temp.Path).Grid;

        AssertClose(step.Normalized(), grid.Direction.Column(2), 1e-5);
        Assert.Equal(step.Length, grid.Spacing.Z, 4);
        Assert.False(grid.IsOrthogonal);
        for (int k = 0; k < 5; k++)
            AssertClose(template.Position + step * k, grid.IndexToPhysical(0, 0, k), 1e-4);
    }

    [Fact]
    public void Read_FractionalRescale_GivesFloat32WithExactValues()
    {
        using var temp = new TempDirectory();
        var template = Template with { Slope = "0.5", Intercept = "-1024.25" };
        var pixels = RandomPixels(12, -3000, 3000);
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 3, new Vec3(0, 0, 1), pixels);

        var volume = Assert.IsType<Volume<float>>(DicomSeriesReader.Read(temp.Path));

        for (int k = 0; k < 3; k++)
            for (int n = 0; n < 12; n++)
                Assert.Equal((float)(pixels(k)[n] * 0.5 - 1024.25), volume.Slice(k)[n]);
    }

    [Fact]
    public void Read_ValuesBeyondInt16_GiveFloat32()
    {
        using var temp = new TempDirectory();
        var template = Template with { Signed = false };
        short[] values = [0, 1, 1000, unchecked((short)60000), unchecked((short)65535), 5, 6, 7, 8, 9, 10, 11];
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 2, new Vec3(0, 0, 1), _ => values);

        var volume = Assert.IsType<Volume<float>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal(60000f, volume[3, 0, 0]);
        Assert.Equal(65535f, volume[0, 1, 1]);
    }

    [Fact]
    public void Read_UnsignedValuesShiftedIntoInt16_StayInt16()
    {
        using var temp = new TempDirectory();
        var template = Template with { Signed = false, Intercept = "-1024" };
        short[] values = Enumerable.Range(0, 12).Select(n => unchecked((short)(33791 - n))).ToArray();
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 2, new Vec3(0, 0, 1), _ => values);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal(short.MaxValue, volume[0, 0, 0]);
        Assert.Equal(short.MaxValue - 11, volume[3, 2, 1]);
    }

    [Fact]
    public void Read_TwelveBitStoredValues_AreMaskedAndSignExtended()
    {
        using var temp = new TempDirectory();
        short[] patterns = [0x0FFF, 0x0800, unchecked((short)0xF7FF), 0x07FF, unchecked((short)0xA001), 0, 1, 2, 3, 4, 5, 6];
        DicomTestFileBuilder.WriteSeries(temp.File("signed"), Template with { BitsStored = 12, Signed = true }, 2, new Vec3(0, 0, 1), _ => patterns);
        DicomTestFileBuilder.WriteSeries(temp.File("unsigned"), Template with { BitsStored = 12, Signed = false }, 2, new Vec3(0, 0, 1), _ => patterns);

        var signed = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.File("signed")));
        var unsigned = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.File("unsigned")));

        Assert.Equal([-1, -2048, 2047, 2047, 1], signed.Slice(1)[..5].ToArray());
        Assert.Equal([4095, 2048, 2047, 2047, 1], unsigned.Slice(1)[..5].ToArray());
    }

    [Fact]
    public void Read_EightBitOddSizedSlices_ApplyTheRescale()
    {
        using var temp = new TempDirectory();
        var template = Template with { BitsAllocated = 8, BitsStored = 8, Signed = false, Rows = 3, Columns = 5, Slope = "2", Intercept = "-100" };
        var pixels = RandomPixels(15, 0, 255);
        DicomTestFileBuilder.WriteSeries(temp.Path, template, 3, new Vec3(0, 0, 3), pixels);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal((5, 3, 3), volume.Grid.Size);
        for (int k = 0; k < 3; k++)
            Assert.Equal(pixels(k).Select(p => (short)(2 * p - 100)).ToArray(), volume.Slice(k).ToArray());
    }

    [Fact]
    public void Read_WithoutRescaleTags_UsesSlopeOneInterceptZero()
    {
        using var temp = new TempDirectory();
        var pixels = RandomPixels(12, -500, 500);
        DicomTestFileBuilder.WriteSeries(temp.Path, Template, 2, new Vec3(0, 0, 1), pixels);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal(pixels(0), volume.Slice(0).ToArray());
        Assert.Equal(pixels(1), volume.Slice(1).ToArray());
    }

    [Fact]
    public void Read_Monochrome1_KeepsTheRescaledValues()
    {
        using var temp = new TempDirectory();
        var pixels = RandomPixels(12, -1000, 1000);
        DicomTestFileBuilder.WriteSeries(temp.Path, Template with { PhotometricInterpretation = "MONOCHROME1" }, 2, new Vec3(0, 0, 1), pixels);

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Assert.Equal(pixels(1), volume.Slice(1).ToArray());
    }

    private static (string A, string B) WriteTwoSeries(TempDirectory temp)
    {
        var a = Template with { SeriesInstanceUid = "1.2.3.100", SeriesDescription = "BONE", SeriesNumber = 4 };
        var b = Template with { SeriesInstanceUid = "1.2.3.200", SeriesDescription = "SOFT TISSUE", SeriesNumber = 2, Rows = 2, Columns = 5, Pixels = new short[10] };
        DicomTestFileBuilder.WriteSeries(Path.Combine(temp.Path, "a"), a, 3, new Vec3(0, 0, 1), _ => new short[12]);
        DicomTestFileBuilder.WriteSeries(Path.Combine(temp.Path, "b", "deeper"), b, 4, new Vec3(0, 0, 2), _ => new short[10]);
        File.WriteAllText(temp.File("readme.txt"), "not DICOM");
        File.WriteAllBytes(temp.File("tiny"), [1, 2, 3]);
        File.WriteAllBytes(temp.File("DICOMDIR"), DicomTestFileBuilder.Build(Template with { SeriesInstanceUid = "6.6.6" }));
        File.WriteAllBytes(temp.File("index.dcm"), DicomTestFileBuilder.Build(Template with { SeriesInstanceUid = "6.6.7", MediaStorageSopClassUid = "1.2.840.10008.1.3.10" }));
        return (a.SeriesInstanceUid, b.SeriesInstanceUid);
    }

    [Fact]
    public void ListSeries_NestedFolders_ListsEachSeriesOnceBySeriesNumber()
    {
        using var temp = new TempDirectory();
        (string a, string b) = WriteTwoSeries(temp);

        var series = DicomSeriesReader.ListSeries(temp.Path);

        Assert.Equal([b, a], series.Select(s => s.SeriesInstanceUid));
        Assert.Equal(("SOFT TISSUE", 2, 4, 2, 5, "CT"), (series[0].SeriesDescription, series[0].SeriesNumber, series[0].SliceCount, series[0].Rows, series[0].Columns, series[0].Modality));
        Assert.Equal(("BONE", 4, 3, 3, 4), (series[1].SeriesDescription, series[1].SeriesNumber, series[1].SliceCount, series[1].Rows, series[1].Columns));
        Assert.All(series[0].Files, f => Assert.StartsWith(Path.Combine(temp.Path, "b", "deeper"), f));
        Assert.Equal(series[1].Files.Order(StringComparer.Ordinal), series[1].Files);
    }

    [Fact]
    public void Read_TwoSeriesWithoutUid_ListsThemAndAsksForSeries()
    {
        using var temp = new TempDirectory();
        (string a, string b) = WriteTwoSeries(temp);

        var error = Assert.Throws<CranioFormatException>(() => DicomSeriesReader.Read(temp.Path));

        Assert.Equal(temp.Path, error.Path);
        Assert.Contains("(0020,000E)", error.Field);
        Assert.Contains("--series", error.Message);
        Assert.Contains($"{a} (series 4, CT, 'BONE', 3 slices of 3×4)", error.Message);
        Assert.Contains($"{b} (series 2, CT, 'SOFT TISSUE', 4 slices of 2×5)", error.Message);
    }

    [Fact]
    public void Read_ChosenSeries_ReadsOnlyThatSeries()
    {
        using var temp = new TempDirectory();
        (string a, string b) = WriteTwoSeries(temp);

        Volume volume = DicomSeriesReader.Read(temp.Path, b);
        Volume again = DicomSeriesReader.Read(DicomSeriesReader.ListSeries(temp.Path).Single(s => s.SeriesInstanceUid == a));

        Assert.Equal((5, 2, 4), volume.Grid.Size);
        Assert.Equal(2, volume.Grid.Spacing.Z, 9);
        Assert.Equal((4, 3, 3), again.Grid.Size);
        var error = Assert.Throws<CranioFormatException>(() => DicomSeriesReader.Read(temp.Path, "1.2.3.999"));
        Assert.Contains("1.2.3.999", error.Message);
        Assert.Contains(a, error.Message);
    }
}
