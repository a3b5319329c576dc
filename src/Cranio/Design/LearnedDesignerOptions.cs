namespace Cranio.Design;

/// <summary>Settings of the <see cref="LearnedDesigner"/>. Validated on construction.</summary>
public sealed record LearnedDesignerOptions
{
    /// <summary>The shipped weights' file name, next to the Cranio.Core assembly under <c>Weights/</c>.</summary>
    public const string ShippedWeightsFileName = "learned-patch.safetensors";

    /// <summary>The shipped low-defect network's file name, beside the shipped weights.</summary>
    public const string ShippedLowDefectWeightsFileName = "learned-patch-low.safetensors";

    /// <summary>Creates validated options.</summary>
    /// <param name="weightsPath">A checkpoint written by the patch trainer; null = the shipped weights (<see cref="ShippedWeightsPath"/>).</param>
    /// <param name="threshold">Probability at or above which a voxel belongs to the implant (in (0, 1); default 0.5).</param>
    /// <param name="prior">Settings of the spherical-map designer that gives the shape prior; null = <see cref="NetworkPrior"/>.</param>
    /// <param name="margin">Confidence margin m of <see cref="ConfidentCorrection"/>: a prior voxel is dropped only where p &lt; threshold − m, another voxel added only where p ≥ threshold + m (in [0, min(threshold, 1 − threshold)]; default <see cref="DefaultMargin"/>).</param>
    /// <param name="priorBandMm">Width (mm) of the band around the defective skull where the prior is only thinned (≥ 0; default <see cref="DefaultPriorBandMm"/>).</param>
    /// <param name="priorBandMargin">Within the band a prior voxel is dropped only where p &lt; threshold − this (in [margin, threshold]; default <see cref="DefaultPriorBandMargin"/>, p &lt; 0.2), and no voxel is added; null keeps the band's prior as it is.</param>
    /// <param name="shapeModelPath">
    /// The statistical shape model that guides the prior's fill (<see cref="SkullShapeModel"/>); null = the shipped model
    /// (<see cref="ShippedShapeModelPath"/>), "" = none (the prior is then the training-free spherical map, unless
    /// <paramref name="prior"/> carries a model of its own).
    /// </param>
    /// <param name="samplingPhases">
    /// Working grids the network runs on, whose probabilities are averaged on the input grid
    /// (<see cref="PatchWindow.PhaseShifts"/>): 1 (the window's grid), 2 (and the grid shifted by half a voxel along
    /// every axis; default <see cref="DefaultSamplingPhases"/>) or 8 (every shift of 0 or half a voxel per axis).
    /// </param>
    /// <param name="lowDefectWeightsPath">
    /// A second checkpoint that refines the prior when a defect reaches below the vault centre's plane
    /// (<see cref="DetectedDefect.ReachesBelowVaultCentre"/>); null = the shipped low-defect network
    /// (<see cref="ShippedLowDefectWeightsPath"/>) with the shipped weights, none with weights of one's own
    /// (<paramref name="weightsPath"/> given); "" = none: one network for every defect.
    /// </param>
    /// <param name="lowDefectMargin">Confidence margin m of the low-defect network (same range as <paramref name="margin"/>; default <see cref="DefaultLowDefectMargin"/>).</param>
    /// <param name="coarseWeightsPath">
    /// The coarse network (<see cref="CoarseSkullModel"/>) that feeds a patch network trained with the coarse channel
    /// (<see cref="Learning.PatchTrainingOptions.CoarseChannel"/>); null = the shipped coarse weights
    /// (<see cref="CoarseDesigner.ShippedWeightsPath"/>). Read only when such a network is loaded.
    /// </param>
    public LearnedDesignerOptions(string? weightsPath = null, double threshold = 0.5, SphericalMapOptions? prior = null,
        double margin = DefaultMargin, double priorBandMm = DefaultPriorBandMm, string? shapeModelPath = null,
        int samplingPhases = DefaultSamplingPhases, double? priorBandMargin = DefaultPriorBandMargin,
        string? lowDefectWeightsPath = null, double lowDefectMargin = DefaultLowDefectMargin, string? coarseWeightsPath = null)
    {
        CoarseWeightsPath = coarseWeightsPath ?? CoarseDesigner.ShippedWeightsPath;
        ShapeModelPath = shapeModelPath ?? ShippedShapeModelPath;
        ConfidentCorrection.Validate(threshold, margin, priorBandMm, priorBandMargin);
        if (!(lowDefectMargin >= 0 && lowDefectMargin <= Math.Min(threshold, 1 - threshold) && !(lowDefectMargin > priorBandMargin)))
            throw new ArgumentOutOfRangeException(nameof(lowDefectMargin), lowDefectMargin,
                $"The low-defect margin must be in [0, {Math.Min(threshold, 1 - threshold)}] for threshold {threshold} and at most the band margin; got {lowDefectMargin}.");
        LowDefectWeightsPath = lowDefectWeightsPath ?? (weightsPath is null ? ShippedLowDefectWeightsPath : "");
        LowDefectMargin = lowDefectMargin;
        PriorBandMargin = priorBandMargin;
        _ = PatchWindow.PhaseShifts(samplingPhases, nameof(samplingPhases));
        SamplingPhases = samplingPhases;
        (WeightsPath, Threshold, Prior) = (weightsPath ?? ShippedWeightsPath, threshold, prior ?? NetworkPrior);
        (Margin, PriorBandMm) = (margin, priorBandMm);
    }

    /// <summary>
    /// The default confidence margin m (0.05): chosen with the band width and band margin for the shipped network on
    /// SkullFix 060–066 among m ∈ {0, 0.05, 0.1} × band ∈ {0, 2, 3, 4} mm × m_b ∈ {0.3, 0.4, 0.5} by mean DSC + bDSC
    /// (docs/RESULTS.md, "The rule re-chosen for the shipped network"; 0 for the network before, 0.05 for those before it).
    /// </summary>
    public const double DefaultMargin = 0.05;

    /// <summary>
    /// The default number of sampling phases (2): on SkullFix 060–074 the second phase raises bDSC on 12 of 15 cases
    /// (mean +0.0006) for one more network pass; eight phases add no more (docs/RESULTS.md).
    /// </summary>
    public const int DefaultSamplingPhases = 2;

    /// <summary>
    /// The default width of the band around the skull where the prior is only thinned (2 mm; chosen with
    /// <see cref="DefaultMargin"/>, 3 mm for the networks before).
    /// </summary>
    public const double DefaultPriorBandMm = 2;

    /// <summary>
    /// The default band margin m_b (0.3): within the band the network may drop a prior voxel only where p &lt; 0.2
    /// (chosen with <see cref="DefaultMargin"/>; 0.4, p &lt; 0.1, for the networks before, and 0.5, the band kept as
    /// it is, before those).
    /// </summary>
    public const double DefaultPriorBandMargin = 0.3;

    /// <summary>
    /// The spherical-map settings of the priors the shipped networks were trained on and refine, and that
    /// <c>cranio train</c> makes (<see cref="Learning.PatchTrainingOptions.PriorOptions"/>): the designer's defaults
    /// without <see cref="SphericalMapOptions.MirrorThicknessFloor"/>, which came after the networks were trained
    /// (docs/RESULTS.md, "The mirror image's thickness as a floor"). Declared before <see cref="Default"/>, whose
    /// construction reads it.
    /// </summary>
    public static SphericalMapOptions NetworkPrior { get; } = new(mirrorThicknessFloor: false);

    /// <summary>Default options: shipped weights, threshold 0.5, the prior of <see cref="NetworkPrior"/>.</summary>
    public static LearnedDesignerOptions Default { get; } = new();

    /// <summary>Where the shipped weights are: <c>Weights/learned-patch.safetensors</c> beside the Cranio.Core assembly.</summary>
    public static string ShippedWeightsPath => Path.Combine(AppContext.BaseDirectory, "Weights", ShippedWeightsFileName);

    /// <summary>The shipped shape model's file name, beside the shipped weights.</summary>
    public const string ShippedShapeModelFileName = "skull-shape-model.safetensors";

    /// <summary>Where the shipped shape model is: <c>Weights/skull-shape-model.safetensors</c> beside the Cranio.Core assembly.</summary>
    public static string ShippedShapeModelPath => Path.Combine(AppContext.BaseDirectory, "Weights", ShippedShapeModelFileName);

    /// <summary>
    /// The default confidence margin of the low-defect network (0.05): chosen by mean DSC + bDSC among m ∈ {0, 0.05, 0.1,
    /// 0.2} on the low defects of three injected into each of the training skulls 050–059, held out of two runs of the
    /// same recipes (docs/TRAINING.md, "The low-defect network").
    /// </summary>
    public const double DefaultLowDefectMargin = 0.05;

    /// <summary>Where the shipped low-defect network is: <c>Weights/learned-patch-low.safetensors</c> beside the Cranio.Core assembly.</summary>
    public static string ShippedLowDefectWeightsPath => Path.Combine(AppContext.BaseDirectory, "Weights", ShippedLowDefectWeightsFileName);

    /// <summary>The checkpoint used when a defect reaches below the vault centre's plane ("" = none: <see cref="WeightsPath"/> for every defect).</summary>
    public string LowDefectWeightsPath { get; }

    /// <summary>The coarse network's checkpoint for patch networks trained with the coarse channel.</summary>
    public string CoarseWeightsPath { get; }

    /// <summary>Confidence margin m of the low-defect network.</summary>
    public double LowDefectMargin { get; }

    /// <summary>The shape model file that guides the prior ("" = none).</summary>
    public string ShapeModelPath { get; }

    /// <summary>The checkpoint file.</summary>
    public string WeightsPath { get; }

    /// <summary>Probability threshold of the implant mask.</summary>
    public double Threshold { get; }

    /// <summary>Confidence margin m of <see cref="ConfidentCorrection"/>.</summary>
    public double Margin { get; }

    /// <summary>Width (mm) of the band around the defective skull where the prior is only thinned.</summary>
    public double PriorBandMm { get; }

    /// <summary>Band margin m_b of <see cref="ConfidentCorrection"/>; null keeps the band's prior as it is.</summary>
    public double? PriorBandMargin { get; }

    /// <summary>Working grids whose probabilities are averaged (1, 2 or 8).</summary>
    public int SamplingPhases { get; }

    /// <summary>Settings of the spherical-map prior.</summary>
    public SphericalMapOptions Prior { get; }
}
