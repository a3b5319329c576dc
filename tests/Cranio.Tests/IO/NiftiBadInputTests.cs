using Cranio.IO;

namespace Cranio.Tests.IO;

/// <summary>
/// Broken files built in code: each gives a <see cref="CranioFormatException"/> that names the file, the field
/// and what was found, and reading leaves no file behind.
/// </summary>
public class NiftiBadInputTests
{
    private static readonly short[] Ramp = Enumerable.Range(0, 24).Select(i => (short)i).ToArray();

    private static NiftiTestFile Valid() => new NiftiTestFile().WithData(Ramp);

    private static CranioFormatException ReadFails(byte[] bytes, string field, string found, string name = "broken.nii.gz")
    {
        using var folder = new TempDirectory();
        string path = folder.File(name);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<CranioFormatException>(() => NiftiReader.Read(path));
        Assert.Equal(path, error.Path);
        Assert.Equal(field, error.Field);
        Assert.Contains(found, error.Problem);
        Assert.StartsWith(path, error.Message);
        Assert.Equal([name], folder.FileNames());
        return error;
    }

    [Fact]
    public void TruncatedGzip()
    {
        var file = new NiftiTestFile { DataType = 8, BitPix = 32 }.WithData(new int[64 * 64 * 8].Select((_, i) => i * 7919).ToArray());
        file.Dim[1] = 64; file.Dim[2] = 64; file.Dim[3] = 8;
        byte[] whole = NiftiTestFile.Gzip(file.Build());
        Assert.True(whole.Length > 1000);
        byte[] truncated = whole[..(whole.Length / 2)];
        ReadFails(truncated, "data", "expected 131072 bytes");
    }

    [Fact]
    public void CorruptGzip_KeepsTheInnerException()
    {
        byte[] bytes = NiftiTestFile.Gzip(Valid().Build());
        for (int i = 20; i < 60; i++) bytes[i] ^= 0x5A;
        var error = ReadFails(bytes, "gzip", "corrupt");
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void WrongMagic()
    {
        var file = Valid();
        file.Magic = "n+2";
        ReadFails(file.Build(), "magic", "6E2B3200");
    }

    [Fact]
    public void PairHeaderReadAsSingleFile()
    {
        var file = Valid();
        file.Magic = "ni1";
        ReadFails(file.Build(), "magic", "\"ni1\"");
    }

    [Theory]
    [InlineData(300, "found 300")]
    [InlineData(0, "found 0")]
    [InlineData(540, "NIfTI-2")]
    public void WrongSizeOfHeader(int size, string found)
    {
        var file = Valid();
        file.SizeOfHeader = size;
        ReadFails(file.Build(), "sizeof_hdr", found);
    }

    [Fact]
    public void HeaderShorterThan348Bytes()
    {
        ReadFails(Valid().Build()[..200], "header", "after 200 bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DataShorterThanTheHeaderSays(bool gzip)
    {
        byte[] bytes = Valid().Build()[..^10];
        ReadFails(gzip ? NiftiTestFile.Gzip(bytes) : bytes, "data", "expected 48 bytes");
    }

    [Fact]
    public void VoxOffsetBeyondTheEnd()
    {
        var file = Valid();
        byte[] bytes = file.Build()[..400];
        BitConverter.GetBytes(1000f).CopyTo(bytes, 108);
        ReadFails(bytes, "vox_offset", "byte 1000");
    }

    [Theory]
    [InlineData(200f)]
    [InlineData(352.5f)]
    [InlineData(-4f)]
    [InlineData(float.NaN)]
    public void BadVoxOffset(float offset)
    {
        var file = Valid();
        file.VoxOffset = offset;
        byte[] bytes = file.Build();
        ReadFails(bytes, "vox_offset", offset.ToString());
    }

    [Theory]
    [InlineData(-4, 3, 2, "-4 × 3 × 2")]
    [InlineData(4, 0, 2, "4 × 0 × 2")]
    [InlineData(32767, 32767, 32767, "more than the maximum")]
    [InlineData(32767, 32767, 3, "more than the maximum")]
    public void BadOrOverflowingSizes(short x, short y, short z, string found)
    {
        var file = Valid();
        file.Dim[1] = x; file.Dim[2] = y; file.Dim[3] = z;
        ReadFails(file.Build(), "dim", found);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(6, 1)]
    [InlineData(0, 1)]
    public void NotThreeDimensional(short rank, short extra)
    {
        var file = Valid();
        file.Dim[0] = rank;
        for (int i = 4; i < 8; i++) file.Dim[i] = extra;
        ReadFails(file.Build(), "dim", $"dim = [{rank}, 4, 3, 2");
    }

    [Theory]
    [InlineData(128, "RGB24")]
    [InlineData(32, "COMPLEX64")]
    [InlineData(1, "BINARY")]
    [InlineData(9999, "unknown")]
    public void UnsupportedDatatype(short code, string name)
    {
        var file = Valid();
        file.DataType = code;
        var error = ReadFails(file.Build(), "datatype", $"found {code} ({name})");
        Assert.Contains("supported", error.Problem);
    }

    [Theory]
    [InlineData(1, 0f)]
    [InlineData(2, float.NaN)]
    [InlineData(3, float.PositiveInfinity)]
    public void ZeroOrNaNPixdimWithoutTransform(int axis, float value)
    {
        var file = Valid();
        file.PixDim[axis] = value;
        ReadFails(file.Build(), $"pixdim[{axis}]", value.ToString());
    }

    [Fact]
    public void ZeroPixdimWithQForm()
    {
        var file = Valid();
        file.QFormCode = 1;
        file.PixDim[3] = 0;
        ReadFails(file.Build(), "pixdim[3]", "(1, 1, 0)");
    }

    [Fact]
    public void SingularSForm()
    {
        // Third column is the sum of the first two.
        var file = Valid().WithSForm(1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0);
        var error = ReadFails(file.Build(), "srow_x, srow_y, srow_z", "non-singular");
        Assert.IsType<ArgumentException>(error.InnerException);
    }

    [Fact]
    public void ZeroColumnSForm()
    {
        var file = Valid().WithSForm(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
        ReadFails(file.Build(), "srow_x, srow_y, srow_z", "non-singular");
    }

    [Fact]
    public void NaNSForm()
    {
        var file = Valid().WithSForm(1, 1, 0, 0, double.NaN, 0, 1, 0, 0, 0, 0, 1, 0);
        ReadFails(file.Build(), "srow_x, srow_y, srow_z", "NaN");
    }

    [Fact]
    public void NaNInterceptWithSlope()
    {
        var file = Valid();
        file.SclSlope = 2;
        file.SclInter = float.NaN;
        ReadFails(file.Build(), "scl_inter", "NaN");
    }

    [Fact]
    public void Stream_ErrorsNameTheGivenName()
    {
        var file = Valid();
        file.DataType = 128;
        var error = Assert.Throws<CranioFormatException>(() => NiftiReader.Read(new MemoryStream(file.Build()), "upload #3"));
        Assert.Equal("upload #3", error.Path);
        Assert.Equal("datatype", error.Field);
    }

    [Fact]
    public void PairWithoutImageFile_NamesTheMissingFile()
    {
        using var folder = new TempDirectory();
        var file = Valid();
        file.Magic = "ni1";
        File.WriteAllBytes(folder.File("lonely.hdr"), file.Header());
        var error = Assert.Throws<FileNotFoundException>(() => NiftiReader.Read(folder.File("lonely.hdr")));
        Assert.Contains("lonely.img", error.Message);
    }
}
