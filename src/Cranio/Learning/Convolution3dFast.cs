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

/// <summary>How many output channels one pass of the convolution kernels accumulates at once.</summary>
internal enum ChannelBlocking
{
    /// <summary>8 output channels: 8 × 2 vectors forward, 8 × 3 W-taps for the weight gradient (16 and 24 accumulators; for AVX-512's 32 registers).</summary>
    Eight,

    /// <summary>4 output channels: 4 × 2 vectors forward, 4 × 3 W-taps for the weight gradient (8 and 12 accumulators; for AVX2's 16 registers).</summary>
    Four,
}

/// <summary>
/// SIMD 3×3×3 convolution with stride 1 and padding = dilation ("same": output size = input size), forward and
/// both gradients, in pure managed code, for 512-bit and 256-bit vectors: each kernel is written once over
/// <see cref="IFloatLanes{TVector}"/> and compiled for both widths (<see cref="Lanes512"/>, <see cref="Lanes256"/>).
/// <para>Layout: the input is copied into a zero-haloed buffer (N, C, D + 2p, H + 2p, Wv + 2p), Wv = W rounded up to
/// four vectors, so the inner loops need no bounds checks. Outputs are vectorised along W and register-blocked as
/// 8 output channels × 2 vectors with 512-bit vectors and 4 × 2 with 256-bit ones, whose 16 registers cannot hold 16
/// accumulators with their operands (<see cref="ChannelBlocking"/>; a single output channel: 4 vectors); weights are packed as [output-channel block][input channel][27 taps][8] and
/// broadcast. The input channels are summed in passes of as many as keep one output row's input rows in L1
/// (<see cref="InputChannelStep"/>), each pass adding to what the one before stored. The input gradient is the same
/// forward pass over the padded output gradient with the kernel flipped and its channel axes swapped. The weight gradient is accumulated as 8 (or 4) output channels × 3 W-taps per
/// (input channel, depth tap, height tap) over fixed groups of depth slices, and the groups are summed in a fixed
/// order, so results do not depend on the number of threads. Work is spread with Parallel.For over
/// (batch, output-channel block, depth) for the forward pass (with the 4-channel blocking, each half of a block is its
/// own work item) and over depth-slice groups for the weight gradient.</para>
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

    /// <summary>The blocking that fits <paramref name="width"/>'s register file: <see cref="ChannelBlocking.Eight"/> for 512-bit vectors, <see cref="ChannelBlocking.Four"/> for 256-bit ones.</summary>
    public static ChannelBlocking BlockingFor(VectorWidth width) => width == VectorWidth.Bits512 ? ChannelBlocking.Eight : ChannelBlocking.Four;

    /// <summary>Whether the weights and settings are the case these kernels handle.</summary>
    public static bool Handles(Tensor weight, Convolution3dSettings settings) =>
        weight.Shape[2] == 3 && weight.Shape[3] == 3 && weight.Shape[4] == 3 && settings.Stride == 1 && settings.Padding == settings.Dilation;

    /// <summary>y = conv(x, w) + b; <paramref name="blocking"/> null = <see cref="BlockingFor"/> the width (results are the same either way).</summary>
    public static void Forward(Tensor x, Tensor w, float[]? bias, int dilation, Tensor y, VectorWidth width, ChannelBlocking? blocking = null) =>
        Forward([new ChannelSource(x.Data, x.C, 1)], w, bias, dilation, y, width, blocking);

    /// <summary>
    /// y = conv(x, w) + b where x is the concatenation of <paramref name="x"/>'s sources (<see cref="ChannelSource"/>),
    /// which <paramref name="y"/>'s batch and spatial sizes fix; their channels add up to w's input channels. With
    /// <paramref name="rectify"/>, y = ReLU(conv(x, w) + b), each work item rectifying the slice it wrote.
    /// </summary>
    public static void Forward(IReadOnlyList<ChannelSource> x, Tensor w, float[]? bias, int dilation, Tensor y, VectorWidth width, ChannelBlocking? blocking = null,
        bool rectify = false)
    {
        int cin = w.Shape[1];
        int rowWidth = RowWidth(y.W, width);
        float[] padded = Pad(x, y.N, cin, y.D, y.H, y.W, dilation, rowWidth + 2 * dilation);
        Core(padded, cin, Pack(w, transpose: false), w.Shape[0], bias, y.N, y.D, y.H, y.W, dilation, rowWidth, y.Data, accumulate: false, width, blocking ?? BlockingFor(width), rectify);
    }

    /// <summary>gx += convᵀ(gy, w): the gradient with respect to the input; <paramref name="blocking"/> as for <see cref="Forward(Tensor, Tensor, float[], int, Tensor, VectorWidth, ChannelBlocking?)"/>.</summary>
    public static void BackwardInput(Tensor gy, Tensor w, int dilation, float[] gx, VectorWidth width, ChannelBlocking? blocking = null)
    {
        int rowWidth = RowWidth(gy.W, width);
        float[] padded = Pad(gy.Data, gy.N, gy.C, gy.C, gy.D, gy.H, gy.W, dilation, rowWidth + 2 * dilation);
        Core(padded, gy.C, Pack(w, transpose: true), w.Shape[1], null, gy.N, gy.D, gy.H, gy.W, dilation, rowWidth, gx, accumulate: true, width, blocking ?? BlockingFor(width));
    }

    /// <summary>gw += Σ gy ⊗ x and gb += Σ gy: the gradients with respect to the weights and the bias; <paramref name="blocking"/> as for <see cref="Forward(Tensor, Tensor, float[], int, Tensor, VectorWidth, ChannelBlocking?)"/>.</summary>
    public static void BackwardWeights(Tensor gy, Tensor x, Tensor w, int dilation, float[] gw, float[]? gb, VectorWidth width, ChannelBlocking? blocking = null) =>
        BackwardWeights(gy, [new ChannelSource(x.Data, x.C, 1)], w, dilation, gw, gb, width, blocking);

    /// <summary>The weight and bias gradients of <see cref="Forward(IReadOnlyList{ChannelSource}, Tensor, float[], int, Tensor, VectorWidth, ChannelBlocking?, bool)"/>, as above.</summary>
    public static void BackwardWeights(Tensor gy, IReadOnlyList<ChannelSource> x, Tensor w, int dilation, float[] gw, float[]? gb, VectorWidth width, ChannelBlocking? blocking = null)
    {
        int n = gy.N, cin = w.Shape[1], cout = w.Shape[0], depth = gy.D, height = gy.H, p = dilation;
        int rowWidth = RowWidth(gy.W, width);
        int blocks = (cout + 7) / 8;
        float[] xp = Pad(x, n, cin, depth, height, gy.W, p, rowWidth + 2 * p);
        float[] gp = Pad(gy.Data, n, cout, cout == 1 ? 1 : blocks * 8, depth, height, gy.W, 0, rowWidth);
        int slabs = n * depth;
        int groups = Math.Min(slabs, 16);
        var partials = new float[groups][];
        bool four = (blocking ?? BlockingFor(width)) == ChannelBlocking.Four;
        int columns = Columns(gy.W, width);
        Parallel.For(0, groups, g => partials[g] = (cout == 1, four, width) switch
        {
            (true, _, VectorWidth.Bits512) => WeightGroupSingle<Vector512<float>, Lanes512>(g, groups, slabs, xp, gp, cin, depth, height, p, rowWidth, columns),
            (true, _, _) => WeightGroupSingle<Vector256<float>, Lanes256>(g, groups, slabs, xp, gp, cin, depth, height, p, rowWidth, columns),
            (false, false, VectorWidth.Bits512) => WeightGroup<Vector512<float>, Lanes512>(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth, columns),
            (false, false, _) => WeightGroup<Vector256<float>, Lanes256>(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth, columns),
            (false, true, VectorWidth.Bits512) => WeightGroupHalf<Vector512<float>, Lanes512>(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth, columns),
            (false, true, _) => WeightGroupHalf<Vector256<float>, Lanes256>(g, groups, slabs, xp, gp, cin, blocks, depth, height, p, rowWidth, columns),
        });
        for (int i = 0; i < cout * cin * 27; i++)
        {
            float sum = 0;
            for (int g = 0; g < groups; g++) sum += partials[g][i];
            gw[i] += sum;
        }
        if (gb is null) return;
        int plane = depth * height * gy.W;
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
        int p, int rowWidth, float[] output, bool accumulate, VectorWidth vectors, ChannelBlocking blocking, bool rectify = false)
    {
        int blocks = (cout + 7) / 8;
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long inChannel = (long)(depth + 2 * p) * hp * wp;
        long outChannel = (long)depth * height * width;
        bool wide = vectors == VectorWidth.Bits512;
        // Each work item writes one depth slice of a group of output channels: item = (b·groups + group)·depth + d.
        int group = cout == 1 ? 1 : blocking == ChannelBlocking.Eight ? 8 : 4;
        int groups = cout == 1 ? 1 : blocks * (8 / group);
        Action<int> kernel = (cout == 1, blocking == ChannelBlocking.Eight, wide) switch
        {
            (true, _, true) => item => CoreItemSingle<Vector512<float>, Lanes512>(item, input, cin, packed, bias, depth, height, width, p, hp, wp, inChannel, outChannel, output, accumulate),
            (true, _, false) => item => CoreItemSingle<Vector256<float>, Lanes256>(item, input, cin, packed, bias, depth, height, width, p, hp, wp, inChannel, outChannel, output, accumulate),
            (false, true, true) => item => CoreItem<Vector512<float>, Lanes512>(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate),
            (false, true, false) => item => CoreItem<Vector256<float>, Lanes256>(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate),
            (false, false, true) => item => CoreItemHalf<Vector512<float>, Lanes512>(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate),
            (false, false, false) => item => CoreItemHalf<Vector256<float>, Lanes256>(item, input, cin, packed, cout, bias, depth, height, width, p, blocks, hp, wp, inChannel, outChannel, output, accumulate),
        };
        Parallel.For(0, n * groups * depth, item =>
        {
            kernel(item);
            if (!rectify) return;
            // The slice is still in cache: rectify it here rather than in a pass of its own.
            int d = item % depth, first = item / depth % groups * group, b = item / depth / groups;
            int plane = height * width;
            for (int o = first; o < Math.Min(first + group, cout); o++)
            {
                var slice = output.AsSpan((int)((b * cout + o) * outChannel + (long)d * plane), plane);
                Functional.ApplyLeakyRelu(slice, slice, 0f);
            }
        });
    }

    /// <summary>One work item of the convolution blocked as 8 output channels × 2 vectors (<see cref="ChannelBlocking.Eight"/>): batch b, output-channel block, depth d (item = (b·blocks + block)·depth + d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItem<TVector, TLanes>(int item, float[] input, int cin, float[] packed, int cout, float[]? bias, int depth, int height, int width,
        int p, int blocks, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        int d = item % depth, cob = item / depth % blocks, b = item / depth / blocks;
        int v = TLanes.Count;
        float* tile = stackalloc float[16 * TLanes.Count];
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
            // Input channels in blocks, so the rows one output row reads stay in L1; blocks after the first add to
            // what the previous ones stored.
            int step = InputChannelStep(width, p);
            for (int c0 = 0; c0 < cin; c0 += step)
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 2 * v)
            {
                TVector a00 = c0 == 0 ? TLanes.Broadcast(b0) : default, a01 = a00;
                TVector a10 = c0 == 0 ? TLanes.Broadcast(b1) : default, a11 = a10;
                TVector a20 = c0 == 0 ? TLanes.Broadcast(b2) : default, a21 = a20;
                TVector a30 = c0 == 0 ? TLanes.Broadcast(b3) : default, a31 = a30;
                TVector a40 = c0 == 0 ? TLanes.Broadcast(b4) : default, a41 = a40;
                TVector a50 = c0 == 0 ? TLanes.Broadcast(b5) : default, a51 = a50;
                TVector a60 = c0 == 0 ? TLanes.Broadcast(b6) : default, a61 = a60;
                TVector a70 = c0 == 0 ? TLanes.Broadcast(b7) : default, a71 = a70;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw + ((long)cob * cin + c0) * 27 * 8;
                for (int ci = c0; ci < Math.Min(c0 + step, cin); ci++)
                {
                    float* xc = xBase + ci * inChannel;
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = xc + (long)(kd * hp + kh) * p * wp;
                        for (int kw = 0; kw < 3; kw++, wk += 8)
                        {
                            float* xx = xr + kw * p;
                            TVector x0 = TLanes.Load(xx), x1 = TLanes.Load(xx + v), w;
                            w = TLanes.Broadcast(wk[0]); a00 = TLanes.MultiplyAdd(w, x0, a00); a01 = TLanes.MultiplyAdd(w, x1, a01);
                            w = TLanes.Broadcast(wk[1]); a10 = TLanes.MultiplyAdd(w, x0, a10); a11 = TLanes.MultiplyAdd(w, x1, a11);
                            w = TLanes.Broadcast(wk[2]); a20 = TLanes.MultiplyAdd(w, x0, a20); a21 = TLanes.MultiplyAdd(w, x1, a21);
                            w = TLanes.Broadcast(wk[3]); a30 = TLanes.MultiplyAdd(w, x0, a30); a31 = TLanes.MultiplyAdd(w, x1, a31);
                            w = TLanes.Broadcast(wk[4]); a40 = TLanes.MultiplyAdd(w, x0, a40); a41 = TLanes.MultiplyAdd(w, x1, a41);
                            w = TLanes.Broadcast(wk[5]); a50 = TLanes.MultiplyAdd(w, x0, a50); a51 = TLanes.MultiplyAdd(w, x1, a51);
                            w = TLanes.Broadcast(wk[6]); a60 = TLanes.MultiplyAdd(w, x0, a60); a61 = TLanes.MultiplyAdd(w, x1, a61);
                            w = TLanes.Broadcast(wk[7]); a70 = TLanes.MultiplyAdd(w, x0, a70); a71 = TLanes.MultiplyAdd(w, x1, a71);
                        }
                    }
                }
                // Accumulators go to the tile before anything is called, so none of them lives across a call (which would spill them in the loop).
                TLanes.Store(a00, tile + 0 * v); TLanes.Store(a01, tile + 1 * v);
                TLanes.Store(a10, tile + 2 * v); TLanes.Store(a11, tile + 3 * v);
                TLanes.Store(a20, tile + 4 * v); TLanes.Store(a21, tile + 5 * v);
                TLanes.Store(a30, tile + 6 * v); TLanes.Store(a31, tile + 7 * v);
                TLanes.Store(a40, tile + 8 * v); TLanes.Store(a41, tile + 9 * v);
                TLanes.Store(a50, tile + 10 * v); TLanes.Store(a51, tile + 11 * v);
                TLanes.Store(a60, tile + 12 * v); TLanes.Store(a61, tile + 13 * v);
                TLanes.Store(a70, tile + 14 * v); TLanes.Store(a71, tile + 15 * v);
                long outBase = b * cout * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 2 * v);
                bool add = accumulate || c0 > 0;
                for (int j = 0; j < 8 && cob * 8 + j < cout; j++)
                {
                    float* destination = py + outBase + (cob * 8 + j) * outChannel;
                    float* source = tile + 2 * j * v;
                    if (valid == 2 * v)
                    {
                        TVector lo = TLanes.Load(source), hi = TLanes.Load(source + v);
                        if (add)
                        {
                            lo = TLanes.Add(lo, TLanes.Load(destination));
                            hi = TLanes.Add(hi, TLanes.Load(destination + v));
                        }
                        TLanes.Store(lo, destination);
                        TLanes.Store(hi, destination + v);
                    }
                    else if (add) for (int i = 0; i < valid; i++) destination[i] += source[i];
                    else for (int i = 0; i < valid; i++) destination[i] = source[i];
                }
            }
        }
    }

    /// <summary>
    /// One work item of the convolution blocked as 4 output channels × 2 vectors (<see cref="ChannelBlocking.Four"/>):
    /// batch b, output-channel block, half h of it, depth d (item = ((b·blocks + block)·2 + h)·depth + d).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItemHalf<TVector, TLanes>(int item, float[] input, int cin, float[] packed, int cout, float[]? bias, int depth, int height, int width,
        int p, int blocks, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        int d = item % depth, half = item / depth % 2, cob = item / depth / 2 % blocks, b = item / depth / 2 / blocks;
        int first = cob * 8 + half * 4;
        if (first >= cout) return;
        int v = TLanes.Count;
        float* tile = stackalloc float[8 * TLanes.Count];
        fixed (float* px = input, pw = packed, py = output)
        {
            float b0 = first + 0 < cout && bias is not null ? bias[first + 0] : 0f;
            float b1 = first + 1 < cout && bias is not null ? bias[first + 1] : 0f;
            float b2 = first + 2 < cout && bias is not null ? bias[first + 2] : 0f;
            float b3 = first + 3 < cout && bias is not null ? bias[first + 3] : 0f;
            int step = InputChannelStep(width, p);
            for (int c0 = 0; c0 < cin; c0 += step)
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 2 * v)
            {
                TVector a00 = c0 == 0 ? TLanes.Broadcast(b0) : default, a01 = a00;
                TVector a10 = c0 == 0 ? TLanes.Broadcast(b1) : default, a11 = a10;
                TVector a20 = c0 == 0 ? TLanes.Broadcast(b2) : default, a21 = a20;
                TVector a30 = c0 == 0 ? TLanes.Broadcast(b3) : default, a31 = a30;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw + ((long)cob * cin + c0) * 27 * 8 + half * 4;
                for (int ci = c0; ci < Math.Min(c0 + step, cin); ci++)
                {
                    float* xc = xBase + ci * inChannel;
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = xc + (long)(kd * hp + kh) * p * wp;
                        for (int kw = 0; kw < 3; kw++, wk += 8)
                        {
                            float* xx = xr + kw * p;
                            TVector x0 = TLanes.Load(xx), x1 = TLanes.Load(xx + v), w;
                            w = TLanes.Broadcast(wk[0]); a00 = TLanes.MultiplyAdd(w, x0, a00); a01 = TLanes.MultiplyAdd(w, x1, a01);
                            w = TLanes.Broadcast(wk[1]); a10 = TLanes.MultiplyAdd(w, x0, a10); a11 = TLanes.MultiplyAdd(w, x1, a11);
                            w = TLanes.Broadcast(wk[2]); a20 = TLanes.MultiplyAdd(w, x0, a20); a21 = TLanes.MultiplyAdd(w, x1, a21);
                            w = TLanes.Broadcast(wk[3]); a30 = TLanes.MultiplyAdd(w, x0, a30); a31 = TLanes.MultiplyAdd(w, x1, a31);
                        }
                    }
                }
                TLanes.Store(a00, tile + 0 * v); TLanes.Store(a01, tile + 1 * v);
                TLanes.Store(a10, tile + 2 * v); TLanes.Store(a11, tile + 3 * v);
                TLanes.Store(a20, tile + 4 * v); TLanes.Store(a21, tile + 5 * v);
                TLanes.Store(a30, tile + 6 * v); TLanes.Store(a31, tile + 7 * v);
                long outBase = b * cout * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 2 * v);
                bool add = accumulate || c0 > 0;
                for (int j = 0; j < 4 && first + j < cout; j++)
                {
                    float* destination = py + outBase + (first + j) * outChannel;
                    float* source = tile + 2 * j * v;
                    if (valid == 2 * v)
                    {
                        TVector lo = TLanes.Load(source), hi = TLanes.Load(source + v);
                        if (add)
                        {
                            lo = TLanes.Add(lo, TLanes.Load(destination));
                            hi = TLanes.Add(hi, TLanes.Load(destination + v));
                        }
                        TLanes.Store(lo, destination);
                        TLanes.Store(hi, destination + v);
                    }
                    else if (add) for (int i = 0; i < valid; i++) destination[i] += source[i];
                    else for (int i = 0; i < valid; i++) destination[i] = source[i];
                }
            }
        }
    }

    /// <summary>Partial weight gradient [⌈Co/8⌉·8][Ci][27] of the depth slices of group <paramref name="g"/>, accumulated as 8 output channels × 3 W-taps (<see cref="ChannelBlocking.Eight"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroup<TVector, TLanes>(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int blocks, int depth, int height, int p, int rowWidth, int columns)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        var partial = new float[blocks * 8 * cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = TLanes.Count;
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
                        TVector g00 = default, g01 = default, g02 = default;
                        TVector g10 = default, g11 = default, g12 = default;
                        TVector g20 = default, g21 = default, g22 = default;
                        TVector g30 = default, g31 = default, g32 = default;
                        TVector g40 = default, g41 = default, g42 = default;
                        TVector g50 = default, g51 = default, g52 = default;
                        TVector g60 = default, g61 = default, g62 = default;
                        TVector g70 = default, g71 = default, g72 = default;
                        for (int h = h0; h < Math.Min(h0 + 8, height); h++)
                        {
                            float* xRow = xPlane + (long)h * wp;
                            float* gRowStart = gPlane + (long)h * rowWidth;
                            for (int wc = 0; wc < columns; wc += v)
                            {
                                TVector x0 = TLanes.Load(xRow + wc), x1 = TLanes.Load(xRow + wc + p), x2 = TLanes.Load(xRow + wc + 2 * p), y;
                                float* gRow = gRowStart + wc;
                                y = TLanes.Load(gRow + 0 * gChannel); g00 = TLanes.MultiplyAdd(y, x0, g00); g01 = TLanes.MultiplyAdd(y, x1, g01); g02 = TLanes.MultiplyAdd(y, x2, g02);
                                y = TLanes.Load(gRow + 1 * gChannel); g10 = TLanes.MultiplyAdd(y, x0, g10); g11 = TLanes.MultiplyAdd(y, x1, g11); g12 = TLanes.MultiplyAdd(y, x2, g12);
                                y = TLanes.Load(gRow + 2 * gChannel); g20 = TLanes.MultiplyAdd(y, x0, g20); g21 = TLanes.MultiplyAdd(y, x1, g21); g22 = TLanes.MultiplyAdd(y, x2, g22);
                                y = TLanes.Load(gRow + 3 * gChannel); g30 = TLanes.MultiplyAdd(y, x0, g30); g31 = TLanes.MultiplyAdd(y, x1, g31); g32 = TLanes.MultiplyAdd(y, x2, g32);
                                y = TLanes.Load(gRow + 4 * gChannel); g40 = TLanes.MultiplyAdd(y, x0, g40); g41 = TLanes.MultiplyAdd(y, x1, g41); g42 = TLanes.MultiplyAdd(y, x2, g42);
                                y = TLanes.Load(gRow + 5 * gChannel); g50 = TLanes.MultiplyAdd(y, x0, g50); g51 = TLanes.MultiplyAdd(y, x1, g51); g52 = TLanes.MultiplyAdd(y, x2, g52);
                                y = TLanes.Load(gRow + 6 * gChannel); g60 = TLanes.MultiplyAdd(y, x0, g60); g61 = TLanes.MultiplyAdd(y, x1, g61); g62 = TLanes.MultiplyAdd(y, x2, g62);
                                y = TLanes.Load(gRow + 7 * gChannel); g70 = TLanes.MultiplyAdd(y, x0, g70); g71 = TLanes.MultiplyAdd(y, x1, g71); g72 = TLanes.MultiplyAdd(y, x2, g72);
                            }
                        }
                        float* t;
                        t = part + ((long)(cob * 8 + 0) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g00); t[1] += TLanes.Sum(g01); t[2] += TLanes.Sum(g02);
                        t = part + ((long)(cob * 8 + 1) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g10); t[1] += TLanes.Sum(g11); t[2] += TLanes.Sum(g12);
                        t = part + ((long)(cob * 8 + 2) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g20); t[1] += TLanes.Sum(g21); t[2] += TLanes.Sum(g22);
                        t = part + ((long)(cob * 8 + 3) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g30); t[1] += TLanes.Sum(g31); t[2] += TLanes.Sum(g32);
                        t = part + ((long)(cob * 8 + 4) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g40); t[1] += TLanes.Sum(g41); t[2] += TLanes.Sum(g42);
                        t = part + ((long)(cob * 8 + 5) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g50); t[1] += TLanes.Sum(g51); t[2] += TLanes.Sum(g52);
                        t = part + ((long)(cob * 8 + 6) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g60); t[1] += TLanes.Sum(g61); t[2] += TLanes.Sum(g62);
                        t = part + ((long)(cob * 8 + 7) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g70); t[1] += TLanes.Sum(g71); t[2] += TLanes.Sum(g72);
                    }
                }
            }
        }
        return partial;
    }

    /// <summary>
    /// Partial weight gradient [⌈Co/8⌉·8][Ci][27] of the depth slices of group <paramref name="g"/>, accumulated as
    /// 4 output channels × 3 W-taps (<see cref="ChannelBlocking.Four"/>); each value is summed in the same order as
    /// by <see cref="WeightGroup{TVector, TLanes}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroupHalf<TVector, TLanes>(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int blocks, int depth, int height, int p, int rowWidth, int columns)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        var partial = new float[blocks * 8 * cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = TLanes.Count;
        fixed (float* px = xp, pg = gp, part = partial)
        {
            for (int slab = g * slabs / groups; slab < (g + 1) * slabs / groups; slab++)
            {
                int b = slab / depth, d = slab % depth;
                // Quads outside the input channels and taps: one quad's gradient rows (4 channels × 8 rows, 16 KiB at 128
                // wide) stay in L1 while every input channel and tap passes over them. Each partial still adds its row
                // blocks in the same order.
                for (int h0 = 0; h0 < height; h0 += 8)
                for (int quad = 0; quad < 2 * blocks; quad++)
                for (int ci = 0; ci < cin; ci++)
                for (int kd = 0; kd < 3; kd++)
                for (int kh = 0; kh < 3; kh++)
                {
                    float* xPlane = px + ((long)b * cin + ci) * xChannel + ((long)(d + kd * p) * hp + kh * p) * wp;
                    float* gPlane = pg + ((long)b * blocks * 8 + quad * 4) * gChannel + (long)d * height * rowWidth;
                    TVector g00 = default, g01 = default, g02 = default;
                    TVector g10 = default, g11 = default, g12 = default;
                    TVector g20 = default, g21 = default, g22 = default;
                    TVector g30 = default, g31 = default, g32 = default;
                    for (int h = h0; h < Math.Min(h0 + 8, height); h++)
                    {
                        float* xRow = xPlane + (long)h * wp;
                        float* gRowStart = gPlane + (long)h * rowWidth;
                        for (int wc = 0; wc < columns; wc += v)
                        {
                            TVector x0 = TLanes.Load(xRow + wc), x1 = TLanes.Load(xRow + wc + p), x2 = TLanes.Load(xRow + wc + 2 * p), y;
                            float* gRow = gRowStart + wc;
                            y = TLanes.Load(gRow + 0 * gChannel); g00 = TLanes.MultiplyAdd(y, x0, g00); g01 = TLanes.MultiplyAdd(y, x1, g01); g02 = TLanes.MultiplyAdd(y, x2, g02);
                            y = TLanes.Load(gRow + 1 * gChannel); g10 = TLanes.MultiplyAdd(y, x0, g10); g11 = TLanes.MultiplyAdd(y, x1, g11); g12 = TLanes.MultiplyAdd(y, x2, g12);
                            y = TLanes.Load(gRow + 2 * gChannel); g20 = TLanes.MultiplyAdd(y, x0, g20); g21 = TLanes.MultiplyAdd(y, x1, g21); g22 = TLanes.MultiplyAdd(y, x2, g22);
                            y = TLanes.Load(gRow + 3 * gChannel); g30 = TLanes.MultiplyAdd(y, x0, g30); g31 = TLanes.MultiplyAdd(y, x1, g31); g32 = TLanes.MultiplyAdd(y, x2, g32);
                        }
                    }
                    float* t;
                    t = part + ((long)(quad * 4 + 0) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g00); t[1] += TLanes.Sum(g01); t[2] += TLanes.Sum(g02);
                    t = part + ((long)(quad * 4 + 1) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g10); t[1] += TLanes.Sum(g11); t[2] += TLanes.Sum(g12);
                    t = part + ((long)(quad * 4 + 2) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g20); t[1] += TLanes.Sum(g21); t[2] += TLanes.Sum(g22);
                    t = part + ((long)(quad * 4 + 3) * cin + ci) * 27 + (kd * 3 + kh) * 3; t[0] += TLanes.Sum(g30); t[1] += TLanes.Sum(g31); t[2] += TLanes.Sum(g32);
                }
            }
        }
        return partial;
    }

    /// <summary>One work item of the convolution for a single output channel (4 vectors along W instead of 8 channels × 2, so nothing is wasted on empty channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CoreItemSingle<TVector, TLanes>(int item, float[] input, int cin, float[] packed, float[]? bias, int depth, int height, int width,
        int p, int hp, int wp, long inChannel, long outChannel, float[] output, bool accumulate)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        int d = item % depth, b = item / depth;
        int v = TLanes.Count;
        float* tile = stackalloc float[4 * TLanes.Count];
        float b0 = bias is null ? 0f : bias[0];
        fixed (float* px = input, pw = packed, py = output)
        {
            int step = InputChannelStep(width, p);
            for (int c0 = 0; c0 < cin; c0 += step)
            for (int h = 0; h < height; h++)
            for (int wc = 0; wc < width; wc += 4 * v)
            {
                TVector a0 = c0 == 0 ? TLanes.Broadcast(b0) : default, a1 = a0, a2 = a0, a3 = a0;
                float* xBase = px + b * cin * inChannel + ((long)d * hp + h) * wp + wc;
                float* wk = pw + c0 * 27 * 8;
                for (int ci = c0; ci < Math.Min(c0 + step, cin); ci++)
                {
                    float* xc = xBase + ci * inChannel;
                    for (int kd = 0; kd < 3; kd++)
                    for (int kh = 0; kh < 3; kh++)
                    {
                        float* xr = xc + (long)(kd * hp + kh) * p * wp;
                        for (int kw = 0; kw < 3; kw++, wk += 8)
                        {
                            float* xx = xr + kw * p;
                            TVector w = TLanes.Broadcast(wk[0]);
                            a0 = TLanes.MultiplyAdd(w, TLanes.Load(xx), a0);
                            a1 = TLanes.MultiplyAdd(w, TLanes.Load(xx + v), a1);
                            a2 = TLanes.MultiplyAdd(w, TLanes.Load(xx + 2 * v), a2);
                            a3 = TLanes.MultiplyAdd(w, TLanes.Load(xx + 3 * v), a3);
                        }
                    }
                }
                TLanes.Store(a0, tile); TLanes.Store(a1, tile + v); TLanes.Store(a2, tile + 2 * v); TLanes.Store(a3, tile + 3 * v);
                float* destination = py + b * outChannel + ((long)d * height + h) * width + wc;
                int valid = Math.Min(width - wc, 4 * v);
                if (accumulate || c0 > 0) for (int i = 0; i < valid; i++) destination[i] += tile[i];
                else for (int i = 0; i < valid; i++) destination[i] = tile[i];
            }
        }
    }

    /// <summary>Partial weight gradient [1][Ci][27] of the depth slices of group <paramref name="g"/> for a single output channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] WeightGroupSingle<TVector, TLanes>(int g, int groups, int slabs, float[] xp, float[] gp, int cin, int depth, int height, int p, int rowWidth, int columns)
        where TVector : unmanaged where TLanes : struct, IFloatLanes<TVector>
    {
        var partial = new float[cin * 27];
        int hp = height + 2 * p, wp = rowWidth + 2 * p;
        long xChannel = (long)(depth + 2 * p) * hp * wp, gChannel = (long)depth * height * rowWidth;
        int v = TLanes.Count;
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
                    TVector g0 = default, g1 = default, g2 = default;
                    for (int h = 0; h < height; h++)
                    {
                        float* xRow = xPlane + (long)h * wp;
                        float* gRow = gPlane + (long)h * rowWidth;
                        for (int wc = 0; wc < columns; wc += v)
                        {
                            TVector y = TLanes.Load(gRow + wc);
                            g0 = TLanes.MultiplyAdd(y, TLanes.Load(xRow + wc), g0);
                            g1 = TLanes.MultiplyAdd(y, TLanes.Load(xRow + wc + p), g1);
                            g2 = TLanes.MultiplyAdd(y, TLanes.Load(xRow + wc + 2 * p), g2);
                        }
                    }
                    float* t = part + (long)ci * 27 + (kd * 3 + kh) * 3;
                    t[0] += TLanes.Sum(g0); t[1] += TLanes.Sum(g1); t[2] += TLanes.Sum(g2);
                }
            }
        }
        return partial;
    }

    /// <summary>
    /// Copies (N, C, D, H, W) into a zero buffer (N, channels, D + 2p, H + 2p, rowStride) at offset (p, p, p);
    /// channels ≥ C stay zero.
    /// </summary>
    internal static float[] Pad(float[] source, int n, int c, int channels, int depth, int height, int width, int p, int rowStride) =>
        Pad([new ChannelSource(source, c, 1)], n, channels, depth, height, width, p, rowStride);

    /// <summary>
    /// Copies the concatenation of <paramref name="sources"/> (each upsampled by its scale to D × H × W) into a zero
    /// buffer (N, channels, D + 2p, H + 2p, rowStride) at offset (p, p, p); channels past the sources' stay zero.
    /// </summary>
    internal static float[] Pad(IReadOnlyList<ChannelSource> sources, int n, int channels, int depth, int height, int width, int p, int rowStride)
    {
        var owners = new List<(ChannelSource Source, int Channel)>();
        foreach (var source in sources)
            for (int k = 0; k < source.Channels; k++) owners.Add((source, k));
        int c = owners.Count;
        int hp = height + 2 * p;
        long channel = (long)(depth + 2 * p) * hp * rowStride;
        var padded = new float[n * channels * channel];
        Parallel.For(0, n * c, item =>
        {
            int b = item / c, ch = item % c;
            var (source, k) = owners[ch];
            int s = source.Scale, sd = depth / s, sh = height / s, sw = width / s;
            var src = source.Data.AsSpan((b * source.Channels + k) * sd * sh * sw, sd * sh * sw);
            long dst = (b * channels + ch) * channel;
            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
            {
                var row = padded.AsSpan((int)(dst + ((long)(d + p) * hp + h + p) * rowStride + p), width);
                if (s == 1)
                    src.Slice((d * height + h) * width, width).CopyTo(row);
                else
                {
                    var from = src.Slice((d / s * sh + h / s) * sw, sw);
                    for (int x = 0, o = 0; x < sw; x++)
                        for (int r = 0; r < s; r++) row[o++] = from[x];
                }
            }
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

    /// <summary>
    /// Input channels per pass of the forward kernels (and so of the input gradient): as many as keep the input rows
    /// one output row reads, channels × 9 rows × (W + 2p) floats, within 16 KiB (half of a 32 KiB L1 data cache), from
    /// 1 to 8. A full-resolution 112-wide layer takes 3 at a time (8 channels' rows are 33 KB); with 8 at a time its
    /// 24 → 8 forward pass took 61–66 ms instead of 47–52 ms (AVX2). The step depends on W and p only, not on the
    /// vector width or the channel blocking, so every path sums the same passes in the same order.
    /// </summary>
    private static int InputChannelStep(int width, int p) => Math.Clamp(16 * 1024 / (9 * (width + 2 * p) * sizeof(float)), 1, 8);

    /// <summary>
    /// W rounded up to one vector of <paramref name="width"/>: the columns the weight-gradient kernels sum over. The
    /// padded row holds zeros beyond them, which would add nothing (112 wide: 112 of 128 columns).
    /// </summary>
    private static int Columns(int w, VectorWidth width)
    {
        int vector = width == VectorWidth.Bits512 ? 16 : 8;
        return (w + vector - 1) / vector * vector;
    }

    /// <summary>W rounded up to four vectors of <paramref name="width"/> (the widest step of any kernel).</summary>
    private static int RowWidth(int w, VectorWidth width)
    {
        int chunk = width == VectorWidth.Bits512 ? 64 : 32;
        return (w + chunk - 1) / chunk * chunk;
    }
}
