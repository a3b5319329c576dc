using Cranio.Learning;

namespace Cranio.Tests.Learning;

/// <summary>Compares an operation's back-propagated gradients with central finite differences.</summary>
internal static class GradientCheck
{
    /// <summary>A tensor of the given shape with values uniform in [low, high), from <paramref name="seed"/>.</summary>
    public static Tensor Random(ulong seed, float low, float high, params int[] shape)
    {
        var t = new Tensor(shape);
        var random = new SplitMix64(seed);
        for (int i = 0; i < t.Length; i++) t.Data[i] = random.NextSingle(low, high);
        return t;
    }

    /// <summary>
    /// For L(inputs) = Σᵢ rᵢ·f(inputs)ᵢ with fixed random weights r, checks dL/dx from <see cref="Tensor.Backward(ReadOnlySpan{float})"/>
    /// against (L(x + ε) − L(x − ε)) / 2ε at up to <paramref name="probes"/> elements of every input that requires gradients,
    /// within <paramref name="tolerance"/>·max(1, |numeric|).
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double epsilon = 1e-2, double tolerance = 2e-3, int probes = 40, ulong seed = 7)
    {
        var output = f(inputs);
        var random = new SplitMix64(seed);
        var r = new float[output.Length];
        for (int i = 0; i < r.Length; i++) r[i] = random.NextSingle(-1, 1);
        foreach (var t in inputs) t.Grad = null;
        output.Backward(r);
        double Loss()
        {
            var y = f(inputs);
            double sum = 0;
            for (int i = 0; i < r.Length; i++) sum += (double)r[i] * y.Data[i];
            return sum;
        }
        for (int k = 0; k < inputs.Length; k++)
        {
            var t = inputs[k];
            if (!t.RequiresGrad) continue;
            Assert.NotNull(t.Grad);
            var analytic = (float[])t.Grad!.Clone();
            int count = Math.Min(probes, t.Length);
            for (int p = 0; p < count; p++)
            {
                int index = count == t.Length ? p : random.NextInt32(t.Length);
                float saved = t.Data[index];
                t.Data[index] = (float)(saved + epsilon);
                double plus = Loss();
                t.Data[index] = (float)(saved - epsilon);
                double minus = Loss();
                t.Data[index] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double error = Math.Abs(numeric - analytic[index]);
                Assert.True(error <= tolerance * Math.Max(1, Math.Abs(numeric)),
                    $"input {k} element {index}: analytic {analytic[index]}, numeric {numeric}");
            }
        }
    }

    /// <summary>Asserts |a − b| ≤ tolerance·max(1, max|b|) element-wise.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1;
        foreach (float v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"{what}[{i}]: expected {expected[i]}, got {actual[i]} (scale {scale})");
    }
}
