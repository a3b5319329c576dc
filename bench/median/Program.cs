// Majority (binary median) filter and resampling benchmark. Writes its inputs and outputs as raw files so that
// reference.py can time SciPy on the same data and compare the results voxel by voxel.
//
// Usage: dotnet run -c Release --project bench/median -- <work folder> [repetitions]
using System.Diagnostics;
using System.Runtime.InteropServices;
using Cranio.Filters;
using Cranio.Volumes;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Cranio.Bench.Median <work folder> [repetitions]");
    return 2;
}
string folder = Directory.CreateDirectory(args[0]).FullName;
int repetitions = args.Length > 1 ? int.Parse(args[1]) : 3;
const int sx = 512, sy = 512, sz = 300;
const double spacing = 0.45, radiusMm = 2.0;

// A skull-like phantom: an ellipsoidal shell 6 mm thick with 5 % salt-and-pepper noise (seed 1), and a CT whose
// values are −1024 outside, 1200 HU in the shell, 40 HU inside, plus uniform noise of ±50 HU (seed 2).
var grid = Grid.AxisAligned(sx, sy, sz, new Vec3(spacing, spacing, spacing), new Vec3(-115, -115, -67));
var mask = new Volume<byte>(grid);
var ct = new Volume<short>(grid);
Parallel.For(0, sz, z =>
{
    var noise = new Random(1 + z);
    var ctNoise = new Random(100_000 + z);
    for (int y = 0; y < sy; y++)
        for (int x = 0; x < sx; x++)
        {
            Vec3 p = grid.IndexToPhysical(x, y, z);
            double r = Math.Sqrt(p.X * p.X / (95.0 * 95.0) + p.Y * p.Y / (105.0 * 105.0) + p.Z * p.Z / (60.0 * 60.0));
            bool shell = r <= 1 && r >= 0.94;
            bool on = shell ^ (noise.NextDouble() < 0.05);
            mask[x, y, z] = on ? (byte)1 : (byte)0;
            double hu = r > 1 ? -1024 : shell ? 1200 : 40;
            ct[x, y, z] = (short)(hu + ctNoise.Next(-50, 51));
        }
});
File.WriteAllBytes(Path.Combine(folder, "mask.u8"), mask.Data);
File.WriteAllBytes(Path.Combine(folder, "ct.i16"), MemoryMarshal.AsBytes(ct.Data.AsSpan()).ToArray());

// The ball footprint, as a dense z,y,x array of 0/1, for scipy's footprint argument.
var ball = BallFootprint.Create(grid, radiusMm);
int fx = 2 * ball.ExtentX + 1, fy = 2 * ball.ExtentY + 1, fz = 2 * ball.ExtentZ + 1;
var footprint = new byte[fx * fy * fz];
foreach (var chord in ball.Chords)
    for (int dx = chord.MinDx; dx <= chord.MaxDx; dx++)
        footprint[dx + ball.ExtentX + fx * (chord.Dy + ball.ExtentY + fy * (chord.Dz + ball.ExtentZ))] = 1;
File.WriteAllBytes(Path.Combine(folder, "footprint.u8"), footprint);

Console.WriteLine($"grid {sx}x{sy}x{sz}, spacing {spacing} mm, ball radius {radiusMm} mm = {fx}x{fy}x{fz} box, {ball.Count} voxels, {ball.Chords.Count} chords");
Console.WriteLine($"cores {Environment.ProcessorCount}, SIMD {System.Numerics.Vector.IsHardwareAccelerated} ({System.Numerics.Vector<ushort>.Count} x ushort)");

Volume<byte> smoothed = Time("majority filter 2 mm (Cranio)", () => MajorityFilter.Smooth(mask, radiusMm));
File.WriteAllBytes(Path.Combine(folder, "smoothed_cranio.u8"), smoothed.Data);

Grid target = Resampler.GridWithSpacing(grid, new Vec3(1, 1, 1));
Volume<short> resampled = Time($"resample int16 to 1 mm trilinear (Cranio), {target.SizeX}x{target.SizeY}x{target.SizeZ}", () => Resampler.Resample(ct, target, ResampleOptions.Ct));
File.WriteAllBytes(Path.Combine(folder, "resampled_cranio.i16"), MemoryMarshal.AsBytes(resampled.Data.AsSpan()).ToArray());
File.WriteAllText(Path.Combine(folder, "geometry.txt"),
    FormattableString.Invariant($"{sx} {sy} {sz} {spacing} {target.SizeX} {target.SizeY} {target.SizeZ} {target.Spacing.X} {fx} {fy} {fz}\n"));
return 0;

T Time<T>(string name, Func<T> run)
{
    T result = run(); // warm-up: JIT and first-touch of memory
    var times = new List<double>();
    for (int i = 0; i < repetitions; i++)
    {
        var watch = Stopwatch.StartNew();
        result = run();
        times.Add(watch.Elapsed.TotalSeconds);
    }
    times.Sort();
    Console.WriteLine(FormattableString.Invariant($"{name}: median {times[times.Count / 2]:0.000} s, best {times[0]:0.000} s over {repetitions} runs"));
    return result;
}
