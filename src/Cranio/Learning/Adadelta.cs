namespace Cranio.Learning;

/// <summary>
/// Adadelta (Zeiler 2012), the optimiser of Wu et al. 2022, as PyTorch implements it: g ← g + λ·p;
/// s ← ρs + (1 − ρ)g²; Δ = √(u + ε) / √(s + ε) · g; u ← ρu + (1 − ρ)Δ²; p ← p − lr·Δ.
/// </summary>
public sealed class Adadelta : Optimizer
{
    private readonly float[][] _square, _delta;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">lr &gt; 0 (default 1).</param>
    /// <param name="rho">ρ in [0, 1] (default 0.9).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-6).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 (default 0).</param>
    public Adadelta(IEnumerable<Tensor> parameters, double learningRate = 1.0, double rho = 0.9, double epsilon = 1e-6, double weightDecay = 0)
        : base(parameters)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be positive; got {learningRate}.");
        if (!(rho >= 0 && rho <= 1)) throw new ArgumentOutOfRangeException(nameof(rho), $"rho must be in [0, 1]; got {rho}.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"Epsilon must be positive; got {epsilon}.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Weight decay must be 0 or more; got {weightDecay}.");
        (LearningRate, Rho, Epsilon, WeightDecay) = (learningRate, rho, epsilon, weightDecay);
        _square = Parameters.Select(p => new float[p.Length]).ToArray();
        _delta = Parameters.Select(p => new float[p.Length]).ToArray();
    }

    /// <summary>lr.</summary>
    public double LearningRate { get; set; }

    /// <summary>ρ.</summary>
    public double Rho { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Slot, float[][] Buffers)> State => [("square_avg", _square), ("acc_delta", _delta)];

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient)
    {
        var s = _square[index];
        var u = _delta[index];
        float rho = (float)Rho, eps = (float)Epsilon, lr = (float)LearningRate, decay = (float)WeightDecay;
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + decay * value[i];
            s[i] = rho * s[i] + (1 - rho) * g * g;
            float delta = MathF.Sqrt(u[i] + eps) / MathF.Sqrt(s[i] + eps) * g;
            u[i] = rho * u[i] + (1 - rho) * delta * delta;
            value[i] -= lr * delta;
        }
    }
}
