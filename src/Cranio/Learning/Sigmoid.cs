namespace Cranio.Learning;

/// <summary>Logistic sigmoid; see <see cref="Functional.Sigmoid"/>.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
