namespace Cranio.Learning;

/// <summary>Rectified linear unit, max(x, 0); see <see cref="Functional.Relu"/>.</summary>
public sealed class Relu : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}
