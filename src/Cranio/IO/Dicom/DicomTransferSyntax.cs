namespace Cranio.IO.Dicom;

/// <summary>
/// A transfer syntax (PS3.5 §10 and Annex A; UIDs from PS3.6 Annex A): how the data set after the file meta
/// information is encoded. Only the uncompressed little-endian syntaxes (and deflated explicit VR) are readable;
/// the others are recognised so that the error can name them.
/// </summary>
internal sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool Deflated, bool Readable)
{
    /// <summary>Implicit VR Little Endian, the DICOM default (PS3.5 A.1).</summary>
    public static readonly DicomTransferSyntax ImplicitVrLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, true);

    /// <summary>Explicit VR Little Endian (PS3.5 A.2).</summary>
    public static readonly DicomTransferSyntax ExplicitVrLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, true);

    /// <summary>Deflated Explicit VR Little Endian (PS3.5 A.5): the data set is a raw deflate (RFC 1951) stream.</summary>
    public static readonly DicomTransferSyntax DeflatedExplicitVrLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true);

    private static readonly Dictionary<string, DicomTransferSyntax> Table = new[]
    {
        ImplicitVrLittleEndian,
        ExplicitVrLittleEndian,
        DeflatedExplicitVrLittleEndian,
        Unreadable("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)"),
        Unreadable("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
        Unreadable("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
        Unreadable("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
        Unreadable("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)"),
        Unreadable("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
        Unreadable("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
        Unreadable("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)"),
        Unreadable("1.2.840.10008.1.2.4.91", "JPEG 2000"),
        Unreadable("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component (Lossless Only)"),
        Unreadable("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component"),
        Unreadable("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
        Unreadable("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
        Unreadable("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)"),
        Unreadable("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
        Unreadable("1.2.840.10008.1.2.5", "RLE Lossless"),
    }.ToDictionary(s => s.Uid, StringComparer.Ordinal);

    private static DicomTransferSyntax Unreadable(string uid, string name) => new(uid, name, true, false, false);

    /// <summary>The syntax of <paramref name="uid"/>; an unknown UID gives an unreadable syntax named "unknown transfer syntax".</summary>
    public static DicomTransferSyntax Of(string uid) =>
        Table.TryGetValue(uid, out var syntax) ? syntax : new DicomTransferSyntax(uid, "unknown transfer syntax", true, false, false);

    /// <summary>True when the data set (not necessarily the pixel data) is explicit VR little endian and can be parsed.</summary>
    public bool HeaderReadable => Readable || (ExplicitVr && Uid != "1.2.840.10008.1.2.2" && Table.ContainsKey(Uid));

    /// <summary>The error for a syntax whose pixel data cannot be decoded, naming it and the way to decompress.</summary>
    public CranioFormatException Unsupported(string path) => new(path, "(0002,0010) TransferSyntaxUID",
        $"transfer syntax {Uid} ({Name}) is not supported; expected uncompressed little endian " +
        $"({ExplicitVrLittleEndian.Uid} or {ImplicitVrLittleEndian.Uid}) or {DeflatedExplicitVrLittleEndian.Uid}. " +
        "Decompress the series first, for example with `gdcmconv --raw IN OUT` (Debian package libgdcm-tools).");
}
