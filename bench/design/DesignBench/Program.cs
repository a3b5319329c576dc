// Scores the training-free designers, and the coarse network alone (coarse), on SkullFix:
// defective_skull/NNN.nrrd in, implant/NNN.nrrd as truth.
// Usage: DesignBench DATA_DIR spherical|mirror|coarse [FIRST LAST] [--csv PATH] [--injected] [--no-symmetry] [--no-supplement] [--no-thickness-floor] [--border-band MM]
//        [--shape-model FILE [--shape-fit-radius MM]] [--shape-ramp MM] [--bridged-gap MM] [--weights FILE]
// Prints one line per case (DSC, boundary DSC, HD95, seconds with and without file IO) and a summary.
// With --injected the defect is not SkullFix's own: one synthetic defect (Cranio.Defects, any kind, anywhere on
// the vault, seed = case number) is cut into complete_skull/NNN.nrrd and the designer is scored against it.
// --no-symmetry turns off the spherical-map designer's mirror-image guidance and supplement, --no-supplement only
// the supplement, --no-thickness-floor only SphericalMapOptions.MirrorThicknessFloor (the ablations in docs/RESULTS.md); --border-band sets SphericalMapOptions.BorderBandMm (the sweep there);
// --shape-model guides the fill by a statistical shape model (SphericalMapOptions.ShapeModel, written by cranio shape-model);
// --shape-ramp sets SphericalMapOptions.ShapeGuideRampMm, --bridged-gap SphericalMapOptions.BridgedGapMm (gaps along a ray
// up to this length join two bone runs into one layer); --weights names the coarse network's checkpoint (default the shipped one).
using System.Diagnostics;
using System.Globalization;
using Cranio.Defects;
using Cranio.Design;
using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Volumes;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: DesignBench DATA_DIR spherical|mirror|coarse [FIRST LAST] [--csv PATH]");
    return 2;
}
string data = args[0];
IImplantDesigner designer = args[1] switch
{
    "spherical" => new SphericalMapDesigner(new SphericalMapOptions(
        borderBandMm: Array.IndexOf(args, "--border-band") is int band and >= 0 ? double.Parse(args[band + 1]) : new SphericalMapOptions().BorderBandMm,
        symmetryGuidance: !args.Contains("--no-symmetry"), mirrorSupplement: !args.Contains("--no-supplement"), mirrorThicknessFloor: !args.Contains("--no-thickness-floor"),
        shapeModel: Array.IndexOf(args, "--shape-model") is int model and >= 0 ? SkullShapeModel.Load(args[model + 1]) : null,
        shapeFitRadiusMm: Array.IndexOf(args, "--shape-fit-radius") is int radius and >= 0 ? double.Parse(args[radius + 1]) : new SphericalMapOptions().ShapeFitRadiusMm,
        shapeGuideRampMm: Array.IndexOf(args, "--shape-ramp") is int ramp and >= 0 ? double.Parse(args[ramp + 1]) : new SphericalMapOptions().ShapeGuideRampMm,
        bridgedGapMm: Array.IndexOf(args, "--bridged-gap") is int gap and >= 0 ? double.Parse(args[gap + 1]) : new SphericalMapOptions().BridgedGapMm)),
    "mirror" => new MirrorDesigner(),
    "coarse" => new CoarseDesigner(Array.IndexOf(args, "--weights") is int weights and >= 0 ? args[weights + 1] : null),
    _ => throw new ArgumentException($"Designer must be spherical, mirror or coarse; got {args[1]}."),
};
FoldedShapeModels? folds = Array.IndexOf(args, "--shape-model-folds") is int foldsAt and >= 0
    ? new FoldedShapeModels(Enumerable.Range(0, 60).Select(i => $"{i:000}"), Path.Combine(data, "complete_skull"),
        Array.IndexOf(args, "--fold-cache") is int cacheAt and >= 0 ? args[cacheAt + 1] : Path.GetTempPath(), int.Parse(args[foldsAt + 1]))
    : null;
int first = args.Length > 3 && !args[2].StartsWith("--") ? int.Parse(args[2]) : 0;
int last = args.Length > 3 && !args[3].StartsWith("--") ? int.Parse(args[3]) : 74;
int csvAt = Array.IndexOf(args, "--csv");
bool injected = args.Contains("--injected");
var csv = new List<string> { "case,dsc,bdsc,hd95_mm,defects,area_cm2,volume_cm3,truth_cm3,design_s,total_s" };
var rows = new List<(int Case, double Dsc, double Bdsc, double Hd95, double Design, double Total)>();
for (int id = first; id <= last; id++)
{
    string name = $"{id:000}.nrrd";
    var total = Stopwatch.StartNew();
    Volume<byte> skull, truth;
    string kind = "skullfix";
    if (injected)
    {
        Volume<byte> complete = VolumeFile.Read(Path.Combine(data, "complete_skull", name)).ToMask();
        DefectResult defect = new DefectInjector().Inject(complete, SkullGeometry.Analyze(complete), (ulong)id);
        (skull, truth, kind) = (defect.Defective, defect.Implant, defect.Record.Kind);
        total.Restart();
    }
    else
    {
        truth = VolumeFile.Read(Path.Combine(data, "implant", name)).ToMask();
        total.Restart();
        skull = VolumeFile.Read(Path.Combine(data, "defective_skull", name)).ToMask();
    }
    var design = Stopwatch.StartNew();
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    IImplantDesigner caseDesigner = folds is null || designer is not SphericalMapDesigner spherical ? designer
        : new SphericalMapDesigner(spherical.Options.WithShapeModel(folds.PriorFor($"{id:000}", m => Console.WriteLine($"building {m}")).Options.ShapeModel));
    DesignResult result = caseDesigner.Design(skull);
    double designSeconds = design.Elapsed.TotalSeconds;
    double designCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    string outputPath = Path.Combine(Path.GetTempPath(), $"design-bench-{Environment.ProcessId}.nrrd");
    VolumeFile.Write(result.Implant, outputPath);
    double totalSeconds = total.Elapsed.TotalSeconds;
    File.Delete(outputPath);
    CaseMetrics score = CaseEvaluator.Evaluate(name, result.Implant, truth, skull);
    rows.Add((id, score.Dice, score.BoundaryDice, score.Hausdorff95, designSeconds, totalSeconds));
    var r = result.Report;
    Console.WriteLine($"{id:000} {kind} DSC {score.Dice:F4} bDSC {score.BoundaryDice:F4} HD95 {score.Hausdorff95:F2} mm | defects {r.Defects.Count} area {r.TotalOpeningAreaCm2:F1} cm² vol {r.ImplantVolumeCm3:F1} vs {truth.CountNonZero() * truth.Grid.VoxelVolume / 1000:F1} cm³ | design {designSeconds:F2} s (CPU {designCpu:F2} s), with IO {totalSeconds:F2} s | "
        + string.Join(", ", r.Timings.Select(t => $"{t.Stage} {t.Elapsed.TotalSeconds:F2}")) + (r.Warnings.Count > 0 ? " | " + string.Join("; ", r.Warnings) : ""));
    csv.Add(string.Join(",", id, score.Dice.ToString("F4"), score.BoundaryDice.ToString("F4"), score.Hausdorff95.ToString("F3"), r.Defects.Count,
        r.TotalOpeningAreaCm2.ToString("F2"), r.ImplantVolumeCm3.ToString("F2"), (truth.CountNonZero() * truth.Grid.VoxelVolume / 1000).ToString("F2"),
        designSeconds.ToString("F2"), totalSeconds.ToString("F2")));
}
Summary("DSC", rows.Select(r => r.Dsc), lowIsBad: true);
Summary("bDSC", rows.Select(r => r.Bdsc), lowIsBad: true);
Summary("HD95 mm", rows.Select(r => r.Hd95), lowIsBad: false);
Summary("design s", rows.Select(r => r.Design), lowIsBad: false);
Summary("with IO s", rows.Select(r => r.Total), lowIsBad: false);
Console.WriteLine($"cases below DSC 0.80: {rows.Count(r => r.Dsc < 0.80)}");
if (csvAt >= 0) File.WriteAllLines(args[csvAt + 1], csv);
return 0;

static void Summary(string name, IEnumerable<double> values, bool lowIsBad)
{
    var v = values.Order().ToArray();
    double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    Console.WriteLine($"{name}: mean {v.Average():F4} median {median:F4} worst {(lowIsBad ? v[0] : v[^1]):F4} (n = {v.Length})");
}
