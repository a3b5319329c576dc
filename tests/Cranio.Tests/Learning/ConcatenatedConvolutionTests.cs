using Cranio.Learning;

namespace Cranio.Tests.Learning;

/// <summary>
/// <see cref="Functional.Conv3dConcatenated"/>, the skip connection's convolution that reads its upsampled and
/// concatenated inputs where they lie and may rectify its output in place: the same bits as the composition it
/// replaces (upsampling, concatenation, convolution, ReLU), values and every gradient.
/// </summary>
public class ConcatenatedConvolutionTests
{
    public static TheoryData<int[], int[], int, int, bool> Cases => new()
    {
        // channels per input, scales, output channels, dilation, rectified
        { [3, 2], [2, 1], 5, 1, false },
        { [3, 2], [2, 1], 5, 1, true },
        { [4, 4], [1, 1], 8, 2, true },
        { [2, 1, 3], [1, 2, 1], 1, 1, true },
        { [6], [2], 12, 1, false },
        { [2], [1], 12, 2, true },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void FusedConvolutionIsBitIdenticalToTheComposition(int[] channels, int[] scales, int outChannels, int dilation, bool rectify)
    {
        Skip.If(Convolution3dFast.Best is null, "Without SIMD kernels the fused convolution is the composition itself.");
        const int n = 2, depth = 4, height = 6, width = 10;
        var settings = Convolution3dSettings.Same(3, dilation);
        Tensor[] Inputs() => [.. channels.Select((c, i) =>
            WithGrad(GradientCheck.Random(40 + (ulong)i, -1, 1, n, c, depth / scales[i], height / scales[i], width / scales[i])))];
        Tensor Weight() => WithGrad(GradientCheck.Random(50, -1, 1, outChannels, channels.Sum(), 3, 3, 3));
        Tensor Bias() => WithGrad(GradientCheck.Random(51, -1, 1, outChannels));
        var seed = GradientCheck.Random(52, -1, 1, n, outChannels, depth, height, width).Data;

        var (xs, w, b) = (Inputs(), Weight(), Bias());
        var fused = Functional.Conv3dConcatenated(xs, scales, w, b, settings, rectify);
        fused.Backward(seed);

        var (ys, v, c) = (Inputs(), Weight(), Bias());
        var composed = Functional.Conv3d(Functional.Concatenate([.. ys.Select((t, i) => scales[i] == 1 ? t : Functional.UpsampleNearest3d(t, scales[i]))]), v, c, settings);
        if (rectify) composed = Functional.Relu(composed);
        composed.Backward(seed);

        Assert.Equal(composed.Shape, fused.Shape);
        Assert.Equal(composed.Data, fused.Data);
        if (rectify) Assert.Contains(fused.Data, y => y == 0);
        for (int i = 0; i < xs.Length; i++) Assert.Equal(ys[i].Grad, xs[i].Grad);
        Assert.Equal(v.Grad, w.Grad);
        Assert.Equal(c.Grad, b.Grad);
    }

    [Fact]
    public void OnlyTheInputsThatNeedGradientsGetThem()
    {
        var skip = GradientCheck.Random(60, -1, 1, 1, 2, 4, 4, 8);
        var coarse = WithGrad(GradientCheck.Random(61, -1, 1, 1, 3, 2, 2, 4));
        var w = GradientCheck.Random(62, -1, 1, 4, 5, 3, 3, 3);
        var y = Functional.Conv3dConcatenated([coarse, skip], [2, 1], w, null, Convolution3dSettings.Same());
        y.Backward(GradientCheck.Random(63, -1, 1, y.Shape).Data);
        Assert.NotNull(coarse.Grad);
        Assert.Contains(coarse.Grad!, g => g != 0);
        Assert.Null(skip.Grad);
        Assert.Null(w.Grad);
    }

    [Fact]
    public void MismatchedInputsAreRejectedWithWhatWasReceived()
    {
        var w = new Tensor(4, 5, 3, 3, 3);
        var s = Convolution3dSettings.Same();
        var e = Assert.Throws<ArgumentException>(() =>
            Functional.Conv3dConcatenated([new Tensor(1, 3, 2, 2, 4), new Tensor(1, 2, 4, 4, 6)], [2, 1], w, null, s));
        Assert.Contains("(1, 3, 2, 2, 4) ×2", e.Message);
        Assert.Contains("(1, 2, 4, 4, 6) ×1", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3dConcatenated([new Tensor(1, 3, 4, 4, 4)], [1, 1], w, null, s));
        Assert.Contains("2 scales for 1 inputs", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            Functional.Conv3dConcatenated([new Tensor(1, 3, 4, 4, 4), new Tensor(1, 3, 4, 4, 4)], [1, 1], w, null, s));
        Assert.Contains("6 channels", e.Message);
        Assert.Contains("(4, 5, 3, 3, 3)", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Conv3dConcatenated([new Tensor(1, 5, 4, 4, 4)], [0], w, null, s));
        Assert.Contains("got 0", r.Message);
    }

    private static Tensor WithGrad(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }
}
