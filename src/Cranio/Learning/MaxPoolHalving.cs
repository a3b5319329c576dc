using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cranio.Learning;

/// <summary>
/// 2×2×2 max pooling with stride 2 (the encoder's halving step) for eight output voxels at a time with AVX2. The
/// eight values of each window are taken in the order of <see cref="Functional.MaxPool3d"/>'s scalar loop (z, then y,
/// then x) and each replaces the running maximum only where it is greater (an ordered comparison), so the maximum, its
/// index, ties (the first wins, +0 and −0 included) and NaN (never chosen over the window's first value) come out bit
/// for bit as the scalar loop gives them.
/// </summary>
internal static unsafe class MaxPoolHalving
{
    /// <summary>Whether this machine runs the vector loop (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// The first <paramref name="count"/> (a multiple of 8) outputs of one output row, written from
    /// <paramref name="outputStart"/> on: window x covers input columns 2x and 2x + 1 of the input rows that start at
    /// <paramref name="corner"/>, corner + <paramref name="rowStride"/>, corner + <paramref name="sliceStride"/> and
    /// corner + sliceStride + rowStride, in that order.
    /// </summary>
    public static void Row(float[] input, int corner, int rowStride, int sliceStride, int count, float[] output, int[] argmax, int outputStart)
    {
        Debug.Assert(count % 8 == 0, "MaxPoolHalving.Row takes whole groups of eight windows.");
        var evenColumns = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var one = Vector256<int>.One;
        Span<int> rowStarts = [corner, corner + rowStride, corner + sliceStride, corner + sliceStride + rowStride];
        fixed (float* px = input, py = output)
        fixed (int* pa = argmax)
        {
            for (int x = 0; x < count; x += 8)
            {
                Vector256<float> max = default;
                Vector256<int> best = default;
                for (int r = 0; r < 4; r++)
                {
                    float* source = px + rowStarts[r] + 2 * x;
                    Vector256<float> a = Avx.LoadVector256(source), b = Avx.LoadVector256(source + 8);
                    // Even and odd columns of the 16 values, each in column order (the shuffle works per 128-bit half).
                    var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
                    var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
                    var evenIndex = Avx2.Add(Vector256.Create(rowStarts[r] + 2 * x), evenColumns);
                    if (r == 0)
                    {
                        (max, best) = (even, evenIndex);
                    }
                    else
                    {
                        var evenGreater = Avx.Compare(even, max, FloatComparisonMode.OrderedGreaterThanNonSignaling);
                        max = Avx.BlendVariable(max, even, evenGreater);
                        best = Avx.BlendVariable(best.AsSingle(), evenIndex.AsSingle(), evenGreater).AsInt32();
                    }
                    var oddGreater = Avx.Compare(odd, max, FloatComparisonMode.OrderedGreaterThanNonSignaling);
                    max = Avx.BlendVariable(max, odd, oddGreater);
                    best = Avx.BlendVariable(best.AsSingle(), Avx2.Add(evenIndex, one).AsSingle(), oddGreater).AsInt32();
                }
                Avx.Store(py + outputStart + x, max);
                Avx.Store(pa + outputStart + x, best);
            }
        }
    }
}
