namespace Cranio.Learning;

/// <summary>Leaky rectifier, x for x &gt; 0 else slope·x; see <see cref="Functional.LeakyRelu"/>.</summary>
/// <param name="slope">Slope for negative inputs (default 0.01).</param>
public sealed class LeakyRelu(float slope = 0.01f) : Module
{
    /// <summary>Slope for negative inputs.</summary>
    public float Slope { get; } = slope;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, Slope);
}
