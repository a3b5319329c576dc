namespace Cranio.Learning;

/// <summary>
/// Adam (Kingma and Ba 2015) as PyTorch implements it: g ← g + λ·p; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m, _v;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">lr &gt; 0 (default 1e-3).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 (default 0).</param>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be positive; got {learningRate}.");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must be in [0, 1); got {beta1}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must be in [0, 1); got {beta2}.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"Epsilon must be positive; got {epsilon}.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Weight decay must be 0 or more; got {weightDecay}.");
        (LearningRate, Beta1, Beta2, Epsilon, WeightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay);
        _m = Parameters.Select(p => new float[p.Length]).ToArray();
        _v = Parameters.Select(p => new float[p.Length]).ToArray();
    }

    /// <summary>lr.</summary>
    public double LearningRate { get; set; }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Slot, float[][] Buffers)> State => [("exp_avg", _m), ("exp_avg_sq", _v)];

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient)
    {
        var m = _m[index];
        var v = _v[index];
        float b1 = (float)Beta1, b2 = (float)Beta2, decay = (float)WeightDecay, eps = (float)Epsilon;
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, StepCount)));
        float correction2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + decay * value[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            value[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / correction2 + eps);
        }
    }
}
