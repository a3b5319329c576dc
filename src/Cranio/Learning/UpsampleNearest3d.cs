namespace Cranio.Learning;

/// <summary>Nearest-neighbour upsampling by an integer factor; see <see cref="Functional.UpsampleNearest3d"/>.</summary>
/// <param name="scale">The factor on every spatial axis (default 2).</param>
public sealed class UpsampleNearest3d(int scale = 2) : Module
{
    /// <summary>The factor.</summary>
    public int Scale { get; } = scale >= 1 ? scale : throw new ArgumentOutOfRangeException(nameof(scale), $"Upsampling scale must be at least 1; got {scale}.");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.UpsampleNearest3d(input, Scale);
}
