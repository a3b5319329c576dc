using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

/// <summary>Write then read: voxels identical, geometry within the float32 precision of the header.</summary>
public class NiftiRoundTripTests
{
    private static readonly Mat3 Tilted = Mat3.FromColumns(
        new Vec3(1, 0, 0),
        new Vec3(0, Math.Cos(0.2), -Math.Sin(0.2)),
        new Vec3(0, Math.Sin(0.2), Math.Cos(0.2)));

    private static readonly Grid Oblique = new(7, 5, 4, new Vec3(0.451172, 0.45, 0.625), new Vec3(-120.2, -127.846, -10.2), Tilted);

    public static TheoryData<VoxelType, string> TypesAndExtensions()
    {
        var data = new TheoryData<VoxelType, string>();
        foreach (VoxelType type in Enum.GetValues<VoxelType>())
        {
            data.Add(type, ".nii");
            data.Add(type, ".nii.gz");
        }
        return data;
    }

    private static void AssertGridClose(Grid expected, Grid actual)
    {
        Assert.Equal(expected.Size, actual.Size);
        Assert.True(actual.Direction.MaxAbsDifference(expected.Direction) < 1e-6, $"direction {actual.Direction} vs {expected.Direction}");
        Assert.True(actual.Origin.MaxAbsDifference(expected.Origin) < 1e-4, $"origin {actual.Origin} vs {expected.Origin}");
        Assert.True(actual.Spacing.MaxAbsDifference(expected.Spacing) < 1e-6 * Math.Max(1, expected.Spacing.Length), $"spacing {actual.Spacing} vs {expected.Spacing}");
    }

    private static Volume RandomVolume(VoxelType type, Grid grid, int seed)
    {
        Volume volume = VoxelTypes.Create(type, grid);
        new Random(seed).NextBytes(volume.RawBytes);
        if (volume is Volume<float> f) ReplaceNaN(f.Data);
        if (volume is Volume<double> d) ReplaceNaN(d.Data);
        return volume;
    }

    private static void ReplaceNaN<T>(T[] data) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < data.Length; i++) if (T.IsNaN(data[i])) data[i] = T.CreateTruncating(i);
    }

    [Theory]
    [MemberData(nameof(TypesAndExtensions))]
    public void EveryVoxelType_RoundTripsBitExactOnAnObliqueGrid(VoxelType type, string extension)
    {
        using var folder = new TempDirectory();
        Volume volume = RandomVolume(type, Oblique, seed: (int)type);
        string path = folder.File("volume" + extension);
        NiftiWriter.Write(volume, path);
        Volume back = NiftiReader.Read(path);
        Assert.Equal(type, back.VoxelType);
        Assert.True(back.RawBytes.SequenceEqual(volume.RawBytes));
        AssertGridClose(volume.Grid, back.Grid);
        byte[] head = File.ReadAllBytes(path)[..2];
        Assert.Equal(extension == ".nii.gz", head[0] == 0x1f && head[1] == 0x8b);
    }

    public static TheoryData<string, Grid> Grids() => new()
    {
        { "axis-aligned", Grid.AxisAligned(6, 5, 4, new Vec3(0.4, 0.4, 1), new Vec3(-100, -120, 50)) },
        { "anisotropic oblique", new Grid(6, 5, 4, new Vec3(0.3, 1.7, 4.2), new Vec3(12.5, -7.25, 300.125), Tilted) },
        { "left-handed", new Grid(6, 5, 4, new Vec3(0.5, 0.6, 0.7), new Vec3(1, 2, 3), Tilted * Mat3.Diagonal(new Vec3(1, 1, -1))) },
        { "left-handed flipped x", new Grid(6, 5, 4, new Vec3(0.5, 0.6, 0.7), new Vec3(1, 2, 3), Mat3.Diagonal(new Vec3(-1, 1, 1))) },
        { "RAS identity", new Grid(6, 5, 4, new Vec3(1, 1, 1), new Vec3(-90, 126, -72), Mat3.Diagonal(new Vec3(-1, -1, 1))) },
        { "non-orthogonal", new Grid(6, 5, 4, new Vec3(0.8, 0.9, 2.5), new Vec3(-5, 5, -5), Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0.2, 1, 0), new Vec3(0.1, -0.3, 1))) },
        { "oblique large origin", new Grid(6, 5, 4, new Vec3(0.451172, 0.451172, 0.63), new Vec3(-1234.567, 987.654, -432.1), RotationAbout(new Vec3(0.3, -0.5, 0.8), 2.9)) },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void Geometry_RoundTripsThroughTheSForm(string name, Grid grid)
    {
        using var folder = new TempDirectory();
        var volume = new Volume<byte>(grid);
        string path = folder.File(name.Replace(' ', '-') + ".nii");
        NiftiWriter.Write(volume, path);
        AssertGridClose(grid, NiftiReader.Read(path).Grid);
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void Geometry_QFormAloneGivesTheNearestRotation(string name, Grid grid)
    {
        using var folder = new TempDirectory();
        string path = folder.File(name.Replace(' ', '-') + ".nii");
        NiftiWriter.Write(new Volume<byte>(grid), path);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(254), 0); // sform_code = 0: fall back to the qform
        File.WriteAllBytes(path, bytes);
        Grid back = NiftiReader.Read(path).Grid;
        if (grid.IsOrthogonal)
        {
            AssertGridClose(grid, back);
        }
        else
        {
            Assert.True(back.IsOrthogonal);
            Assert.Equal(Math.Sign(grid.Direction.Determinant), Math.Sign(back.Direction.Determinant));
            Assert.True(back.Origin.MaxAbsDifference(grid.Origin) < 1e-4);
            Assert.True(back.Spacing.MaxAbsDifference(grid.Spacing) < 1e-6);
        }
    }

    private static Mat3 RotationAbout(Vec3 axis, double angle)
    {
        Vec3 u = axis.Normalized();
        double s = Math.Sin(angle / 2);
        return NiftiGeometry.QuaternionToRotation(s * u.X, s * u.Y, s * u.Z);
    }

    [Fact]
    public void Header_HasTheDocumentedFields()
    {
        using var folder = new TempDirectory();
        string path = folder.File("mask.nii");
        var grid = new Grid(6, 5, 4, new Vec3(0.5, 0.6, 0.7), new Vec3(1, 2, 3), Tilted * Mat3.Diagonal(new Vec3(1, 1, -1)));
        NiftiWriter.Write(new Volume<short>(grid), path);
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal(352 + 6 * 5 * 4 * 2, b.Length);
        Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(b));
        short[] dim = Enumerable.Range(0, 8).Select(i => BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(40 + 2 * i))).ToArray();
        Assert.Equal(new short[] { 3, 6, 5, 4, 1, 1, 1, 1 }, dim);
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(70)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(72)));
        Assert.Equal(-1f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(76)));
        Assert.Equal(0.5f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(80)));
        Assert.Equal(352f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(108)));
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(112)));
        Assert.Equal(0f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(116)));
        Assert.Equal(2, b[123]);
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(252)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(254)));
        Assert.Equal("n+1\0"u8.ToArray(), b[344..348]);
        Assert.Equal(new byte[4], b[348..352]);
        // srow_x[3], srow_y[3], srow_z[3]: the origin in RAS.
        Assert.Equal(-1f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(292)));
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(308)));
        Assert.Equal(3f, BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(324)));
    }

    [Fact]
    public void Stream_RoundTripsGzip()
    {
        Volume volume = RandomVolume(VoxelType.Int16, Oblique, seed: 3);
        var stream = new MemoryStream();
        NiftiWriter.Write(volume, stream, gzip: true);
        Assert.True(stream.CanWrite, "the stream is left open");
        stream.Position = 0;
        Volume back = NiftiReader.Read(stream, "memory");
        Assert.True(back.RawBytes.SequenceEqual(volume.RawBytes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public void CompressionLevels_AllRoundTrip(int level)
    {
        using var folder = new TempDirectory();
        Volume volume = RandomVolume(VoxelType.UInt8, Oblique, seed: 4);
        NiftiWriter.Write(volume, folder.File("v.nii.gz"), level);
        Assert.True(NiftiReader.Read(folder.File("v.nii.gz")).RawBytes.SequenceEqual(volume.RawBytes));
    }

    [Fact]
    public void Writing_NeverTouchesTheInput()
    {
        using var folder = new TempDirectory();
        string input = folder.File("input.nii.gz");
        NiftiWriter.Write(RandomVolume(VoxelType.Int32, Oblique, seed: 5), input);
        byte[] before = File.ReadAllBytes(input);
        DateTime stamp = File.GetLastWriteTimeUtc(input);
        Volume volume = NiftiReader.Read(input);
        NiftiWriter.Write(volume, folder.File("output.nii"));
        NiftiWriter.Write(volume, folder.File("output.nii.gz"));
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(input));
        Assert.Equal(["input.nii.gz", "output.nii", "output.nii.gz"], folder.FileNames());
    }

    [Fact]
    public void Writing_ReplacesAnExistingTarget()
    {
        using var folder = new TempDirectory();
        string path = folder.File("v.nii");
        File.WriteAllText(path, "old content");
        NiftiWriter.Write(RandomVolume(VoxelType.UInt8, Oblique, seed: 6), path);
        Assert.Equal(VoxelType.UInt8, NiftiReader.Read(path).VoxelType);
        Assert.Equal(["v.nii"], folder.FileNames());
    }

    [Fact]
    public void WriterFailure_LeavesNoFile()
    {
        using var folder = new TempDirectory();
        string target = folder.File("taken.nii.gz");
        Directory.CreateDirectory(target); // the final rename cannot replace a folder
        Assert.ThrowsAny<IOException>(() => NiftiWriter.Write(RandomVolume(VoxelType.Int16, Oblique, seed: 7), target));
        Assert.Empty(folder.FileNames());
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public void WrongExtension_IsRejectedBeforeWriting()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => NiftiWriter.Write(new Volume<byte>(Oblique), folder.File("v.nrrd")));
        Assert.Contains("v.nrrd", error.Message);
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void SizeBeyondInt16_IsRejectedBeforeWriting()
    {
        using var folder = new TempDirectory();
        var volume = new Volume<byte>(Grid.AxisAligned(40000, 1, 1, new Vec3(1, 1, 1), Vec3.Zero));
        var error = Assert.Throws<CranioFormatException>(() => NiftiWriter.Write(volume, folder.File("wide.nii")));
        Assert.Equal("dim", error.Field);
        Assert.Contains("40000", error.Problem);
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void GzipOutput_IsDeterministic()
    {
        using var folder = new TempDirectory();
        Volume volume = RandomVolume(VoxelType.Int16, Oblique, seed: 8);
        NiftiWriter.Write(volume, folder.File("a.nii.gz"));
        NiftiWriter.Write(volume, folder.File("b.nii.gz"));
        Assert.Equal(File.ReadAllBytes(folder.File("a.nii.gz")), File.ReadAllBytes(folder.File("b.nii.gz")));
    }

    [Fact]
    public void Mask_RoundTripsAsUInt8()
    {
        using var folder = new TempDirectory();
        var mask = new Volume<byte>(Oblique);
        for (int i = 0; i < mask.Data.Length; i += 3) mask.Data[i] = 1;
        NiftiWriter.Write(mask, folder.File("mask.nii.gz"));
        var back = Assert.IsType<Volume<byte>>(NiftiReader.Read(folder.File("mask.nii.gz")));
        Assert.Equal(mask.Data, back.Data);
        Assert.Equal(MemoryMarshal.AsBytes(mask.Data.AsSpan()).Length, back.RawBytes.Length);
    }
}
