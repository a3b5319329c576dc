using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Cranio.Tests.IO;

/// <summary>
/// Builds NIfTI-1 files byte by byte from the nifti1.h field offsets, independently of the production header
/// code, in either byte order, so that reader tests compare against a layout written out by hand.
/// </summary>
internal sealed class NiftiTestFile
{
    public bool BigEndian { get; set; }
    public int SizeOfHeader { get; set; } = 348;
    public short[] Dim { get; } = [3, 4, 3, 2, 1, 1, 1, 1];
    public short DataType { get; set; } = 4;
    public short BitPix { get; set; } = 16;
    public float[] PixDim { get; } = [1, 1, 1, 1, 0, 0, 0, 0];
    public float VoxOffset { get; set; } = 352;
    public float SclSlope { get; set; }
    public float SclInter { get; set; }
    public byte XyztUnits { get; set; } = 2;
    public short QFormCode { get; set; }
    public short SFormCode { get; set; }
    public float[] Quaternion { get; } = new float[3];
    public float[] QOffset { get; } = new float[3];
    public float[] SRow { get; } = new float[12];
    public string Magic { get; set; } = "n+1";

    /// <summary>Bytes written after the header, up to vox_offset (for example an extension); zero-padded.</summary>
    public byte[] Extension { get; set; } = [];

    /// <summary>Voxel bytes in little-endian order; swapped per element when <see cref="BigEndian"/>.</summary>
    public byte[] Data { get; private set; } = new byte[4 * 3 * 2 * 2];

    private int _elementSize = 2;

    /// <summary>Sets the voxels (little-endian in memory) and the element size used for byte swapping.</summary>
    public NiftiTestFile WithData<T>(T[] values) where T : unmanaged
    {
        Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        _elementSize = Marshal.SizeOf<T>();
        return this;
    }

    /// <summary>Sets srow_x, srow_y, srow_z from a 3×4 RAS affine given row by row.</summary>
    public NiftiTestFile WithSForm(short code, params double[] rows)
    {
        SFormCode = code;
        for (int i = 0; i < 12; i++) SRow[i] = (float)rows[i];
        return this;
    }

    public byte[] Header()
    {
        var b = new byte[348];
        Int32(b, 0, SizeOfHeader);
        for (int i = 0; i < 8; i++) Int16(b, 40 + 2 * i, Dim[i]);
        Int16(b, 70, DataType);
        Int16(b, 72, BitPix);
        for (int i = 0; i < 8; i++) Single(b, 76 + 4 * i, PixDim[i]);
        Single(b, 108, VoxOffset);
        Single(b, 112, SclSlope);
        Single(b, 116, SclInter);
        b[123] = XyztUnits;
        Int16(b, 252, QFormCode);
        Int16(b, 254, SFormCode);
        for (int i = 0; i < 3; i++) Single(b, 256 + 4 * i, Quaternion[i]);
        for (int i = 0; i < 3; i++) Single(b, 268 + 4 * i, QOffset[i]);
        for (int i = 0; i < 12; i++) Single(b, 280 + 4 * i, SRow[i]);
        Encoding.ASCII.GetBytes(Magic).CopyTo(b, 344);
        return b;
    }

    /// <summary>The voxel bytes in the file's byte order.</summary>
    public byte[] StoredData()
    {
        byte[] data = (byte[])Data.Clone();
        if (BigEndian)
            for (int i = 0; i + _elementSize <= data.Length; i += _elementSize) Array.Reverse(data, i, _elementSize);
        return data;
    }

    /// <summary>A complete single file: header, extension area up to vox_offset, voxels.</summary>
    public byte[] Build()
    {
        var file = new MemoryStream();
        file.Write(Header());
        int gap = Math.Max(0, (int)VoxOffset - 348);
        var padding = new byte[gap];
        Extension.AsSpan(0, Math.Min(Extension.Length, gap)).CopyTo(padding);
        file.Write(padding);
        file.Write(StoredData());
        return file.ToArray();
    }

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    private void Int16(byte[] b, int offset, short value)
    {
        if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(offset), value);
        else BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(offset), value);
    }

    private void Int32(byte[] b, int offset, int value)
    {
        if (BigEndian) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(offset), value);
        else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(offset), value);
    }

    private void Single(byte[] b, int offset, float value)
    {
        if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(offset), value);
        else BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(offset), value);
    }
}
