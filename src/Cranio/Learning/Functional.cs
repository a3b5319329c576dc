using System.Numerics;

namespace Cranio.Learning;

/// <summary>
/// The operations of the engine as functions of tensors. Each checks its input shapes up front (naming what it
/// got), computes its result, and, when an input requires gradients, records how to back-propagate through it.
/// Volume tensors are (N, C, D, H, W).
/// </summary>
public static class Functional
{
    /// <summary>
    /// 3D convolution (cross-correlation, as PyTorch's conv3d): y[n,o] = b[o] + Σᵢ w[o,i] ⋆ x[n,i] with the given
    /// stride, zero padding and dilation. 3×3×3 kernels with stride 1 and padding = dilation run on SIMD kernels
    /// (AVX-512 or AVX2), everything else on the scalar definition.
    /// </summary>
    /// <param name="input">(N, Ci, D, H, W).</param>
    /// <param name="weight">(Co, Ci, Kd, Kh, Kw).</param>
    /// <param name="bias">(Co), or null.</param>
    /// <param name="settings">Stride, padding, dilation.</param>
    /// <returns>(N, Co, Do, Ho, Wo), sizes as in <see cref="Convolution3dSettings.OutputSize"/>.</returns>
    public static Tensor Conv3d(Tensor input, Tensor weight, Tensor? bias, Convolution3dSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(settings);
        input.EnsureRank5("Conv3d input");
        if (weight.Rank != 5)
            throw new ArgumentException($"Conv3d weight must have rank 5 (Co, Ci, Kd, Kh, Kw); got shape {weight.ShapeString}.", nameof(weight));
        if (weight.Shape[1] != input.C)
            throw new ArgumentException($"Conv3d weight {weight.ShapeString} expects {weight.Shape[1]} input channels; the input {input.ShapeString} has {input.C}.", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.Length != weight.Shape[0]))
            throw new ArgumentException($"Conv3d bias must have shape ({weight.Shape[0]}); got {bias.ShapeString}.", nameof(bias));
        int od = settings.OutputSize(input.D, weight.Shape[2]), oh = settings.OutputSize(input.H, weight.Shape[3]), ow = settings.OutputSize(input.W, weight.Shape[4]);
        if (od <= 0 || oh <= 0 || ow <= 0)
            throw new ArgumentException($"Conv3d kernel {Tensor.ShapeText(weight.Shape.AsSpan(2))} with dilation {settings.Dilation} and padding {settings.Padding} does not fit the input {input.ShapeString}.", nameof(input));
        var output = new Tensor(input.N, weight.Shape[0], od, oh, ow);
        var vectors = Convolution3dFast.Best;
        bool fast = vectors is not null && Convolution3dFast.Handles(weight, settings);
        if (fast) Convolution3dFast.Forward(input, weight, bias?.Data, settings.Dilation, output, vectors!.Value);
        else Convolution3dReference.Forward(input, weight, bias?.Data, settings, output);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return GradientNode.Record(output, inputs, g =>
        {
            var gy = new Tensor(g, output.Shape);
            if (input.RequiresGrad)
            {
                if (fast) Convolution3dFast.BackwardInput(gy, weight, settings.Dilation, input.GradBuffer(), vectors!.Value);
                else Convolution3dReference.BackwardInput(gy, weight, settings, input, input.GradBuffer());
            }
            if (weight.RequiresGrad || bias is { RequiresGrad: true })
            {
                float[] gw = weight.RequiresGrad ? weight.GradBuffer() : new float[weight.Length];
                float[]? gb = bias is { RequiresGrad: true } ? bias.GradBuffer() : null;
                if (fast) Convolution3dFast.BackwardWeights(gy, input, weight, settings.Dilation, gw, gb, vectors!.Value);
                else Convolution3dReference.BackwardWeights(gy, input, weight, settings, gw, gb);
            }
        });
    }

    /// <summary>
    /// The convolution of a skip connection: Conv3d(Concatenate(Up(x₁, s₁), …, Up(xₖ, sₖ)), w, b) with Up the
    /// nearest-neighbour upsampling by sᵢ (<see cref="UpsampleNearest3d"/>; sᵢ = 1 leaves xᵢ as it is). On the SIMD
    /// kernels the convolution reads the inputs where they lie, so neither the upsampled tensors nor their
    /// concatenation is written out; values and gradients are bit for bit those of the composition, which the scalar
    /// path runs.
    /// </summary>
    /// <param name="inputs">(N, Cᵢ, D / sᵢ, H / sᵢ, W / sᵢ) tensors, at least one.</param>
    /// <param name="scales">sᵢ ≥ 1 per input.</param>
    /// <param name="weight">(Co, ΣCᵢ, Kd, Kh, Kw).</param>
    /// <param name="bias">(Co), or null.</param>
    /// <param name="settings">Stride, padding, dilation.</param>
    /// <param name="rectify">Whether the result goes through <see cref="Relu"/> as well, applied by the kernels to
    /// what they have just written rather than in a pass of its own (default false).</param>
    /// <returns>As <see cref="Conv3d"/> on the concatenation (and <see cref="Relu"/> of that with <paramref name="rectify"/>).</returns>
    public static Tensor Conv3dConcatenated(IReadOnlyList<Tensor> inputs, IReadOnlyList<int> scales, Tensor weight, Tensor? bias, Convolution3dSettings settings,
        bool rectify = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(settings);
        if (inputs.Count == 0) throw new ArgumentException("Conv3dConcatenated needs at least one input.", nameof(inputs));
        if (scales.Count != inputs.Count)
            throw new ArgumentException($"Conv3dConcatenated needs one scale per input; got {scales.Count} scales for {inputs.Count} inputs.", nameof(scales));
        for (int i = 0; i < inputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i]);
            inputs[i].EnsureRank5("Conv3dConcatenated input");
            if (scales[i] < 1) throw new ArgumentOutOfRangeException(nameof(scales), $"Upsampling scale must be at least 1; got {scales[i]} for input {i}.");
        }
        var first = inputs[0];
        int n = first.N, d = first.D * scales[0], h = first.H * scales[0], w = first.W * scales[0], channels = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (t.N != n || t.D * scales[i] != d || t.H * scales[i] != h || t.W * scales[i] != w)
                throw new ArgumentException($"Conv3dConcatenated needs equal N and upsampled D, H, W; input 0 {first.ShapeString} ×{scales[0]} and input {i} {t.ShapeString} ×{scales[i]} differ.", nameof(inputs));
            channels += t.C;
        }
        if (weight.Rank != 5 || weight.Shape[1] != channels)
            throw new ArgumentException($"Conv3dConcatenated weight {weight.ShapeString} must be (Co, {channels}, Kd, Kh, Kw) for inputs of {channels} channels in all.", nameof(weight));
        if (bias is not null && (bias.Rank != 1 || bias.Length != weight.Shape[0]))
            throw new ArgumentException($"Conv3d bias must have shape ({weight.Shape[0]}); got {bias.ShapeString}.", nameof(bias));
        var vectors = Convolution3dFast.Best;
        if (vectors is null || !Convolution3dFast.Handles(weight, settings))
        {
            var y = Conv3d(Concatenate([.. inputs.Select((t, i) => scales[i] == 1 ? t : UpsampleNearest3d(t, scales[i]))]), weight, bias, settings);
            return rectify ? Relu(y) : y;
        }
        var sources = inputs.Select((t, i) => new ChannelSource(t.Data, t.C, scales[i])).ToArray();
        var output = new Tensor(n, weight.Shape[0], d, h, w);
        Convolution3dFast.Forward(sources, weight, bias?.Data, settings.Dilation, output, vectors.Value, rectify: rectify);
        Tensor[] graph = bias is null ? [.. inputs, weight] : [.. inputs, weight, bias];
        return GradientNode.Record(output, graph, g =>
        {
            var gy = new Tensor(rectify ? Rectified(g, output.Data) : g, output.Shape);
            if (inputs.Any(t => t.RequiresGrad))
            {
                var gx = new float[(long)n * channels * d * h * w];
                Convolution3dFast.BackwardInput(gy, weight, settings.Dilation, gx, vectors.Value);
                int plane = d * h * w;
                for (int i = 0, offset = 0; i < inputs.Count; offset += inputs[i].C, i++)
                    if (inputs[i].RequiresGrad) AddDownsampled(gx, channels, offset, plane, inputs[i], scales[i]);
            }
            if (weight.RequiresGrad || bias is { RequiresGrad: true })
            {
                float[] gw = weight.RequiresGrad ? weight.GradBuffer() : new float[weight.Length];
                float[]? gb = bias is { RequiresGrad: true } ? bias.GradBuffer() : null;
                Convolution3dFast.BackwardWeights(gy, sources, weight, settings.Dilation, gw, gb, vectors.Value);
            }
        });
    }

    /// <summary>
    /// The gradient before a ReLU from the gradient <paramref name="g"/> after it, given the ReLU's output
    /// <paramref name="y"/>: 0 + (g where y &gt; 0, else 0·g), as <see cref="Relu"/>'s gradient adds it to a zero buffer.
    /// </summary>
    private static float[] Rectified(float[] g, float[] y)
    {
        var masked = new float[g.Length];
        Blocks(g.Length, (start, count) => AddLeakyReluGradient(y.AsSpan(start, count), g.AsSpan(start, count), masked.AsSpan(start, count), 0f));
        return masked;
    }

    /// <summary>
    /// Adds to <paramref name="input"/>'s gradient its channels of the concatenated gradient <paramref name="g"/>
    /// (channels from <paramref name="offset"/>), each of its voxels the sum over the s × s × s voxels it was upsampled
    /// to, in the order of <see cref="UpsampleNearest3d"/>'s gradient.
    /// </summary>
    private static void AddDownsampled(float[] g, int channels, int offset, int plane, Tensor input, int scale)
    {
        var gx = input.GradBuffer();
        int c = input.C, d = input.D, h = input.H, w = input.W;
        if (scale == 1)
        {
            Parallel.For(0, input.N * c, item =>
                AddTo(gx.AsSpan(item * plane, plane), g.AsSpan(((item / c) * channels + offset + item % c) * plane, plane)));
            return;
        }
        Parallel.For(0, input.N * c * d, item =>
        {
            int nc = item / d, z = item % d;
            long from = ((long)(nc / c) * channels + offset + nc % c) * plane;
            AddBlockSums(g.AsSpan((int)from, plane), gx.AsSpan(nc * d * h * w, d * h * w), z, h, w, scale);
        });
    }

    /// <summary>
    /// The gradient of nearest-neighbour upsampling for depth slice <paramref name="z"/> of one channel: adds to each
    /// voxel of <paramref name="gx"/> (D × h × w) the sum of <paramref name="g"/> (the upsampled channel's gradient,
    /// s·D × s·h × s·w) over the s × s × s voxels it became, summed in z, y, x order.
    /// </summary>
    private static void AddBlockSums(ReadOnlySpan<float> g, Span<float> gx, int z, int h, int w, int scale)
    {
        int oh = h * scale, ow = w * scale;
        for (int yy = 0; yy < h; yy++)
        {
            var dst = gx.Slice((z * h + yy) * w, w);
            for (int a = 0; a < scale; a++)
            for (int b = 0; b < scale; b++)
            {
                var src = g.Slice(((z * scale + a) * oh + yy * scale + b) * ow, ow);
                for (int xx = 0, o = 0; xx < w; xx++)
                {
                    float sum = 0;
                    for (int k = 0; k < scale; k++) sum += src[o++];
                    dst[xx] += sum;
                }
            }
        }
    }

    /// <summary>
    /// Max pooling over k×k×k windows moved by <paramref name="stride"/> (no padding; output extent ⌊(n − k)/stride⌋ + 1).
    /// The gradient goes to the first maximum of each window (in z, y, x order); NaN is never selected over the window's first value.
    /// </summary>
    /// <param name="input">(N, C, D, H, W).</param>
    /// <param name="kernel">Window extent (≥ 1; default 2).</param>
    /// <param name="stride">Step (≥ 1; default = kernel).</param>
    public static Tensor MaxPool3d(Tensor input, int kernel = 2, int stride = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.EnsureRank5("MaxPool3d");
        if (kernel < 1) throw new ArgumentOutOfRangeException(nameof(kernel), $"MaxPool3d kernel must be at least 1; got {kernel}.");
        if (stride == 0) stride = kernel;
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"MaxPool3d stride must be at least 1; got {stride}.");
        if (input.D < kernel || input.H < kernel || input.W < kernel)
            throw new ArgumentException($"MaxPool3d kernel {kernel} is larger than the input {input.ShapeString}.", nameof(input));
        int od = (input.D - kernel) / stride + 1, oh = (input.H - kernel) / stride + 1, ow = (input.W - kernel) / stride + 1;
        var output = new Tensor(input.N, input.C, od, oh, ow);
        var argmax = new int[output.Length];
        int plane = input.D * input.H * input.W, outPlane = od * oh * ow;
        // The encoder's 2×2×2 halving takes eight windows at a time where AVX2 runs, with the same results.
        int vectorised = kernel == 2 && stride == 2 && MaxPoolHalving.IsSupported ? ow / 8 * 8 : 0;
        Parallel.For(0, input.N * input.C, nc =>
        {
            var x = input.Data;
            for (int z = 0; z < od; z++)
            for (int y = 0; y < oh; y++)
            {
                int o = nc * outPlane + (z * oh + y) * ow;
                int corner = nc * plane + (z * stride * input.H + y * stride) * input.W;
                if (vectorised > 0)
                    MaxPoolHalving.Row(x, corner, input.W, input.H * input.W, vectorised, output.Data, argmax, o);
                (o, corner) = (o + vectorised, corner + stride * vectorised);
                for (int xx = vectorised; xx < ow; xx++, o++, corner += stride)
                {
                    int best = corner;
                    float max = x[corner];
                    for (int a = 0; a < kernel; a++)
                    for (int b = 0; b < kernel; b++)
                    {
                        int row = corner + (a * input.H + b) * input.W;
                        for (int c = 0; c < kernel; c++)
                            if (x[row + c] > max) { max = x[row + c]; best = row + c; }
                    }
                    output.Data[o] = max;
                    argmax[o] = best;
                }
            }
        });
        return GradientNode.Record(output, [input], g =>
        {
            var gx = input.GradBuffer();
            // Windows of one (n, c) plane only reach that plane, so planes are independent work items.
            Parallel.For(0, input.N * input.C, nc =>
            {
                for (int o = nc * outPlane; o < (nc + 1) * outPlane; o++) gx[argmax[o]] += g[o];
            });
        });
    }

    /// <summary>Nearest-neighbour upsampling by an integer factor on every spatial axis: y[n,c,z,y,x] = x[n,c,⌊z/s⌋,⌊y/s⌋,⌊x/s⌋].</summary>
    /// <param name="input">(N, C, D, H, W).</param>
    /// <param name="scale">The factor (≥ 1; default 2).</param>
    /// <returns>(N, C, s·D, s·H, s·W).</returns>
    public static Tensor UpsampleNearest3d(Tensor input, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.EnsureRank5("UpsampleNearest3d");
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"Upsampling scale must be at least 1; got {scale}.");
        int d = input.D, h = input.H, w = input.W, od = d * scale, oh = h * scale, ow = w * scale;
        var output = new Tensor(input.N, input.C, od, oh, ow);
        // Each input row is widened once, then copied to the scale × scale output rows it covers.
        Parallel.For(0, input.N * input.C * d, item =>
        {
            int nc = item / d, z = item % d;
            for (int yy = 0; yy < h; yy++)
            {
                var src = input.Data.AsSpan((item * h + yy) * w, w);
                var first = output.Data.AsSpan(((nc * od + z * scale) * oh + yy * scale) * ow, ow);
                for (int xx = 0, o = 0; xx < w; xx++)
                    for (int k = 0; k < scale; k++) first[o++] = src[xx];
                for (int a = 0; a < scale; a++)
                for (int b = 0; b < scale; b++)
                    if (a + b > 0) first.CopyTo(output.Data.AsSpan(((nc * od + z * scale + a) * oh + yy * scale + b) * ow, ow));
            }
        });
        return GradientNode.Record(output, [input], g =>
        {
            var gx = input.GradBuffer();
            int channel = d * h * w, upsampled = od * oh * ow;
            Parallel.For(0, input.N * input.C * d, item =>
            {
                int nc = item / d, z = item % d;
                AddBlockSums(g.AsSpan(nc * upsampled, upsampled), gx.AsSpan(nc * channel, channel), z, h, w, scale);
            });
        });
    }

    /// <summary>Rectified linear unit, max(x, 0); gradient 1 where x &gt; 0, else 0.</summary>
    public static Tensor Relu(Tensor input) => LeakyRelu(input, 0f);

    /// <summary>Leaky rectifier: x where x &gt; 0, else slope·x.</summary>
    /// <param name="input">Any shape.</param>
    /// <param name="slope">Slope for negative inputs (PyTorch's default is 0.01).</param>
    public static Tensor LeakyRelu(Tensor input, float slope = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new Tensor(input.Shape);
        Blocks(input.Length, (start, count) => ApplyLeakyRelu(input.Data.AsSpan(start, count), output.Data.AsSpan(start, count), slope));
        return GradientNode.Record(output, [input], g =>
        {
            var gx = input.GradBuffer();
            Blocks(g.Length, (start, count) => AddLeakyReluGradient(input.Data.AsSpan(start, count), g.AsSpan(start, count), gx.AsSpan(start, count), slope));
        });
    }

    /// <summary>y = x where x &gt; 0, else slope·x; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    internal static void ApplyLeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        int i = 0;
        var s = new Vector<float>(slope);
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(x[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, v * s).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
    }

    /// <summary>gx += gy where x &gt; 0, else slope·gy: the leaky rectifier's gradient at its input x (or at its output, which has the same sign).</summary>
    internal static void AddLeakyReluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, Span<float> gx, float slope)
    {
        int i = 0;
        var s = new Vector<float>(slope);
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(gy[i..]);
            var d = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(x[i..]), Vector<float>.Zero), v, v * s);
            (new Vector<float>(gx[i..]) + d).CopyTo(gx[i..]);
        }
        for (; i < x.Length; i++) gx[i] += x[i] > 0 ? gy[i] : slope * gy[i];
    }

    /// <summary>Logistic sigmoid, 1 / (1 + e⁻ˣ); gradient y·(1 − y).</summary>
    public static Tensor Sigmoid(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new Tensor(input.Shape);
        Blocks(input.Length, (start, count) =>
        {
            var x = input.Data;
            var y = output.Data;
            for (int i = start; i < start + count; i++) y[i] = SigmoidOf(x[i]);
        });
        return GradientNode.Record(output, [input], g =>
        {
            var gx = input.GradBuffer();
            var y = output.Data;
            Blocks(g.Length, (start, count) =>
            {
                for (int i = start; i < start + count; i++) gx[i] += g[i] * y[i] * (1 - y[i]);
            });
        });
    }

    /// <summary>Element-wise sum of two tensors of the same shape (a residual connection).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
            throw new ArgumentException($"Add needs tensors of the same shape; got {a.ShapeString} and {b.ShapeString}.");
        var output = a.Clone();
        Blocks(output.Length, (start, count) => AddTo(output.Data.AsSpan(start, count), b.Data.AsSpan(start, count)));
        return GradientNode.Record(output, [a, b], g =>
        {
            foreach (var t in new[] { a, b })
            {
                if (!t.RequiresGrad) continue;
                var gt = t.GradBuffer();
                Blocks(g.Length, (start, count) => AddTo(gt.AsSpan(start, count), g.AsSpan(start, count)));
            }
        });
    }

    /// <summary>Concatenation along the channel axis (a skip connection); all inputs share N, D, H, W.</summary>
    /// <param name="inputs">Two or more (N, Cᵢ, D, H, W) tensors.</param>
    /// <returns>(N, ΣCᵢ, D, H, W).</returns>
    public static Tensor Concatenate(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("Concatenate needs at least one tensor.", nameof(inputs));
        var first = inputs[0];
        first.EnsureRank5("Concatenate");
        int channels = 0;
        foreach (var t in inputs)
        {
            t.EnsureRank5("Concatenate");
            if (t.N != first.N || t.D != first.D || t.H != first.H || t.W != first.W)
                throw new ArgumentException($"Concatenate needs equal N, D, H, W; got {first.ShapeString} and {t.ShapeString}.", nameof(inputs));
            channels += t.C;
        }
        int plane = first.D * first.H * first.W;
        var output = new Tensor(first.N, channels, first.D, first.H, first.W);
        // One (batch, input, channel) plane per work item: (n, k, c) → offset in the output.
        var planes = new List<(Tensor Source, int From, int To)>();
        for (int n = 0, offset = 0; n < first.N; n++)
            foreach (var t in inputs)
                for (int c = 0; c < t.C; c++, offset += plane)
                    planes.Add((t, (n * t.C + c) * plane, offset));
        Parallel.For(0, planes.Count, i =>
        {
            var (source, from, to) = planes[i];
            source.Data.AsSpan(from, plane).CopyTo(output.Data.AsSpan(to, plane));
        });
        return GradientNode.Record(output, inputs, g =>
        {
            foreach (var t in inputs) if (t.RequiresGrad) t.GradBuffer();
            // The same tensor twice would make two work items add to one gradient plane: then go serially.
            bool distinct = inputs.Distinct(ReferenceEqualityComparer.Instance).Count() == inputs.Length;
            Parallel.For(0, planes.Count, new ParallelOptions { MaxDegreeOfParallelism = distinct ? -1 : 1 }, i =>
            {
                var (source, from, to) = planes[i];
                if (source.RequiresGrad) AddTo(source.Grad!.AsSpan(from, plane), g.AsSpan(to, plane));
            });
        });
    }

    /// <summary>
    /// Binary cross-entropy on logits, averaged over all elements, computed stably as
    /// mean(max(z, 0) − z·t + log(1 + e^−|z|)); gradient (σ(z) − t) / count. Same as PyTorch's binary_cross_entropy_with_logits.
    /// </summary>
    /// <param name="logits">Pre-sigmoid scores z.</param>
    /// <param name="target">Targets t in [0, 1], same shape.</param>
    /// <returns>A one-element tensor.</returns>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target)
    {
        EnsureSameShape(logits, target, "BinaryCrossEntropyWithLogits");
        var z = logits.Data;
        var t = target.Data;
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
            sum += Math.Max(z[i], 0) - z[i] * t[i] + Math.Log(1 + Math.Exp(-Math.Abs((double)z[i])));
        var loss = new Tensor([(float)(sum / z.Length)], 1);
        return GradientNode.Record(loss, [logits, target], g =>
        {
            float scale = g[0] / z.Length;
            if (logits.RequiresGrad)
            {
                var gz = logits.GradBuffer();
                for (int i = 0; i < z.Length; i++) gz[i] += scale * (SigmoidOf(z[i]) - t[i]);
            }
            if (target.RequiresGrad)
            {
                var gt = target.GradBuffer();
                for (int i = 0; i < z.Length; i++) gt[i] -= scale * z[i];
            }
        });
    }

    /// <summary>
    /// Soft Dice loss over the whole tensor: 1 − (2·Σ p·t + s) / (Σ p + Σ t + s), with p probabilities (e.g. after
    /// <see cref="Sigmoid"/>), t targets and s a smoothing constant that makes two empty masks a perfect match.
    /// </summary>
    /// <param name="probabilities">p in [0, 1].</param>
    /// <param name="target">t in [0, 1], same shape.</param>
    /// <param name="smooth">s (≥ 0; default 1).</param>
    /// <returns>A one-element tensor.</returns>
    public static Tensor SoftDiceLoss(Tensor probabilities, Tensor target, float smooth = 1f)
    {
        EnsureSameShape(probabilities, target, "SoftDiceLoss");
        if (!(smooth >= 0)) throw new ArgumentOutOfRangeException(nameof(smooth), $"Dice smoothing must be 0 or more; got {smooth}.");
        var p = probabilities.Data;
        var t = target.Data;
        double intersection = 0, total = 0;
        for (int i = 0; i < p.Length; i++) { intersection += p[i] * t[i]; total += p[i] + t[i]; }
        double numerator = 2 * intersection + smooth, denominator = total + smooth;
        if (denominator == 0) throw new ArgumentException("SoftDiceLoss with smooth = 0 is undefined when both tensors are all zero.");
        var loss = new Tensor([(float)(1 - numerator / denominator)], 1);
        return GradientNode.Record(loss, [probabilities, target], g =>
        {
            // d/dp_i of −N/Dn = −(2 t_i·Dn − N) / Dn²; symmetric in t.
            double scale = g[0] / (denominator * denominator);
            if (probabilities.RequiresGrad)
            {
                var gp = probabilities.GradBuffer();
                for (int i = 0; i < p.Length; i++) gp[i] += (float)(-(2 * t[i] * denominator - numerator) * scale);
            }
            if (target.RequiresGrad)
            {
                var gt = target.GradBuffer();
                for (int i = 0; i < p.Length; i++) gt[i] += (float)(-(2 * p[i] * denominator - numerator) * scale);
            }
        });
    }

    internal static float SigmoidOf(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    private static void EnsureSameShape(Tensor a, Tensor b, string operation)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
            throw new ArgumentException($"{operation} needs input and target of the same shape; got {a.ShapeString} and {b.ShapeString}.");
    }

    /// <summary>Runs <paramref name="body"/>(start, count) over [0, length) in blocks of 64 Ki elements, in parallel.</summary>
    internal static void Blocks(int length, Action<int, int> body)
    {
        const int Block = 1 << 16;
        int blocks = (length + Block - 1) / Block;
        if (blocks == 1) { body(0, length); return; }
        Parallel.For(0, blocks, b =>
        {
            int start = b * Block;
            body(start, Math.Min(Block, length - start));
        });
    }

    /// <summary>destination += source, vectorised.</summary>
    internal static void AddTo(Span<float> destination, ReadOnlySpan<float> source)
    {
        int i = 0;
        for (; i <= source.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(destination[i..]) + new Vector<float>(source[i..])).CopyTo(destination[i..]);
        for (; i < source.Length; i++) destination[i] += source[i];
    }
}
