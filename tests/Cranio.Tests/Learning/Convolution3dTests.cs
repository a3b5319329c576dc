using Cranio.Learning;

namespace Cranio.Tests.Learning;

public class Convolution3dTests
{
    /// <summary>The convolution written as its definition, seven nested loops, in double.</summary>
    private static float[] BruteForce(Tensor x, Tensor w, Tensor? b, Convolution3dSettings s)
    {
        int co = w.Shape[0], kd = w.Shape[2], kh = w.Shape[3], kw = w.Shape[4];
        int od = s.OutputSize(x.D, kd), oh = s.OutputSize(x.H, kh), ow = s.OutputSize(x.W, kw);
        var y = new float[x.N * co * od * oh * ow];
        int index = 0;
        for (int n = 0; n < x.N; n++)
        for (int o = 0; o < co; o++)
        for (int z = 0; z < od; z++)
        for (int yy = 0; yy < oh; yy++)
        for (int xx = 0; xx < ow; xx++)
        {
            double sum = b?.Data[o] ?? 0;
            for (int i = 0; i < x.C; i++)
            for (int a = 0; a < kd; a++)
            for (int c = 0; c < kh; c++)
            for (int e = 0; e < kw; e++)
            {
                int iz = z * s.Stride - s.Padding + a * s.Dilation, iy = yy * s.Stride - s.Padding + c * s.Dilation, ix = xx * s.Stride - s.Padding + e * s.Dilation;
                if (iz < 0 || iy < 0 || ix < 0 || iz >= x.D || iy >= x.H || ix >= x.W) continue;
                sum += (double)w.Data[(((o * x.C + i) * kd + a) * kh + c) * kw + e] * x.Data[(((n * x.C + i) * x.D + iz) * x.H + iy) * x.W + ix];
            }
            y[index++] = (float)sum;
        }
        return y;
    }

    public static TheoryData<int, int, int, int, int, int, int, int> ReferenceCases => new()
    {
        // kernel, stride, padding, dilation, ci, co, depth, width
        { 3, 1, 1, 1, 2, 3, 5, 6 },
        { 3, 2, 1, 1, 3, 2, 7, 8 },
        { 3, 1, 2, 2, 2, 2, 6, 7 },
        { 1, 1, 0, 1, 4, 1, 3, 5 },
        { 2, 2, 0, 1, 2, 3, 6, 6 },
        { 3, 3, 0, 2, 1, 2, 9, 10 },
    };

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void ReferenceForwardMatchesTheDefinition(int k, int stride, int padding, int dilation, int ci, int co, int depth, int width)
    {
        var s = new Convolution3dSettings(stride, padding, dilation);
        var x = GradientCheck.Random(1, -1, 1, 2, ci, depth, width - 1, width);
        var w = GradientCheck.Random(2, -1, 1, co, ci, k, k, k);
        var b = GradientCheck.Random(3, -1, 1, co);
        var y = new Tensor(2, co, s.OutputSize(depth, k), s.OutputSize(width - 1, k), s.OutputSize(width, k));
        Convolution3dReference.Forward(x, w, b.Data, s, y);
        GradientCheck.AssertClose(BruteForce(x, w, b, s), y.Data, 1e-5, "y");
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void GradientsMatchFiniteDifferences(int k, int stride, int padding, int dilation, int ci, int co, int depth, int width)
    {
        var s = new Convolution3dSettings(stride, padding, dilation);
        var x = GradientCheck.Random(4, -1, 1, 1, ci, depth, width, width - 1);
        var w = GradientCheck.Random(5, -1, 1, co, ci, k, k, k);
        var b = GradientCheck.Random(6, -1, 1, co);
        x.RequiresGrad = w.RequiresGrad = b.RequiresGrad = true;
        GradientCheck.Check(t => Functional.Conv3d(t[0], t[1], t[2], s), [x, w, b]);
    }

    [Fact]
    public void ADeltaInputReproducesTheFlippedKernel()
    {
        var x = new Tensor(1, 1, 5, 5, 5);
        x.Data[(2 * 5 + 2) * 5 + 2] = 1;
        var w = GradientCheck.Random(8, -1, 1, 1, 1, 3, 3, 3);
        var y = Functional.Conv3d(x, w, null, Convolution3dSettings.Same());
        for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
        for (int c = 0; c < 3; c++)
            Assert.Equal(w.Data[(a * 3 + b) * 3 + c], y.Data[((3 - a) * 5 + 3 - b) * 5 + 3 - c]);
    }

    public static TheoryData<int, int, int, int, int, int, int> FastCases => new()
    {
        // n, ci, co, depth, height, width, dilation
        { 1, 1, 8, 4, 5, 16, 1 },
        { 2, 3, 5, 3, 4, 7, 1 },
        { 1, 4, 12, 5, 6, 37, 2 },
        { 1, 9, 1, 6, 3, 20, 3 },
        { 2, 16, 16, 3, 7, 33, 1 },
        { 2, 5, 1, 4, 5, 70, 1 },
        { 1, 11, 9, 2, 19, 21, 2 },
        // Rows wide enough that the input channels go in several passes (3 + 3 + 2, 7 + 3, and 3 + 3 + 2 into one output channel).
        { 1, 8, 6, 3, 4, 120, 1 },
        { 1, 10, 8, 2, 3, 60, 2 },
        { 1, 8, 1, 2, 3, 120, 1 },
    };

    [SkippableTheory]
    [MemberData(nameof(FastCases))]
    public void SimdKernelsMatchTheReference(int n, int ci, int co, int depth, int height, int width, int dilation)
    {
        var s = Convolution3dSettings.Same(3, dilation);
        var x = GradientCheck.Random(11, -1, 1, n, ci, depth, height, width);
        var w = GradientCheck.Random(12, -1, 1, co, ci, 3, 3, 3);
        var b = GradientCheck.Random(13, -1, 1, co);
        var gy = GradientCheck.Random(14, -1, 1, n, co, depth, height, width);
        var expected = new Tensor(n, co, depth, height, width);
        Convolution3dReference.Forward(x, w, b.Data, s, expected);
        var gxExpected = GradientCheck.Random(15, -1, 1, x.Shape).Data;
        var gwExpected = GradientCheck.Random(16, -1, 1, w.Shape).Data;
        var gbExpected = GradientCheck.Random(17, -1, 1, co).Data;
        var (gx0, gw0, gb0) = ((float[])gxExpected.Clone(), (float[])gwExpected.Clone(), (float[])gbExpected.Clone());
        Convolution3dReference.BackwardInput(gy, w, s, x, gxExpected);
        Convolution3dReference.BackwardWeights(gy, x, w, s, gwExpected, gbExpected);
        int tested = 0;
        foreach (var width_ in Enum.GetValues<VectorWidth>().Where(Convolution3dFast.IsSupported))
        foreach (var blocking in Enum.GetValues<ChannelBlocking>())
        {
            var y = new Tensor(n, co, depth, height, width);
            var (gx, gw, gb) = ((float[])gx0.Clone(), (float[])gw0.Clone(), (float[])gb0.Clone());
            Convolution3dFast.Forward(x, w, b.Data, dilation, y, width_, blocking);
            Convolution3dFast.BackwardInput(gy, w, dilation, gx, width_, blocking);
            Convolution3dFast.BackwardWeights(gy, x, w, dilation, gw, gb, width_, blocking);
            GradientCheck.AssertClose(expected.Data, y.Data, 1e-5, $"y ({width_}, {blocking})");
            GradientCheck.AssertClose(gxExpected, gx, 1e-5, $"gx ({width_}, {blocking})");
            GradientCheck.AssertClose(gwExpected, gw, 1e-5, $"gw ({width_}, {blocking})");
            GradientCheck.AssertClose(gbExpected, gb, 1e-5, $"gb ({width_}, {blocking})");
            tested++;
        }
        Skip.If(tested == 0, "No SIMD width is supported on this machine; the scalar path is the only one.");
    }

    [SkippableTheory]
    [InlineData(37, 2)]
    [InlineData(121, 1)]
    public void ChannelBlockingsGiveBitIdenticalResults(int wide, int dilation)
    {
        var x = GradientCheck.Random(31, -1, 1, 2, 9, 5, 6, wide);
        var w = GradientCheck.Random(32, -1, 1, 12, 9, 3, 3, 3);
        var b = GradientCheck.Random(33, -1, 1, 12);
        var gy = GradientCheck.Random(34, -1, 1, 2, 12, 5, 6, wide);
        Skip.If(Convolution3dFast.Best is null, "No SIMD width is supported on this machine.");
        (float[] Y, float[] Gx, float[] Gw) Run(ChannelBlocking blocking)
        {
            var y = new Tensor(x.N, 12, x.D, x.H, x.W);
            var (gx, gw) = (new float[x.Length], new float[w.Length]);
            VectorWidth width = Convolution3dFast.Best!.Value;
            Convolution3dFast.Forward(x, w, b.Data, dilation, y, width, blocking);
            Convolution3dFast.BackwardInput(gy, w, dilation, gx, width, blocking);
            Convolution3dFast.BackwardWeights(gy, x, w, dilation, gw, null, width, blocking);
            return (y.Data, gx, gw);
        }
        var (eight, four) = (Run(ChannelBlocking.Eight), Run(ChannelBlocking.Four));
        Assert.Equal(eight.Y, four.Y);
        Assert.Equal(eight.Gx, four.Gx);
        Assert.Equal(eight.Gw, four.Gw);
    }

    [SkippableFact]
    public void WeightGradientIsBitIdenticalAcrossRuns()
    {
        var x = GradientCheck.Random(21, -1, 1, 1, 4, 12, 9, 30);
        var w = GradientCheck.Random(22, -1, 1, 8, 4, 3, 3, 3);
        var gy = GradientCheck.Random(23, -1, 1, 1, 8, 12, 9, 30);
        float[] Run()
        {
            var gw = new float[w.Length];
            Convolution3dFast.BackwardWeights(gy, x, w, 1, gw, null, Convolution3dFast.Best!.Value);
            return gw;
        }
        Skip.If(Convolution3dFast.Best is null, "No SIMD width is supported on this machine.");
        var first = Run();
        for (int i = 0; i < 3; i++) Assert.Equal(first, Run());
    }

    [Fact]
    public void BadShapesAreRejectedWithWhatWasReceived()
    {
        var w = new Tensor(4, 2, 3, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv3d(new Tensor(1, 3, 4, 4, 4), w, null, Convolution3dSettings.Same()));
        Assert.Contains("2 input channels", e.Message);
        Assert.Contains("(1, 3, 4, 4, 4)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3d(new Tensor(2, 4, 4, 4), w, null, Convolution3dSettings.Same()));
        Assert.Contains("rank-5", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3d(new Tensor(1, 2, 2, 2, 2), w, null, new Convolution3dSettings()));
        Assert.Contains("does not fit", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => new Convolution3dSettings(dilation: 0));
        Assert.Contains("got 0", r.Message);
    }
}
