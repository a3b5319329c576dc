using System.Runtime.CompilerServices;

namespace Cranio.Learning;

/// <summary>
/// SIMD 3×3×3 convolution with stride 1 and padding = dilation ("same": output size = input size), forward and
/// both gradients, in pure managed code.
/// <para>Layout: the input is copied into a zero-haloed buffer (N, C, D + 2p, H + 2p, Wv + 2p), Wv = W rounded up to
/// two vectors, so the inner loops need no bounds checks. Outputs are vectorised along W and register-blocked as
/// 8 output channels × 2 vectors; weights are packed as [output-channel block][input channel][27 taps][8] and
/// broadcast. The input gradient is the same forward pass over the padded output gradient with the kernel
/// flipped and its channel axes swapped. The weight gradient is accumulated as 8 output channels × 3 W-taps per
/// (input channel, depth tap, height tap) over fixed groups of depth slices, and the groups are summed in a fixed
/// order, so results do not depend on the number of threads.</para>
/// </summary>
internal static unsafe class Convolution3dFast
{
    /// <summary>Whether this machine has a vector width the kernels use (AVX-512F, or AVX2 with FMA).</summary>
    public static bool IsAvailable => Float512.IsSupported || Float256.IsSupported;

    /// <summary>Whether the weights and settings are the case these kernels handle.</summary>
    public static bool Handles(Tensor weight, Convolution3dSettings settings) =>
        weight.Shape[2] == 3 && weight.Shape[3] == 3 && weight.Shape[4] == 3 && settings.Stride == 1 && settings.Padding == settings.Dilation;

    /// <summary>y = conv(x, w) + b with the widest supported vectors.</summary>
    public static void Forward(Tensor x, Tensor w, float[]? bias, int dilation, Tensor y)
    {
        if (Float512.IsSupported) Forward<Float512>(x, w, bias, dilation, y);
        else Forward<Float256>(x, w, bias, dilation, y);
    }

    /// <summary>gx += convᵀ(gy, w) with the widest supported vectors.</summary>
    public static void BackwardInput(Tensor gy, Tensor w, int dilation, float[] gx)
    {
        if (Float512.IsSupported) BackwardInput<Float512>(gy, w, dilation, gx);
        else BackwardInput<Float256>(gy, w, dilation, gx);
    }

    /// <summary>gw += Σ gy ⊗ x, gb += Σ gy with the widest supported vectors.</summary>
    public static void BackwardWeights(Tensor gy, Tensor x, Tensor w, int dilation, float[] gw, float[]? gb)
    {
        if (Float512.IsSupported) BackwardWeights<Float512>(gy, x, w, dilation, gw, gb);
        else BackwardWeights<Float256>(gy, x, w, dilation, gw, gb);
    }

    /// <summary>Forward pass with vectors of type <typeparamref name="TV"/>.</summary>
    internal static void Forward<TV>(Tensor x, Tensor w, float[]? bias, int dilation, Tensor y) where TV : struct, IFloatVector<TV>
    {
        int rowWidth = RoundUp(x.W, 2 * TV.Count);
        float[] padded = Pad(x.Data, x.N, x.C, x.C, x.D, x.H, x.W, dilation, rowWidth + 2 * dilation);
        float[] packed = Pack(w, transpose: false);
        Core<TV>(padded, x.C, packed, w.Shape[0], bias, x.N, x.D, x.H, x.W, dilation, rowWidth, y.Data, accumulate: false);
    }

    /// <summary>Input gradient with vectors of type <typeparamref name="TV"/>.</summary>
    internal static void BackwardInput<TV>(Tensor gy, Tensor w, int dilation, float[] gx) where TV : struct, IFloatVector<TV>
    {
        int rowWidth = RoundUp(gy.W, 2 * TV.Count);
        float[] padded = Pad(gy.Data, gy.N, gy.C, gy.C, gy.D, gy.H, gy.W, dilation, rowWidth + 2 * dilation);
        float[] packed = Pack(w, transpose: true);
        Core<TV>(padded, gy.C, packed, w.Shape[1], null, gy.N, gy.D, gy.H, gy.W, dilation, rowWidth, gx, accumulate: true);
    }

    /// <summary>Weight and bias gradients with vectors of type <typeparamref name="TV"/>.</summary>
    internal static void BackwardWeights<TV>(Tensor gy, Tensor x, Tensor w, int dilation, float[] gw, float[]? gb) where TV : struct, IFloatVector<TV>
    {
        int n = x.N, cin = x.C, cout = w.Shape[0], depth = x.D, height = x.H, width = x.W, p = dilation;
        int rowWidth = RoundUp(width, 2 * TV.Count);
        int blocks = (cout + 7) / 8;
        float[] xp = Pad(x.Data, n, cin, cin, depth, height, width, p, rowWidth + 2 * p);
        float[] gp = Pad(gy.Data, n, cout, blocks * 8, depth, height, width, 0, rowWidth);
        int slabs = n * depth;
        int groups = Math.Min(slabs, 16);
        int weightCount = blocks * 8 * cin * 27;
        var partials = new float[groups][];
        Parallel.For(0, groups, g =>
        {
            var partial = partials[g] = new float[weightCount];
            int hp = height + 2 * p, wp = rowWidth + 2 * p;
            long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
            int v = TV.Count;
            fixed (float* px = xp, pg = gp, part = partial)
            {
                for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
                {
                    int b = slab / depth, d = slab % depth;
                    for (int ci = 0; ci < cin; ci++)
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                        for (int cob = 0; cob < blocks; cob++)
                        {
                            float* gPlane = pg + ((long)b * blocks * 8 + cob * 8) * gChannel + (long)d * height * rowWidth;
                            TV g00 = TV.Zero, g01 = TV.Zero, g02 = TV.Zero;
                            TV g10 = TV.Zero, g11 = TV.Zero, g12 = TV.Zero;
                            TV g20 = TV.Zero, g21 = TV.Zero, g22 = TV.Zero;
                            TV g30 = TV.Zero, g31 = TV.Zero, g32 = TV.Zero;
                            TV g40 = TV.Zero, g41 = TV.Zero, g42 = TV.Zero;
                            TV g50 = TV.Zero, g51 = TV.Zero, g52 = TV.Zero;
                            TV g60 = TV.Zero, g61 = TV.Zero, g62 = TV.Zero;
                            TV g70 = TV.Zero, g71 = TV.Zero, g72 = TV.Zero;
                            for (int h = 0; h < height; h++)
                            {
                                float* xRow = xPlane + (long)h * wp;
                                float* gRowStart = gPlane + (long)h * rowWidth;
                                for (int wc = 0; wc < rowWidth; wc += v)
                                {
                                    TV x0 = TV.Load(xRow + wc), x1 = TV.Load(xRow + wc + p), x2 = TV.Load(xRow + wc + 2 * p), y;
                                    float* gRow = gRowStart + wc;
                                    y = TV.Load(gRow + 0 * gChannel); g00 = TV.MultiplyAdd(y, x0, g00); g01 = TV.MultiplyAdd(y, x1, g01); g02 = TV.MultiplyAdd(y, x2, g02);
                                    y = TV.Load(gRow + 1 * gChannel); g10 = TV.MultiplyAdd(y, x0, g10); g11 = TV.MultiplyAdd(y, x1, g11); g12 = TV.MultiplyAdd(y, x2, g12);
                                    y = TV.Load(gRow + 2 * gChannel); g20 = TV.MultiplyAdd(y, x0, g20); g21 = TV.MultiplyAdd(y, x1, g21); g22 = TV.MultiplyAdd(y, x2, g22);
                                    y = TV.Load(gRow + 3 * gChannel); g30 = TV.MultiplyAdd(y, x0, g30); g31 = TV.MultiplyAdd(y, x1, g31); g32 = TV.MultiplyAdd(y, x2, g32);
                                    y = TV.Load(gRow + 4 * gChannel); g40 = TV.MultiplyAdd(y, x0, g40); g41 = TV.MultiplyAdd(y, x1, g41); g42 = TV.MultiplyAdd(y, x2, g42);
                                    y = TV.Load(gRow + 5 * gChannel); g50 = TV.MultiplyAdd(y, x0, g50); g51 = TV.MultiplyAdd(y, x1, g51); g52 = TV.MultiplyAdd(y, x2, g52);
                                    y = TV.Load(gRow + 6 * gChannel); g60 = TV.MultiplyAdd(y, x0, g60); g61 = TV.MultiplyAdd(y, x1, g61); g62 = TV.MultiplyAdd(y, x2, g62);
                                    y = TV.Load(gRow + 7 * gChannel); g70 = TV.MultiplyAdd(y, x0, g70); g71 = TV.MultiplyAdd(y, x1, g71); g72 = TV.MultiplyAdd(y, x2, g72);
                                }
                            }
                            float* t;
                            t = part + ((long)(cob * 8 + 0) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g00); t[1] += TV.Sum(g01); t[2] += TV.Sum(g02);
                            t = part + ((long)(cob * 8 + 1) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g10); t[1] += TV.Sum(g11); t[2] += TV.Sum(g12);
                            t = part + ((long)(cob * 8 + 2) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g20); t[1] += TV.Sum(g21); t[2] += TV.Sum(g22);
                            t = part + ((long)(cob * 8 + 3) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g30); t[1] += TV.Sum(g31); t[2] += TV.Sum(g32);
                            t = part + ((long)(cob * 8 + 4) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g40); t[1] += TV.Sum(g41); t[2] += TV.Sum(g42);
                            t = part + ((long)(cob * 8 + 5) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g50); t[1] += TV.Sum(g51); t[2] += TV.Sum(g52);
                            t = part + ((long)(cob * 8 + 6) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g60); t[1] += TV.Sum(g61); t[2] += TV.Sum(g62);
                            t = part + ((long)(cob * 8 + 7) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TV.Sum(g70); t[1] += TV.Sum(g71); t[2] += TV.Sum(g72);
                        }
                    }
                }
            }
        });
        for (int o = 0; o < cout; o++)
        for (int i = 0; i < cin * 27; i++)
        {
            float sum = 0;
            for (int g = 0; g < groups; g++) sum += partials[g][o * cin * 27 + i];
            gw[o * cin * 27 + i] += sum;
        }
        if (gb is null) return;
        int plane = depth * height * width;
        for (int o = 0; o < cout; o++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
                foreach (float value in gy.Data.AsSpan((b * cout + o) * plane, plane)) sum += value;
            gb[o] += (float)sum;
        }
    }

    /// <summary>
    /// The convolution proper: output (N, cout, D, H, W) from a haloed input (N, cin, D + 2p, H + 2p, rowWidth + 2p)
    /// and packed weights [⌈cout/8⌉][cin][27][8]; writes, or adds to, <paramref name="output"/>.
    /// </summary>
    private static void Core<TV>(float[] input, int cin, float[] packed, int cout, float[]? bias, int n, int depth, int height, int width,
        int p, int rowWidth, float[] output, bool accumulate) where TV : struct, IFloatVector<TV>
    {
        int blocks = (cout + 7) / 8;
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long inChannel = (long)(depth + 2 * p) * hp * wp;
        long outChannel = (long)depth * height * width;
        Parallel.For(0, n * blocks * depth, item =>
        {
            int d = item % depth, cob = item / depth % blocks, b = item / depth / blocks;
            int v = TV.Count;
            fixed (float* px = input, pw = packed, py = output)
            {
                float b0 = cob * 8 + 0 < cout && bias is not null ? bias[cob * 8 + 0] : 0f;
                float b1 = cob * 8 + 1 < cout && bias is not null ? bias[cob * 8 + 1] : 0f;
                float b2 = cob * 8 + 2 < cout && bias is not null ? bias[cob * 8 + 2] : 0f;
                float b3 = cob * 8 + 3 < cout && bias is not null ? bias[cob * 8 + 3] : 0f;
                float b4 = cob * 8 + 4 < cout && bias is not null ? bias[cob * 8 + 4] : 0f;
                float b5 = cob * 8 + 5 < cout && bias is not null ? bias[cob * 8 + 5] : 0f;
                float b6 = cob * 8 + 6 < cout && bias is not null ? bias[cob * 8 + 6] : 0f;
                float b7 = cob * 8 + 7 < cout && bias is not null ? bias[cob * 8 + 7] : 0f;
                for (int h = 0; h < height; h++)
                for (int wc = 0; wc < width; wc += 2 * v)
                {
                TV a00 = TV.Broadcast(b0), a01 = a00;
                TV a10 = TV.Broadcast(b1), a11 = a10;
                TV a20 = TV.Broadcast(b2), a21 = a20;
                TV a30 = TV.Broadcast(b3), a31 = a30;
                TV a40 = TV.Broadcast(b4), a41 = a40;
                TV a50 = TV.Broadcast(b5), a51 = a50;
                TV a60 = TV.Broadcast(b6), a61 = a60;
                TV a70 = TV.Broadcast(b7), a71 = a70;
                    float* xBase = px + (long)b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                    float* wk = pw + (long)cob * cin * 27 * 8;
                    for (int ci = 0; ci < cin; ci++)
                    {
                        float* xc = xBase + ci * inChannel;
                        for (int kd = 0; kd < 3; kd++)
                        for (int kh = 0; kh < 3; kh++)
                        {
                            float* xr = xc + (long)(kd * hp + kh) * p * wp;
                            for (int kw = 0; kw < 3; kw++, wk += 8)
                            {
                                float* xx = xr + kw * p;
                                TV x0 = TV.Load(xx), x1 = TV.Load(xx + v), w;
                                w = TV.Broadcast(wk[0]); a00 = TV.MultiplyAdd(w, x0, a00); a01 = TV.MultiplyAdd(w, x1, a01);
                                w = TV.Broadcast(wk[1]); a10 = TV.MultiplyAdd(w, x0, a10); a11 = TV.MultiplyAdd(w, x1, a11);
                                w = TV.Broadcast(wk[2]); a20 = TV.MultiplyAdd(w, x0, a20); a21 = TV.MultiplyAdd(w, x1, a21);
                                w = TV.Broadcast(wk[3]); a30 = TV.MultiplyAdd(w, x0, a30); a31 = TV.MultiplyAdd(w, x1, a31);
                                w = TV.Broadcast(wk[4]); a40 = TV.MultiplyAdd(w, x0, a40); a41 = TV.MultiplyAdd(w, x1, a41);
                                w = TV.Broadcast(wk[5]); a50 = TV.MultiplyAdd(w, x0, a50); a51 = TV.MultiplyAdd(w, x1, a51);
                                w = TV.Broadcast(wk[6]); a60 = TV.MultiplyAdd(w, x0, a60); a61 = TV.MultiplyAdd(w, x1, a61);
                                w = TV.Broadcast(wk[7]); a70 = TV.MultiplyAdd(w, x0, a70); a71 = TV.MultiplyAdd(w, x1, a71);
                            }
                        }
                    }
                    long outBase = (long)b * cout * outChannel + ((long)d * height + h) * width + wc;
                if (cob * 8 + 0 < cout) StoreRow(a00, a01, py + outBase + (long)(cob * 8 + 0) * outChannel, width - wc, accumulate);
                if (cob * 8 + 1 < cout) StoreRow(a10, a11, py + outBase + (long)(cob * 8 + 1) * outChannel, width - wc, accumulate);
                if (cob * 8 + 2 < cout) StoreRow(a20, a21, py + outBase + (long)(cob * 8 + 2) * outChannel, width - wc, accumulate);
                if (cob * 8 + 3 < cout) StoreRow(a30, a31, py + outBase + (long)(cob * 8 + 3) * outChannel, width - wc, accumulate);
                if (cob * 8 + 4 < cout) StoreRow(a40, a41, py + outBase + (long)(cob * 8 + 4) * outChannel, width - wc, accumulate);
                if (cob * 8 + 5 < cout) StoreRow(a50, a51, py + outBase + (long)(cob * 8 + 5) * outChannel, width - wc, accumulate);
                if (cob * 8 + 6 < cout) StoreRow(a60, a61, py + outBase + (long)(cob * 8 + 6) * outChannel, width - wc, accumulate);
                if (cob * 8 + 7 < cout) StoreRow(a70, a71, py + outBase + (long)(cob * 8 + 7) * outChannel, width - wc, accumulate);
                }
            }
        });
    }

    /// <summary>Stores (or adds) two vectors to a row, keeping only the first <paramref name="valid"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV>(TV lo, TV hi, float* destination, int valid, bool accumulate) where TV : struct, IFloatVector<TV>
    {
        int v = TV.Count;
        if (valid >= 2 * v && !accumulate)
        {
            TV.Store(lo, destination);
            TV.Store(hi, destination + v);
            return;
        }
        float* temp = stackalloc float[2 * v];
        TV.Store(lo, temp);
        TV.Store(hi, temp + v);
        int count = Math.Min(valid, 2 * v);
        if (accumulate) for (int i = 0; i < count; i++) destination[i] += temp[i];
        else for (int i = 0; i < count; i++) destination[i] = temp[i];
    }

    /// <summary>
    /// Copies (N, C, D, H, W) into a zero buffer (N, channels, D + 2p, H + 2p, rowStride) at offset (p, p, p);
    /// channels ≥ C stay zero.
    /// </summary>
    internal static float[] Pad(float[] source, int n, int c, int channels, int depth, int height, int width, int p, int rowStride)
    {
        int hp = height + 2 * p;
        long channel = (long)(depth + 2 * p) * hp * rowStride;
        var padded = new float[n * channels * channel];
        Parallel.For(0, n * c, item =>
        {
            int b = item / c, ch = item % c;
            var src = source.AsSpan(item * depth * height * width, depth * height * width);
            long dst = (b * channels + ch) * channel;
            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
                src.Slice((d * height + h) * width, width).CopyTo(padded.AsSpan((int)(dst + ((long)(d + p) * hp + h + p) * rowStride + p), width));
        });
        return padded;
    }

    /// <summary>
    /// Packs w (Co, Ci, 3, 3, 3) as [⌈Co/8⌉][Ci][27][8]; with <paramref name="transpose"/> the channel axes are swapped
    /// and the taps reversed (the kernel of the input gradient), giving [⌈Ci/8⌉][Co][27][8].
    /// </summary>
    internal static float[] Pack(Tensor w, bool transpose)
    {
        int co = w.Shape[0], ci = w.Shape[1];
        int outer = transpose ? ci : co, inner = transpose ? co : ci;
        int blocks = (outer + 7) / 8;
        var packed = new float[blocks * inner * 27 * 8];
        for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++)
        for (int k = 0; k < 27; k++)
        {
            float value = transpose ? w.Data[(i * ci + o) * 27 + 26 - k] : w.Data[(o * ci + i) * 27 + k];
            packed[(((o / 8) * inner + i) * 27 + k) * 8 + o % 8] = value;
        }
        return packed;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
