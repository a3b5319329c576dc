using System.IO.Compression;
using System.Text;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

public class NrrdTests
{
    private static readonly Mat3 Oblique = Mat3.FromColumns(
        new Vec3(1, 0, 0),
        new Vec3(0, Math.Cos(0.157), -Math.Sin(0.157)),
        new Vec3(0, Math.Sin(0.157), Math.Cos(0.157)));

    private static Volume<T> Ramp<T>(Grid grid) where T : unmanaged, System.Numerics.INumber<T>
    {
        var volume = new Volume<T>(grid);
        for (int i = 0; i < volume.Data.Length; i++) volume.Data[i] = T.CreateTruncating(i % 251 - 100);
        return volume;
    }

    private static readonly Grid SmallOblique = new(5, 4, 3, new Vec3(0.45, 0.5, 0.63), new Vec3(-120.2, -127.846, -10.2158), Oblique);

    [Theory]
    [InlineData(".nrrd", true)]
    [InlineData(".nrrd", false)]
    [InlineData(".nhdr", true)]
    [InlineData(".nhdr", false)]
    public void WriteThenRead_GivesSameVoxelsGeometryAndMetadata(string extension, bool compress)
    {
        using var dir = new TempDirectory();
        var volume = Ramp<short>(SmallOblique);
        volume.Metadata["cranio.step"] = "threshold 150 HU";
        string path = dir.File("v" + extension);
        NrrdWriter.Write(volume, path, new NrrdWriteOptions(compress));
        var back = Assert.IsType<Volume<short>>(NrrdReader.Read(path));
        Assert.Equal(volume.Data, back.Data);
        Assert.Null(volume.Grid.DifferenceFrom(back.Grid, 1e-12));
        Assert.Equal("threshold 150 HU", back.Metadata["cranio.step"]);
        Assert.DoesNotContain(dir.FileNames(), n => n.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultGzipLevelPacksABoneMaskTighterThanLevelOne()
    {
        // A 6 mm shell of a 60 mm sphere on a 0.5 mm grid: the kind of mask every design writes.
        var grid = Grid.AxisAligned(160, 160, 160, new Vec3(0.5, 0.5, 0.5), Vec3.Zero);
        var mask = new Volume<byte>(grid);
        for (int z = 0; z < 160; z++)
            for (int y = 0; y < 160; y++)
                for (int x = 0; x < 160; x++)
                {
                    double r = 0.5 * Math.Sqrt((x - 80) * (x - 80) + (y - 80) * (y - 80) + (z - 80) * (z - 80));
                    mask[x, y, z] = (byte)(r is >= 30 and <= 36 ? 1 : 0);
                }
        using var dir = new TempDirectory();
        NrrdWriter.Write(mask, dir.File("fast.nrrd"), new NrrdWriteOptions(Level: 1));
        NrrdWriter.Write(mask, dir.File("default.nrrd"));
        long fast = new FileInfo(dir.File("fast.nrrd")).Length, standard = new FileInfo(dir.File("default.nrrd")).Length;
        Assert.True(standard < 0.6 * fast, $"default level {standard} bytes against level 1 {fast} bytes");
        Assert.Equal(mask.Data, Assert.IsType<Volume<byte>>(NrrdReader.Read(dir.File("default.nrrd"))).Data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void GzipLevelsOutsideOneToNineAreRejected(int level)
    {
        var nrrd = Assert.Throws<ArgumentOutOfRangeException>(() => new NrrdWriteOptions(Level: level));
        Assert.Equal("Level", nrrd.ParamName);
        Assert.Contains($"got {level}", nrrd.Message);
        using var dir = new TempDirectory();
        var nifti = Assert.Throws<ArgumentOutOfRangeException>(() => NiftiWriter.Write(new Volume<byte>(SmallOblique), dir.File("v.nii.gz"), level));
        Assert.Equal("level", nifti.ParamName);
        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void WriteThenRead_EveryVoxelType()
    {
        using var dir = new TempDirectory();
        foreach (VoxelType type in Enum.GetValues<VoxelType>())
        {
            Volume volume = VoxelTypes.Create(type, SmallOblique);
            var random = new Random(7);
            random.NextBytes(volume.RawBytes);
            if (type == VoxelType.Float32) Ramp<float>(SmallOblique).RawBytes.CopyTo(volume.RawBytes);
            if (type == VoxelType.Float64) Ramp<double>(SmallOblique).RawBytes.CopyTo(volume.RawBytes);
            string path = dir.File($"{type}.nrrd");
            NrrdWriter.Write(volume, path);
            Volume back = NrrdReader.Read(path);
            Assert.Equal(type, back.VoxelType);
            Assert.True(volume.RawBytes.SequenceEqual(back.RawBytes), $"voxels differ for {type}");
        }
    }

    [Fact]
    public void Read_HandWrittenHeader_RasBigEndianDetachedRaw()
    {
        using var dir = new TempDirectory();
        // 2×2×2 uint16 big-endian, RAS space, detached raw data with one skipped byte.
        File.WriteAllBytes(dir.File("data.raw"), [0xFF, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 1, 0]);
        File.WriteAllText(dir.File("v.nhdr"),
            "NRRD0004\n# comment\ntype: unsigned short\ndimension: 3\nspace: right-anterior-superior\nsizes: 2 2 2\n" +
            "space directions: (0.5,0,0) (0,0.5,0) (0,0,2)\nkinds: domain domain domain\nendian: big\nencoding: raw\n" +
            "space origin: (10,20,30)\nbyte skip: 1\ndata file: data.raw\npatient:=anonymous\n");
        var volume = Assert.IsType<Volume<ushort>>(NrrdReader.Read(dir.File("v.nhdr")));
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5, 6, 7, 256 }, volume.Data);
        // RAS → LPS negates x and y of directions and origin.
        Assert.Equal(new Vec3(-10, -20, 30), volume.Grid.Origin);
        Assert.Equal(new Vec3(0.5, 0.5, 2), volume.Grid.Spacing);
        Assert.True(volume.Grid.Direction.MaxAbsDifference(Mat3.Diagonal(new Vec3(-1, -1, 1))) < 1e-15);
        Assert.Equal("anonymous", volume.Metadata["patient"]);
    }

    [Fact]
    public void Read_AsciiAndSpacingsWithoutSpace()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.nrrd"), "NRRD0001\ntype: float\ndimension: 3\nsizes: 2 1 2\nspacings: 0.5 0.25 3\naxis mins: 1 2 3\nencoding: ascii\n\n1.5 -2\n3e2 4\n");
        var volume = Assert.IsType<Volume<float>>(NrrdReader.Read(dir.File("a.nrrd")));
        Assert.Equal(new float[] { 1.5f, -2, 300, 4 }, volume.Data);
        Assert.Equal(new Vec3(0.5, 0.25, 3), volume.Grid.Spacing);
        Assert.Equal(new Vec3(1, 2, 3), volume.Grid.Origin);
    }

    [Fact]
    public void Read_DataFileListAndNumberedPattern()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("s01.raw"), [1, 2]);
        File.WriteAllBytes(dir.File("s02.raw"), [3, 4]);
        string common = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2 1 2\nencoding: raw\n";
        File.WriteAllText(dir.File("list.nhdr"), common + "data file: LIST\ns01.raw\ns02.raw\n");
        File.WriteAllText(dir.File("pattern.nhdr"), common + "data file: s%02d.raw 1 2 1\n");
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((Volume<byte>)NrrdReader.Read(dir.File("list.nhdr"))).Data);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((Volume<byte>)NrrdReader.Read(dir.File("pattern.nhdr"))).Data);
    }

    [Fact]
    public void Read_FourDimensionalWithSingletonNonSpatialAxis()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("v.nrrd"), "NRRD0004\ntype: uint8\ndimension: 4\nsizes: 1 2 1 2\nspace: LPS\n" +
            "space directions: none (1,0,0) (0,1,0) (0,0,1)\nkinds: scalar domain domain domain\nencoding: ascii\n\n5 6 7 8\n");
        Volume volume = NrrdReader.Read(dir.File("v.nrrd"));
        Assert.Equal((2, 1, 2), volume.Grid.Size);
    }

    private static byte[] Attached(string header, byte[] data) => [.. Encoding.ASCII.GetBytes(header), .. data];

    private const string Header2x2x2Int32Gzip =
        "NRRD0004\ntype: int32\ndimension: 3\nspace: left-posterior-superior\nsizes: 2 2 2\n" +
        "space directions: (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: gzip\nspace origin: (0,0,0)\n\n";

    private static byte[] Gzip(byte[] data)
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return memory.ToArray();
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        byte[] good = Gzip(new byte[32]);
        return new TheoryData<string, byte[], string>
        {
            { "wrong magic", Attached("NRRX0004\n" + Header2x2x2Int32Gzip[9..], good), "magic" },
            { "truncated gzip", Attached(Header2x2x2Int32Gzip, good[..(good.Length / 2)]), "gzip data" },
            { "corrupt gzip", Attached(Header2x2x2Int32Gzip, [.. good[..10], .. Enumerable.Repeat((byte)0xAB, 30)]), "gzip data" },
            { "too little data", Attached(Header2x2x2Int32Gzip, Gzip(new byte[28])), "gzip data" },
            { "too much data", Attached(Header2x2x2Int32Gzip, Gzip(new byte[36])), "gzip data" },
            { "raw too short", Attached(Header2x2x2Int32Gzip.Replace("gzip", "raw"), new byte[31]), "data" },
            { "raw too long", Attached(Header2x2x2Int32Gzip.Replace("gzip", "raw"), new byte[33]), "data" },
            { "unknown type", Attached(Header2x2x2Int32Gzip.Replace("int32", "complex"), good), "type" },
            { "sizes overflow", Attached(Header2x2x2Int32Gzip.Replace("sizes: 2 2 2", "sizes: 100000 100000 100000"), good), "sizes" },
            { "negative size", Attached(Header2x2x2Int32Gzip.Replace("sizes: 2 2 2", "sizes: 2 -2 2"), good), "sizes" },
            { "sizes do not match dimension", Attached(Header2x2x2Int32Gzip.Replace("sizes: 2 2 2", "sizes: 2 2"), good), "sizes" },
            { "zero spacing", Attached(Header2x2x2Int32Gzip.Replace("(0,1,0)", "(0,0,0)"), good), "space directions" },
            { "NaN spacing", Attached(Header2x2x2Int32Gzip.Replace("(0,1,0)", "(0,nan,0)"), good), "space directions" },
            { "NaN spacings field", Attached(Header2x2x2Int32Gzip.Replace("space directions: (1,0,0) (0,1,0) (0,0,1)\n", "spacings: 1 NaN 1\n").Replace("space: left-posterior-superior\n", ""), good), "spacings" },
            { "singular directions", Attached(Header2x2x2Int32Gzip.Replace("(0,0,1)", "(1,1,0)"), good), "space directions" },
            { "unknown space", Attached(Header2x2x2Int32Gzip.Replace("left-posterior-superior", "scanner-xyz"), good), "space" },
            { "missing endian", Attached(Header2x2x2Int32Gzip.Replace("endian: little\n", ""), good), "endian" },
            { "missing encoding", Attached(Header2x2x2Int32Gzip.Replace("encoding: gzip\n", ""), good), "encoding" },
            { "bzip2", Attached(Header2x2x2Int32Gzip.Replace("gzip", "bzip2"), good), "encoding" },
            { "garbage line", Attached(Header2x2x2Int32Gzip.Replace("endian: little", "endian little"), good), "header" },
            { "header only", Encoding.ASCII.GetBytes("NRRD0004\ntype: int32\n"), "header" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadFile_ThrowsNamingFileAndField(string what, byte[] content, string field)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.nrrd");
        File.WriteAllBytes(path, content);
        var error = Assert.Throws<CranioFormatException>(() => NrrdReader.Read(path));
        Assert.True(field == error.Field, $"{what}: expected field {field}, got {error.Field}: {error.Message}");
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void Read_HeaderLongerThanOneReadBlock_WithCrLfAndGzipByteSkip()
    {
        // 3000 key/value lines (~120 KB) make the header span several 64 KiB read blocks; CRLF line ends; the
        // gzip stream starts with 5 bytes that "byte skip" discards.
        using var dir = new TempDirectory();
        var header = new StringBuilder(Header2x2x2Int32Gzip[..^1].Replace("space origin: (0,0,0)\n", "space origin: (1,2,3)\nbyte skip: 5\n"));
        for (int i = 0; i < 3000; i++) header.Append(System.Globalization.CultureInfo.InvariantCulture, $"# comment {i}\nkey{i}:=value {i} padded to make a longer line\n");
        header.Append('\n');
        int[] voxels = [1, -2, 3, -4, 5, -6, 7, int.MaxValue];
        byte[] data = [.. new byte[] { 9, 9, 9, 9, 9 }, .. System.Runtime.InteropServices.MemoryMarshal.AsBytes(voxels.AsSpan()).ToArray()];
        string path = dir.File("long.nrrd");
        File.WriteAllBytes(path, Attached(header.ToString().Replace("\n", "\r\n"), Gzip(data)));
        Assert.True(new FileInfo(path).Length > 2 * (1 << 16));

        var volume = Assert.IsType<Volume<int>>(NrrdReader.Read(path));
        Assert.Equal(voxels, volume.Data);
        Assert.Equal(new Vec3(1, 2, 3), volume.Grid.Origin);
        Assert.Equal(3000, volume.Metadata.Count);
        Assert.Equal("value 2999 padded to make a longer line", volume.Metadata["key2999"]);
    }

    [Theory]
    [InlineData("one line of 5 MiB", 1)]
    [InlineData("many short lines", 200_000)]
    public void Read_HeaderWithoutBlankLineWithin4MiB_Throws(string what, int lines)
    {
        using var dir = new TempDirectory();
        string path = dir.File("endless.nrrd");
        int lineLength = (5 << 20) / lines;
        using (var file = File.Create(path))
        {
            file.Write("NRRD0004\n"u8);
            byte[] line = [.. Enumerable.Repeat((byte)'#', lineLength - 1), (byte)'\n'];
            for (int i = 0; i < lines; i++) file.Write(line);
        }
        var error = Assert.Throws<CranioFormatException>(() => NrrdReader.Read(path));
        Assert.True(error.Field == "header" && error.Message.Contains("4 MiB", StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void Read_EmptyOrMissingFile_Throws()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("empty.nrrd"), []);
        Assert.Contains("empty", Assert.Throws<CranioFormatException>(() => VolumeFile.Read(dir.File("empty.nrrd"))).Message);
        Assert.Contains("does not exist", Assert.Throws<CranioFormatException>(() => VolumeFile.Read(dir.File("nope.nrrd"))).Message);
    }

    [Fact]
    public void Write_Failure_LeavesNoFileAndKeepsTheTarget()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.nrrd");
        File.WriteAllText(path, "previous content");
        Assert.Throws<CranioFormatException>(() => VolumeFile.Write(Ramp<byte>(SmallOblique), dir.File("out.xyz")));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw new InvalidOperationException("disk full"); }));
        Assert.Equal("previous content", File.ReadAllText(path));
        Assert.Equal(["out.nrrd"], dir.FileNames());
    }

    [SkippableFact]
    public void Read_RealObliqueSkullFixCase_HasHeaderGeometry()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        string path = SharedData.Case("complete_skull", 0);
        var volume = Assert.IsType<Volume<int>>(VolumeFile.Read(path));
        Assert.Equal((512, 512, 237), volume.Grid.Size);
        var expected = Mat3.FromColumns(new Vec3(0.45117199999999991, 0, 0), new Vec3(0, 0.445617352660377, -0.07057866952526852), new Vec3(0, 0.099022671809384913, 0.62520618710809539));
        Assert.True(volume.Grid.SpaceDirections.MaxAbsDifference(expected) < 1e-14);
        Assert.Equal(new Vec3(-120.20000000000002, -127.8461171845037, -10.215863564566289), volume.Grid.Origin);
        Assert.False(volume.Grid.IsAxisAligned);
        Assert.Equal((0.0, 1.0), volume.ValueRange());
    }
}
