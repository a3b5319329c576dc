namespace Cranio.Learning;

/// <summary>
/// Plain scalar 3D convolution (cross-correlation, as in PyTorch) and its two gradients, for any kernel,
/// stride, padding and dilation. The definition the SIMD kernels are tested against, and the path for
/// shapes they do not cover. Layouts: x (N, Ci, D, H, W), w (Co, Ci, Kd, Kh, Kw), y (N, Co, Do, Ho, Wo):
/// y[n,o,z,y,x] = b[o] + Σ_{i,a,b,c} w[o,i,a,b,c] · x[n, i, z·s − p + a·d, y·s − p + b·d, x·s − p + c·d] (zero outside).
/// </summary>
internal static class Convolution3dReference
{
    /// <summary>y = conv(x, w) + b.</summary>
    public static void Forward(Tensor x, Tensor w, float[]? bias, Convolution3dSettings s, Tensor y)
    {
        int n = x.N, ci = x.C, co = w.Shape[0];
        Parallel.For(0, n * co, item =>
        {
            int b = item / co, o = item % co;
            var yv = y.Data.AsSpan((b * co + o) * y.D * y.H * y.W, y.D * y.H * y.W);
            yv.Fill(bias is null ? 0f : bias[o]);
            for (int i = 0; i < ci; i++)
                Taps(x, w, s, y, (xIndex, wIndex, yIndex, count, step) =>
                {
                    float wt = w.Data[wIndex];
                    var xd = x.Data;
                    var yd = y.Data;
                    for (int t = 0; t < count; t++) yd[yIndex + t] += wt * xd[xIndex + t * step];
                }, b, i, o);
        });
    }

    /// <summary>gx += convᵀ(gy, w): the gradient with respect to the input.</summary>
    public static void BackwardInput(Tensor gy, Tensor w, Convolution3dSettings s, Tensor x, float[] gx)
    {
        int n = x.N, ci = x.C, co = w.Shape[0];
        Parallel.For(0, n * ci, item =>
        {
            int b = item / ci, i = item % ci;
            for (int o = 0; o < co; o++)
                Taps(x, w, s, gy, (xIndex, wIndex, yIndex, count, step) =>
                {
                    float wt = w.Data[wIndex];
                    var gyd = gy.Data;
                    for (int t = 0; t < count; t++) gx[xIndex + t * step] += wt * gyd[yIndex + t];
                }, b, i, o);
        });
    }

    /// <summary>gw += Σ gy ⊗ x and gb += Σ gy: the gradients with respect to the weights and the bias.</summary>
    public static void BackwardWeights(Tensor gy, Tensor x, Tensor w, Convolution3dSettings s, float[] gw, float[]? gb)
    {
        int n = x.N, ci = x.C, co = w.Shape[0];
        Parallel.For(0, co * ci, item =>
        {
            int o = item / ci, i = item % ci;
            for (int b = 0; b < n; b++)
                Taps(x, w, s, gy, (xIndex, wIndex, yIndex, count, step) =>
                {
                    var gyd = gy.Data;
                    var xd = x.Data;
                    double sum = 0;
                    for (int t = 0; t < count; t++) sum += gyd[yIndex + t] * xd[xIndex + t * step];
                    gw[wIndex] += (float)sum;
                }, b, i, o);
        });
        if (gb is null) return;
        int plane = gy.D * gy.H * gy.W;
        for (int o = 0; o < co; o++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
                foreach (float v in gy.Data.AsSpan((b * co + o) * plane, plane)) sum += v;
            gb[o] += (float)sum;
        }
    }

    /// <summary>A run of <c>count</c> output voxels along W, starting at <c>yIndex</c>, that read the input from <c>xIndex</c> every <c>step</c> elements with weight <c>wIndex</c>.</summary>
    private delegate void Run(int xIndex, int wIndex, int yIndex, int count, int step);

    /// <summary>Enumerates, for one (batch, input channel, output channel), every kernel tap and output row as in-bounds runs.</summary>
    private static void Taps(Tensor x, Tensor w, Convolution3dSettings s, Tensor y, Run run, int b, int i, int o)
    {
        int kd = w.Shape[2], kh = w.Shape[3], kw = w.Shape[4];
        int od = y.D, oh = y.H, ow = y.W;
        for (int a = 0; a < kd; a++)
        for (int bb = 0; bb < kh; bb++)
        for (int c = 0; c < kw; c++)
        {
            int wIndex = (((o * x.C + i) * kd + a) * kh + bb) * kw + c;
            int offW = c * s.Dilation - s.Padding;
            int first = FirstInside(offW, s.Stride), last = LastInside(offW, s.Stride, x.W, ow);
            if (first > last) continue;
            for (int z = 0; z < od; z++)
            {
                int iz = z * s.Stride - s.Padding + a * s.Dilation;
                if ((uint)iz >= (uint)x.D) continue;
                for (int yy = 0; yy < oh; yy++)
                {
                    int iy = yy * s.Stride - s.Padding + bb * s.Dilation;
                    if ((uint)iy >= (uint)x.H) continue;
                    int xIndex = (((b * x.C + i) * x.D + iz) * x.H + iy) * x.W + first * s.Stride + offW;
                    int yIndex = (((b * y.C + o) * od + z) * oh + yy) * ow + first;
                    run(xIndex, wIndex, yIndex, last - first + 1, s.Stride);
                }
            }
        }
    }

    /// <summary>Smallest output index t ≥ 0 with t·stride + offset ≥ 0.</summary>
    private static int FirstInside(int offset, int stride) => offset >= 0 ? 0 : (-offset + stride - 1) / stride;

    /// <summary>Largest output index t &lt; outSize with t·stride + offset &lt; inSize.</summary>
    private static int LastInside(int offset, int stride, int inSize, int outSize)
    {
        int limit = inSize - 1 - offset;
        if (limit < 0) return -1;
        return Math.Min(outSize - 1, limit / stride);
    }
}
