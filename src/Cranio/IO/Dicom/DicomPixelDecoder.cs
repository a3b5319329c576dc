using System.Buffers;
using System.Numerics;
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
/// <remarks>Slices are read in parallel straight into the result array (16-bit) or through one pooled buffer
/// per slice (8-bit); nothing is allocated per voxel. The range and int16 rescale passes use
/// <see cref="Vector{T}"/> with a scalar tail.</remarks>
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
            ranges[k] = StoredRange(target, slice.BitsStored, slice.Signed);
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
            Parallel.For(0, sorted.Count, k => RescaleInPlace(raw.AsSpan(k * sliceLength, sliceLength), sorted[k].BitsStored, sorted[k].Signed, (int)sorted[k].Slope, (int)sorted[k].Intercept));
            return new Volume<short>(grid, raw);
        }
        var hu = new float[grid.VoxelCount];
        Parallel.For(0, sorted.Count, k => Rescale(raw.AsSpan(k * sliceLength, sliceLength), hu.AsSpan(k * sliceLength, sliceLength), sorted[k]));
        return new Volume<float>(grid, hu);
    }

    /// <summary>
    /// The stored value of a raw pixel pattern: its low <paramref name="bitsStored"/> bits, sign-extended when
    /// <paramref name="signed"/>. Branch-free: ((pattern AND mask) XOR s) − s, with s = 2^(bitsStored−1) when signed, else 0.
    /// </summary>
    internal static int Stored(short pattern, int bitsStored, bool signed)
    {
        (int mask, int sign) = Bits(bitsStored, signed);
        return (((ushort)pattern & mask) ^ sign) - sign;
    }

    /// <summary>Smallest and largest stored value of <paramref name="pixels"/> (SIMD with a scalar tail).</summary>
    internal static (int Min, int Max) StoredRange(ReadOnlySpan<short> pixels, int bitsStored, bool signed)
    {
        (int mask, int sign) = Bits(bitsStored, signed);
        int min = int.MaxValue, max = int.MinValue;
        int i = 0;
        if (Vector.IsHardwareAccelerated && pixels.Length >= Vector<ushort>.Count)
        {
            var vMask = new Vector<int>(mask);
            var vSign = new Vector<int>(sign);
            var vMin = new Vector<int>(int.MaxValue);
            var vMax = new Vector<int>(int.MinValue);
            ReadOnlySpan<ushort> patterns = MemoryMarshal.Cast<short, ushort>(pixels);
            for (; i <= patterns.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                Vector.Widen(new Vector<ushort>(patterns[i..]), out Vector<uint> low, out Vector<uint> high);
                Vector<int> a = ((Vector.AsVectorInt32(low) & vMask) ^ vSign) - vSign;
                Vector<int> b = ((Vector.AsVectorInt32(high) & vMask) ^ vSign) - vSign;
                vMin = Vector.Min(vMin, Vector.Min(a, b));
                vMax = Vector.Max(vMax, Vector.Max(a, b));
            }
            for (int lane = 0; lane < Vector<int>.Count; lane++)
            {
                min = Math.Min(min, vMin[lane]);
                max = Math.Max(max, vMax[lane]);
            }
        }
        for (; i < pixels.Length; i++)
        {
            int value = (((ushort)pixels[i] & mask) ^ sign) - sign;
            if (value < min) min = value;
            if (value > max) max = value;
        }
        return (min, max);
    }

    /// <summary>
    /// Replaces each raw pattern by its HU value stored · <paramref name="slope"/> + <paramref name="intercept"/>,
    /// which the caller has checked to fit in int16 (SIMD with a scalar tail).
    /// </summary>
    internal static void RescaleInPlace(Span<short> pixels, int bitsStored, bool signed, int slope, int intercept)
    {
        (int mask, int sign) = Bits(bitsStored, signed);
        int i = 0;
        if (Vector.IsHardwareAccelerated && pixels.Length >= Vector<ushort>.Count)
        {
            var vMask = new Vector<int>(mask);
            var vSign = new Vector<int>(sign);
            var vSlope = new Vector<int>(slope);
            var vIntercept = new Vector<int>(intercept);
            Span<ushort> patterns = MemoryMarshal.Cast<short, ushort>(pixels);
            for (; i <= patterns.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                Vector.Widen(new Vector<ushort>(patterns[i..]), out Vector<uint> low, out Vector<uint> high);
                Vector<int> a = (((Vector.AsVectorInt32(low) & vMask) ^ vSign) - vSign) * vSlope + vIntercept;
                Vector<int> b = (((Vector.AsVectorInt32(high) & vMask) ^ vSign) - vSign) * vSlope + vIntercept;
                Vector.Narrow(a, b).CopyTo(pixels[i..]);
            }
        }
        for (; i < pixels.Length; i++)
            pixels[i] = (short)(((((ushort)pixels[i] & mask) ^ sign) - sign) * slope + intercept);
    }

    private static void Rescale(ReadOnlySpan<short> pixels, Span<float> target, DicomImageSlice slice)
    {
        for (int i = 0; i < pixels.Length; i++)
            target[i] = (float)(Stored(pixels[i], slice.BitsStored, slice.Signed) * slice.Slope + slice.Intercept);
    }

    private static (int Mask, int Sign) Bits(int bitsStored, bool signed) =>
        ((1 << bitsStored) - 1, signed ? 1 << (bitsStored - 1) : 0);
}
