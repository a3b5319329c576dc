using System.Buffers;
using System.Runtime.InteropServices;
using Cranio.Volumes;

namespace Cranio.IO.Dicom;

/// <summary>
/// Reads the native pixel data of sorted slices into one volume in Hounsfield units:
/// HU = stored · RescaleSlope + RescaleIntercept (PS3.3 C.11.1.1.2), where the stored value is the low Bits Stored
/// bits of each pixel, sign-extended when Pixel Representation is 1. The volume is int16 when every slope and
/// intercept is an integer and every slice's HU range fits in int16, float32 otherwise. Photometric
/// interpretation MONOCHROME1 only inverts the display, so it does not change the HU values.
/// </summary>
/// <remarks>Slices are read in parallel straight into the result array (16-bit) or through one pooled row buffer
/// per slice (8-bit); nothing is allocated per voxel.</remarks>
internal static class DicomPixelDecoder
{
    public static Volume Decode(Grid grid, IReadOnlyList<DicomImageSlice> sorted)
    {
        int sliceLength = grid.SliceLength;
        var raw = new short[grid.VoxelCount];
        var ranges = new (int Min, int Max)[sorted.Count];
        ParallelFiles.For(sorted.Count, k =>
        {
            DicomImageSlice slice = sorted[k];
            Span<short> target = raw.AsSpan(k * sliceLength, sliceLength);
            if (slice.BitsAllocated == 16)
            {
                DicomFileParser.ReadPixelData(slice.Path, MemoryMarshal.AsBytes(target));
            }
            else
            {
                byte[] bytes = ArrayPool<byte>.Shared.Rent(sliceLength);
                try
                {
                    DicomFileParser.ReadPixelData(slice.Path, bytes.AsSpan(0, sliceLength));
                    for (int i = 0; i < sliceLength; i++) target[i] = bytes[i];
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
            }
            ranges[k] = StoredRange(target, slice);
        });

        bool fitsInt16 = true;
        for (int k = 0; k < sorted.Count && fitsInt16; k++)
        {
            DicomImageSlice slice = sorted[k];
            double a = ranges[k].Min * slice.Slope + slice.Intercept, b = ranges[k].Max * slice.Slope + slice.Intercept;
            fitsInt16 = slice.Slope == Math.Round(slice.Slope) && slice.Intercept == Math.Round(slice.Intercept) &&
                        Math.Min(a, b) >= short.MinValue && Math.Max(a, b) <= short.MaxValue;
        }

        if (fitsInt16)
        {
            Parallel.For(0, sorted.Count, k => RescaleInPlace(raw.AsSpan(k * sliceLength, sliceLength), sorted[k]));
            return new Volume<short>(grid, raw);
        }
        var hu = new float[grid.VoxelCount];
        Parallel.For(0, sorted.Count, k => Rescale(raw.AsSpan(k * sliceLength, sliceLength), hu.AsSpan(k * sliceLength, sliceLength), sorted[k]));
        return new Volume<float>(grid, hu);
    }

    /// <summary>The stored value of a raw pixel pattern: its low <c>bitsStored</c> bits, sign-extended when signed.</summary>
    internal static int Stored(short pattern, int mask, int signBit, bool signed)
    {
        int value = (ushort)pattern & mask;
        return signed && (value & signBit) != 0 ? value - (signBit << 1) : value;
    }

    private static (int Min, int Max) StoredRange(ReadOnlySpan<short> pixels, DicomImageSlice slice)
    {
        (int mask, int signBit) = Bits(slice);
        int min = int.MaxValue, max = int.MinValue;
        foreach (short pattern in pixels)
        {
            int value = Stored(pattern, mask, signBit, slice.Signed);
            if (value < min) min = value;
            if (value > max) max = value;
        }
        return (min, max);
    }

    private static void RescaleInPlace(Span<short> pixels, DicomImageSlice slice)
    {
        (int mask, int signBit) = Bits(slice);
        int slope = (int)slice.Slope, intercept = (int)slice.Intercept;
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (short)(Stored(pixels[i], mask, signBit, slice.Signed) * slope + intercept);
    }

    private static void Rescale(ReadOnlySpan<short> pixels, Span<float> target, DicomImageSlice slice)
    {
        (int mask, int signBit) = Bits(slice);
        for (int i = 0; i < pixels.Length; i++)
            target[i] = (float)(Stored(pixels[i], mask, signBit, slice.Signed) * slice.Slope + slice.Intercept);
    }

    private static (int Mask, int SignBit) Bits(DicomImageSlice slice) => ((1 << slice.BitsStored) - 1, 1 << (slice.BitsStored - 1));
}
