using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cranio.IO.Dicom;

/// <summary>
/// The header of one DICOM file as parsed by <see cref="DicomFileParser"/>: its transfer syntax, the raw values
/// of the known top-level tags and the length of its pixel data. Typed accessors decode values on demand and
/// name the file and the tag when a value is missing or malformed.
/// </summary>
internal sealed class DicomSliceHeader
{
    private readonly Dictionary<DicomTag, byte[]> values;
    private readonly Encoding encoding;

    public DicomSliceHeader(string path, DicomTransferSyntax transferSyntax, Dictionary<DicomTag, byte[]> values, uint? pixelDataLength)
    {
        Path = path;
        TransferSyntax = transferSyntax;
        this.values = values;
        PixelDataLength = pixelDataLength;
        // ISO_IR 192 is UTF-8 (PS3.3 C.12.1.1.2); the default repertoire and ISO_IR 100 decode as Latin-1.
        encoding = values.TryGetValue(DicomTag.SpecificCharacterSet, out byte[]? charset) &&
                   DecodeString(charset, Encoding.ASCII).Contains("ISO_IR 192", StringComparison.Ordinal)
            ? Encoding.UTF8
            : Encoding.Latin1;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The transfer syntax of the data set.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>The value length of the top-level Pixel Data element, or null when the file has none.</summary>
    public uint? PixelDataLength { get; }

    /// <summary>True when the file holds the tag at the top level.</summary>
    public bool Has(DicomTag tag) => values.ContainsKey(tag);

    /// <summary>The string value with leading and trailing spaces and NULs removed, or null when the tag is absent.</summary>
    public string? String(DicomTag tag) => values.TryGetValue(tag, out byte[]? raw) ? DecodeString(raw, encoding) : null;

    /// <summary>The string value, required non-empty.</summary>
    public string RequiredString(DicomTag tag)
    {
        string? value = String(tag);
        if (string.IsNullOrEmpty(value)) throw Error(tag, value is null ? "missing; the tag is required" : "empty; a value is required");
        return value;
    }

    /// <summary>The US (unsigned 16-bit) value, required.</summary>
    public ushort UInt16(DicomTag tag) =>
        OptionalUInt16(tag) ?? throw Error(tag, "missing; the tag is required");

    /// <summary>The US (unsigned 16-bit) value, or null when absent.</summary>
    public ushort? OptionalUInt16(DicomTag tag)
    {
        if (!values.TryGetValue(tag, out byte[]? raw)) return null;
        if (raw.Length != 2) throw Error(tag, $"expected a 2-byte US value, found {raw.Length} bytes");
        return BinaryPrimitives.ReadUInt16LittleEndian(raw);
    }

    /// <summary>The IS (integer string) value, or null when absent or empty.</summary>
    public int? Integer(DicomTag tag)
    {
        string? text = String(tag);
        if (string.IsNullOrEmpty(text)) return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw Error(tag, $"expected an integer string, found '{text}'");
        return value;
    }

    /// <summary>The DS (decimal string) values, exactly <paramref name="count"/> of them, required.</summary>
    public double[] Decimals(DicomTag tag, int count)
    {
        string? text = String(tag);
        if (string.IsNullOrEmpty(text)) throw Error(tag, $"missing; expected {count} decimal value(s)");
        string[] parts = text.Split('\\');
        if (parts.Length != count) throw Error(tag, $"expected {count} decimal value(s), found {parts.Length}: '{text}'");
        var result = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                throw Error(tag, $"expected a finite decimal number, found '{parts[i]}' in '{text}'");
        }
        return result;
    }

    /// <summary>A single DS value, or <paramref name="fallback"/> when absent or empty.</summary>
    public double Decimal(DicomTag tag, double fallback) =>
        string.IsNullOrEmpty(String(tag)) ? fallback : Decimals(tag, 1)[0];

    /// <summary>A <see cref="CranioFormatException"/> naming this file and <paramref name="tag"/>.</summary>
    public CranioFormatException Error(DicomTag tag, string problem) => new(Path, tag.ToString(), problem);

    /// <summary>Decodes a string value, trimming the padding (space or NUL, PS3.5 §6.2) and surrounding spaces.</summary>
    public static string DecodeString(byte[] raw, Encoding encoding) => encoding.GetString(raw).Trim(' ', '\0');
}
