using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

/// <summary>Files built byte by byte (<see cref="NiftiTestFile"/>) read with the geometry and values nifti1.h defines.</summary>
public class NiftiReaderTests
{
    private static readonly short[] Ramp = Enumerable.Range(0, 24).Select(i => (short)(i * 37 - 300)).ToArray();

    // A non-orthogonal, anisotropic RAS affine (rows of srow_x, srow_y, srow_z), values exact in float32.
    private static readonly double[] ObliqueSForm =
    [
        0.75, 0.125, 0, -100.5,
        0.0625, 0.875, -0.25, 30.25,
        0, 0.1875, 2.5, -40,
    ];

    private static Volume ReadBytes(TempDirectory folder, byte[] bytes, string name = "image.nii")
    {
        string path = folder.File(name);
        File.WriteAllBytes(path, bytes);
        return NiftiReader.Read(path);
    }

    /// <summary>The LPS point of voxel (i, j, k) under a RAS affine given row by row (3×4).</summary>
    private static Vec3 ExpectedLps(double[] a, int i, int j, int k)
    {
        double x = a[0] * i + a[1] * j + a[2] * k + a[3];
        double y = a[4] * i + a[5] * j + a[6] * k + a[7];
        double z = a[8] * i + a[9] * j + a[10] * k + a[11];
        return new Vec3(-x, -y, z);
    }

    private static void AssertCornersMatch(Grid grid, Func<int, int, int, Vec3> expected, double tolerance)
    {
        foreach (int i in new[] { 0, grid.SizeX - 1 })
        foreach (int j in new[] { 0, grid.SizeY - 1 })
        foreach (int k in new[] { 0, grid.SizeZ - 1 })
        {
            Vec3 actual = grid.IndexToPhysical(i, j, k), wanted = expected(i, j, k);
            Assert.True(actual.MaxAbsDifference(wanted) < tolerance, $"voxel ({i},{j},{k}): {actual} vs {wanted}");
        }
    }

    [Fact]
    public void SFormOnly_GivesTheAnalyticAffineInLps()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile().WithData(Ramp).WithSForm(2, ObliqueSForm);
        var volume = Assert.IsType<Volume<short>>(ReadBytes(folder, file.Build()));
        Assert.Equal((4, 3, 2), volume.Grid.Size);
        Assert.Equal(Ramp, volume.Data);
        AssertCornersMatch(volume.Grid, (i, j, k) => ExpectedLps(ObliqueSForm, i, j, k), 1e-9);
        Assert.Equal(Math.Sqrt(0.75 * 0.75 + 0.0625 * 0.0625), volume.Grid.Spacing.X, 12);
        Assert.Equal(Math.Sqrt(0.25 * 0.25 + 2.5 * 2.5), volume.Grid.Spacing.Z, 12);
    }

    [Fact]
    public void QFormOnly_GivesRodriguesRotationWithQfacAndPixdim()
    {
        using var folder = new TempDirectory();
        Vec3 axis = new Vec3(1, 2, 3).Normalized();
        double angle = 0.7;
        var file = new NiftiTestFile { QFormCode = 1 }.WithData(Ramp);
        file.Quaternion[0] = (float)(Math.Sin(angle / 2) * axis.X);
        file.Quaternion[1] = (float)(Math.Sin(angle / 2) * axis.Y);
        file.Quaternion[2] = (float)(Math.Sin(angle / 2) * axis.Z);
        file.QOffset[0] = 10; file.QOffset[1] = -20; file.QOffset[2] = 30;
        file.PixDim[0] = -1; file.PixDim[1] = 0.5f; file.PixDim[2] = 0.75f; file.PixDim[3] = 1.25f;
        Grid grid = ReadBytes(folder, file.Build()).Grid;

        // Rodrigues: R = cos θ I + sin θ [u]× + (1 − cos θ) u uᵀ; qfac = −1 flips the third column.
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        var rotation = new Mat3(
            c + t * axis.X * axis.X, t * axis.X * axis.Y - s * axis.Z, t * axis.X * axis.Z + s * axis.Y,
            t * axis.X * axis.Y + s * axis.Z, c + t * axis.Y * axis.Y, t * axis.Y * axis.Z - s * axis.X,
            t * axis.X * axis.Z - s * axis.Y, t * axis.Y * axis.Z + s * axis.X, c + t * axis.Z * axis.Z);
        Mat3 rasSteps = rotation * Mat3.Diagonal(new Vec3(0.5, 0.75, -1.25));
        double[] affine =
        [
            rasSteps.M00, rasSteps.M01, rasSteps.M02, 10,
            rasSteps.M10, rasSteps.M11, rasSteps.M12, -20,
            rasSteps.M20, rasSteps.M21, rasSteps.M22, 30,
        ];
        AssertCornersMatch(grid, (i, j, k) => ExpectedLps(affine, i, j, k), 1e-5);
        Assert.Equal(new Vec3(-10, 20, 30), grid.Origin);
        Assert.Equal(0.5, grid.Spacing.X, 6);
        Assert.Equal(1.25, grid.Spacing.Z, 6);
        Assert.True(grid.Direction.Determinant < 0, "qfac −1 makes the RAS frame left-handed; the LPS flip of two rows keeps it so");
    }

    [Fact]
    public void QForm_180DegreesAboutZ_IsTheLpsIdentity()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { QFormCode = 1 }.WithData(Ramp);
        file.Quaternion[2] = 1;
        file.PixDim[1] = 0.4f; file.PixDim[2] = 0.4f; file.PixDim[3] = 1;
        Grid grid = ReadBytes(folder, file.Build()).Grid;
        Assert.True(grid.Direction.MaxAbsDifference(Mat3.Identity) < 1e-12, grid.Direction.ToString());
    }

    [Fact]
    public void SFormIsPreferredOverQForm()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { QFormCode = 1 }.WithData(Ramp).WithSForm(1, ObliqueSForm);
        file.Quaternion[2] = 1;
        file.QOffset[0] = 999;
        Grid grid = ReadBytes(folder, file.Build()).Grid;
        AssertCornersMatch(grid, (i, j, k) => ExpectedLps(ObliqueSForm, i, j, k), 1e-9);
    }

    [Fact]
    public void NoTransform_UsesPixdimInRasAtOrigin()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile().WithData(Ramp);
        file.PixDim[1] = 0.5f; file.PixDim[2] = 2; file.PixDim[3] = 3;
        Grid grid = ReadBytes(folder, file.Build()).Grid;
        Assert.Equal(new Vec3(0.5, 2, 3), grid.Spacing);
        Assert.Equal(Vec3.Zero, grid.Origin);
        Assert.Equal(Mat3.Diagonal(new Vec3(-1, -1, 1)), grid.Direction);
    }

    [Theory]
    [InlineData(1, 1000.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.001)]
    [InlineData(0, 1.0)]
    [InlineData(2 | 8, 1.0)]
    public void SpaceUnits_AreConvertedToMillimetres(byte units, double scale)
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { XyztUnits = units }.WithData(Ramp).WithSForm(1, ObliqueSForm);
        Grid grid = ReadBytes(folder, file.Build()).Grid;
        AssertCornersMatch(grid, (i, j, k) => ExpectedLps(ObliqueSForm, i, j, k) * scale, 1e-9 * Math.Max(1, scale));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BigEndianFile_ReadsTheSameAsLittleEndian(bool gzip)
    {
        using var folder = new TempDirectory();
        double[] values = [1.5, -2.25, 1e300, double.Epsilon, -0.0, 42, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
        NiftiTestFile Make(bool big) => new NiftiTestFile { BigEndian = big, DataType = 64, BitPix = 64 }.WithData(values).WithSForm(1, ObliqueSForm);
        byte[] bigBytes = Make(true).Build(), littleBytes = Make(false).Build();
        Assert.NotEqual(littleBytes, bigBytes);
        var big = Assert.IsType<Volume<double>>(ReadBytes(folder, gzip ? NiftiTestFile.Gzip(bigBytes) : bigBytes, "big.nii"));
        var little = Assert.IsType<Volume<double>>(ReadBytes(folder, littleBytes, "little.nii"));
        Assert.Equal(values, big.Data);
        Assert.Equal(little.Grid, big.Grid);
    }

    [Fact]
    public void BigEndianInt16_IsSwapped()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { BigEndian = true }.WithData(Ramp).WithSForm(1, ObliqueSForm);
        Assert.Equal(Ramp, Assert.IsType<Volume<short>>(ReadBytes(folder, file.Build())).Data);
    }

    [Fact]
    public void Extensions_AreSkippedUpToVoxOffset()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { VoxOffset = 432, Extension = [1, 0, 0, 0, 80, 0, 0, 0, 6, 0, 0, 0, 0xAB, 0xCD] }.WithData(Ramp);
        Assert.Equal(Ramp, Assert.IsType<Volume<short>>(ReadBytes(folder, file.Build())).Data);
    }

    [Fact]
    public void VoxOffsetZero_InASingleFile_MeansByte352()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile().WithData(Ramp);
        byte[] bytes = file.Build();
        BitConverter.GetBytes(0f).CopyTo(bytes, 108);
        Assert.Equal(Ramp, Assert.IsType<Volume<short>>(ReadBytes(folder, bytes)).Data);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void FourAndFiveDimensionsOfSizeOne_ReadAs3D(short rank)
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile().WithData(Ramp);
        file.Dim[0] = rank;
        file.Dim[4] = 1;
        file.Dim[5] = 1;
        file.Dim[6] = 7; // beyond dim[0]: ignored
        Volume volume = ReadBytes(folder, file.Build());
        Assert.Equal((4, 3, 2), volume.Grid.Size);
    }

    [Fact]
    public void Scaling_ReturnsFloat32SlopeTimesValuePlusIntercept()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { SclSlope = 0.5f, SclInter = -1024 }.WithData(Ramp).WithSForm(1, ObliqueSForm);
        var volume = Assert.IsType<Volume<float>>(ReadBytes(folder, file.Build()));
        Assert.Equal(Ramp.Select(v => (float)(v * 0.5 - 1024)).ToArray(), volume.Data);
        AssertCornersMatch(volume.Grid, (i, j, k) => ExpectedLps(ObliqueSForm, i, j, k), 1e-9);
    }

    [Fact]
    public void Scaling_OfFloat64_StaysFloat64()
    {
        using var folder = new TempDirectory();
        double[] values = Enumerable.Range(0, 24).Select(i => i + 0.1).ToArray();
        var file = new NiftiTestFile { DataType = 64, BitPix = 64, SclSlope = 3, SclInter = 1 }.WithData(values);
        var volume = Assert.IsType<Volume<double>>(ReadBytes(folder, file.Build()));
        Assert.Equal(values.Select(v => v * 3 + 1).ToArray(), volume.Data);
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(1f, 0f)]
    [InlineData(float.NaN, 0f)]
    [InlineData(0f, 5f)]
    public void NoScaling_KeepsTheStoredType(float slope, float intercept)
    {
        using var folder = new TempDirectory();
        byte[] values = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        var file = new NiftiTestFile { DataType = 2, BitPix = 8, SclSlope = slope, SclInter = intercept }.WithData(values);
        Assert.Equal(values, Assert.IsType<Volume<byte>>(ReadBytes(folder, file.Build())).Data);
    }

    [Theory]
    [InlineData("image.nii", true)]
    [InlineData("image.nii.gz", false)]
    [InlineData("image.bin", true)]
    public void Compression_IsDetectedByContentNotName(string name, bool gzip)
    {
        using var folder = new TempDirectory();
        byte[] bytes = new NiftiTestFile().WithData(Ramp).Build();
        var volume = Assert.IsType<Volume<short>>(ReadBytes(folder, gzip ? NiftiTestFile.Gzip(bytes) : bytes, name));
        Assert.Equal(Ramp, volume.Data);
    }

    [Theory]
    [InlineData("pair.hdr", false)]
    [InlineData("pair.img", false)]
    [InlineData("pair.hdr", true)]
    public void HeaderImagePair_ReadsFromEitherFile(string open, bool gzip)
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { Magic = "ni1", VoxOffset = 0 }.WithData(Ramp).WithSForm(1, ObliqueSForm);
        string suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(folder.File("pair.hdr" + suffix), gzip ? NiftiTestFile.Gzip(file.Header()) : file.Header());
        File.WriteAllBytes(folder.File("pair.img" + suffix), gzip ? NiftiTestFile.Gzip(file.StoredData()) : file.StoredData());
        var volume = Assert.IsType<Volume<short>>(NiftiReader.Read(folder.File(open + suffix)));
        Assert.Equal(Ramp, volume.Data);
        AssertCornersMatch(volume.Grid, (i, j, k) => ExpectedLps(ObliqueSForm, i, j, k), 1e-9);
    }

    [Fact]
    public void HeaderImagePair_RespectsVoxOffsetInTheImageFile()
    {
        using var folder = new TempDirectory();
        var file = new NiftiTestFile { Magic = "ni1", VoxOffset = 16 }.WithData(Ramp);
        File.WriteAllBytes(folder.File("pair.hdr"), file.Header());
        File.WriteAllBytes(folder.File("pair.img"), [.. new byte[16], .. file.StoredData()]);
        Assert.Equal(Ramp, Assert.IsType<Volume<short>>(NiftiReader.Read(folder.File("pair.hdr"))).Data);
    }

    [Fact]
    public void Stream_NonSeekableGzip_Reads()
    {
        byte[] bytes = NiftiTestFile.Gzip(new NiftiTestFile().WithData(Ramp).Build());
        using var stream = new ForwardOnlyStream(bytes);
        var volume = Assert.IsType<Volume<short>>(NiftiReader.Read(stream, "upload.nii.gz"));
        Assert.Equal(Ramp, volume.Data);
    }

    [Fact]
    public void Stream_NonSeekableRaw_ReadsAndLeavesTheStreamOpen()
    {
        byte[] bytes = new NiftiTestFile().WithData(Ramp).Build();
        using var stream = new ForwardOnlyStream(bytes);
        Assert.Equal(Ramp, Assert.IsType<Volume<short>>(NiftiReader.Read(stream, "upload.nii")).Data);
        Assert.Equal(-1, stream.ReadByte());
    }

    /// <summary>A stream that can only be read forward, like a network upload.</summary>
    internal sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
