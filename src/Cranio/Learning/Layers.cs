namespace Cranio.Learning;

/// <summary>Factory of layers, PyTorch-style: <c>Layers.Conv3d(1, 8, random: rng)</c>.</summary>
public static class Layers
{
    /// <summary>A k×k×k convolution; see <see cref="Learning.Conv3d"/>. Without settings, "same" padding with the given dilation.</summary>
    public static Conv3d Conv3d(int inChannels, int outChannels, SplitMix64 random, int kernel = 3, int dilation = 1, Convolution3dSettings? settings = null, bool bias = true) =>
        new(inChannels, outChannels, kernel, settings ?? Convolution3dSettings.Same(kernel, dilation), bias, random);

    /// <summary>Max pooling; see <see cref="Learning.MaxPool3d"/>.</summary>
    public static MaxPool3d MaxPool3d(int kernel = 2, int stride = 0) => new(kernel, stride);

    /// <summary>Nearest upsampling; see <see cref="Learning.UpsampleNearest3d"/>.</summary>
    public static UpsampleNearest3d UpsampleNearest3d(int scale = 2) => new(scale);

    /// <summary>ReLU; see <see cref="Learning.Relu"/>.</summary>
    public static Relu Relu() => new();

    /// <summary>Leaky ReLU; see <see cref="Learning.LeakyRelu"/>.</summary>
    public static LeakyRelu LeakyRelu(float slope = 0.01f) => new(slope);

    /// <summary>Sigmoid; see <see cref="Learning.Sigmoid"/>.</summary>
    public static Sigmoid Sigmoid() => new();

    /// <summary>A chain; see <see cref="Learning.Sequential"/>.</summary>
    public static Sequential Sequential(params Module[] layers) => new(layers);
}
