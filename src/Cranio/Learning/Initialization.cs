namespace Cranio.Learning;

/// <summary>Weight initialisations, drawn from a <see cref="SplitMix64"/> so that a seed fixes every weight.</summary>
public static class Initialization
{
    /// <summary>
    /// Kaiming (He) uniform: values uniform in [−b, b) with b = gain·√(3 / fanIn), gain = √(2 / (1 + a²)).
    /// a = √5 (PyTorch's default for convolution weights) gives b = 1 / √fanIn; a = 0 is He's ReLU initialisation, b = √(6 / fanIn).
    /// </summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="fanIn">Inputs per output: input channels × kernel volume for a convolution.</param>
    /// <param name="a">Negative slope of the rectifier that follows (√5 for PyTorch's default).</param>
    /// <param name="random">The generator.</param>
    public static void KaimingUniform(Tensor tensor, int fanIn, double a, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        Uniform(tensor, (float)(gain * Math.Sqrt(3.0 / fanIn)), random);
    }

    /// <summary>Values uniform in [−<paramref name="bound"/>, <paramref name="bound"/>), in storage order.</summary>
    public static void Uniform(Tensor tensor, float bound, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++) data[i] = random.NextSingle(-bound, bound);
    }
}
