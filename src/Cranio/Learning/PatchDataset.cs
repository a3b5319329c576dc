using Cranio.Defects;
using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// The patch network's examples from a SkullFix-style folder (<c>complete_skull/</c>, <c>defective_skull/</c>,
/// <c>implant/</c>, files named by case number, e.g. <c>007.nrrd</c>): every real defective/implant pair, and for
/// training cases <see cref="PatchTrainingOptions.SyntheticPerCase"/> defects injected into the complete skull
/// (<see cref="DefectInjector"/>, seed derived from the training seed, the case and the index), and with
/// <see cref="PatchTrainingOptions.LowDefectsPerCase"/> N the first N further injected defects (the indices that
/// follow) whose prior reaches below the vault centre's plane; with <see cref="PatchTrainingOptions.ValidationLowDefectsPerCase"/>
/// N the validation samples are instead, per validation skull, the first N defects injected into it whose prior
/// reaches below that plane. Held-out cases
/// (<see cref="PatchTrainingOptions.IsHeldOut"/>) give no sample at all. Building a sample
/// runs the spherical-map designer (seconds per case), so samples are cached as safetensors files in a cache folder
/// and reused when their window settings and their prior's description (the spherical-map settings,
/// <see cref="SphericalMapOptions.Describe"/>, and the shape model) match. With <see cref="PatchTrainingOptions.ShapeModelFolds"/> K ≥ 2 the
/// priors are guided by shape models that leave each training skull's fold out (<see cref="FoldedShapeModels"/>),
/// and the sample names end in "-ssmK" so they are cached apart from the plain priors. With
/// <see cref="PatchTrainingOptions.MirrorChannel"/> the samples carry the mirror image as a third channel, with
/// <see cref="PatchTrainingOptions.CoarseChannel"/> the coarse network's probabilities (names ending in "-coarse"), and
/// their prior description says which (the coarse weights by <see cref="CoarseSkullModel.WeightsIdentity"/>).
/// </summary>
public static class PatchDataset
{
    /// <summary>The training and validation samples; cases whose prior is empty are skipped.</summary>
    /// <param name="dataDirectory">The SkullFix-style folder.</param>
    /// <param name="cacheDirectory">The cache folder (created when missing).</param>
    /// <param name="options">Split, window, seed and synthetic defects per case.</param>
    /// <param name="progress">Receives (done, total, sample name) after each sample.</param>
    /// <exception cref="DirectoryNotFoundException">The data folder has no <c>defective_skull/</c> or <c>complete_skull/</c> folder.</exception>
    public static (IReadOnlyList<PatchSample> Training, IReadOnlyList<PatchSample> Validation) Load(
        string dataDirectory, string cacheDirectory, PatchTrainingOptions options, Action<int, int, string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        string defectiveDir = Path.Combine(dataDirectory, "defective_skull"), implantDir = Path.Combine(dataDirectory, "implant"),
            completeDir = Path.Combine(dataDirectory, "complete_skull");
        if (!Directory.Exists(defectiveDir) || !Directory.Exists(implantDir) || !Directory.Exists(completeDir))
            throw new DirectoryNotFoundException($"{dataDirectory}: expected the folders complete_skull/, defective_skull/ and implant/ (SkullFix layout).");
        Directory.CreateDirectory(cacheDirectory);
        var jobs = new List<(string Sample, string Case, bool Validation, int Synthetic)>();
        var lowCases = new List<(string Case, bool Validation, int Wanted, int FirstIndex)>();
        foreach (string path in Directory.GetFiles(defectiveDir, "*.nrrd").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (options.IsHeldOut(name)) continue;
            bool validation = options.IsValidation(name);
            if (!validation || options.ValidationLowDefectsPerCase == 0) jobs.Add(($"real-{name}", name, validation, -1));
            if (!File.Exists(Path.Combine(completeDir, name + ".nrrd"))) continue;
            if (!validation)
                for (int k = 0; k < options.SyntheticPerCase; k++) jobs.Add(($"synthetic-{name}-{k}-s{options.Seed}", name, false, k));
            int wanted = validation ? options.ValidationLowDefectsPerCase : options.LowDefectsPerCase;
            if (wanted > 0) lowCases.Add((name, validation, wanted, validation ? 0 : options.SyntheticPerCase));
        }
        string suffix = options.ShapeModelFolds > 0 ? $"-ssm{options.ShapeModelFolds}" : "";
        var plainPrior = new SphericalMapDesigner(PatchTrainingOptions.PriorOptions);
        var shapeModels = options.ShapeModelFolds > 0
            ? new FoldedShapeModels(jobs.Where(j => !j.Validation && File.Exists(Path.Combine(completeDir, j.Case + ".nrrd"))).Select(j => j.Case),
                completeDir, cacheDirectory, options.ShapeModelFolds)
            : null;
        string plainDescription = plainPrior.Options.Describe();
        CoarseSkullModel? coarse = null;
        string thirdChannel = options.MirrorChannel ? "; mirror channel" : "";
        if (options.CoarseChannel is string coarsePath)
        {
            coarse = CoarseSkullModel.Load(coarsePath).Model;
            thirdChannel = $"; coarse channel {CoarseSkullModel.WeightsIdentity(coarsePath)}";
            suffix += "-coarse";
        }
        int total = jobs.Count + lowCases.Sum(c => c.Wanted), done = 0;

        PatchSample? Sample(string baseName, string caseName, int synthetic, bool needsLowFlag)
        {
            string sampleName = baseName + suffix;
            string cached = Path.Combine(cacheDirectory, sampleName + ".safetensors");
            string priorDescription = $"spherical-map {plainDescription}; shape model {shapeModels?.ModelName(caseName) ?? "none"}" + thirdChannel;
            PatchSample? sample = File.Exists(cached) ? PatchSample.Load(cached, options.Window, priorDescription, options.Architecture.InChannels) : null;
            if (sample is null || (needsLowFlag && sample.ReachesBelowVaultCentre is null))
            {
                Volume<byte> defective, implant;
                if (synthetic < 0)
                {
                    defective = VolumeFile.Read(Path.Combine(defectiveDir, caseName + ".nrrd")).ToMask();
                    implant = VolumeFile.Read(Path.Combine(implantDir, caseName + ".nrrd")).ToMask();
                }
                else
                {
                    Volume<byte> complete = VolumeFile.Read(Path.Combine(completeDir, caseName + ".nrrd")).ToMask();
                    var injected = new DefectInjector().Inject(complete, SkullGeometry.Analyze(complete), Xoshiro256.DeriveSeed(options.Seed, caseName, synthetic));
                    (defective, implant) = (injected.Defective, injected.Implant);
                }
                var prior = shapeModels?.PriorFor(caseName, what => progress?.Invoke(done, total, what)) ?? plainPrior;
                sample = PatchSample.Build(sampleName, defective, implant, prior, options.Window, options.MirrorChannel ? PatchTrainingOptions.PriorOptions : null, coarse);
                sample?.Save(cached, options.Window, priorDescription);
            }
            return sample;
        }

        var training = new List<PatchSample>();
        var validationSamples = new List<PatchSample>();
        foreach (var job in jobs)
        {
            if (Sample(job.Sample, job.Case, job.Synthetic, needsLowFlag: false) is PatchSample sample) (job.Validation ? validationSamples : training).Add(sample);
            progress?.Invoke(++done, total, job.Sample + suffix);
        }
        foreach (var (caseName, validation, wanted, firstIndex) in lowCases)
        {
            var kept = FirstReachingLow(wanted, firstIndex, k =>
            {
                string name = $"synthetic-{caseName}-{k}-s{options.Seed}";
                progress?.Invoke(done, total, name + suffix);
                return Sample(name, caseName, k, needsLowFlag: true);
            });
            (validation ? validationSamples : training).AddRange(kept);
            done += wanted;
        }
        return (training, validationSamples);
    }

    /// <summary>
    /// The first <paramref name="wanted"/> samples, in index order, that <paramref name="draw"/> returns for indices
    /// <paramref name="firstIndex"/>, <paramref name="firstIndex"/> + 1, … and that reach below the vault centre's plane
    /// (<see cref="PatchSample.ReachesBelowVaultCentre"/>); at most <see cref="PatchTrainingOptions.LowDefectDrawsPerDefect"/>
    /// · <paramref name="wanted"/> indices are drawn, so a skull that rarely yields one gives fewer.
    /// </summary>
    internal static List<PatchSample> FirstReachingLow(int wanted, int firstIndex, Func<int, PatchSample?> draw)
    {
        var kept = new List<PatchSample>();
        for (int k = firstIndex; k < firstIndex + PatchTrainingOptions.LowDefectDrawsPerDefect * wanted && kept.Count < wanted; k++)
            if (draw(k) is { ReachesBelowVaultCentre: true } sample) kept.Add(sample);
        return kept;
    }
}
