using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Cranio.Volumes;

namespace Cranio.Tests.IO.Dicom;

/// <summary>The content of one synthetic CT slice written by <see cref="DicomTestFileBuilder"/>.</summary>
internal sealed record DicomTestSlice
{
    public const string ExplicitLittleEndian = "1.2.840.10008.1.2.1";
    public const string ImplicitLittleEndian = "1.2.840.10008.1.2";
    public const string DeflatedExplicitLittleEndian = "1.2.840.10008.1.2.1.99";

    public string TransferSyntax { get; init; } = ExplicitLittleEndian;
    public string SeriesInstanceUid { get; init; } = "1.2.826.0.1.3680043.8.498.1";
    public string Modality { get; init; } = "CT";
    public string SeriesDescription { get; init; } = "HEAD 1.0";
    public int SeriesNumber { get; init; } = 3;
    public int InstanceNumber { get; init; } = 1;
    public Vec3 Position { get; init; } = new(-100, -120, 40);
    public Vec3 RowDirection { get; init; } = new(1, 0, 0);
    public Vec3 ColumnDirection { get; init; } = new(0, 1, 0);
    public int Rows { get; init; } = 3;
    public int Columns { get; init; } = 4;
    /// <summary>Pixel Spacing's first value: between rows (along j).</summary>
    public double RowSpacing { get; init; } = 0.5;
    /// <summary>Pixel Spacing's second value: between columns (along i).</summary>
    public double ColumnSpacing { get; init; } = 0.8;
    public int BitsAllocated { get; init; } = 16;
    public int BitsStored { get; init; } = 16;
    public bool Signed { get; init; } = true;
    public int SamplesPerPixel { get; init; } = 1;
    public string PhotometricInterpretation { get; init; } = "MONOCHROME2";
    /// <summary>Media Storage SOP Class UID of the file meta information (CT Image Storage by default).</summary>
    public string MediaStorageSopClassUid { get; init; } = "1.2.840.10008.5.1.4.1.1.2";
    /// <summary>Rescale Slope as written (DS); null leaves the tag out.</summary>
    public string? Slope { get; init; }
    /// <summary>Rescale Intercept as written (DS); null leaves the tag out.</summary>
    public string? Intercept { get; init; }
    /// <summary>Raw pixel patterns, row by row (Columns fastest); for 8 bits only the low byte is written.</summary>
    public short[] Pixels { get; init; } = new short[12];
    public bool IncludePixelData { get; init; } = true;
}

/// <summary>
/// Writes minimal DICOM Part-10 CT slices for tests: preamble, DICM, file meta information, then the data set in
/// explicit, implicit or deflated explicit VR little endian. Every file also holds structures the reader must
/// skip: a sequence of undefined length whose items carry decoy values of the tags the reader keeps (a wrong
/// Series Instance UID, position, Rows, Number of Frames, Rescale Slope and Intercept), nested sequences of defined and undefined length, a private element,
/// a UN element of undefined length, an OB element with a 32-bit length and an icon image with its own pixel data.
/// </summary>
internal static class DicomTestFileBuilder
{
    public static void Write(string path, DicomTestSlice slice) => File.WriteAllBytes(path, Build(slice));

    /// <summary>
    /// Writes <paramref name="count"/> slices of <paramref name="template"/> at template.Position + k · step, named
    /// in a shuffled order (seeded) so that file order is not slice order; pixels of slice k from <paramref name="pixels"/>.
    /// Returns the paths indexed by k.
    /// </summary>
    public static string[] WriteSeries(string directory, DicomTestSlice template, int count, Vec3 step, Func<int, short[]> pixels, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        int[] names = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(names);
        var paths = new string[count];
        for (int k = 0; k < count; k++)
        {
            paths[k] = Path.Combine(directory, $"IM{names[k]:D4}.dcm");
            Write(paths[k], template with { Position = template.Position + step * k, InstanceNumber = k + 1, Pixels = pixels(k) });
        }
        return paths;
    }

    public static byte[] Build(DicomTestSlice s)
    {
        bool explicitVr = s.TransferSyntax != DicomTestSlice.ImplicitLittleEndian;
        var data = new ElementWriter(explicitVr);
        data.String(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        data.String(0x0008, 0x0060, "CS", s.Modality);
        data.String(0x0008, 0x103E, "LO", s.SeriesDescription);
        WriteDecoySequence(data);
        data.String(0x0009, 0x0010, "LO", "CRANIO TEST");
        data.String(0x0009, 0x1001, "LO", "private value");
        if (explicitVr) WriteUnknownSequence(data);
        data.String(0x0018, 0x0050, "DS", "7.5");
        data.String(0x0020, 0x000E, "UI", s.SeriesInstanceUid);
        data.String(0x0020, 0x0011, "IS", s.SeriesNumber.ToString());
        data.String(0x0020, 0x0013, "IS", s.InstanceNumber.ToString());
        data.String(0x0020, 0x0032, "DS", Decimals(s.Position.X, s.Position.Y, s.Position.Z));
        data.String(0x0020, 0x0037, "DS", Decimals(s.RowDirection.X, s.RowDirection.Y, s.RowDirection.Z, s.ColumnDirection.X, s.ColumnDirection.Y, s.ColumnDirection.Z));
        data.UInt16(0x0028, 0x0002, (ushort)s.SamplesPerPixel);
        data.String(0x0028, 0x0004, "CS", s.PhotometricInterpretation);
        data.UInt16(0x0028, 0x0010, (ushort)s.Rows);
        data.UInt16(0x0028, 0x0011, (ushort)s.Columns);
        data.String(0x0028, 0x0030, "DS", Decimals(s.RowSpacing, s.ColumnSpacing));
        data.UInt16(0x0028, 0x0100, (ushort)s.BitsAllocated);
        data.UInt16(0x0028, 0x0101, (ushort)s.BitsStored);
        data.UInt16(0x0028, 0x0102, (ushort)(s.BitsStored - 1));
        data.UInt16(0x0028, 0x0103, (ushort)(s.Signed ? 1 : 0));
        if (s.Intercept is not null) data.String(0x0028, 0x1052, "DS", s.Intercept);
        if (s.Slope is not null) data.String(0x0028, 0x1053, "DS", s.Slope);
        data.Raw(0x0029, 0x1010, "OB", [1, 2, 3, 4, 5, 6]);
        WriteIconSequence(data);
        if (s.IncludePixelData)
        {
            byte[] pixels = s.BitsAllocated == 8
                ? s.Pixels.Select(p => (byte)p).ToArray()
                : s.Pixels.SelectMany(p => BitConverter.GetBytes(p)).ToArray();
            data.Raw(0x7FE0, 0x0010, s.BitsAllocated == 8 ? "OB" : "OW", pixels);
        }

        var meta = new ElementWriter(explicitVr: true);
        meta.Raw(0x0002, 0x0001, "OB", [0, 1]);
        meta.String(0x0002, 0x0002, "UI", s.MediaStorageSopClassUid);
        meta.String(0x0002, 0x0003, "UI", $"1.2.826.0.1.3680043.8.498.2.{s.InstanceNumber}");
        meta.String(0x0002, 0x0010, "UI", s.TransferSyntax);
        meta.String(0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.8.498.3");
        byte[] metaBytes = meta.ToArray();

        var file = new MemoryStream();
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        var groupLength = new ElementWriter(explicitVr: true);
        groupLength.UInt32(0x0002, 0x0000, (uint)metaBytes.Length);
        file.Write(groupLength.ToArray());
        file.Write(metaBytes);
        byte[] dataBytes = data.ToArray();
        if (s.TransferSyntax == DicomTestSlice.DeflatedExplicitLittleEndian)
        {
            using var deflate = new DeflateStream(file, CompressionLevel.Fastest, leaveOpen: true);
            deflate.Write(dataBytes);
        }
        else
        {
            file.Write(dataBytes);
        }
        return file.ToArray();
    }

    private static string Decimals(params double[] values) =>
        string.Join('\\', values.Select(v => v.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>(0008,1140) SQ, undefined length: an undefined-length item with decoys and a nested defined-length SQ, then a defined-length item.</summary>
    private static void WriteDecoySequence(ElementWriter data)
    {
        data.BeginSequence(0x0008, 0x1140);
        data.BeginItem();
        data.String(0x0020, 0x000E, "UI", "9.9.9.9");
        data.String(0x0020, 0x0032, "DS", "999\\999\\999");
        var nested = new ElementWriter(data.ExplicitVr);
        var inner = new ElementWriter(data.ExplicitVr);
        inner.UInt16(0x0028, 0x0010, 77);
        inner.String(0x0028, 0x0008, "IS", "3");
        nested.DefinedItem(inner.ToArray());
        data.DefinedSequence(0x0008, 0x9121, nested.ToArray());
        data.BeginSequence(0x0040, 0xA730);
        data.BeginItem();
        data.String(0x0028, 0x0030, "DS", "9\\9");
        data.String(0x0028, 0x1053, "DS", "5");
        data.EndItem();
        data.EndSequence();
        data.EndItem();
        var second = new ElementWriter(data.ExplicitVr);
        second.String(0x0020, 0x000E, "UI", "8.8.8.8");
        data.DefinedItem(second.ToArray());
        data.EndSequence();
    }

    /// <summary>(0011,1010) UN of undefined length: its content is an implicit VR sequence (PS3.5 §6.2.2).</summary>
    private static void WriteUnknownSequence(ElementWriter data)
    {
        data.String(0x0011, 0x0010, "LO", "CRANIO TEST");
        data.Header(0x0011, 0x1010, "UN", 0xFFFFFFFF);
        var item = new ElementWriter(explicitVr: false);
        item.String(0x0020, 0x000E, "UI", "7.7.7.7");
        item.String(0x0028, 0x1052, "DS", "500");
        data.BeginItem();
        data.Bytes(item.ToArray());
        data.EndItem();
        data.EndSequence();
    }

    /// <summary>(0088,0200) Icon Image Sequence, undefined length, holding a tiny image with its own Pixel Data.</summary>
    private static void WriteIconSequence(ElementWriter data)
    {
        data.BeginSequence(0x0088, 0x0200);
        data.BeginItem();
        data.UInt16(0x0028, 0x0010, 2);
        data.UInt16(0x0028, 0x0011, 2);
        data.Raw(0x7FE0, 0x0010, "OW", [1, 2, 3, 4, 5, 6, 7, 8]);
        data.EndItem();
        data.EndSequence();
    }

    /// <summary>Encodes data elements (PS3.5 §7.1.2 explicit VR, §7.1.3 implicit VR), little endian.</summary>
    private sealed class ElementWriter(bool explicitVr)
    {
        private readonly MemoryStream stream = new();

        public bool ExplicitVr => explicitVr;

        public byte[] ToArray() => stream.ToArray();

        public void Bytes(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

        public void Tag(ushort group, ushort element)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(b, group);
            BinaryPrimitives.WriteUInt16LittleEndian(b[2..], element);
            stream.Write(b);
        }

        public void UInt32Value(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
            stream.Write(b);
        }

        public void Header(ushort group, ushort element, string vr, uint length)
        {
            Tag(group, element);
            if (!explicitVr)
            {
                UInt32Value(length);
                return;
            }
            stream.Write(Encoding.ASCII.GetBytes(vr));
            if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
            {
                stream.Write([0, 0]);
                UInt32Value(length);
            }
            else
            {
                stream.Write([(byte)length, (byte)(length >> 8)]);
            }
        }

        public void Raw(ushort group, ushort element, string vr, byte[] value)
        {
            byte[] padded = value.Length % 2 == 0 ? value : [.. value, 0];
            Header(group, element, vr, (uint)padded.Length);
            stream.Write(padded);
        }

        public void String(ushort group, ushort element, string vr, string value)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(value);
            if (bytes.Length % 2 == 1) bytes = [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
            Raw(group, element, vr, bytes);
        }

        public void UInt16(ushort group, ushort element, ushort value) => Raw(group, element, "US", [(byte)value, (byte)(value >> 8)]);

        public void UInt32(ushort group, ushort element, uint value) =>
            Raw(group, element, "UL", [(byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)]);

        public void BeginSequence(ushort group, ushort element) => Header(group, element, "SQ", 0xFFFFFFFF);

        public void DefinedSequence(ushort group, ushort element, byte[] items)
        {
            Header(group, element, "SQ", (uint)items.Length);
            stream.Write(items);
        }

        public void BeginItem()
        {
            Tag(0xFFFE, 0xE000);
            UInt32Value(0xFFFFFFFF);
        }

        public void DefinedItem(byte[] content)
        {
            Tag(0xFFFE, 0xE000);
            UInt32Value((uint)content.Length);
            stream.Write(content);
        }

        public void EndItem()
        {
            Tag(0xFFFE, 0xE00D);
            UInt32Value(0);
        }

        public void EndSequence()
        {
            Tag(0xFFFE, 0xE0DD);
            UInt32Value(0);
        }
    }
}
