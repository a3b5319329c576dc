using Cranio.IO;
using Cranio.IO.Dicom;

namespace Cranio.Tests.IO.Dicom;

public class DicomFileParserTests
{
    private static readonly DicomTestSlice Template = new() { Slope = "1", Intercept = "-1024" };

    [Theory]
    [InlineData(DicomTestSlice.ExplicitLittleEndian)]
    [InlineData(DicomTestSlice.ImplicitLittleEndian)]
    [InlineData(DicomTestSlice.DeflatedExplicitLittleEndian)]
    public void ReadHeader_KeepsTopLevelValuesAndSkipsSequences(string transferSyntax)
    {
        using var temp = new TempDirectory();
        string path = temp.File("slice.dcm");
        DicomTestFileBuilder.Write(path, Template with { TransferSyntax = transferSyntax });

        DicomSliceHeader header = DicomFileParser.ReadHeader(path);

        Assert.Equal(transferSyntax, header.TransferSyntax.Uid);
        Assert.Equal(Template.SeriesInstanceUid, header.RequiredString(DicomTag.SeriesInstanceUid));
        Assert.Equal((ushort)3, header.UInt16(DicomTag.Rows));
        Assert.Equal((ushort)4, header.UInt16(DicomTag.Columns));
        Assert.Equal([-100.0, -120, 40], header.Decimals(DicomTag.ImagePositionPatient, 3));
        Assert.Equal([0.5, 0.8], header.Decimals(DicomTag.PixelSpacing, 2));
        Assert.False(header.Has(DicomTag.NumberOfFrames));
        Assert.Equal(-1024, header.Decimal(DicomTag.RescaleIntercept, 0));
        Assert.Equal("HEAD 1.0", header.String(DicomTag.SeriesDescription));
        Assert.Equal(3, header.Integer(DicomTag.SeriesNumber));
        Assert.Equal(24u, header.PixelDataLength);
    }

    [Fact]
    public void ReadPixelData_ReadsTheBytesAfterTheHeader()
    {
        using var temp = new TempDirectory();
        string path = temp.File("slice.dcm");
        short[] pixels = Enumerable.Range(0, 12).Select(n => (short)(n * 1000 - 5000)).ToArray();
        DicomTestFileBuilder.Write(path, Template with { TransferSyntax = DicomTestSlice.DeflatedExplicitLittleEndian, Pixels = pixels });

        var bytes = new byte[24];
        DicomFileParser.ReadPixelData(path, bytes);

        Assert.Equal(pixels.SelectMany(BitConverter.GetBytes).ToArray(), bytes);
    }

    [Fact]
    public void ReadHeader_FileShorterThanThePreamble_IsAFormatError()
    {
        using var temp = new TempDirectory();
        string path = temp.File("short.dcm");
        File.WriteAllBytes(path, new byte[100]);

        var error = Assert.Throws<CranioFormatException>(() => DicomFileParser.ReadHeader(path));

        Assert.Equal("preamble", error.Field);
        Assert.False(DicomFileParser.HasMagic(path));
    }

    /// <summary>Every prefix of valid files either parses or fails with a CranioFormatException — never another exception.</summary>
    [Theory]
    [InlineData(DicomTestSlice.ExplicitLittleEndian)]
    [InlineData(DicomTestSlice.ImplicitLittleEndian)]
    [InlineData(DicomTestSlice.DeflatedExplicitLittleEndian)]
    public void ReadHeader_EveryTruncation_FailsCleanly(string transferSyntax)
    {
        using var temp = new TempDirectory();
        byte[] bytes = DicomTestFileBuilder.Build(Template with { TransferSyntax = transferSyntax });
        string path = temp.File("cut.dcm");
        int failures = 0;
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            try
            {
                DicomSliceHeader header = DicomFileParser.ReadHeader(path);
                Assert.True(header.PixelDataLength is null || length >= bytes.Length - 24, $"a cut at {length} kept the pixel data header");
            }
            catch (CranioFormatException e)
            {
                Assert.Equal(path, e.Path);
                failures++;
            }
        }
        Assert.True(failures > bytes.Length / 2, $"only {failures} of {bytes.Length} truncations failed");
    }

    /// <summary>Seeded random byte corruptions of the header either parse or fail with a CranioFormatException.</summary>
    [Theory]
    [InlineData(DicomTestSlice.ExplicitLittleEndian)]
    [InlineData(DicomTestSlice.ImplicitLittleEndian)]
    public void ReadHeader_CorruptedBytes_FailCleanly(string transferSyntax)
    {
        using var temp = new TempDirectory();
        byte[] original = DicomTestFileBuilder.Build(Template with { TransferSyntax = transferSyntax });
        string path = temp.File("corrupt.dcm");
        var random = new Random(2024);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(132, bytes.Length - 24)] = (byte)random.Next(256);
            File.WriteAllBytes(path, bytes);
            try
            {
                DicomFileParser.ReadHeader(path);
            }
            catch (CranioFormatException e)
            {
                Assert.Equal(path, e.Path);
            }
        }
    }

    [Fact]
    public void ReadHeader_SequencesNestedTooDeep_AreRejected()
    {
        using var temp = new TempDirectory();
        string path = temp.File("deep.dcm");
        byte[] valid = DicomTestFileBuilder.Build(Template with { IncludePixelData = false });
        var nested = new MemoryStream();
        int depth = DicomFileParser.MaxSequenceDepth + 1;
        for (int d = 0; d < depth; d++)
        {
            nested.Write([0x08, 0x00, 0x40, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
            nested.Write([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }
        File.WriteAllBytes(path, [.. valid, .. nested.ToArray()]);

        var error = Assert.Throws<CranioFormatException>(() => DicomFileParser.ReadHeader(path));

        Assert.Contains("nested deeper than", error.Problem);
    }
}
