using System.IO.Compression;

namespace Cranio.IO.Dicom;

/// <summary>
/// Parses one DICOM Part-10 file (PS3.10 §7.1): the 128-byte preamble, the magic <c>DICM</c>, the file meta
/// information (group 0002, always explicit VR little endian), then the data set in the transfer syntax the
/// meta information names (PS3.5 §7). Parsing stops at the top-level Pixel Data element (7FE0,0010), so headers
/// are read before (and without) voxels; <see cref="ReadPixelData"/> then continues into the pixel bytes.
/// </summary>
/// <remarks>
/// Only the top-level values of <see cref="DicomTag.Known"/> are kept; everything else is skipped by its length.
/// Sequences (SQ, and UN or implicit VR elements) of undefined length are walked item by item (PS3.5 §7.5),
/// items of undefined length element by element until their Item Delimitation Item, to any depth up to
/// <see cref="MaxSequenceDepth"/>. An explicit VR element with VR UN and undefined length holds an implicit VR
/// little endian sequence (PS3.5 §6.2.2).
/// </remarks>
internal sealed class DicomFileParser : IDisposable
{
    /// <summary>The value length meaning "undefined", ended by a delimiter (PS3.5 §7.1.1).</summary>
    public const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Deepest nesting of sequences accepted before the file is called malformed.</summary>
    public const int MaxSequenceDepth = 32;

    /// <summary>Longest value kept for a known tag; the tags read are short strings and integers.</summary>
    private const int MaxKeptValueLength = 1 << 16;

    private const int PreambleLength = 128;

    private readonly string path;
    private readonly Stream file;
    private DicomByteReader reader;
    private DeflateStream? inflater;
    private readonly Dictionary<DicomTag, byte[]> values = new();
    private string field = "preamble";
    private uint? pixelDataLength;

    private DicomFileParser(string path, Stream file)
    {
        this.path = path;
        this.file = file;
        reader = new DicomByteReader(file);
    }

    /// <summary>True when <paramref name="path"/> has the Part-10 magic <c>DICM</c> at byte 128.</summary>
    public static bool HasMagic(string path)
    {
        Span<byte> head = stackalloc byte[PreambleLength + 4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        if (stream.Length < head.Length) return false;
        stream.ReadExactly(head);
        return head[PreambleLength..].SequenceEqual("DICM"u8);
    }

    /// <summary>Reads the header of <paramref name="path"/>, stopping before the pixel data.</summary>
    /// <exception cref="CranioFormatException">The file is not a readable Part-10 file; the message names the tag.</exception>
    public static DicomSliceHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        using var parser = new DicomFileParser(path, stream);
        return parser.ParseHeader();
    }

    /// <summary>
    /// Reads the header of <paramref name="path"/> and then the first <c>destination.Length</c> bytes of its
    /// pixel data into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="CranioFormatException">No pixel data, fewer bytes than needed, or a malformed header.</exception>
    public static void ReadPixelData(string path, Span<byte> destination)
    {
        using var stream = Open(path);
        using var parser = new DicomFileParser(path, stream);
        DicomSliceHeader header = parser.ParseHeader();
        if (header.PixelDataLength is not uint length)
            throw new CranioFormatException(path, DicomTag.PixelData.ToString(), "the file has no pixel data");
        if (length == UndefinedLength || length < destination.Length)
            throw new CranioFormatException(path, DicomTag.PixelData.ToString(),
                $"expected {destination.Length} bytes of native pixel data, found {(length == UndefinedLength ? "undefined length (encapsulated)" : length.ToString())}");
        parser.field = DicomTag.PixelData.ToString();
        try
        {
            parser.reader.ReadExactly(destination);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw parser.Malformed(e);
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

    private DicomSliceHeader ParseHeader()
    {
        DicomTransferSyntax syntax;
        try
        {
            field = "preamble";
            reader.Skip(PreambleLength);
            Span<byte> magic = stackalloc byte[4];
            reader.ReadExactly(magic);
            if (!magic.SequenceEqual("DICM"u8))
                throw new CranioFormatException(path, "DICM magic",
                    $"expected the bytes 'DICM' after the 128-byte preamble (a DICOM Part-10 file), found {Convert.ToHexString(magic)}");
            field = "file meta information (group 0002)";
            while (reader.TryPeekUInt16(out ushort group) && group == 0x0002)
                ReadElement(depth: 0, explicitVr: true);
            if (!values.TryGetValue(DicomTag.TransferSyntaxUid, out byte[]? uid))
                throw new CranioFormatException(path, DicomTag.TransferSyntaxUid.ToString(), "missing from the file meta information");
            syntax = DicomTransferSyntax.Of(DicomSliceHeader.DecodeString(uid, System.Text.Encoding.ASCII));
            if (!syntax.HeaderReadable) throw syntax.Unsupported(path);
            if (syntax.Deflated)
            {
                file.Seek(reader.Position, SeekOrigin.Begin);
                inflater = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true);
                reader = new DicomByteReader(inflater);
            }
            ParseDataset(depth: 0, syntax.ExplicitVr);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw Malformed(e);
        }
        return new DicomSliceHeader(path, syntax, values, pixelDataLength);
    }

    /// <summary>Releases the inflater of a deflated data set; the file stream belongs to the caller.</summary>
    public void Dispose() => inflater?.Dispose();

    /// <summary>The error for a premature end of the file or corrupt deflate data, naming the field being read.</summary>
    private CranioFormatException Malformed(Exception e) => e is EndOfStreamException
        ? new CranioFormatException(path, field, $"the file ends early (truncated?) after {reader.Position} bytes were read: {e.Message}", e)
        : new CranioFormatException(path, field, $"the deflated data set is corrupt: {e.Message}", e);

    /// <summary>
    /// Reads the elements of a data set: the top level (depth 0) until the pixel data or the end of the file,
    /// a nested item of undefined length until its Item Delimitation Item.
    /// </summary>
    private void ParseDataset(int depth, bool explicitVr)
    {
        while (true)
        {
            if (depth == 0 && reader.AtEnd) return;
            if (!ReadElement(depth, explicitVr)) return;
        }
    }

    /// <summary>Reads one element; false when it ends the data set (pixel data at the top, item delimiter below).</summary>
    private bool ReadElement(int depth, bool explicitVr)
    {
        var tag = new DicomTag(reader.ReadUInt16(), reader.ReadUInt16());
        if (depth == 0) field = tag.ToString();
        if (tag == DicomTag.ItemDelimitationItem)
        {
            reader.ReadUInt32();
            if (depth == 0) throw new CranioFormatException(path, field, "an Item Delimitation Item outside any sequence");
            return false;
        }
        if (tag.IsDelimiter)
            throw new CranioFormatException(path, field, $"expected a data element, found the delimiter {tag} outside the sequence structure");
        string vr;
        uint length;
        if (explicitVr)
        {
            char c0 = (char)reader.ReadByte(), c1 = (char)reader.ReadByte();
            if (c0 is < 'A' or > 'Z' || c1 is < 'A' or > 'Z')
                throw new CranioFormatException(path, field, $"expected a two-letter explicit VR after tag {tag}, found bytes {(int)c0:X2} {(int)c1:X2} (implicit VR data labelled explicit?)");
            vr = new string([c0, c1]);
            if (HasLongLength(vr))
            {
                reader.ReadUInt16();
                length = reader.ReadUInt32();
            }
            else
            {
                length = reader.ReadUInt16();
            }
        }
        else
        {
            vr = DicomTag.Known.TryGetValue(tag, out var known) ? known.Vr : "UN";
            length = reader.ReadUInt32();
        }

        if (depth == 0 && tag == DicomTag.PixelData)
        {
            pixelDataLength = length;
            return false;
        }
        if (length == UndefinedLength)
        {
            if (explicitVr && vr is not ("SQ" or "UN"))
                throw new CranioFormatException(path, field, $"undefined length is allowed only for VR SQ or UN (and encapsulated pixel data); found VR {vr}");
            SkipSequence(depth + 1, explicitVr && vr == "SQ");
            return true;
        }
        if (depth == 0 && DicomTag.Known.ContainsKey(tag))
        {
            if (length > MaxKeptValueLength)
                throw new CranioFormatException(path, field, $"expected a short value (at most {MaxKeptValueLength} bytes), found {length} bytes");
            var value = new byte[length];
            reader.ReadExactly(value);
            values[tag] = value;
        }
        else
        {
            reader.Skip(length);
        }
        return true;
    }

    /// <summary>Skips a sequence of undefined length: items (each of defined or undefined length) up to the Sequence Delimitation Item.</summary>
    private void SkipSequence(int depth, bool explicitVr)
    {
        if (depth > MaxSequenceDepth)
            throw new CranioFormatException(path, field, $"sequences are nested deeper than {MaxSequenceDepth} levels");
        while (true)
        {
            var tag = new DicomTag(reader.ReadUInt16(), reader.ReadUInt16());
            uint length = reader.ReadUInt32();
            if (tag == DicomTag.SequenceDelimitationItem) return;
            if (tag != DicomTag.Item)
                throw new CranioFormatException(path, field, $"expected an Item (FFFE,E000) or a Sequence Delimitation Item (FFFE,E0DD) inside the sequence, found {tag}");
            if (length == UndefinedLength) ParseDataset(depth, explicitVr);
            else reader.Skip(length);
        }
    }

    /// <summary>True for the VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</summary>
    private static bool HasLongLength(string vr) =>
        vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";
}
