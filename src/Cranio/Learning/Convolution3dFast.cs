using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Cranio.Learning;

/// <summary>A SIMD width of the convolution kernels.</summary>
internal enum VectorWidth
{
    /// <summary>256-bit vectors, 8 floats (AVX2 + FMA).</summary>
    Bits256,

    /// <summary>512-bit vectors, 16 floats (AVX-512F).</summary>
    Bits512,
}

/// <summary>
/// SIMD 3×3×3 convolution with stride 1 and padding = dilation ("same": output size = input size), forward and
/// both gradients, in pure managed code, for 512-bit and 256-bit vectors (the two kernels are the same code at two widths).
/// <para>Layout: the input is copied into a zero-haloed buffer (N, C, D + 2p, H + 2p, Wv + 2p), Wv = W rounded up to
/// four vectors, so the inner loops need no bounds checks. Outputs are vectorised along W and register-blocked as
/// 8 output channels × 2 vectors (a single output channel: 4 vectors); weights are packed as [output-channel block][input channel][27 taps][8] and
/// broadcast. The input gradient is the same forward pass over the padded output gradient with the kernel
/// flipped and its channel axes swapped. The weight gradient is accumulated as 8 output channels × 3 W-taps per
/// (input channel, depth tap, height tap) over fixed groups of depth slices, and the groups are summed in a fixed
/// order, so results do not depend on the number of threads. Work is spread with Parallel.For over
/// (batch, output-channel block, depth) for the forward pass and over depth-slice groups for the weight gradient.</para>
/// </summary>
internal static unsafe class Convolution3dFast
{
    /// <summary>The widest width this machine runs natively, or null when neither AVX-512F nor AVX2 + FMA is available.</summary>
    public static VectorWidth? Best { get; } =
        Vector512.IsHardwareAccelerated ? VectorWidth.Bits512
        : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? VectorWidth.Bits256
        : null;

    /// <summary>Whether <paramref name="width"/> runs natively here.</summary>
    public static bool IsSupported(VectorWidth width) =>
        width == VectorWidth.Bits512 ? Vector512.IsHardwareAccelerated : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    /// <summary>Whether the weights and settings are the case these kernels handle.</summary>
    public static bool Handles(Tensor weight, Convolution3dSettings settings) =>
        weight.Shape[2] == 3 && weight.Shape[3] == 3 && weight.Shape[4] == 3 && settings.Stride == 1 && settings.Padding == settings.Dilation;

    /// <summary>y = conv(x, w) + b.</summary>
    public static void Forward(Tensor x, Tensor w, float[]? bias, int dilation, Tensor y, VectorWidth width)
    {
        int rowWidth = RowWidth(x.W, width);
        float[] padded = Pad(x.Data, x.N, x.C, x.C, x.D, x.H, x.W, dilation, rowWidth + 2 * dilation);
        Core(padded, x.C, Pack(w, transpose: false), w.Shape[0], bias, x.N, x.D, x.H, x.W, dilation, rowWidth, y.Data, accumulate: false, width);
    }

    /// <summary>gx += convᵀ(gy, w): the gradient with respect to the input.</summary>
    public static void BackwardInput(Tensor gy, Tensor w, int dilation, float[] gx, VectorWidth width)
    {
        int rowWidth = RowWidth(gy.W, width);
        float[] padded = Pad(gy.Data, gy.N, gy.C, gy.C, gy.D, gy.H, gy.W, dilation, rowWidth + 2 * dilation);
        Core(padded, gy.C, Pack(w, transpose: true), w.Shape[1], null, gy.N, gy.D, gy.H, gy.W, dilation, rowWidth, gx, accumulate: true, width);
    }

    /// <summary>gw += Σ gy ⊗ x and gb += Σ gy: the gradients with respect to the weights and the bias.</summary>
    public static void BackwardWeights(Tensor gy, Tensor x, Tensor w, int dilation, float[] gw, float[]? gb, VectorWidth width)
    {
        int n = x.N, cin = x.C, cout = w.Shape[0], depth = x.D, height = x.H, p = dilation;
        int rowWidth = RowWidth(x.W, width);
        int blocks = (cout + 7) / 8;
        float[] xp = Pad(x.Data, n, cin, cin, depth, height, x.W, p, rowWidth + 2 * p);
        float[] gp = Pad(gy.Data, n, cout, cout == 1 ? 1 : blocks * 8, depth, height, x.W, 0, rowWidth);
        int slabs = n * depth;
        int groups = Math.Min(slabs, 16);
        var partials = new float[groups][];
        Parallel.For(0, groups, g => partials[g] = (cout == 1, width) switch
        {
            (true, VectorWidth.Bits512) => WeightGroupSingle512(g, groups, slabs, xp, gp, cin, depth, height, p, rowWidth),
            (true, _) => WeightGroupSingle256(g, groups, slabs, xp, gp, cin, depth, height, p, rowWidth),
            (false, VectorWidth.Bits512) => WeightGroup512(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth),
            _ => WeightGroup256(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth),
        });
        for (int i = 0; i < cout * cin * 27; i++)
        {
            float sum = 0;
            for (int g = 0; g < groups; g++) sum += partials[g][i];
            gw[i] += sum;
        }
        if (gb is null) return;
        int plane = depth * height * x.W;
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
    private static void Core(float[] input, int cin, float[] packed, int cout, float[]? bias, int n, int depth, int height, int width,
        int p, int rowWidth, float[] output, bool accumulate, VectorWidth vectors)
    {
        int blocks = (cout + 7) / 8;
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long inChannel = (long)(depth + 2 * p) * hp * wp;
        long outChannel = (long)depth * height * width;
        if (cout == 1 && vectors == VectorWidth.Bits512)
            Parallel.For(0, n * depth, item => CoreItemSingle512(item, input, cin, packed, bias, depth, height, width, p, hp, wp, inChannel, outChannel, output, accumulate));
        else if (cout == 1)
            Parallel.For(0, n * depth, item => CoreItemSingle256(item, input, cin, packed, bias, depth, height, width, p, hp, wp, inChannel, outChannel, output, accumulate));
        else if (vectors == VectorWidth.Bits512)
            Parallel.For(0, n * blocks * depth, item => CoreItem512(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate));
        else
            Parallel.For(0, n * blocks * depth, item => CoreItem256(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate));
    }

    /// <summary>One work item of the 512-bit convolution: batch b, output-channel block, depth d (item = (b·blocks + block)·depth + d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItem512(int item, float[] input, int cin, float[] packed, int cout, float[]? bias, int depth, int height, int width,
        int p, int blocks, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
    {
        int d = item % depth, cob = item / depth % blocks, b = item / depth / blocks;
        int v = Vector512<float>.Count;
        float* tile = stackalloc float[16 * Vector512<float>.Count];
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
            // Input channels in blocks of 8, so the rows one output row reads (8 channels × 9 rows) stay in L1;
            // blocks after the first add to what the previous ones stored.
            for (int c0 = 0; c0 < cin; c0 += 8)
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 2 * v)
            {
                Vector512<float> a00 = c0 == 0 ? Vector512.Create(b0) : default, a01 = a00;
                Vector512<float> a10 = c0 == 0 ? Vector512.Create(b1) : default, a11 = a10;
                Vector512<float> a20 = c0 == 0 ? Vector512.Create(b2) : default, a21 = a20;
                Vector512<float> a30 = c0 == 0 ? Vector512.Create(b3) : default, a31 = a30;
                Vector512<float> a40 = c0 == 0 ? Vector512.Create(b4) : default, a41 = a40;
                Vector512<float> a50 = c0 == 0 ? Vector512.Create(b5) : default, a51 = a50;
                Vector512<float> a60 = c0 == 0 ? Vector512.Create(b6) : default, a61 = a60;
                Vector512<float> a70 = c0 == 0 ? Vector512.Create(b7) : default, a71 = a70;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw + ((long)cob * cin + c0) * 27 * 8;
                for (int ci = c0; ci < Math.Min(c0 + 8, cin); ci++)
                {
                    float* xc = xBase + ci * inChannel;
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = xc + (long)(kd * hp + kh) * p * wp;
                        for (int kw = 0; kw < 3; kw++, wk += 8)
                        {
                            float* xx = xr + kw * p;
                            Vector512<float> x0 = Vector512.Load(xx), x1 = Vector512.Load(xx + v), w;
                            w = Vector512.Create(wk[0]); a00 = Vector512.FusedMultiplyAdd(w, x0, a00); a01 = Vector512.FusedMultiplyAdd(w, x1, a01);
                            w = Vector512.Create(wk[1]); a10 = Vector512.FusedMultiplyAdd(w, x0, a10); a11 = Vector512.FusedMultiplyAdd(w, x1, a11);
                            w = Vector512.Create(wk[2]); a20 = Vector512.FusedMultiplyAdd(w, x0, a20); a21 = Vector512.FusedMultiplyAdd(w, x1, a21);
                            w = Vector512.Create(wk[3]); a30 = Vector512.FusedMultiplyAdd(w, x0, a30); a31 = Vector512.FusedMultiplyAdd(w, x1, a31);
                            w = Vector512.Create(wk[4]); a40 = Vector512.FusedMultiplyAdd(w, x0, a40); a41 = Vector512.FusedMultiplyAdd(w, x1, a41);
                            w = Vector512.Create(wk[5]); a50 = Vector512.FusedMultiplyAdd(w, x0, a50); a51 = Vector512.FusedMultiplyAdd(w, x1, a51);
                            w = Vector512.Create(wk[6]); a60 = Vector512.FusedMultiplyAdd(w, x0, a60); a61 = Vector512.FusedMultiplyAdd(w, x1, a61);
                            w = Vector512.Create(wk[7]); a70 = Vector512.FusedMultiplyAdd(w, x0, a70); a71 = Vector512.FusedMultiplyAdd(w, x1, a71);
                        }
                    }
                }
                // Accumulators go to the tile before anything is called, so none of them lives across a call (which would spill them in the loop).
                a00.Store(tile + 0 * v); a01.Store(tile + 1 * v);
                a10.Store(tile + 2 * v); a11.Store(tile + 3 * v);
                a20.Store(tile + 4 * v); a21.Store(tile + 5 * v);
                a30.Store(tile + 6 * v); a31.Store(tile + 7 * v);
                a40.Store(tile + 8 * v); a41.Store(tile + 9 * v);
                a50.Store(tile + 10 * v); a51.Store(tile + 11 * v);
                a60.Store(tile + 12 * v); a61.Store(tile + 13 * v);
                a70.Store(tile + 14 * v); a71.Store(tile + 15 * v);
                long outBase = b * cout * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 2 * v);
                bool add = accumulate || c0 > 0;
                for (int j = 0; j < 8 && cob * 8 + j < cout; j++)
                {
                    float* destination = py + outBase + (cob * 8 + j) * outChannel;
                    float* source = tile + 2 * j * v;
                    if (valid == 2 * v)
                    {
                        Vector512<float> lo = Vector512.Load(source), hi = Vector512.Load(source + v);
                        if (add)
                        {
                            lo += Vector512.Load(destination);
                            hi += Vector512.Load(destination + v);
                        }
                        lo.Store(destination);
                        hi.Store(destination + v);
                    }
                    else if (add) for (int i = 0; i < valid; i++) destination[i] += source[i];
                    else for (int i = 0; i < valid; i++) destination[i] = source[i];
                }
            }
        }
    }

    /// <summary>Partial weight gradient [⌈Co/8⌉·8][Ci][27] of the depth slices of group <paramref name="g"/>, with 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroup512(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int blocks, int depth, int height, int p, int rowWidth)
    {
        var partial = new float[blocks * 8 * cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = Vector512<float>.Count;
        fixed (float* px = xp, pg = gp, part = partial)
        {
            for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
            {
                int b = slab / depth, d = slab % depth;
                // Rows in blocks of 8, so the output-gradient rows of 8 channels stay in L1 across all (ci, kd, kh).
                for (int h0 = 0; h0 < height; h0 += 8)
                for (int ci = 0; ci < cin; ci++)
                for (int kd = 0; kd < 3; kd++)
                for (int kh = 0; kh < 3; kh++)
                {
                    float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                    for (int cob = 0; cob < blocks; cob++)
                    {
                        float* gPlane = pg + ((long)b * blocks * 8 + cob * 8) * gChannel + (long)d * height * rowWidth;
                        Vector512<float> g00 = default, g01 = default, g02 = default;
                        Vector512<float> g10 = default, g11 = default, g12 = default;
                        Vector512<float> g20 = default, g21 = default, g22 = default;
                        Vector512<float> g30 = default, g31 = default, g32 = default;
                        Vector512<float> g40 = default, g41 = default, g42 = default;
                        Vector512<float> g50 = default, g51 = default, g52 = default;
                        Vector512<float> g60 = default, g61 = default, g62 = default;
                        Vector512<float> g70 = default, g71 = default, g72 = default;
                        for (int h = h0; h < Math.Min(h0 + 8, height); h++)
                        {
                            float* xRow = xPlane + (long)h * wp;
                            float* gRowStart = gPlane + (long)h * rowWidth;
                            for (int wc = 0; wc < rowWidth; wc += v)
                            {
                                Vector512<float> x0 = Vector512.Load(xRow + wc), x1 = Vector512.Load(xRow + wc + p), x2 = Vector512.Load(xRow + wc + 2 * p), y;
                                float* gRow = gRowStart + wc;
                                y = Vector512.Load(gRow + 0 * gChannel); g00 = Vector512.FusedMultiplyAdd(y, x0, g00); g01 = Vector512.FusedMultiplyAdd(y, x1, g01); g02 = Vector512.FusedMultiplyAdd(y, x2, g02);
                                y = Vector512.Load(gRow + 1 * gChannel); g10 = Vector512.FusedMultiplyAdd(y, x0, g10); g11 = Vector512.FusedMultiplyAdd(y, x1, g11); g12 = Vector512.FusedMultiplyAdd(y, x2, g12);
                                y = Vector512.Load(gRow + 2 * gChannel); g20 = Vector512.FusedMultiplyAdd(y, x0, g20); g21 = Vector512.FusedMultiplyAdd(y, x1, g21); g22 = Vector512.FusedMultiplyAdd(y, x2, g22);
                                y = Vector512.Load(gRow + 3 * gChannel); g30 = Vector512.FusedMultiplyAdd(y, x0, g30); g31 = Vector512.FusedMultiplyAdd(y, x1, g31); g32 = Vector512.FusedMultiplyAdd(y, x2, g32);
                                y = Vector512.Load(gRow + 4 * gChannel); g40 = Vector512.FusedMultiplyAdd(y, x0, g40); g41 = Vector512.FusedMultiplyAdd(y, x1, g41); g42 = Vector512.FusedMultiplyAdd(y, x2, g42);
                                y = Vector512.Load(gRow + 5 * gChannel); g50 = Vector512.FusedMultiplyAdd(y, x0, g50); g51 = Vector512.FusedMultiplyAdd(y, x1, g51); g52 = Vector512.FusedMultiplyAdd(y, x2, g52);
                                y = Vector512.Load(gRow + 6 * gChannel); g60 = Vector512.FusedMultiplyAdd(y, x0, g60); g61 = Vector512.FusedMultiplyAdd(y, x1, g61); g62 = Vector512.FusedMultiplyAdd(y, x2, g62);
                                y = Vector512.Load(gRow + 7 * gChannel); g70 = Vector512.FusedMultiplyAdd(y, x0, g70); g71 = Vector512.FusedMultiplyAdd(y, x1, g71); g72 = Vector512.FusedMultiplyAdd(y, x2, g72);
                            }
                        }
                        float* t;
                        t = part + ((long)(cob * 8 + 0) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g00); t[1] += Vector512.Sum(g01); t[2] += Vector512.Sum(g02);
                        t = part + ((long)(cob * 8 + 1) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g10); t[1] += Vector512.Sum(g11); t[2] += Vector512.Sum(g12);
                        t = part + ((long)(cob * 8 + 2) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g20); t[1] += Vector512.Sum(g21); t[2] += Vector512.Sum(g22);
                        t = part + ((long)(cob * 8 + 3) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g30); t[1] += Vector512.Sum(g31); t[2] += Vector512.Sum(g32);
                        t = part + ((long)(cob * 8 + 4) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g40); t[1] += Vector512.Sum(g41); t[2] += Vector512.Sum(g42);
                        t = part + ((long)(cob * 8 + 5) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g50); t[1] += Vector512.Sum(g51); t[2] += Vector512.Sum(g52);
                        t = part + ((long)(cob * 8 + 6) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g60); t[1] += Vector512.Sum(g61); t[2] += Vector512.Sum(g62);
                        t = part + ((long)(cob * 8 + 7) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector512.Sum(g70); t[1] += Vector512.Sum(g71); t[2] += Vector512.Sum(g72);
                    }
                }
            }
        }
        return partial;
    }

    /// <summary>One work item of the 256-bit convolution: batch b, output-channel block, depth d (item = (b·blocks + block)·depth + d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItem256(int item, float[] input, int cin, float[] packed, int cout, float[]? bias, int depth, int height, int width,
        int p, int blocks, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
    {
        int d = item % depth, cob = item / depth % blocks, b = item / depth / blocks;
        int v = Vector256<float>.Count;
        float* tile = stackalloc float[16 * Vector256<float>.Count];
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
            // Input channels in blocks of 8, so the rows one output row reads (8 channels × 9 rows) stay in L1;
            // blocks after the first add to what the previous ones stored.
            for (int c0 = 0; c0 < cin; c0 += 8)
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 2 * v)
            {
                Vector256<float> a00 = c0 == 0 ? Vector256.Create(b0) : default, a01 = a00;
                Vector256<float> a10 = c0 == 0 ? Vector256.Create(b1) : default, a11 = a10;
                Vector256<float> a20 = c0 == 0 ? Vector256.Create(b2) : default, a21 = a20;
                Vector256<float> a30 = c0 == 0 ? Vector256.Create(b3) : default, a31 = a30;
                Vector256<float> a40 = c0 == 0 ? Vector256.Create(b4) : default, a41 = a40;
                Vector256<float> a50 = c0 == 0 ? Vector256.Create(b5) : default, a51 = a50;
                Vector256<float> a60 = c0 == 0 ? Vector256.Create(b6) : default, a61 = a60;
                Vector256<float> a70 = c0 == 0 ? Vector256.Create(b7) : default, a71 = a70;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw + ((long)cob * cin + c0) * 27 * 8;
                for (int ci = c0; ci < Math.Min(c0 + 8, cin); ci++)
                {
                    float* xc = xBase + ci * inChannel;
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = xc + (long)(kd * hp + kh) * p * wp;
                        for (int kw = 0; kw < 3; kw++, wk += 8)
                        {
                            float* xx = xr + kw * p;
                            Vector256<float> x0 = Vector256.Load(xx), x1 = Vector256.Load(xx + v), w;
                            w = Vector256.Create(wk[0]); a00 = Vector256.FusedMultiplyAdd(w, x0, a00); a01 = Vector256.FusedMultiplyAdd(w, x1, a01);
                            w = Vector256.Create(wk[1]); a10 = Vector256.FusedMultiplyAdd(w, x0, a10); a11 = Vector256.FusedMultiplyAdd(w, x1, a11);
                            w = Vector256.Create(wk[2]); a20 = Vector256.FusedMultiplyAdd(w, x0, a20); a21 = Vector256.FusedMultiplyAdd(w, x1, a21);
                            w = Vector256.Create(wk[3]); a30 = Vector256.FusedMultiplyAdd(w, x0, a30); a31 = Vector256.FusedMultiplyAdd(w, x1, a31);
                            w = Vector256.Create(wk[4]); a40 = Vector256.FusedMultiplyAdd(w, x0, a40); a41 = Vector256.FusedMultiplyAdd(w, x1, a41);
                            w = Vector256.Create(wk[5]); a50 = Vector256.FusedMultiplyAdd(w, x0, a50); a51 = Vector256.FusedMultiplyAdd(w, x1, a51);
                            w = Vector256.Create(wk[6]); a60 = Vector256.FusedMultiplyAdd(w, x0, a60); a61 = Vector256.FusedMultiplyAdd(w, x1, a61);
                            w = Vector256.Create(wk[7]); a70 = Vector256.FusedMultiplyAdd(w, x0, a70); a71 = Vector256.FusedMultiplyAdd(w, x1, a71);
                        }
                    }
                }
                // Accumulators go to the tile before anything is called, so none of them lives across a call (which would spill them in the loop).
                a00.Store(tile + 0 * v); a01.Store(tile + 1 * v);
                a10.Store(tile + 2 * v); a11.Store(tile + 3 * v);
                a20.Store(tile + 4 * v); a21.Store(tile + 5 * v);
                a30.Store(tile + 6 * v); a31.Store(tile + 7 * v);
                a40.Store(tile + 8 * v); a41.Store(tile + 9 * v);
                a50.Store(tile + 10 * v); a51.Store(tile + 11 * v);
                a60.Store(tile + 12 * v); a61.Store(tile + 13 * v);
                a70.Store(tile + 14 * v); a71.Store(tile + 15 * v);
                long outBase = b * cout * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 2 * v);
                bool add = accumulate || c0 > 0;
                for (int j = 0; j < 8 && cob * 8 + j < cout; j++)
                {
                    float* destination = py + outBase + (cob * 8 + j) * outChannel;
                    float* source = tile + 2 * j * v;
                    if (valid == 2 * v)
                    {
                        Vector256<float> lo = Vector256.Load(source), hi = Vector256.Load(source + v);
                        if (add)
                        {
                            lo += Vector256.Load(destination);
                            hi += Vector256.Load(destination + v);
                        }
                        lo.Store(destination);
                        hi.Store(destination + v);
                    }
                    else if (add) for (int i = 0; i < valid; i++) destination[i] += source[i];
                    else for (int i = 0; i < valid; i++) destination[i] = source[i];
                }
            }
        }
    }

    /// <summary>Partial weight gradient [⌈Co/8⌉·8][Ci][27] of the depth slices of group <paramref name="g"/>, with 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroup256(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int blocks, int depth, int height, int p, int rowWidth)
    {
        var partial = new float[blocks * 8 * cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = Vector256<float>.Count;
        fixed (float* px = xp, pg = gp, part = partial)
        {
            for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
            {
                int b = slab / depth, d = slab % depth;
                // Rows in blocks of 8, so the output-gradient rows of 8 channels stay in L1 across all (ci, kd, kh).
                for (int h0 = 0; h0 < height; h0 += 8)
                for (int ci = 0; ci < cin; ci++)
                for (int kd = 0; kd < 3; kd++)
                for (int kh = 0; kh < 3; kh++)
                {
                    float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                    for (int cob = 0; cob < blocks; cob++)
                    {
                        float* gPlane = pg + ((long)b * blocks * 8 + cob * 8) * gChannel + (long)d * height * rowWidth;
                        Vector256<float> g00 = default, g01 = default, g02 = default;
                        Vector256<float> g10 = default, g11 = default, g12 = default;
                        Vector256<float> g20 = default, g21 = default, g22 = default;
                        Vector256<float> g30 = default, g31 = default, g32 = default;
                        Vector256<float> g40 = default, g41 = default, g42 = default;
                        Vector256<float> g50 = default, g51 = default, g52 = default;
                        Vector256<float> g60 = default, g61 = default, g62 = default;
                        Vector256<float> g70 = default, g71 = default, g72 = default;
                        for (int h = h0; h < Math.Min(h0 + 8, height); h++)
                        {
                            float* xRow = xPlane + (long)h * wp;
                            float* gRowStart = gPlane + (long)h * rowWidth;
                            for (int wc = 0; wc < rowWidth; wc += v)
                            {
                                Vector256<float> x0 = Vector256.Load(xRow + wc), x1 = Vector256.Load(xRow + wc + p), x2 = Vector256.Load(xRow + wc + 2 * p), y;
                                float* gRow = gRowStart + wc;
                                y = Vector256.Load(gRow + 0 * gChannel); g00 = Vector256.FusedMultiplyAdd(y, x0, g00); g01 = Vector256.FusedMultiplyAdd(y, x1, g01); g02 = Vector256.FusedMultiplyAdd(y, x2, g02);
                                y = Vector256.Load(gRow + 1 * gChannel); g10 = Vector256.FusedMultiplyAdd(y, x0, g10); g11 = Vector256.FusedMultiplyAdd(y, x1, g11); g12 = Vector256.FusedMultiplyAdd(y, x2, g12);
                                y = Vector256.Load(gRow + 2 * gChannel); g20 = Vector256.FusedMultiplyAdd(y, x0, g20); g21 = Vector256.FusedMultiplyAdd(y, x1, g21); g22 = Vector256.FusedMultiplyAdd(y, x2, g22);
                                y = Vector256.Load(gRow + 3 * gChannel); g30 = Vector256.FusedMultiplyAdd(y, x0, g30); g31 = Vector256.FusedMultiplyAdd(y, x1, g31); g32 = Vector256.FusedMultiplyAdd(y, x2, g32);
                                y = Vector256.Load(gRow + 4 * gChannel); g40 = Vector256.FusedMultiplyAdd(y, x0, g40); g41 = Vector256.FusedMultiplyAdd(y, x1, g41); g42 = Vector256.FusedMultiplyAdd(y, x2, g42);
                                y = Vector256.Load(gRow + 5 * gChannel); g50 = Vector256.FusedMultiplyAdd(y, x0, g50); g51 = Vector256.FusedMultiplyAdd(y, x1, g51); g52 = Vector256.FusedMultiplyAdd(y, x2, g52);
                                y = Vector256.Load(gRow + 6 * gChannel); g60 = Vector256.FusedMultiplyAdd(y, x0, g60); g61 = Vector256.FusedMultiplyAdd(y, x1, g61); g62 = Vector256.FusedMultiplyAdd(y, x2, g62);
                                y = Vector256.Load(gRow + 7 * gChannel); g70 = Vector256.FusedMultiplyAdd(y, x0, g70); g71 = Vector256.FusedMultiplyAdd(y, x1, g71); g72 = Vector256.FusedMultiplyAdd(y, x2, g72);
                            }
                        }
                        float* t;
                        t = part + ((long)(cob * 8 + 0) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g00); t[1] += Vector256.Sum(g01); t[2] += Vector256.Sum(g02);
                        t = part + ((long)(cob * 8 + 1) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g10); t[1] += Vector256.Sum(g11); t[2] += Vector256.Sum(g12);
                        t = part + ((long)(cob * 8 + 2) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g20); t[1] += Vector256.Sum(g21); t[2] += Vector256.Sum(g22);
                        t = part + ((long)(cob * 8 + 3) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g30); t[1] += Vector256.Sum(g31); t[2] += Vector256.Sum(g32);
                        t = part + ((long)(cob * 8 + 4) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g40); t[1] += Vector256.Sum(g41); t[2] += Vector256.Sum(g42);
                        t = part + ((long)(cob * 8 + 5) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g50); t[1] += Vector256.Sum(g51); t[2] += Vector256.Sum(g52);
                        t = part + ((long)(cob * 8 + 6) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g60); t[1] += Vector256.Sum(g61); t[2] += Vector256.Sum(g62);
                        t = part + ((long)(cob * 8 + 7) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += Vector256.Sum(g70); t[1] += Vector256.Sum(g71); t[2] += Vector256.Sum(g72);
                    }
                }
            }
        }
        return partial;
    }

    /// <summary>One work item of the 512-bit convolution for a single output channel (4 vectors along W instead of 8 channels × 2, so nothing is wasted on empty channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItemSingle512(int item, float[] input, int cin, float[] packed, float[]? bias, int depth, int height, int width,
        int p, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
    {
        int d = item % depth, b = item / depth;
        int v = Vector512<float>.Count;
        float* tile = stackalloc float[4 * Vector512<float>.Count];
        float b0 = bias is null ? 0f : bias[0];
        fixed (float* px = input, pw = packed, py = output)
        {
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 4 * v)
            {
                Vector512<float> a0 = Vector512.Create(b0), a1 = a0, a2 = a0, a3 = a0;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw;
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
                            Vector512<float> w = Vector512.Create(wk[0]);
                            a0 = Vector512.FusedMultiplyAdd(w, Vector512.Load(xx), a0);
                            a1 = Vector512.FusedMultiplyAdd(w, Vector512.Load(xx + v), a1);
                            a2 = Vector512.FusedMultiplyAdd(w, Vector512.Load(xx + 2 * v), a2);
                            a3 = Vector512.FusedMultiplyAdd(w, Vector512.Load(xx + 3 * v), a3);
                        }
                    }
                }
                a0.Store(tile); a1.Store(tile + v); a2.Store(tile + 2 * v); a3.Store(tile + 3 * v);
                float* destination = py + b * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 4 * v);
                if (accumulate) for (int i = 0; i < valid; i++) destination[i] += tile[i];
                else for (int i = 0; i < valid; i++) destination[i] = tile[i];
            }
        }
    }

    /// <summary>Partial weight gradient [1][Ci][27] of the depth slices of group <paramref name="g"/> for a single output channel, with 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroupSingle512(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int depth, int height, int p, int rowWidth)
    {
        var partial = new float[cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = Vector512<float>.Count;
        fixed (float* px = xp, pg = gp, part = partial)
        {
            for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
            {
                int b = slab / depth, d = slab % depth;
                float* gPlane = pg + b * gChannel + (long)d * height * rowWidth;
                for (int ci = 0; ci < cin; ci++)
                for (int kd = 0; kd < 3; kd++)
                for (int kh = 0; kh < 3; kh++)
                {
                    float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                    Vector512<float> g0 = default, g1 = default, g2 = default;
                    for (int h = 0; h < height; h++)
                    {
                        float* xRow = xPlane + (long)h * wp;
                        float* gRow = gPlane + (long)h * rowWidth;
                        for (int wc = 0; wc < rowWidth; wc += v)
                        {
                            Vector512<float> y = Vector512.Load(gRow + wc);
                            g0 = Vector512.FusedMultiplyAdd(y, Vector512.Load(xRow + wc), g0);
                            g1 = Vector512.FusedMultiplyAdd(y, Vector512.Load(xRow + wc + p), g1);
                            g2 = Vector512.FusedMultiplyAdd(y, Vector512.Load(xRow + wc + 2 * p), g2);
                        }
                    }
                    float* t = part + (long)ci * 27 + (kd * 3 + kh) * 3;
                    t[0] += Vector512.Sum(g0); t[1] += Vector512.Sum(g1); t[2] += Vector512.Sum(g2);
                }
            }
        }
        return partial;
    }

    /// <summary>One work item of the 256-bit convolution for a single output channel (4 vectors along W instead of 8 channels × 2, so nothing is wasted on empty channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItemSingle256(int item, float[] input, int cin, float[] packed, float[]? bias, int depth, int height, int width,
        int p, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
    {
        int d = item % depth, b = item / depth;
        int v = Vector256<float>.Count;
        float* tile = stackalloc float[4 * Vector256<float>.Count];
        float b0 = bias is null ? 0f : bias[0];
        fixed (float* px = input, pw = packed, py = output)
        {
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 4 * v)
            {
                Vector256<float> a0 = Vector256.Create(b0), a1 = a0, a2 = a0, a3 = a0;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw;
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
                            Vector256<float> w = Vector256.Create(wk[0]);
                            a0 = Vector256.FusedMultiplyAdd(w, Vector256.Load(xx), a0);
                            a1 = Vector256.FusedMultiplyAdd(w, Vector256.Load(xx + v), a1);
                            a2 = Vector256.FusedMultiplyAdd(w, Vector256.Load(xx + 2 * v), a2);
                            a3 = Vector256.FusedMultiplyAdd(w, Vector256.Load(xx + 3 * v), a3);
                        }
                    }
                }
                a0.Store(tile); a1.Store(tile + v); a2.Store(tile + 2 * v); a3.Store(tile + 3 * v);
                float* destination = py + b * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 4 * v);
                if (accumulate) for (int i = 0; i < valid; i++) destination[i] += tile[i];
                else for (int i = 0; i < valid; i++) destination[i] = tile[i];
            }
        }
    }

    /// <summary>Partial weight gradient [1][Ci][27] of the depth slices of group <paramref name="g"/> for a single output channel, with 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroupSingle256(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int depth, int height, int p, int rowWidth)
    {
        var partial = new float[cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = Vector256<float>.Count;
        fixed (float* px = xp, pg = gp, part = partial)
        {
            for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
            {
                int b = slab / depth, d = slab % depth;
                float* gPlane = pg + b * gChannel + (long)d * height * rowWidth;
                for (int ci = 0; ci < cin; ci++)
                for (int kd = 0; kd < 3; kd++)
                for (int kh = 0; kh < 3; kh++)
                {
                    float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                    Vector256<float> g0 = default, g1 = default, g2 = default;
                    for (int h = 0; h < height; h++)
                    {
                        float* xRow = xPlane + (long)h * wp;
                        float* gRow = gPlane + (long)h * rowWidth;
                        for (int wc = 0; wc < rowWidth; wc += v)
                        {
                            Vector256<float> y = Vector256.Load(gRow + wc);
                            g0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(xRow + wc), g0);
                            g1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(xRow + wc + p), g1);
                            g2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(xRow + wc + 2 * p), g2);
                        }
                    }
                    float* t = part + (long)ci * 27 + (kd * 3 + kh) * 3;
                    t[0] += Vector256.Sum(g0); t[1] += Vector256.Sum(g1); t[2] += Vector256.Sum(g2);
                }
            }
        }
        return partial;
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

    /// <summary>W rounded up to four vectors of <paramref name="width"/> (the widest step of any kernel).</summary>
    private static int RowWidth(int w, VectorWidth width)
    {
        int chunk = width == VectorWidth.Bits512 ? 64 : 32;
        return (w + chunk - 1) / chunk * chunk;
    }
}
