namespace Cranio.Learning;

/// <summary>
/// Stride, zero padding and dilation of a 3D convolution, the same along depth, height and width. For an input
/// extent n and kernel extent k the output extent is ⌊(n + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1, as in PyTorch.
/// </summary>
public sealed record Convolution3dSettings
{
    /// <summary>Creates validated settings.</summary>
    /// <param name="stride">Step between output samples, in input voxels (≥ 1; default 1).</param>
    /// <param name="padding">Zero voxels added on each side of every spatial axis (≥ 0; default 0).</param>
    /// <param name="dilation">Spacing between kernel taps, in input voxels (≥ 1; default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message gives it.</exception>
    public Convolution3dSettings(int stride = 1, int padding = 0, int dilation = 1)
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"Stride must be at least 1; got {stride}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Padding must be 0 or more; got {padding}.");
        if (dilation < 1) throw new ArgumentOutOfRangeException(nameof(dilation), $"Dilation must be at least 1; got {dilation}.");
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
    }

    /// <summary>Step between output samples (input voxels).</summary>
    public int Stride { get; }

    /// <summary>Zero voxels added on each side.</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>"Same" settings for an odd kernel extent k: stride 1, padding = dilation·(k − 1)/2, so the output has the input's size.</summary>
    public static Convolution3dSettings Same(int kernel = 3, int dilation = 1)
    {
        if (kernel < 1 || kernel % 2 == 0) throw new ArgumentOutOfRangeException(nameof(kernel), $"A 'same' convolution needs an odd kernel size; got {kernel}.");
        return new Convolution3dSettings(1, dilation * (kernel - 1) / 2, dilation);
    }

    /// <summary>The output extent for an input extent and a kernel extent; 0 or less when the kernel does not fit.</summary>
    public int OutputSize(int input, int kernel)
    {
        int span = input + 2 * Padding - Dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / Stride + 1;
    }
}
