using Cranio.Defects;
using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// The coarse network's examples from a SkullFix-style folder (<c>complete_skull/</c>,
/// <c>defective_skull/</c>, files named by case number): for every case with both, the real defective skull as input
/// and the complete skull as target (or the implant, the complete skull minus the defective one, with
/// <see cref="PatchTrainingOptions.CoarseTarget"/> <see cref="CoarseTarget.Implant"/>), and for training cases <see cref="PatchTrainingOptions.SyntheticPerCase"/> defects
/// injected into the complete skull with the same seeds as <see cref="PatchDataset"/>'s (so both networks see the same
/// defects). Each sample is on the window around its defective skull (<see cref="CoarseSkullModel.Locate"/>,
/// <see cref="PatchTrainingOptions.Window"/>), input (1, 1, D, H, W), target (1, 1, D, H, W). Held-out cases give no
/// sample. Samples are cached as safetensors files (names ending in "-completion", or "-coarse-implant" for the
/// implant target) and reused when their window settings match.
/// </summary>
public static class CoarseDataset
{
    /// <summary>The description cached samples of <paramref name="target"/> carry in place of a prior's (<see cref="PatchSample.PriorKey"/>).</summary>
    public static string SampleDescription(CoarseTarget target) =>
        target == CoarseTarget.Implant ? "coarse: defective skull in, implant out" : "completion: defective skull in, complete skull out";

    /// <summary>The training and validation samples.</summary>
    /// <param name="dataDirectory">The SkullFix-style folder.</param>
    /// <param name="cacheDirectory">The cache folder (created when missing).</param>
    /// <param name="options">Coarse-network options (<see cref="PatchTrainingOptions.Coarse"/>): split, window, seed and synthetic defects per case.</param>
    /// <param name="progress">Receives (done, total, sample name) after each sample, possibly from several threads.</param>
    /// <exception cref="ArgumentException">The options are not the coarse network's.</exception>
    /// <exception cref="DirectoryNotFoundException">The data folder has no <c>defective_skull/</c> or <c>complete_skull/</c> folder.</exception>
    public static (IReadOnlyList<PatchSample> Training, IReadOnlyList<PatchSample> Validation) Load(
        string dataDirectory, string cacheDirectory, PatchTrainingOptions options, Action<int, int, string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Coarse) throw new ArgumentException("The options are the patch network's; coarse samples need PatchTrainingOptions.Coarse.", nameof(options));
        string defectiveDir = Path.Combine(dataDirectory, "defective_skull"), completeDir = Path.Combine(dataDirectory, "complete_skull");
        if (!Directory.Exists(defectiveDir) || !Directory.Exists(completeDir))
            throw new DirectoryNotFoundException($"{dataDirectory}: expected the folders complete_skull/ and defective_skull/ (SkullFix layout).");
        Directory.CreateDirectory(cacheDirectory);
        var jobs = new List<(string Sample, string Case, bool Validation, int Synthetic)>();
        string suffix = options.CoarseTarget == CoarseTarget.Implant ? "-coarse-implant" : "-completion";
        string description = SampleDescription(options.CoarseTarget);
        foreach (string path in Directory.GetFiles(defectiveDir, "*.nrrd").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (options.IsHeldOut(name) || !File.Exists(Path.Combine(completeDir, name + ".nrrd"))) continue;
            bool validation = options.IsValidation(name);
            jobs.Add(($"real-{name}{suffix}", name, validation, -1));
            if (!validation)
                for (int k = 0; k < options.SyntheticPerCase; k++) jobs.Add(($"synthetic-{name}-{k}-s{options.Seed}{suffix}", name, false, k));
        }
        var samples = new PatchSample?[jobs.Count];
        int done = 0;
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, j =>
        {
            var (sampleName, caseName, _, synthetic) = jobs[j];
            string cached = Path.Combine(cacheDirectory, sampleName + ".safetensors");
            PatchSample? sample = File.Exists(cached) ? PatchSample.Load(cached, options.Window, description, channels: 1) : null;
            if (sample is null)
            {
                Volume<byte> complete = VolumeFile.Read(Path.Combine(completeDir, caseName + ".nrrd")).ToMask();
                Volume<byte> defective = synthetic < 0
                    ? VolumeFile.Read(Path.Combine(defectiveDir, caseName + ".nrrd")).ToMask()
                    : new DefectInjector().Inject(complete, SkullGeometry.Analyze(complete), Xoshiro256.DeriveSeed(options.Seed, caseName, synthetic)).Defective;
                sample = Build(sampleName, defective, complete, options.Window, options.CoarseTarget);
                sample?.Save(cached, options.Window, description);
            }
            samples[j] = sample;
            progress?.Invoke(Interlocked.Increment(ref done), jobs.Count, sampleName);
        });
        var training = new List<PatchSample>();
        var validationSamples = new List<PatchSample>();
        for (int j = 0; j < jobs.Count; j++)
            if (samples[j] is PatchSample sample) (jobs[j].Validation ? validationSamples : training).Add(sample);
        return (training, validationSamples);
    }

    /// <summary>
    /// One sample: <paramref name="defectiveSkull"/> as input and <paramref name="completeSkull"/> (same grid) as
    /// target, or with <paramref name="target"/> <see cref="CoarseTarget.Implant"/> the complete skull's voxels that are
    /// not in the defective one, on the window around the defective skull's bone; null when it has none.
    /// </summary>
    /// <exception cref="GridMismatchException">The two masks are on different grids.</exception>
    public static PatchSample? Build(string name, Volume<byte> defectiveSkull, Volume<byte> completeSkull, PatchWindowOptions window,
        CoarseTarget target = CoarseTarget.CompleteSkull)
    {
        ArgumentNullException.ThrowIfNull(defectiveSkull);
        ArgumentNullException.ThrowIfNull(completeSkull);
        defectiveSkull.Grid.EnsureSameAs(completeSkull.Grid, "defective skull", "complete skull");
        if (PatchWindow.Locate(defectiveSkull, window) is not PatchWindow w) return null;
        Volume<byte> truth = completeSkull;
        if (target == CoarseTarget.Implant)
        {
            truth = completeSkull.Clone();
            for (long i = 0; i < truth.Data.LongLength; i++) truth.Data[i] = (byte)(truth.Data[i] != 0 && defectiveSkull.Data[i] == 0 ? 1 : 0);
        }
        return new PatchSample(name, CoarseSkullModel.Input(w, defectiveSkull), VolumeTensors.FromVolume(w.ToWorking(truth)));
    }
}
