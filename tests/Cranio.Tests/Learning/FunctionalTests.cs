using Cranio.Learning;

namespace Cranio.Tests.Learning;

public class FunctionalTests
{
    private static Tensor Input(ulong seed, params int[] shape)
    {
        var t = GradientCheck.Random(seed, -2, 2, shape);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void MaxPoolTakesWindowMaximaAndRoutesTheGradientToThem()
    {
        var x = Input(1, 2, 3, 6, 5, 7);
        var y = Functional.MaxPool3d(x, 2);
        Assert.Equal([2, 3, 3, 2, 3], y.Shape);
        for (int n = 0; n < 2; n++)
        for (int c = 0; c < 3; c++)
        for (int z = 0; z < 3; z++)
        for (int yy = 0; yy < 2; yy++)
        for (int xx = 0; xx < 3; xx++)
        {
            float max = float.NegativeInfinity;
            for (int a = 0; a < 8; a++)
                max = Math.Max(max, x.Data[((((n * 3 + c) * 6 + 2 * z + a / 4) * 5 + 2 * yy + a / 2 % 2) * 7) + 2 * xx + a % 2]);
            Assert.Equal(max, y.Data[(((n * 3 + c) * 3 + z) * 2 + yy) * 3 + xx]);
        }
        GradientCheck.Check(t => Functional.MaxPool3d(t[0], 2), [x], epsilon: 1e-3);
        GradientCheck.Check(t => Functional.MaxPool3d(t[0], 3, 2), [Input(2, 1, 2, 7, 7, 5)], epsilon: 1e-3);
    }

    [Fact]
    public void HalvingMaxPoolKeepsTheFirstMaximumOfEachWindowBitForBit()
    {
        // Rows wide enough for the eight-at-a-time path where AVX2 runs (18 outputs: 16 vectorised, 2 after; without AVX2
        // the scalar loop, which must give the same), odd sizes whose last slice, row and column no window covers, and
        // values that tie (zeros of both signs), or are NaN.
        float[] values = [0f, -0f, 1f, -1f, 2f, float.NaN, 0.5f];
        var x = new Tensor(2, 3, 5, 7, 37) { RequiresGrad = true };
        var random = new SplitMix64(9);
        for (int i = 0; i < x.Length; i++) x.Data[i] = values[random.NextInt32(values.Length)];
        var y = Functional.MaxPool3d(x, 2);
        Assert.Equal([2, 3, 2, 3, 18], y.Shape);
        var gradient = new float[y.Length];
        var expectedGradient = new float[x.Length];
        for (int o = 0; o < y.Length; o++)
        {
            int nc = o / (2 * 3 * 18), z = o / (3 * 18) % 2, yy = o / 18 % 3, xx = o % 18;
            int best = ((nc * 5 + 2 * z) * 7 + 2 * yy) * 37 + 2 * xx;
            float max = x.Data[best];
            for (int a = 0; a < 8; a++)
            {
                int i = ((nc * 5 + 2 * z + a / 4) * 7 + 2 * yy + a / 2 % 2) * 37 + 2 * xx + a % 2;
                if (x.Data[i] > max) (max, best) = (x.Data[i], i);
            }
            Assert.Equal(BitConverter.SingleToInt32Bits(max), BitConverter.SingleToInt32Bits(y.Data[o]));
            gradient[o] = o + 1;
            expectedGradient[best] += o + 1;
        }
        y.Backward(gradient);
        Assert.Equal(expectedGradient, x.Grad!);
    }

    [Fact]
    public void UpsamplingRepeatsVoxelsAndSumsGradients()
    {
        var x = Input(3, 1, 2, 2, 3, 4);
        var y = Functional.UpsampleNearest3d(x, 2);
        Assert.Equal([1, 2, 4, 6, 8], y.Shape);
        Assert.Equal(x.Data[((1 * 2 + 1) * 3 + 2) * 4 + 3], y.Data[((1 * 4 + 3) * 6 + 5) * 8 + 7]);
        Assert.Equal(x.Data[0], y.Data[(1 * 6 + 1) * 8 + 1]);
        GradientCheck.Check(t => Functional.UpsampleNearest3d(t[0], 3), [Input(4, 2, 1, 2, 2, 3)]);
    }

    [Fact]
    public void ActivationsMatchTheirFormulasAndGradients()
    {
        var x = Input(5, 1, 2, 3, 4, 5);
        var relu = Functional.Relu(x);
        var leaky = Functional.LeakyRelu(x, 0.2f);
        var sigmoid = Functional.Sigmoid(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Max(x.Data[i], 0), relu.Data[i]);
            Assert.Equal(x.Data[i] > 0 ? x.Data[i] : 0.2f * x.Data[i], leaky.Data[i]);
            Assert.Equal(1 / (1 + Math.Exp(-x.Data[i])), sigmoid.Data[i], 1e-6);
        }
        GradientCheck.Check(t => Functional.Relu(t[0]), [x], epsilon: 1e-3);
        GradientCheck.Check(t => Functional.LeakyRelu(t[0], 0.2f), [x], epsilon: 1e-3);
        GradientCheck.Check(t => Functional.Sigmoid(t[0]), [x]);
        Assert.Equal(0f, Functional.Sigmoid(Tensor.Full(-200, 1)).Data[0]);
        Assert.Equal(1f, Functional.Sigmoid(Tensor.Full(200, 1)).Data[0]);
    }

    [Fact]
    public void ConcatenationAndAdditionPassGradientsToEachInput()
    {
        var a = Input(6, 2, 1, 2, 3, 2);
        var b = Input(7, 2, 3, 2, 3, 2);
        var c = Functional.Concatenate(a, b);
        Assert.Equal([2, 4, 2, 3, 2], c.Shape);
        Assert.Equal(b.Data[12], c.Data[12 + 12]);
        Assert.Equal(a.Data[12], c.Data[48]);
        Assert.Equal(b.Data[36 + 5], c.Data[48 + 12 + 5]);
        GradientCheck.Check(t => Functional.Concatenate(t[0], t[1]), [a, b]);
        GradientCheck.Check(t => Functional.Add(t[0], t[1]), [Input(8, 3, 4), Input(9, 3, 4)]);
        var e = Assert.Throws<ArgumentException>(() => Functional.Concatenate(a, new Tensor(2, 1, 2, 3, 3)));
        Assert.Contains("(2, 1, 2, 3, 3)", e.Message);
    }

    [Fact]
    public void BinaryCrossEntropyIsStableAndMatchesItsDefinition()
    {
        var z = Input(10, 1, 1, 2, 3, 4);
        var t = GradientCheck.Random(11, 0, 1, 1, 1, 2, 3, 4);
        double expected = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double p = 1 / (1 + Math.Exp(-z.Data[i]));
            expected -= t.Data[i] * Math.Log(p) + (1 - t.Data[i]) * Math.Log(1 - p);
        }
        Assert.Equal(expected / z.Length, Functional.BinaryCrossEntropyWithLogits(z, t).Data[0], 5);
        GradientCheck.Check(u => Functional.BinaryCrossEntropyWithLogits(u[0], t), [z]);
        // Large logits: log(1 + e^-|z|) form gives finite, exact values where the naive sigmoid + log would give inf.
        var far = new Tensor([100f, -100f], 2);
        Assert.Equal(100f, Functional.BinaryCrossEntropyWithLogits(far, new Tensor([0f, 1f], 2)).Data[0], 4);
        Assert.Equal(0f, Functional.BinaryCrossEntropyWithLogits(far, new Tensor([1f, 0f], 2)).Data[0], 6);
    }

    [Fact]
    public void SoftDiceIsZeroForAPerfectMatchAndHasCorrectGradients()
    {
        var mask = new Tensor(1, 1, 2, 2, 2);
        for (int i = 0; i < 8; i += 3) mask.Data[i] = 1;
        Assert.Equal(0f, Functional.SoftDiceLoss(mask, mask).Data[0], 6);
        Assert.Equal(0f, Functional.SoftDiceLoss(new Tensor(1, 1, 2, 2, 2), new Tensor(1, 1, 2, 2, 2)).Data[0]);
        // Disjoint masks: 1 − s / (|A| + |B| + s).
        var other = new Tensor(1, 1, 2, 2, 2);
        other.Data[1] = 1;
        Assert.Equal(1 - 1f / (3 + 1 + 1), Functional.SoftDiceLoss(mask, other).Data[0], 6);
        var p = GradientCheck.Random(12, 0, 1, 1, 1, 3, 3, 3);
        p.RequiresGrad = true;
        var t = GradientCheck.Random(13, 0, 1, 1, 1, 3, 3, 3);
        t.RequiresGrad = true;
        GradientCheck.Check(u => Functional.SoftDiceLoss(u[0], u[1], 0.5f), [p, t], epsilon: 1e-3);
    }

    [Fact]
    public void BackwardAccumulatesThroughASharedInput()
    {
        // y = x + x·2 via a skip: dL/dx must add both paths.
        var x = Input(14, 1, 1, 2, 2, 2);
        var w = new Tensor([2f], 1, 1, 1, 1, 1);
        GradientCheck.Check(t => Functional.Add(t[0], Functional.Conv3d(t[0], w, null, new Convolution3dSettings())), [x]);
        Assert.Throws<InvalidOperationException>(() => new Tensor(1, 1, 2, 2, 2).Backward());
        var noHistory = Assert.Throws<InvalidOperationException>(() => new Tensor(1).Backward());
        Assert.Contains("require gradients", noHistory.Message);
    }

    [Fact]
    public void SplitMix64IsTheReferenceSequence()
    {
        // First outputs of SplitMix64 seeded with 0, as in Vigna's reference C implementation.
        var r = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, r.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, r.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, r.NextUInt64());
    }
}
