using Cranio.Defects;
using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// The patch network's examples from a SkullFix-style folder (<c>complete_skull/</c>, <c>defective_skull/</c>,
/// <c>implant/</c>, files named by case number, e.g. <c>007.nrrd</c>): every real defective/implant pair, and for
/// training cases <see cref="PatchTrainingOptions.SyntheticPerCase"/> defects injected into the complete skull
/// (<see cref="DefectInjector"/>, seed derived from the training seed, the case and the index). Held-out cases
/// (<see cref="PatchTrainingOptions.IsHeldOut"/>) give no sample at all. Building a sample
/// runs the spherical-map designer (seconds per case), so samples are cached as safetensors files in a cache folder
/// and reused when their window settings and their prior's description (the spherical-map settings,
/// <see cref="SphericalMapOptions.Describe"/>, and the shape model) match. With <see cref="PatchTrainingOptions.ShapeModelFolds"/> K ≥ 2 the
/// priors are guided by shape models that leave each training skull's fold out (<see cref="FoldedShapeModels"/>),
/// and the sample names end in "-ssmK" so they are cached apart from the plain priors. With
/// <see cref="PatchTrainingOptions.MirrorChannel"/> the samples carry the mirror image as a third channel, and their
/// prior description says so.
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
        foreach (string path in Directory.GetFiles(defectiveDir, "*.nrrd").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (options.IsHeldOut(name)) continue;
            bool validation = options.IsValidation(name);
            jobs.Add(($"real-{name}", name, validation, -1));
            if (!validation && File.Exists(Path.Combine(completeDir, name + ".nrrd")))
                for (int k = 0; k < options.SyntheticPerCase; k++) jobs.Add(($"synthetic-{name}-{k}-s{options.Seed}", name, false, k));
        }
        string suffix = options.ShapeModelFolds > 0 ? $"-ssm{options.ShapeModelFolds}" : "";
        var plainPrior = new SphericalMapDesigner(PatchTrainingOptions.PriorOptions);
        var shapeModels = options.ShapeModelFolds > 0
            ? new FoldedShapeModels(jobs.Where(j => !j.Validation && File.Exists(Path.Combine(completeDir, j.Case + ".nrrd"))).Select(j => j.Case),
                completeDir, cacheDirectory, options.ShapeModelFolds)
            : null;
        string plainDescription = plainPrior.Options.Describe();
        var training = new List<PatchSample>();
        var validationSamples = new List<PatchSample>();
        for (int j = 0; j < jobs.Count; j++)
        {
            var job = jobs[j];
            string sampleName = job.Sample + suffix;
            string cached = Path.Combine(cacheDirectory, sampleName + ".safetensors");
            string priorDescription = $"spherical-map {plainDescription}; shape model {shapeModels?.ModelName(job.Case) ?? "none"}"
                + (options.MirrorChannel ? "; mirror channel" : "");
            int channels = options.MirrorChannel ? 3 : 2;
            PatchSample? sample = File.Exists(cached) ? PatchSample.Load(cached, options.Window, priorDescription, channels) : null;
            if (sample is null)
            {
                Volume<byte> defective, implant;
                if (job.Synthetic < 0)
                {
                    defective = VolumeFile.Read(Path.Combine(defectiveDir, job.Case + ".nrrd")).ToMask();
                    implant = VolumeFile.Read(Path.Combine(implantDir, job.Case + ".nrrd")).ToMask();
                }
                else
                {
                    Volume<byte> complete = VolumeFile.Read(Path.Combine(completeDir, job.Case + ".nrrd")).ToMask();
                    var injected = new DefectInjector().Inject(complete, SkullGeometry.Analyze(complete), Xoshiro256.DeriveSeed(options.Seed, job.Case, job.Synthetic));
                    (defective, implant) = (injected.Defective, injected.Implant);
                }
                var prior = shapeModels?.PriorFor(job.Case, what => progress?.Invoke(j, jobs.Count, what)) ?? plainPrior;
                sample = PatchSample.Build(sampleName, defective, implant, prior, options.Window, options.MirrorChannel ? PatchTrainingOptions.PriorOptions : null);
                sample?.Save(cached, options.Window, priorDescription);
            }
            if (sample is not null) (job.Validation ? validationSamples : training).Add(sample);
            progress?.Invoke(j + 1, jobs.Count, sampleName);
        }
        return (training, validationSamples);
    }
}
