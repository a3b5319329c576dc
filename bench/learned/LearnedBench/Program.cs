// Scores the learned designer next to its spherical-map prior on SkullFix cases, with every combination rule asked
// for computed from one network pass per case (ConfidentCorrection: threshold t, default the designer's 0.5;
// confidence margin m, prior band in mm, band margin m_b; m_b = t keeps the band's prior as it is).
// Usage: LearnedBench DATA_DIR FIRST LAST [--injected [--defects-per-skull K]] [--weights PATH[,PATH...]] [--shape-model PATH|none] [--coarse-weights PATH] [--thickness-floor] [--phases 1|2|8] [--thresholds 0.5,0.45,...] [--margins 0,0.1,...] [--bands 0,1,...] [--band-margins 0.3,0.5,...] [--shipped-designer] [--csv PATH]
// Without --injected: defective_skull/NNN.nrrd in, implant/NNN.nrrd as truth. With --injected: one synthetic defect
// (Cranio.Defects.DefectInjector, default options, seed = case number) cut into complete_skull/NNN.nrrd; with
// --defects-per-skull K, K defects per skull, the j-th (j = 0…K−1) with seed = case number + 1000·j, so K = 1 is the
// default table and a larger K adds draws to it.
// Several weights files: the rules are applied to the mean of their probabilities (an ensemble). --phases: working
// grids half a voxel apart whose probabilities are averaged (LearnedDesignerOptions.SamplingPhases; default 2).
// --coarse-weights: the coarse network that feeds networks trained with the coarse channel (default: the shipped one).
// --thickness-floor: the prior with SphericalMapOptions.MirrorThicknessFloor, which the shipped networks were not trained on
// (default: LearnedDesignerOptions.NetworkPrior, without it).
// Prints per case DSC / bDSC / HD95 of the prior and of each rule, the fraction of the prior the rule changed
// (|result Δ prior| / |prior|), the implant's and the truth's volume, and the means (volumes as the ratio of their sums),
// also apart for the cases whose prior reports a defect reaching below the vault centre's plane
// (DetectedDefect.ReachesBelowVaultCentre; CSV column "low") and the others. --shipped-designer adds a row for
// LearnedDesigner with its default options end to end: the shipped network, and the shipped low-defect network with its
// own margin where a defect reaches below the vault centre's plane.
using System.Diagnostics;
using System.Globalization;
using Cranio.Defects;
using Cranio.Design;
using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Volumes;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 3)
{
    Console.Error.WriteLine("Usage: LearnedBench DATA_DIR FIRST LAST [--injected [--defects-per-skull K]] [--weights PATH[,PATH...]] [--shape-model PATH|none] [--coarse-weights PATH] [--thickness-floor] [--phases 1|2|8] [--thresholds LIST] [--margins LIST] [--bands LIST] [--band-margins LIST] [--shipped-designer] [--csv PATH]");
    return 2;
}
string data = args[0];
int first = int.Parse(args[1]), last = int.Parse(args[2]);
bool injected = args.Contains("--injected");
string? Value(string name) => Array.IndexOf(args, name) is int i and >= 0 ? args[i + 1] : null;
double[] List(string name, string fallback) => (Value(name) ?? fallback).Split(',').Select(double.Parse).ToArray();
double[] margins = List("--margins", LearnedDesignerOptions.DefaultMargin.ToString("R"));
double[] bands = List("--bands", LearnedDesignerOptions.DefaultPriorBandMm.ToString("R"));
double[] bandMargins = List("--band-margins", LearnedDesignerOptions.DefaultPriorBandMargin.ToString("R"));
string[] weights = (Value("--weights") ?? LearnedDesignerOptions.Default.WeightsPath).Split(',');
int defectsPerSkull = injected ? int.Parse(Value("--defects-per-skull") ?? "1", CultureInfo.InvariantCulture) : 1;
SphericalMapOptions? priorOptions = args.Contains("--thickness-floor") ? new SphericalMapOptions(mirrorThicknessFloor: true) : null;
int phases = int.Parse(Value("--phases") ?? LearnedDesignerOptions.DefaultSamplingPhases.ToString(CultureInfo.InvariantCulture));
LearnedDesigner[] designers = [.. weights.Select(w => new LearnedDesigner(new LearnedDesignerOptions(w, prior: priorOptions,
    shapeModelPath: Value("--shape-model") is "none" ? "" : Value("--shape-model"), samplingPhases: phases, coarseWeightsPath: Value("--coarse-weights"))))];
var designer = designers[0];
LearnedDesigner? shipped = args.Contains("--shipped-designer")
    ? new LearnedDesigner(new LearnedDesignerOptions(prior: priorOptions, shapeModelPath: Value("--shape-model") is "none" ? "" : Value("--shape-model"), samplingPhases: phases))
    : null;
var sphericalDesigner = designer.Prior;
double[] thresholds = List("--thresholds", LearnedDesignerOptions.Default.Threshold.ToString("R"));
var rules = thresholds.SelectMany(t => margins.SelectMany(m => bands.SelectMany(b => bandMargins.Select(mb => (Threshold: t, Margin: m, Band: b, BandMargin: mb))))).ToArray();
string[] names = ["spherical", .. rules.Select(r => $"learned {(thresholds.Length > 1 ? $"t={r.Threshold:0.##} " : "")}m={r.Margin:0.##} band={r.Band:0.##}mm mb={r.BandMargin:0.##}"), .. shipped is null ? Array.Empty<string>() : ["shipped designer"]];
var scores = names.Select(_ => new List<(double Dsc, double Bdsc, double Hd95, double Changed, double Volume, double TruthVolume)>()).ToArray();
var csv = new List<string> { "case,kind,low,designer,dsc,bdsc,hd95_mm,changed,volume_cm3,truth_cm3" };
var lowCases = new List<bool>();
Console.WriteLine($"weights {string.Join(", ", weights)}; {phases} sampling phase(s); {(injected ? $"injected defects ({defectsPerSkull} per skull, seed = case + 1000·j)" : "SkullFix defects")} {first:000}–{last:000}");
(int Id, Volume<byte> Skull, SkullGeometry Geometry)? completeRead = null;
foreach (var (id, draw) in Enumerable.Range(first, last - first + 1).SelectMany(id => Enumerable.Range(0, defectsPerSkull).Select(j => (id, j))))
{
    string name = $"{id:000}.nrrd";
    string label = draw == 0 ? $"{id:000}" : $"{id:000}.{draw}";
    Volume<byte> skull, truth;
    string kind = "skullfix";
    if (injected)
    {
        if (completeRead?.Id != id)
        {
            Volume<byte> read = VolumeFile.Read(Path.Combine(data, "complete_skull", name)).ToMask();
            completeRead = (id, read, SkullGeometry.Analyze(read));
        }
        var (_, complete, geometry) = completeRead.Value;
        DefectResult defect = new DefectInjector().Inject(complete, geometry, (ulong)(id + 1000 * draw));
        (skull, truth, kind) = (defect.Defective, defect.Implant, defect.Record.Kind.ToString());
    }
    else
    {
        skull = VolumeFile.Read(Path.Combine(data, "defective_skull", name)).ToMask();
        truth = VolumeFile.Read(Path.Combine(data, "implant", name)).ToMask();
    }
    var clock = Stopwatch.StartNew();
    DesignResult priorResult = sphericalDesigner.Design(skull);
    Volume<byte> prior = priorResult.Implant;
    bool low = priorResult.Report.AnyDefectReachesBelowVaultCentre;
    lowCases.Add(low);
    double priorSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    PatchWindow? window = PatchWindow.Locate(prior, designer.Model.Window);
    Volume<float>? probabilities = window is null ? null : MeanProbabilities(window, skull, prior);
    double networkSeconds = clock.Elapsed.TotalSeconds;
    long priorCount = Math.Max(1, prior.CountNonZero());
    double voxelCm3 = skull.Grid.VoxelVolume / 1000, truthCm3 = truth.CountNonZero() * voxelCm3;
    var line = new List<string> { $"{label} {kind}{(low ? " (reaches below the vault centre)" : "")} (prior {priorSeconds:F1} s, network {networkSeconds:F1} s)" };
    for (int v = 0; v < names.Length; v++)
    {
        Volume<byte> implant = shipped is not null && v == names.Length - 1 ? shipped.Design(skull).Implant
            : v == 0 || window is null ? prior
            : ConfidentCorrection.Apply(prior, probabilities!, window.Box, skull, rules[v - 1].Threshold, rules[v - 1].Margin, rules[v - 1].Band, rules[v - 1].BandMargin);
        long changed = 0;
        for (long i = 0; i < implant.Data.LongLength; i++) changed += implant.Data[i] != prior.Data[i] ? 1 : 0;
        CaseMetrics score = CaseEvaluator.Evaluate(name, implant, truth, skull);
        double fraction = (double)changed / priorCount;
        double volumeCm3 = implant.CountNonZero() * voxelCm3;
        scores[v].Add((score.Dice, score.BoundaryDice, score.Hausdorff95, fraction, volumeCm3, truthCm3));
        line.Add($"  {names[v],-36} DSC {score.Dice:F4} bDSC {score.BoundaryDice:F4} HD95 {score.Hausdorff95:F2} changed {fraction:F3} vol {volumeCm3:F1} vs {truthCm3:F1} cm³");
        csv.Add(string.Join(",", label, kind, low ? "1" : "0", names[v], score.Dice.ToString("F4"), score.BoundaryDice.ToString("F4"), score.Hausdorff95.ToString("F3"), fraction.ToString("F4"),
            volumeCm3.ToString("F2"), truthCm3.ToString("F2")));
    }
    Console.WriteLine(string.Join(Environment.NewLine, line));
}
Console.WriteLine($"means over {scores[0].Count} cases:");
for (int v = 0; v < names.Length; v++)
{
    var s = scores[v];
    foreach (var (group, isLow) in new[] { ("reaching below the vault centre", true), ("above it", false) })
    {
        var g = s.Where((_, i) => lowCases[i] == isLow).ToList();
        if (g.Count > 0 && g.Count < s.Count)
            Console.WriteLine($"  {names[v],-36} {group} ({g.Count}): DSC {g.Average(r => r.Dsc):F4} bDSC {g.Average(r => r.Bdsc):F4} HD95 {g.Average(r => r.Hd95):F3} mm");
    }
    int betterDsc = v == 0 ? 0 : s.Zip(scores[0]).Count(p => p.First.Dsc > p.Second.Dsc);
    Console.WriteLine($"  {names[v],-36} DSC {s.Average(r => r.Dsc):F4} bDSC {s.Average(r => r.Bdsc):F4} HD95 {s.Average(r => r.Hd95):F3} mm | worst DSC {s.Min(r => r.Dsc):F4} | changed {s.Average(r => r.Changed):F3} | volume / truth {s.Sum(r => r.Volume) / s.Sum(r => r.TruthVolume):F3}"
        + (v == 0 ? "" : $" | DSC above spherical on {betterDsc} of {s.Count}"));
}
if (Value("--csv") is string path) File.WriteAllLines(path, csv);
return 0;

Volume<float> MeanProbabilities(PatchWindow window, Volume<byte> skull, Volume<byte> prior)
{
    Volume<float> mean = designers[0].Probabilities(window, skull, prior);
    foreach (var other in designers.Skip(1))
    {
        float[] p = other.Probabilities(window with { Sampling = other.Model.Window.Sampling }, skull, prior).Data;
        for (long i = 0; i < mean.Data.LongLength; i++) mean.Data[i] += p[i];
    }
    for (long i = 0; i < mean.Data.LongLength; i++) mean.Data[i] /= designers.Length;
    return mean;
}
