namespace Cranio.Learning;

/// <summary>
/// One recorded operation of the computation graph: the tensors it read and how to push the gradient of its
/// result back into them. Created by <see cref="Functional"/> only when an input requires gradients.
/// </summary>
internal sealed class GradientNode(Tensor[] inputs, Action<float[]> backward)
{
    /// <summary>The operation's inputs.</summary>
    public Tensor[] Inputs { get; } = inputs;

    /// <summary>Given d(loss)/d(result), adds d(loss)/d(input) to the <see cref="Tensor.Grad"/> of every input that requires gradients.</summary>
    public Action<float[]> Backward { get; } = backward;

    /// <summary>Attaches a node to <paramref name="result"/> when any input requires gradients.</summary>
    public static Tensor Record(Tensor result, Tensor[] inputs, Action<float[]> backward)
    {
        foreach (var input in inputs)
        {
            if (!input.RequiresGrad) continue;
            result.RequiresGrad = true;
            result.Node = new GradientNode(inputs, backward);
            break;
        }
        return result;
    }
}
