namespace Cranio.Learning;

/// <summary>Updates parameters from their accumulated gradients (<see cref="Tensor.Grad"/>).</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimiser over <paramref name="parameters"/>.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException("An optimiser needs at least one parameter.", nameof(parameters));
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>
    /// The per-parameter state the update rule carries from step to step, one buffer per parameter for each slot
    /// (Adam: "exp_avg" m and "exp_avg_sq" v; Adadelta: "square_avg" s and "acc_delta" u — PyTorch's names).
    /// Together with <see cref="StepCount"/> it is everything needed to continue training exactly.
    /// </summary>
    public abstract IReadOnlyList<(string Slot, float[][] Buffers)> State { get; }

    /// <summary>
    /// Copies saved state into this optimiser: <paramref name="buffers"/> gives, per slot of <see cref="State"/>, one
    /// array per parameter of the same length; <paramref name="stepCount"/> becomes <see cref="StepCount"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A slot or parameter is missing or has another length; nothing is changed then.</exception>
    public void Restore(Func<string, int, float[]?> buffers, int stepCount)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), $"The step count must be 0 or more; got {stepCount}.");
        var found = new List<(float[] From, float[] To)>();
        foreach (var (slot, targets) in State)
            for (int i = 0; i < targets.Length; i++)
            {
                float[] from = buffers(slot, i) ?? throw new ArgumentException($"No saved {slot} state for parameter {i}.", nameof(buffers));
                if (from.Length != targets[i].Length)
                    throw new ArgumentException($"The saved {slot} state of parameter {i} has {from.Length} values; the parameter has {targets[i].Length}.", nameof(buffers));
                found.Add((from, targets[i]));
            }
        foreach (var (from, to) in found) from.CopyTo(to, 0);
        StepCount = stepCount;
    }

    /// <summary>Applies one update to every parameter that has a gradient; parameters without one are left unchanged.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
            if (Parameters[i].Grad is { } grad) Update(i, Parameters[i].Data, grad);
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient; <see cref="StepCount"/> is already incremented.</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> gradient);
}
