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
    double flops = 2.0 * a[0] * a[1] * 27 * a[2] * a[3] * a[4];
    Tensor? y = null;
    void Forward(bool input, bool weight)
    {
        (x.Grad, wt.Grad) = (null, null);
        (x.RequiresGrad, wt.RequiresGrad) = (input, weight);
        y = Functional.Conv3d(x, wt, null, settings);
    }
    var process = Process.GetCurrentProcess();
    // Best wall time of REPEATS runs of `action` after a warm-up, with `setup` run untimed before each; and the mean CPU time.
    (double Wall, double Cpu) Time(Action setup, Action action)
    {
        setup();
        action();
        double best = 1e9;
        var used = TimeSpan.Zero;
        for (int i = 0; i < a[6]; i++)
        {
            setup();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            process.Refresh();
            used += process.TotalProcessorTime - cpuStart;
        }
        return (best, used.TotalSeconds / a[6]);
    }
    var f = Time(() => { }, () => Forward(false, false));
    var bi = Time(() => Forward(true, false), () => y!.Backward(gy));
    var bw = Time(() => Forward(false, true), () => y!.Backward(gy));
    string Show(string name, (double Wall, double Cpu) t) => $"{name} {t.Wall * 1e3:F1} ms ({flops / t.Wall / 1e9:F0} GFLOP/s; {flops / t.Cpu / 1e9:F0} per CPU-second)";
    Console.WriteLine($"conv {a[0]}->{a[1]} {a[2]}x{a[3]}x{a[4]} dilation {a[5]}: {Show("forward", f)}, {Show("input grad", bi)}, {Show("weight grad", bw)}");
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
