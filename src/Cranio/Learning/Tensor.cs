namespace Cranio.Learning;

/// <summary>
/// A dense float32 tensor in row-major order (last axis fastest). Volumes use rank 5, (N, C, D, H, W): batch,
/// channel, depth (z), height (y), width (x), so that a <see cref="Cranio.Volumes.Volume{T}"/> stored x fastest
/// maps onto (D, H, W) = (SizeZ, SizeY, SizeX) without reordering. A tensor that <see cref="RequiresGrad"/>
/// accumulates its gradient in <see cref="Grad"/> when <see cref="Backward()"/> is called on a result computed from it.
/// </summary>
public sealed class Tensor
{
    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or the shape is empty.</exception>
    public Tensor(params int[] shape) : this(new float[CheckedCount(shape)], shape) { }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The data length is not the product of the shape.</exception>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        long count = CheckedCount(shape);
        if (data.LongLength != count)
            throw new ArgumentException($"Data has {data.LongLength} elements; shape {ShapeText(shape)} needs {count}.", nameof(data));
        Data = data;
        Shape = (int[])shape.Clone();
    }

    /// <summary>The sizes of the axes; for volumes (N, C, D, H, W).</summary>
    public int[] Shape { get; }

    /// <summary>The values, last axis fastest.</summary>
    public float[] Data { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>Whether gradients flow into this tensor (parameters, or results computed from them).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>d(loss)/d(this), same shape as <see cref="Data"/>; null until a backward pass reaches this tensor.</summary>
    public float[]? Grad { get; set; }

    /// <summary>The operation that produced this tensor, when it was computed from tensors that require gradients.</summary>
    internal GradientNode? Node { get; set; }

    /// <summary>The shape as text, e.g. "(1, 8, 40, 112, 112)".</summary>
    public string ShapeString => ShapeText(Shape);

    /// <summary>Size of axis 0 of a rank-5 tensor (batch).</summary>
    public int N => Shape[0];

    /// <summary>Size of axis 1 of a rank-5 tensor (channels).</summary>
    public int C => Shape[1];

    /// <summary>Size of axis 2 of a rank-5 tensor (depth, z).</summary>
    public int D => Shape[2];

    /// <summary>Size of axis 3 of a rank-5 tensor (height, y).</summary>
    public int H => Shape[3];

    /// <summary>Size of axis 4 of a rank-5 tensor (width, x).</summary>
    public int W => Shape[4];

    /// <summary>A tensor whose values are all <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A deep copy of the values and shape, detached from the computation graph (no gradient, no history).</summary>
    public Tensor Clone() => new((float[])Data.Clone(), Shape);

    /// <summary>The returned gradient buffer of this tensor, allocated (zero) on first use.</summary>
    internal float[] GradBuffer() => Grad ??= new float[Data.Length];

    /// <summary>Clears the accumulated gradient (sets it to null).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Back-propagates from this scalar (one-element) tensor: every tensor it was computed from that requires
    /// gradients receives d(this)/d(tensor), added to its <see cref="Grad"/>. The graph is released afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element or no history.</exception>
    public void Backward()
    {
        if (Length != 1)
            throw new InvalidOperationException($"Backward() starts from a one-element tensor (a loss); this one has shape {ShapeString}.");
        Backward([1f]);
    }

    /// <summary>
    /// Back-propagates <paramref name="gradient"/> = d(loss)/d(this) through the graph that produced this tensor
    /// (PyTorch's <c>backward(gradient)</c>); the graph is released afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">The gradient's length differs from the tensor's.</exception>
    /// <exception cref="InvalidOperationException">The tensor was not computed from tensors that require gradients.</exception>
    public void Backward(ReadOnlySpan<float> gradient)
    {
        if (gradient.Length != Length)
            throw new ArgumentException($"Backward: the gradient has {gradient.Length} elements; the tensor {ShapeString} has {Length}.", nameof(gradient));
        if (Node is null)
            throw new InvalidOperationException("Backward: the tensor was not computed from tensors that require gradients.");
        var seed = GradBuffer();
        for (int i = 0; i < seed.Length; i++) seed[i] += gradient[i];
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, bool Done)>();
        stack.Push((this, false));
        while (stack.Count > 0)
        {
            var (t, done) = stack.Pop();
            if (done) { order.Add(t); continue; }
            if (!seen.Add(t)) continue;
            stack.Push((t, true));
            if (t.Node is null) continue;
            foreach (var input in t.Node.Inputs)
                if (input.Node is not null && !seen.Contains(input)) stack.Push((input, false));
        }
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            var node = t.Node!;
            if (t.Grad is not null) node.Backward(t.Grad);
            t.Node = null;
            if (!ReferenceEquals(t, this)) t.Grad = null;
        }
    }

    /// <summary>Throws unless the tensor has rank 5, naming <paramref name="operation"/> and the shape it got.</summary>
    internal void EnsureRank5(string operation)
    {
        if (Rank != 5)
            throw new ArgumentException($"{operation} expects a rank-5 tensor (N, C, D, H, W); got shape {ShapeString}.");
    }

    internal static string ShapeText(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";

    private static int CheckedCount(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) throw new ArgumentException("A tensor needs at least one axis.", nameof(shape));
        long count = 1;
        foreach (int s in shape)
        {
            if (s <= 0) throw new ArgumentException($"Tensor sizes must be positive; got {ShapeText(shape)}.", nameof(shape));
            count *= s;
            if (count > Array.MaxLength) throw new ArgumentException($"Tensor {ShapeText(shape)} has more than {Array.MaxLength} elements.", nameof(shape));
        }
        return (int)count;
    }
}
