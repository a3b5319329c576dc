namespace Cranio.Learning;

/// <summary>
/// A dilated, skip-connected 3D autoencoder after Wu et al. 2022 (Sci. Rep.): twelve 3×3×3 convolutions, no batch
/// normalisation. With e = encoder channels, m = middle channels, all convolutions "same"-padded and followed by ReLU
/// except the last:
/// <code>
/// e1 = conv(x → e₁)            p1 = pool(e1)            (÷2)
/// e2 = conv(p1 → e₂)           p2 = pool(e2)            (÷4)
/// e3 = conv(p2 → e₃)           p3 = pool(e3)            (÷8)
/// m1 = dconv(p3 → m, d₁)       m2 = dconv(m1 → m, d₂)
/// m3 = dconv([m1, m2] → m, d₃) m4 = dconv([m2, m3] → m, d₄)
/// u4 = conv([m4, p3] → e₃)
/// u3 = conv([up(u4), e3] → e₃) u2 = conv([up(u3), e2] → e₂) u1 = conv([up(u2), e1] → e₁)
/// logits = conv(u1 → out)      (no activation; probabilities are σ(logits))
/// </code>
/// [a, b] is channel concatenation (a skip connection), pool a 2×2×2 max pooling, up a ×2 nearest upsampling.
/// Input (N, in, D, H, W) with D, H, W multiples of 8 (the paper uses 40 × 112 × 112); output (N, out, D, H, W).
/// Train with <see cref="Functional.BinaryCrossEntropyWithLogits"/> (the stable form of the paper's sigmoid + BCE).
/// </summary>
public sealed class SkipAutoencoder3d : Module
{
    private readonly Conv3d _enc1, _enc2, _enc3, _mid1, _mid2, _mid3, _mid4, _dec4, _dec3, _dec2, _dec1, _head;

    /// <summary>Builds the network with weights drawn from <see cref="SplitMix64"/>(<paramref name="seed"/>) in layer order.</summary>
    public SkipAutoencoder3d(SkipAutoencoderOptions options, ulong seed)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        var r = new SplitMix64(seed);
        var e = options.EncoderChannels;
        int m = options.MiddleChannels;
        var d = options.Dilations;
        _enc1 = RegisterModule("enc1", Layers.Conv3d(options.InChannels, e[0], r));
        _enc2 = RegisterModule("enc2", Layers.Conv3d(e[0], e[1], r));
        _enc3 = RegisterModule("enc3", Layers.Conv3d(e[1], e[2], r));
        _mid1 = RegisterModule("mid1", Layers.Conv3d(e[2], m, r, dilation: d[0]));
        _mid2 = RegisterModule("mid2", Layers.Conv3d(m, m, r, dilation: d[1]));
        _mid3 = RegisterModule("mid3", Layers.Conv3d(2 * m, m, r, dilation: d[2]));
        _mid4 = RegisterModule("mid4", Layers.Conv3d(2 * m, m, r, dilation: d[3]));
        _dec4 = RegisterModule("dec4", Layers.Conv3d(m + e[2], e[2], r));
        _dec3 = RegisterModule("dec3", Layers.Conv3d(2 * e[2], e[2], r));
        _dec2 = RegisterModule("dec2", Layers.Conv3d(e[2] + e[1], e[1], r));
        _dec1 = RegisterModule("dec1", Layers.Conv3d(e[1] + e[0], e[0], r));
        _head = RegisterModule("head", Layers.Conv3d(e[0], options.OutChannels, r));
    }

    /// <summary>The architecture.</summary>
    public SkipAutoencoderOptions Options { get; }

    /// <summary>Logits (N, out, D, H, W) for an input (N, in, D, H, W).</summary>
    /// <exception cref="ArgumentException">Wrong rank or channel count, or D, H, W not multiples of 8; the message gives the shape.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.EnsureRank5(nameof(SkipAutoencoder3d));
        if (input.C != Options.InChannels)
            throw new ArgumentException($"{nameof(SkipAutoencoder3d)} expects {Options.InChannels} input channel(s); got shape {input.ShapeString}.", nameof(input));
        if (input.D % 8 != 0 || input.H % 8 != 0 || input.W % 8 != 0)
            throw new ArgumentException($"{nameof(SkipAutoencoder3d)} needs D, H, W that are multiples of 8 (three 2× poolings); got shape {input.ShapeString}.", nameof(input));
        static Tensor Pool(Tensor t) => Functional.MaxPool3d(t, 2);
        int[] one = [1], same = [1, 1], upThenSame = [2, 1];
        var e1 = _enc1.ForwardConcatenated([input], one, rectify: true);
        var e2 = _enc2.ForwardConcatenated([Pool(e1)], one, rectify: true);
        var e3 = _enc3.ForwardConcatenated([Pool(e2)], one, rectify: true);
        var p3 = Pool(e3);
        var m1 = _mid1.ForwardConcatenated([p3], one, rectify: true);
        var m2 = _mid2.ForwardConcatenated([m1], one, rectify: true);
        var m3 = _mid3.ForwardConcatenated([m1, m2], same, rectify: true);
        var m4 = _mid4.ForwardConcatenated([m2, m3], same, rectify: true);
        var u4 = _dec4.ForwardConcatenated([m4, p3], same, rectify: true);
        var u3 = _dec3.ForwardConcatenated([u4, e3], upThenSame, rectify: true);
        var u2 = _dec2.ForwardConcatenated([u3, e2], upThenSame, rectify: true);
        var u1 = _dec1.ForwardConcatenated([u2, e1], upThenSame, rectify: true);
        return _head.Forward(u1);
    }
}
