// Forward pass and training step (forward + BCE-with-logits + backward + Adam) of the SkipAutoencoder3d on one
// 1×1×D×H×W input, best of N after one warm-up; prints one line per measurement.
// Usage: LearningBench ENC1,ENC2,ENC3 MIDDLE D H W REPEATS
//        LearningBench conv CIN COUT D H W DILATION REPEATS   (one 3×3×3 layer: GFLOP/s forward, input gradient, weight gradient)
using System.Diagnostics;
using System.Globalization;
using Cranio.Learning;

if (args[0] == "conv")
{
    int[] a = args.Skip(1).Select(int.Parse).ToArray();
    var x = new Tensor(1, a[0], a[2], a[3], a[4]);
    var wt = new Tensor(a[1], a[0], 3, 3, 3);
    var rng = new SplitMix64(3);
    Initialization.Uniform(x, 1, rng);
    Initialization.Uniform(wt, 0.1f, rng);
    var settings = Convolution3dSettings.Same(3, a[5]);
    var gy = new float[a[1] * a[2] * a[3] * a[4]];
    void Backward(bool input, bool weight)
    {
        (x.RequiresGrad, wt.RequiresGrad) = (input, weight);
        Functional.Conv3d(x, wt, null, settings).Backward(gy);
        (x.Grad, wt.Grad) = (null, null);
    }
    double flops = 2.0 * a[0] * a[1] * 27 * a[2] * a[3] * a[4];
    var process = Process.GetCurrentProcess();
    double cpu = 0;
    double Time(Action action)
    {
        action();
        double best = 1e9;
        var cpuStart = process.TotalProcessorTime;
        for (int i = 0; i < a[6]; i++) { var c = Stopwatch.StartNew(); action(); best = Math.Min(best, c.Elapsed.TotalSeconds); }
        process.Refresh();
        cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds / a[6];
        return best;
    }
    double f = Time(() => Functional.Conv3d(x, wt, null, settings));
    double fCpu = cpu;
    double bi = Time(() => Backward(true, false)) - f;
    double biCpu = cpu - fCpu;
    double bw = Time(() => Backward(false, true)) - f;
    double bwCpu = cpu - fCpu;
    Console.WriteLine($"conv {a[0]}->{a[1]} {a[2]}x{a[3]}x{a[4]} dilation {a[5]}: forward {f * 1e3:F1} ms ({flops / f / 1e9:F0} GFLOP/s), input grad {bi * 1e3:F1} ms ({flops / bi / 1e9:F0}), weight grad {bw * 1e3:F1} ms ({flops / bw / 1e9:F0}); per CPU-second: forward {flops / fCpu / 1e9:F0}, input grad {flops / biCpu / 1e9:F0}, weight grad {flops / bwCpu / 1e9:F0} GFLOP");
    return;
}

var encoder = args[0].Split(',').Select(int.Parse).ToArray();
int middle = int.Parse(args[1], CultureInfo.InvariantCulture);
int d = int.Parse(args[2], CultureInfo.InvariantCulture), h = int.Parse(args[3], CultureInfo.InvariantCulture), w = int.Parse(args[4], CultureInfo.InvariantCulture);
int repeats = int.Parse(args[5], CultureInfo.InvariantCulture);

var model = new SkipAutoencoder3d(new SkipAutoencoderOptions(encoder, middle), seed: 1);
var random = new SplitMix64(2);
var input = new Tensor(1, 1, d, h, w);
var target = new Tensor(1, 1, d, h, w);
for (int i = 0; i < input.Length; i++)
{
    input.Data[i] = random.NextSingle() < 0.3f ? 1 : 0;
    target.Data[i] = random.NextSingle() < 0.3f ? 1 : 0;
}
var adam = new Adam(model.Parameters());
string simd = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "scalar";
Console.WriteLine($"cranio: {model.ParameterCount()} parameters, input 1x1x{d}x{h}x{w}, {simd}, {Environment.ProcessorCount} threads");

var self = Process.GetCurrentProcess();
(double Wall, double Cpu) Best(Action action)
{
    action();
    double best = double.MaxValue;
    self.Refresh();
    var cpuStart = self.TotalProcessorTime;
    for (int i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
    self.Refresh();
    return (best, (self.TotalProcessorTime - cpuStart).TotalSeconds / repeats);
}

var forward = Best(() => model.Forward(input));
var train = Best(() =>
{
    adam.ZeroGrad();
    var loss = Functional.BinaryCrossEntropyWithLogits(model.Forward(input), target);
    loss.Backward();
    adam.Step();
});
Console.WriteLine($"cranio forward best of {repeats}: {forward.Wall:F3} s (mean CPU time {forward.Cpu:F3} s)");
Console.WriteLine($"cranio train step best of {repeats}: {train.Wall:F3} s (mean CPU time {train.Cpu:F3} s)");
