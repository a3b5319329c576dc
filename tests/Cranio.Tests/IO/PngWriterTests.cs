using System.Buffers.Binary;
using System.IO.Compression;
using Cranio.IO;

namespace Cranio.Tests.IO;

public class PngWriterTests
{
    /// <summary>CRC-32 bit by bit (no table), independent of the encoder's table.</summary>
    private static uint BitwiseCrc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        var chunks = new List<(string, byte[])>();
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] data = png.AsSpan(at + 8, length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add((type, data));
            at += 12 + length;
        }
        return chunks;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Encode_ChunksCrcsAndPixelsDecodeBack(int channels)
    {
        int width = 7, height = 5;
        var pixels = new byte[width * height * channels];
        new Random(5).NextBytes(pixels);
        byte[] png = PngWriter.Encode(width, height, channels, pixels);

        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        byte[] ihdr = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, (byte)(channels == 1 ? 0 : 2), 0, 0, 0 }, ihdr[8..]);
        Assert.Empty(chunks[2].Data);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), raw.Length);
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (stride + 1)]);
            Assert.Equal(pixels.AsSpan(y * stride, stride).ToArray(), raw.AsSpan(y * (stride + 1) + 1, stride).ToArray());
        }
    }

    [Fact]
    public void KnownCrc_OfIend()
    {
        // The IEND chunk of every PNG ends with AE 42 60 82.
        byte[] png = PngWriter.Encode(1, 1, 1, [0]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
    }

    [Fact]
    public void BadArguments_AreRejectedWithTheValue()
    {
        Assert.Contains("got 2", Assert.Throws<ArgumentException>(() => PngWriter.Encode(1, 1, 2, [0, 0])).Message);
        Assert.Contains("got 5", Assert.Throws<ArgumentException>(() => PngWriter.Encode(2, 2, 1, [0, 0, 0, 0, 0])).Message);
        Assert.Contains("0 × 1", Assert.Throws<ArgumentException>(() => PngWriter.Encode(0, 1, 1, [])).Message);
    }
}
