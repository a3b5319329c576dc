namespace Cranio.Learning;

/// <summary>
/// A 3D convolution layer: weight (Co, Ci, k, k, k) and optional bias (Co), initialised as PyTorch does
/// (Kaiming uniform with a = √5, i.e. uniform in ±1/√(Ci·k³), for both). See <see cref="Functional.Conv3d"/>.
/// </summary>
public sealed class Conv3d : Module
{
    /// <summary>Creates the layer and draws its initial weights from <paramref name="random"/>.</summary>
    /// <param name="inChannels">Ci ≥ 1.</param>
    /// <param name="outChannels">Co ≥ 1.</param>
    /// <param name="kernel">k ≥ 1 (default 3).</param>
    /// <param name="settings">Stride, padding, dilation (default: "same" for k, dilation 1).</param>
    /// <param name="bias">Whether the layer has a bias (default true).</param>
    /// <param name="random">The generator for the initial weights.</param>
    public Conv3d(int inChannels, int outChannels, int kernel, Convolution3dSettings? settings, bool bias, SplitMix64 random)
    {
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), $"Conv3d needs at least 1 input channel; got {inChannels}.");
        if (outChannels < 1) throw new ArgumentOutOfRangeException(nameof(outChannels), $"Conv3d needs at least 1 output channel; got {outChannels}.");
        if (kernel < 1) throw new ArgumentOutOfRangeException(nameof(kernel), $"Conv3d kernel must be at least 1; got {kernel}.");
        ArgumentNullException.ThrowIfNull(random);
        Settings = settings ?? Convolution3dSettings.Same(kernel % 2 == 1 ? kernel : throw new ArgumentException($"Without settings the kernel must be odd (for 'same' padding); got {kernel}.", nameof(kernel)));
        int fanIn = inChannels * kernel * kernel * kernel;
        Weight = RegisterParameter("weight", new Tensor(outChannels, inChannels, kernel, kernel, kernel));
        Initialization.KaimingUniform(Weight, fanIn, Math.Sqrt(5), random);
        if (bias)
        {
            Bias = RegisterParameter("bias", new Tensor(outChannels));
            Initialization.Uniform(Bias, (float)(1 / Math.Sqrt(fanIn)), random);
        }
    }

    /// <summary>(Co, Ci, k, k, k).</summary>
    public Tensor Weight { get; }

    /// <summary>(Co), or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride, padding, dilation.</summary>
    public Convolution3dSettings Settings { get; }

    /// <summary>Ci.</summary>
    public int InChannels => Weight.Shape[1];

    /// <summary>Co.</summary>
    public int OutChannels => Weight.Shape[0];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Conv3d(input, Weight, Bias, Settings);

    /// <summary>
    /// This layer on the channel concatenation of <paramref name="inputs"/>, each upsampled by nearest neighbour by
    /// its scale, without writing either out, and with <paramref name="rectify"/> followed by a ReLU
    /// (<see cref="Functional.Conv3dConcatenated"/>).
    /// </summary>
    public Tensor ForwardConcatenated(IReadOnlyList<Tensor> inputs, IReadOnlyList<int> scales, bool rectify = false) =>
        Functional.Conv3dConcatenated(inputs, scales, Weight, Bias, Settings, rectify);
}
