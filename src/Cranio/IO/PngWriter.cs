using System.Buffers.Binary;
using System.IO.Compression;

namespace Cranio.IO;

/// <summary>
/// A minimal PNG encoder (ISO/IEC 15948) for 8-bit greyscale and RGB images: signature, IHDR, one zlib IDAT
/// with filter type 0 (None) on every row, IEND; each chunk with its CRC-32.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes an image to PNG bytes.</summary>
    /// <param name="width">Pixels per row (≥ 1).</param>
    /// <param name="height">Rows (≥ 1).</param>
    /// <param name="channels">1 for greyscale, 3 for RGB.</param>
    /// <param name="pixels">Rows top to bottom, pixels left to right, channels interleaved: width·height·channels bytes.</param>
    /// <exception cref="ArgumentException">A size, the channel count or the pixel length is wrong.</exception>
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"PNG sizes must be at least 1; got {width} × {height}.", nameof(width));
        if (channels is not (1 or 3)) throw new ArgumentException($"Channels must be 1 (grey) or 3 (RGB); got {channels}.", nameof(channels));
        long expected = (long)width * height * channels;
        if (pixels.Length != expected) throw new ArgumentException($"Pixels must hold width·height·channels = {expected} bytes; got {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                                // bit depth
        header[9] = channels == 1 ? (byte)0 : (byte)2; // colour type: grey or truecolour
        header[10] = 0;                               // deflate
        header[11] = 0;                               // adaptive filtering
        header[12] = 0;                               // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * channels;
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels.Slice(y * stride, stride));
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Encodes the image and writes it to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, int width, int height, int channels, ReadOnlySpan<byte> pixels) =>
        AtomicFile.WriteAllBytes(path, Encode(width, height, channels, pixels));

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    /// <summary>CRC-32 of PNG and zlib's gzip (polynomial 0xEDB88320, reflected), by a 256-entry table.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        private static uint[] Build()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
