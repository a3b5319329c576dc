// Ten defects on one complete skull, each injected and written (defective + implant, gzip NRRD).
// Usage: DefectsBench SKULL OUTDIR [COUNT] [KINDS] [GAP]   KINDS: "all" (default) or a comma list of defect kinds;
// GAP: clinical gap in mm (default 0).
// With KINDS=sphere it also writes OUTDIR/spheres.csv (centre mm, radius mm, implant voxels) for the Python reference,
// and OUTDIR/skull.nii.gz for it to read.
using System.Diagnostics;
using System.Globalization;
using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

string skullPath = args[0], outDir = args[1];
int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
string kinds = args.Length > 3 ? args[3] : "all";
double gap = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0;
Directory.CreateDirectory(outDir);
var options = new DefectOptions(kinds == "all" ? null : kinds.Split(',').Select(DefectKinds.Parse), clinicalGap: gap);
var injector = new DefectInjector(options);
string name = DatasetBuilder.CaseName(skullPath);

var clock = Stopwatch.StartNew();
Volume<byte> skull = VolumeFile.Read(skullPath).ToMask();
double read = clock.Elapsed.TotalSeconds;
clock.Restart();
SkullGeometry geometry = SkullGeometry.Analyze(skull);
double analyse = clock.Elapsed.TotalSeconds;
Console.WriteLine(FormattableString.Invariant($"{name}: {skull.Grid.SizeX}x{skull.Grid.SizeY}x{skull.Grid.SizeZ}, read {read:F3} s, analyse {analyse:F3} s, kinds {kinds}, gap {gap} mm"));

var spheres = new List<string>();
double total = 0, slowest = 0;
for (int i = 0; i < count; i++)
{
    clock.Restart();
    DefectResult result = injector.Inject(skull, geometry, Xoshiro256.DeriveSeed(1, name, i));
    double inject = clock.Elapsed.TotalSeconds;
    VolumeFile.Write(result.Defective, Path.Combine(outDir, $"{name}_{i:00}_defective.nrrd"));
    VolumeFile.Write(result.Implant, Path.Combine(outDir, $"{name}_{i:00}_implant.nrrd"));
    double seconds = clock.Elapsed.TotalSeconds;
    total += seconds;
    slowest = Math.Max(slowest, seconds);
    DefectRecord r = result.Record;
    Console.WriteLine(FormattableString.Invariant(
        $"  {i,2} {r.Kind,-26} attempts {r.Attempts,3}  implant {r.ImplantVolumeCm3,7:F2} cm³  opening {r.OpeningAreaCm2,7:F2} cm²  inject {inject:F3} s  inject+write {seconds:F3} s"));
    if (result.Shape is SphereShape s)
        spheres.Add(FormattableString.Invariant($"{s.Center.X:R},{s.Center.Y:R},{s.Center.Z:R},{s.Radius:R},{result.Implant.CountNonZero()}"));
}
Console.WriteLine(FormattableString.Invariant($"Cranio: {count} defects, inject+write mean {total / count:F3} s, slowest {slowest:F3} s (+ read {read:F3} s and analyse {analyse:F3} s once per skull)"));
if (spheres.Count > 0)
{
    File.WriteAllLines(Path.Combine(outDir, "spheres.csv"), spheres);
    VolumeFile.Write(skull, Path.Combine(outDir, "skull.nii.gz"));
}
