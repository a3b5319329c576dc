using System.Globalization;
using System.Text;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Builds a SkullBreak-like training set: every complete skull in a folder × N synthetic defects.
/// </summary>
/// <remarks>
/// <para>Layout under the output folder, for skull file NAME.ext and defect index i (two or more digits):
/// <c>complete_skull/NAME.nrrd</c>, <c>defective_skull/NAME_ii.nrrd</c>, <c>implant/NAME_ii.nrrd</c>,
/// <c>records/NAME_ii.json</c> (the <see cref="DefectRecord"/>, <see cref="DefectRecordFile"/>) and <c>manifest.csv</c> with the columns
/// complete, defective, implant, shape, seed, center_x, center_y, center_z (mm, LPS), implant_volume_cm3,
/// opening_area_cm2; paths are relative to the output folder with forward slashes.</para>
/// <para>Resumable: every file is written atomically (temporary file + rename), the record last, so a defect is done
/// exactly when its record exists; a rerun skips finished defects and skulls, and rebuilds the manifest from all
/// records, so it is complete after a resume. Deterministic: defect i of skull NAME uses the seed
/// <see cref="Xoshiro256.DeriveSeed"/>(dataset seed, NAME, i), independent of the order and parallelism of the run.</para>
/// </remarks>
public sealed class DatasetBuilder
{
    /// <summary>The manifest's header line.</summary>
    public const string ManifestHeader = "complete,defective,implant,shape,seed,center_x,center_y,center_z,implant_volume_cm3,opening_area_cm2";

    private static readonly string[] InputPatterns = ["*.nrrd", "*.nhdr", "*.nii", "*.nii.gz"];

    /// <summary>The volume files (.nrrd, .nhdr, .nii, .nii.gz) directly in <paramref name="folder"/>, in ordinal order of their paths.</summary>
    public static string[] SkullFiles(string folder) =>
        InputPatterns.SelectMany(p => Directory.GetFiles(folder, p)).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Creates a builder.</summary>
    public DatasetBuilder(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The options.</summary>
    public DatasetOptions Options { get; }

    /// <summary>Builds (or completes) the dataset and writes the manifest; returns the number of defects written by this run.</summary>
    /// <param name="progress">Receives the fraction 0…1 of this run's defects written, after each defect.</param>
    /// <exception cref="DirectoryNotFoundException">The input folder does not exist.</exception>
    /// <exception cref="ArgumentException">The input folder holds no skull files.</exception>
    public int Build(IProgress<double>? progress = null)
    {
        if (!Directory.Exists(Options.InputFolder))
            throw new DirectoryNotFoundException($"Input folder of complete skulls not found: {Options.InputFolder}");
        string[] inputs = SkullFiles(Options.InputFolder);
        if (inputs.Length == 0)
            throw new ArgumentException($"No skull files ({string.Join(", ", InputPatterns)}) in {Options.InputFolder}.", nameof(Options));
        foreach (string folder in new[] { "complete_skull", "defective_skull", "implant", "records" })
            Directory.CreateDirectory(Path.Combine(Options.OutputFolder, folder));
        int[][] missing = inputs.Select(input => MissingDefects(CaseName(input))).ToArray();
        int total = missing.Sum(m => m.Length), written = 0;
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxParallelCases }, i =>
            BuildCase(inputs[i], missing[i], () =>
            {
                int done = Interlocked.Increment(ref written);
                progress?.Report((double)done / total);
            }));
        WriteManifest(inputs.Select(CaseName));
        return written;
    }

    /// <summary>The skull name of an input file: its file name without .nrrd, .nhdr, .nii or .nii.gz.</summary>
    public static string CaseName(string path)
    {
        string name = Path.GetFileName(path);
        foreach (string ext in new[] { ".nii.gz", ".nrrd", ".nhdr", ".nii" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }

    /// <summary>The name of defect <paramref name="index"/> of skull <paramref name="caseName"/>: NAME_ii.</summary>
    public string DefectName(string caseName, int index) =>
        $"{caseName}_{index.ToString("D" + Math.Max(2, (Options.DefectsPerSkull - 1).ToString(CultureInfo.InvariantCulture).Length), CultureInfo.InvariantCulture)}";

    private string Out(string folder, string name) => Path.Combine(Options.OutputFolder, folder, name);

    private int[] MissingDefects(string name) =>
        Enumerable.Range(0, Options.DefectsPerSkull).Where(i => !File.Exists(Out("records", DefectName(name, i) + ".json"))).ToArray();

    /// <summary>Writes the complete skull (when absent) and the <paramref name="missing"/> defects of one input, calling <paramref name="done"/> after each.</summary>
    private void BuildCase(string input, int[] missing, Action done)
    {
        string name = CaseName(input);
        string completePath = Out("complete_skull", name + ".nrrd");
        if (missing.Length == 0 && File.Exists(completePath)) return;
        Volume<byte> complete = VolumeFile.Read(input).ToMask();
        if (!File.Exists(completePath)) VolumeFile.Write(complete, completePath);
        if (missing.Length == 0) return;
        SkullGeometry geometry = SkullGeometry.Analyze(complete);
        var injector = new DefectInjector(Options.Defects);
        foreach (int i in missing)
        {
            string defect = DefectName(name, i);
            DefectResult result = injector.Inject(complete, geometry, Xoshiro256.DeriveSeed(Options.Seed, name, i));
            VolumeFile.Write(result.Defective, Out("defective_skull", defect + ".nrrd"));
            VolumeFile.Write(result.Implant, Out("implant", defect + ".nrrd"));
            DefectRecordFile.Write(result.Record, Out("records", defect + ".json"));
            done();
        }
    }

    private void WriteManifest(IEnumerable<string> caseNames)
    {
        var csv = new StringBuilder();
        csv.Append(ManifestHeader).Append('\n');
        foreach (string name in caseNames.Order(StringComparer.Ordinal))
            for (int i = 0; i < Options.DefectsPerSkull; i++)
            {
                string defect = DefectName(name, i);
                string recordPath = Out("records", defect + ".json");
                if (!File.Exists(recordPath)) continue;
                DefectRecord r = DefectRecordFile.Read(recordPath);
                csv.Append(CultureInfo.InvariantCulture, $"complete_skull/{name}.nrrd,defective_skull/{defect}.nrrd,implant/{defect}.nrrd,{r.Kind},{r.Seed},")
                   .Append(CultureInfo.InvariantCulture, $"{r.Center.X:0.###},{r.Center.Y:0.###},{r.Center.Z:0.###},{r.ImplantVolumeCm3:0.####},{r.OpeningAreaCm2:0.####}\n");
            }
        AtomicFile.WriteAllText(Path.Combine(Options.OutputFolder, "manifest.csv"), csv.ToString());
    }
}
