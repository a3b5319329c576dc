namespace Cranio.Learning;

/// <summary>Max pooling over k×k×k windows; see <see cref="Functional.MaxPool3d"/>.</summary>
/// <param name="kernel">Window extent (default 2).</param>
/// <param name="stride">Step (default = kernel).</param>
public sealed class MaxPool3d(int kernel = 2, int stride = 0) : Module
{
    /// <summary>Window extent.</summary>
    public int Kernel { get; } = kernel >= 1 ? kernel : throw new ArgumentOutOfRangeException(nameof(kernel), $"MaxPool3d kernel must be at least 1; got {kernel}.");

    /// <summary>Step.</summary>
    public int Stride { get; } = stride == 0 ? kernel : stride >= 1 ? stride : throw new ArgumentOutOfRangeException(nameof(stride), $"MaxPool3d stride must be at least 1; got {stride}.");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.MaxPool3d(input, Kernel, Stride);
}
