// Times Cranio's connected-component labelling (26-connectivity) and Euclidean distance transform on a real
// SkullFix skull mask and a synthetic 512×512×400 skull-like shell, best of three runs each. Every case's mask
// is written as raw bytes with its geometry and our results (component sizes, distances) so that
// scipy_reference.py can time scipy on the identical input and check that both agree.
//
// Usage: Cranio.Bench.Filters <work folder> [skull mask .nrrd]
using System.Diagnostics;
using System.Globalization;
using Cranio.Filters;
using Cranio.IO;
using Cranio.Volumes;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Cranio.Bench.Filters <work folder> [skull mask .nrrd]");
    return 2;
}
string work = args[0];
Directory.CreateDirectory(work);
var cases = new List<(string Name, Volume<byte> Mask)>();
if (args.Length > 1) cases.Add(($"SkullFix {Path.GetFileName(args[1])}", ReadMask(args[1])));
cases.Add(("synthetic shell", SyntheticShell.Create(512, 512, 400, new Vec3(0.45, 0.45, 0.6), seed: 1)));

using var table = new StreamWriter(Path.Combine(work, "cranio_times.tsv"));
table.WriteLine("case\tfile\tsize_x\tsize_y\tsize_z\tspacing_x\tspacing_y\tspacing_z\toperation\tbest_seconds");
for (int c = 0; c < cases.Count; c++)
{
    var (name, mask) = cases[c];
    Grid g = mask.Grid;
    string stem = Path.Combine(work, $"case{c}");
    File.WriteAllBytes(stem + ".mask.raw", mask.Data);
    string prefix = string.Join('\t', name, Path.GetFileName(stem), g.SizeX, g.SizeY, g.SizeZ,
        Invariant(g.Spacing.X), Invariant(g.Spacing.Y), Invariant(g.Spacing.Z));

    ComponentLabels? labels = null;
    double label = Best(() => labels = ConnectedComponents.Label(mask, Connectivity.Full));
    File.WriteAllLines(stem + ".sizes.txt", labels!.VoxelCounts.Skip(1).Select(n => n.ToString(CultureInfo.InvariantCulture)));
    Console.WriteLine($"{name}: {g.SizeX}×{g.SizeY}×{g.SizeZ}, {mask.CountNonZero()} foreground voxels, {labels.Count} components; label {label:F3} s");
    table.WriteLine($"{prefix}\tlabel\t{Invariant(label)}");
    labels = null;

    Volume<float>? distance = null;
    double edt = Best(() => distance = DistanceTransform.DistanceToBackground(mask));
    File.WriteAllBytes(stem + ".edt.raw", distance!.RawBytes.ToArray());
    Console.WriteLine($"{name}: EDT {edt:F3} s");
    table.WriteLine($"{prefix}\tedt\t{Invariant(edt)}");
}
return 0;

static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

static double Best(Action action)
{
    double best = double.PositiveInfinity;
    for (int run = 0; run < 3; run++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        action();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    return best;
}

static Volume<byte> ReadMask(string path)
{
    Volume volume = VolumeFile.Read(path);
    Volume<byte> mask = volume.ConvertTo<byte>();
    for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] = mask.Data[i] != 0 ? (byte)1 : (byte)0;
    return mask;
}
