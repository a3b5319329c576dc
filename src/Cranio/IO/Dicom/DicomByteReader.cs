using System.Buffers.Binary;

namespace Cranio.IO.Dicom;

/// <summary>
/// Little-endian forward reader over a stream with its own buffer, counting the bytes consumed. Skips seek when
/// the stream can seek (a plain file) and read-and-discard otherwise (a deflate stream). Running out of bytes
/// throws <see cref="EndOfStreamException"/>, which the parser turns into a <see cref="CranioFormatException"/>.
/// </summary>
internal sealed class DicomByteReader
{
    private readonly Stream stream;
    private readonly byte[] buffer;
    private int start;
    private int end;

    public DicomByteReader(Stream stream, int bufferSize = 16 * 1024)
    {
        this.stream = stream;
        buffer = new byte[bufferSize];
    }

    /// <summary>Bytes consumed from the stream since this reader was created.</summary>
    public long Position { get; private set; }

    /// <summary>True when no byte is left.</summary>
    public bool AtEnd => start == end && !Fill(1);

    public byte ReadByte()
    {
        Require(1);
        byte value = buffer[start];
        Advance(1);
        return value;
    }

    /// <summary>Reads the next 16-bit value without consuming it; false when fewer than 2 bytes are left.</summary>
    public bool TryPeekUInt16(out ushort value)
    {
        value = 0;
        if (end - start < 2 && !Fill(2)) return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start));
        return true;
    }

    public ushort ReadUInt16()
    {
        Require(2);
        ushort value = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start));
        Advance(2);
        return value;
    }

    public uint ReadUInt32()
    {
        Require(4);
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start));
        Advance(4);
        return value;
    }

    /// <summary>Fills <paramref name="destination"/> completely: from the buffer first, then straight from the stream.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        int fromBuffer = Math.Min(end - start, destination.Length);
        buffer.AsSpan(start, fromBuffer).CopyTo(destination);
        Advance(fromBuffer);
        Span<byte> rest = destination[fromBuffer..];
        if (rest.IsEmpty) return;
        stream.ReadExactly(rest);
        Position += rest.Length;
    }

    /// <summary>Skips <paramref name="count"/> bytes; throws <see cref="EndOfStreamException"/> if fewer are left.</summary>
    public void Skip(long count)
    {
        int fromBuffer = (int)Math.Min(end - start, count);
        Advance(fromBuffer);
        count -= fromBuffer;
        if (count == 0) return;
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length) throw new EndOfStreamException($"cannot skip {count} bytes: only {stream.Length - stream.Position} left");
            stream.Seek(count, SeekOrigin.Current);
            Position += count;
            return;
        }
        while (count > 0)
        {
            if (!Fill(1)) throw new EndOfStreamException($"cannot skip {count} more bytes: the stream ended");
            int step = (int)Math.Min(end - start, count);
            Advance(step);
            count -= step;
        }
    }

    private void Advance(int count)
    {
        start += count;
        Position += count;
    }

    private void Require(int count)
    {
        if (end - start < count && !Fill(count))
            throw new EndOfStreamException($"expected {count} more bytes, found {end - start}");
    }

    /// <summary>Refills the buffer until at least <paramref name="count"/> bytes are available; false at the end of the stream.</summary>
    private bool Fill(int count)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        while (end < count)
        {
            int read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0) return false;
            end += read;
        }
        return true;
    }
}
