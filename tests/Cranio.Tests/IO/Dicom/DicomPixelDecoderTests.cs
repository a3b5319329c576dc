using Cranio.IO.Dicom;

namespace Cranio.Tests.IO.Dicom;

/// <summary>The SIMD range and rescale passes against a per-voxel brute force on seeded random patterns (lengths not a multiple of the vector width, so the scalar tail runs too).</summary>
public class DicomPixelDecoderTests
{
    /// <summary>Brute-force stored value: the low bits, minus 2^bits when signed and the top stored bit is set.</summary>
    private static int Reference(short pattern, int bitsStored, bool signed)
    {
        int value = (ushort)pattern & ((1 << bitsStored) - 1);
        return signed && value >= 1 << (bitsStored - 1) ? value - (1 << bitsStored) : value;
    }

    private static short[] RandomPatterns(int seed, int length = 1037)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(8, true)]
    [InlineData(12, false)]
    [InlineData(12, true)]
    [InlineData(15, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public void StoredRange_MatchesBruteForce(int bitsStored, bool signed)
    {
        short[] patterns = RandomPatterns(bitsStored * 2 + (signed ? 1 : 0));

        var (min, max) = DicomPixelDecoder.StoredRange(patterns, bitsStored, signed);

        int[] expected = patterns.Select(p => Reference(p, bitsStored, signed)).ToArray();
        Assert.Equal((expected.Min(), expected.Max()), (min, max));
        Assert.All(patterns, p => Assert.Equal(Reference(p, bitsStored, signed), DicomPixelDecoder.Stored(p, bitsStored, signed)));
    }

    [Theory]
    [InlineData(12, false, 1, -1024)]
    [InlineData(12, true, 1, 0)]
    [InlineData(12, true, -3, 7)]
    [InlineData(16, true, 1, 0)]
    [InlineData(10, false, 2, -1000)]
    public void RescaleInPlace_MatchesBruteForce(int bitsStored, bool signed, int slope, int intercept)
    {
        short[] patterns = RandomPatterns(bitsStored + slope);
        short[] expected = patterns.Select(p => (short)(Reference(p, bitsStored, signed) * slope + intercept)).ToArray();

        DicomPixelDecoder.RescaleInPlace(patterns, bitsStored, signed, slope, intercept);

        Assert.Equal(expected, patterns);
    }
}
