using System.Buffers.Binary;
using System.Text;
using Cranio.IO;
using Cranio.Learning;

namespace Cranio.Tests.Learning;

public class SafeTensorsTests
{
    private static byte[] File(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void RoundTripKeepsNamesOrderShapesValuesAndMetadata()
    {
        using var dir = new TempDirectory();
        var a = GradientCheck.Random(1, -1, 1, 2, 3, 1, 1, 4);
        var b = new Tensor([float.MaxValue, float.Epsilon, -0f, float.NaN], 4);
        var metadata = new Dictionary<string, string> { ["architecture"] = "x", ["lr"] = "0.001" };
        SafeTensors.Write(dir.File("m.safetensors"), [("z.weight", a), ("a.bias", b)], metadata);
        var read = SafeTensors.Read(dir.File("m.safetensors"));
        Assert.Equal(["z.weight", "a.bias"], read.Entries.Select(e => e.Key));
        Assert.Equal(a.Shape, read["z.weight"].Shape);
        Assert.Equal(a.Data, read["z.weight"].Data);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(read["a.bias"].Data[2]));
        Assert.True(float.IsNaN(read["a.bias"].Data[3]));
        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(["m.safetensors"], dir.FileNames());
        // Header length is a multiple of 8 so the data is aligned, as the format recommends.
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(System.IO.File.ReadAllBytes(dir.File("m.safetensors"))) % 8);
    }

    public static TheoryData<string, int, string, string> BadFiles => new()
    {
        { """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "w.data_offsets", "outside the data section" },
        { """{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", 4, "w.dtype", "got 'F16'" },
        { """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "w.data_offsets", "needs 12 bytes" },
        { """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "v.data_offsets", "overlap 'w'" },
        { """{"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""", 0, "w.shape", "positive integer" },
        { """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":1}}""", 4, "__metadata__.k", "expected a string" },
        { """{"w":{"dtype":"F32","shape":[1]}}""", 4, "w.data_offsets", "expected [begin, end]" },
        { """{"w":""", 0, "header", "not valid JSON" },
        { "[1,2]", 0, "header", "expected a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void MalformedFilesAreRejectedNamingTheField(string header, int dataBytes, string field, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.safetensors");
        System.IO.File.WriteAllBytes(path, File(header, dataBytes));
        var e = Assert.Throws<CranioFormatException>(() => SafeTensors.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void TruncatedFilesAreRejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.safetensors");
        SafeTensors.Write(path, [("w", new Tensor(4))]);
        byte[] full = System.IO.File.ReadAllBytes(path);
        System.IO.File.WriteAllBytes(path, full[..5]);
        Assert.Equal("header length", Assert.Throws<CranioFormatException>(() => SafeTensors.Read(path)).Field);
        System.IO.File.WriteAllBytes(path, full[..20]);
        Assert.Contains("truncated", Assert.Throws<CranioFormatException>(() => SafeTensors.Read(path)).Problem);
        System.IO.File.WriteAllBytes(path, full[..^4]);
        Assert.Equal("w.data_offsets", Assert.Throws<CranioFormatException>(() => SafeTensors.Read(path)).Field);
        var huge = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);
        System.IO.File.WriteAllBytes(path, huge);
        Assert.Contains("at most", Assert.Throws<CranioFormatException>(() => SafeTensors.Read(path)).Problem);
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        SafeTensors.Write(path, [("w", Tensor.Full(3, 2))]);
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [("w", new Tensor(1)), ("w", new Tensor(1))]));
        Assert.Equal([3f, 3f], SafeTensors.Read(path)["w"].Data);
        Assert.Equal(["c.safetensors"], dir.FileNames());
    }
}
