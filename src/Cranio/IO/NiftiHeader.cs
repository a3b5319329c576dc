using System.Buffers.Binary;
using System.Text;

namespace Cranio.IO;

/// <summary>
/// The fields of a NIfTI-1 header (nifti1.h <c>struct nifti_1_header</c>, 348 bytes) that Cranio reads or
/// writes, with their byte offsets. Fields Cranio has no use for (intent, slice timing, cal_min/max, glmin/max,
/// descrip, aux_file) are written as zero and ignored on read.
/// </summary>
internal sealed class NiftiHeader
{
    /// <summary>Size of the header in bytes: the value of <c>sizeof_hdr</c>.</summary>
    public const int Size = 348;

    /// <summary>Header plus the 4-byte extension flag: the smallest <c>vox_offset</c> of a single-file (n+1) image.</summary>
    public const int SingleFileDataOffset = 352;

    /// <summary>NIFTI_UNITS_MM in the low three bits of <c>xyzt_units</c>.</summary>
    public const byte UnitsMillimetre = 2;

    /// <summary>True when the file stores its numbers big-endian.</summary>
    public bool BigEndian { get; set; }

    /// <summary><c>dim[0..7]</c> (offset 40): dim[0] is the number of dimensions, dim[1..] the sizes.</summary>
    public short[] Dim { get; } = new short[8];

    /// <summary><c>datatype</c> (offset 70): a NIFTI_TYPE code, see <see cref="NiftiDataType"/>.</summary>
    public short DataType { get; set; }

    /// <summary><c>bitpix</c> (offset 72): bits per voxel.</summary>
    public short BitPix { get; set; }

    /// <summary><c>pixdim[0..7]</c> (offset 76): pixdim[0] is qfac, pixdim[1..3] the spacings.</summary>
    public float[] PixDim { get; } = new float[8];

    /// <summary><c>vox_offset</c> (offset 108): byte offset of the voxels in the .nii file (or in the .img file).</summary>
    public float VoxOffset { get; set; }

    /// <summary><c>scl_slope</c> (offset 112).</summary>
    public float SclSlope { get; set; }

    /// <summary><c>scl_inter</c> (offset 116).</summary>
    public float SclInter { get; set; }

    /// <summary><c>xyzt_units</c> (offset 123): space units in bits 0–2, time units in bits 3–5.</summary>
    public byte XyztUnits { get; set; }

    /// <summary><c>qform_code</c> (offset 252).</summary>
    public short QFormCode { get; set; }

    /// <summary><c>sform_code</c> (offset 254).</summary>
    public short SFormCode { get; set; }

    /// <summary><c>quatern_b, quatern_c, quatern_d</c> (offset 256).</summary>
    public float[] Quaternion { get; } = new float[3];

    /// <summary><c>qoffset_x, qoffset_y, qoffset_z</c> (offset 268).</summary>
    public float[] QOffset { get; } = new float[3];

    /// <summary><c>srow_x, srow_y, srow_z</c> (offset 280): the sform's three rows of four, row by row.</summary>
    public float[] SRow { get; } = new float[12];

    /// <summary><c>magic</c> (offset 344): "n+1" for a single .nii file, "ni1" for a .hdr/.img pair.</summary>
    public string Magic { get; set; } = "n+1";

    /// <summary>
    /// True when <paramref name="head"/> (the first bytes of an uncompressed file) starts with a NIfTI-1 header:
    /// <c>sizeof_hdr</c> 348 in either byte order and magic "n+1" or "ni1" at byte 344.
    /// </summary>
    public static bool HasSignature(ReadOnlySpan<byte> head) =>
        head.Length >= Size
        && (BinaryPrimitives.ReadInt32LittleEndian(head) == Size || BinaryPrimitives.ReadInt32BigEndian(head) == Size)
        && (head.Slice(344, 4).SequenceEqual("n+1\0"u8) || head.Slice(344, 4).SequenceEqual("ni1\0"u8));

    /// <summary>
    /// Parses the first 348 bytes of <paramref name="bytes"/>. The byte order follows <c>sizeof_hdr</c>: 348
    /// little-endian, or 348 byte-swapped for a big-endian file. Only <c>sizeof_hdr</c> and <c>magic</c> are
    /// checked here; the reader validates the rest.
    /// </summary>
    /// <exception cref="CranioFormatException"><c>sizeof_hdr</c> or <c>magic</c> is wrong.</exception>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string path)
    {
        int sizeLittle = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int sizeBig = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var header = new NiftiHeader();
        if (sizeLittle == Size) header.BigEndian = false;
        else if (sizeBig == Size) header.BigEndian = true;
        else if (sizeLittle == 540 || sizeBig == 540)
            throw new CranioFormatException(path, "sizeof_hdr", "found 540, a NIfTI-2 header; only NIfTI-1 (348) is supported.");
        else
            throw new CranioFormatException(path, "sizeof_hdr", $"expected 348 (NIfTI-1, either byte order); found {sizeLittle} (bytes {Convert.ToHexString(bytes[..4])}).");

        ReadOnlySpan<byte> magic = bytes.Slice(344, 4);
        header.Magic = magic switch
        {
            [(byte)'n', (byte)'+', (byte)'1', 0] => "n+1",
            [(byte)'n', (byte)'i', (byte)'1', 0] => "ni1",
            _ => throw new CranioFormatException(path, "magic", $"expected \"n+1\" or \"ni1\" followed by a zero byte; found bytes {Convert.ToHexString(magic)}."),
        };

        var reader = new FieldReader(bytes, header.BigEndian);
        for (int i = 0; i < 8; i++) header.Dim[i] = reader.Int16(40 + 2 * i);
        header.DataType = reader.Int16(70);
        header.BitPix = reader.Int16(72);
        for (int i = 0; i < 8; i++) header.PixDim[i] = reader.Single(76 + 4 * i);
        header.VoxOffset = reader.Single(108);
        header.SclSlope = reader.Single(112);
        header.SclInter = reader.Single(116);
        header.XyztUnits = bytes[123];
        header.QFormCode = reader.Int16(252);
        header.SFormCode = reader.Int16(254);
        for (int i = 0; i < 3; i++) header.Quaternion[i] = reader.Single(256 + 4 * i);
        for (int i = 0; i < 3; i++) header.QOffset[i] = reader.Single(268 + 4 * i);
        for (int i = 0; i < 12; i++) header.SRow[i] = reader.Single(280 + 4 * i);
        return header;
    }

    /// <summary>Writes the header little-endian into the first 348 bytes of <paramref name="bytes"/> (other bytes zero).</summary>
    public void WriteTo(Span<byte> bytes)
    {
        bytes[..Size].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Size);
        bytes[38] = (byte)'r';
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes[(40 + 2 * i)..], Dim[i]);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[70..], DataType);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[72..], BitPix);
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(76 + 4 * i)..], PixDim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(bytes[108..], VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(bytes[112..], SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(bytes[116..], SclInter);
        bytes[123] = XyztUnits;
        BinaryPrimitives.WriteInt16LittleEndian(bytes[252..], QFormCode);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[254..], SFormCode);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(256 + 4 * i)..], Quaternion[i]);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(268 + 4 * i)..], QOffset[i]);
        for (int i = 0; i < 12; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(280 + 4 * i)..], SRow[i]);
        Encoding.ASCII.GetBytes(Magic).CopyTo(bytes[344..]);
        bytes[347] = 0;
    }

    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_bytes[offset..]);

        public float Single(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_bytes[offset..]);
    }
}
