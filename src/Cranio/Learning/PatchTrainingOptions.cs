using System.Globalization;
using Cranio.Design;

namespace Cranio.Learning;

/// <summary>Settings of <see cref="PatchTrainer"/> and <see cref="PatchDataset"/>. Validated on construction.</summary>
public sealed record PatchTrainingOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="epochs">Number of epochs (≥ 1; default 10).</param>
    /// <param name="patchSize">Edge of the random training sub-patch in working voxels (multiple of 8, ≥ 8; default 32); smaller working crops are used whole.</param>
    /// <param name="repeats">Passes over the training samples per epoch, each with a fresh random sub-patch and flips (≥ 1; default 4).</param>
    /// <param name="syntheticPerCase">Defects injected per training complete skull (≥ 0; default 1).</param>
    /// <param name="learningRate">Adam learning rate (&gt; 0; default 1e-3).</param>
    /// <param name="seed">Seed of the weights, the injected defects, the sample order, sub-patches and flips (default 7).</param>
    /// <param name="threshold">Probability threshold of the validation DSC (in (0, 1); default 0.5).</param>
    /// <param name="firstValidationCase">Cases numbered from this one to <paramref name="lastValidationCase"/> are the validation set (default 60).</param>
    /// <param name="lastValidationCase">Last validation case number (default 74).</param>
    /// <param name="priorChannel">Whether the network sees the prior; false zeroes input channel 1 everywhere (an ablation; default true).</param>
    /// <param name="window">Window settings; null = <see cref="PatchWindowOptions.Default"/>.</param>
    /// <param name="architecture">Network; null = <see cref="PatchRefinementModel.DefaultArchitecture"/>.</param>
    /// <param name="firstHeldOutCase">Cases numbered from this one to <paramref name="lastHeldOutCase"/> are held out: neither trained nor validated on, neither their real defect nor their complete skull (default: none).</param>
    /// <param name="lastHeldOutCase">Last held-out case number; below <paramref name="firstHeldOutCase"/> (the default) holds out nothing.</param>
    /// <param name="shapeModelFolds">
    /// 0 (the default): the prior is the training-free spherical map. K ≥ 2: the prior's fill is guided by a
    /// statistical shape model of the vault (<see cref="SkullShapeModel"/>), as at design time, without letting a
    /// training skull inform its own prior: the training skulls are dealt into K folds (the i-th in case order goes to
    /// fold i mod K), a training sample's prior uses the model built without its skull's fold, and a validation
    /// sample's the model built from every training skull (the shipped model when the split is SkullFix's).
    /// </param>
    /// <param name="errorFocus">
    /// Probability (in [0, 1]; default 0) that a training sub-patch is placed over a working voxel where the prior and
    /// the target disagree (one ≥ ½, the other not), at a uniformly random position within the patch, instead of
    /// uniformly over the sample; a sample without such a voxel gets a uniform patch. 0 draws exactly the patches of
    /// a run without the setting.
    /// </param>
    /// <param name="mirrorChannel">
    /// True: the network gets a third input channel, the defective skull's mirror image in its mid-sagittal plane
    /// (<see cref="PatchWindow.MirroredToWorking"/>), where a one-sided defect shows the healthy side's bone, and the
    /// architecture must take 3 inputs (the default architecture then does). Default false.
    /// </param>
    /// <param name="flips">The axes a training sub-patch is mirrored along, each with probability ½ (default <see cref="PatchFlipAxes.All"/>).</param>
    /// <param name="priorShift">
    /// N ≥ 0 working voxels: with probability ½ a training sub-patch's prior channel is displaced against the skull and
    /// the target by a whole-voxel offset drawn from [−N, N] per axis, so the network meets priors that lie millimetres
    /// off and must place the surface from the skull around it rather than copy the prior (default 0: never).
    /// </param>
    /// <param name="priorWarp">
    /// A ≥ 0 working voxels: with probability ½ a training sub-patch's prior channel is resampled (trilinearly, 0 beyond
    /// the sample) at p + d(p), where d is a smooth random displacement field (<see cref="Defects.SmoothDisplacementField"/>:
    /// 8 sine terms of wavelength <see cref="PriorWarpWavelength"/> working voxels, |d| ≤ A, root-mean-square |d| = A/4),
    /// drawn afresh per sub-patch and applied on top of <paramref name="priorShift"/>'s offset. Unlike the rigid shift it
    /// bends the prior: one part of the shell lies off by millimetres while another lies right, as where the prior follows
    /// the wrong bone layer over part of a defect (default 0: never).
    /// </param>
    /// <param name="lowDefectsPerCase">
    /// N ≥ 0 more defects injected per training complete skull, each one whose prior reaches below the vault centre's
    /// plane (<see cref="DetectedDefect.ReachesBelowVaultCentre"/>, the defects the designer's low-defect network
    /// refines): injected defects are drawn with the indices that follow the <paramref name="syntheticPerCase"/> ones,
    /// and the first N that reach low are kept, out of at most <see cref="LowDefectDrawsPerDefect"/>·N draws per skull
    /// (default 0: none).
    /// </param>
    /// <param name="validationLowDefectsPerCase">
    /// 0 (the default): the validation samples are the validation cases' real defects. N ≥ 1: they are instead, per
    /// validation complete skull, the first N injected defects (indices 0, 1, …, at most
    /// <see cref="LowDefectDrawsPerDefect"/>·N draws) whose prior reaches below the vault centre's plane, so that the
    /// best epoch of a low-defect network is chosen on the kind of defect it refines.
    /// </param>
    /// <param name="averageFromEpoch">
    /// K ≥ 1: from epoch K on, the trainer also keeps the running mean of the weights at the end of each epoch
    /// (stochastic weight averaging: w̄ = (1/n) Σ wₑ over epochs e = K … the current one) and writes it as the averaged
    /// checkpoint after each epoch, validated like the others. 0 (the default): no average. At most <paramref name="epochs"/>.
    /// </param>
    /// <param name="coarse">
    /// True: the options train the coarse network (<see cref="CoarseSkullModel"/>) instead of the patch
    /// network: one input channel (the defective skull), the complete skull as the target, the window around the whole
    /// skull (<paramref name="window"/> null = <see cref="CoarseSkullModel.DefaultWindow"/>, <paramref name="architecture"/>
    /// null = <see cref="CoarseSkullModel.DefaultArchitecture"/>); the prior's settings (shape-model folds, error
    /// focus, mirror channel, prior shift and warp, low defects, the prior-channel ablation) must then be left off.
    /// Default false.
    /// </param>
    /// <param name="coarseTarget">What the coarse network predicts (only with <paramref name="coarse"/>; default <see cref="CoarseTarget.CompleteSkull"/>).</param>
    /// <param name="coarseChannel">
    /// A coarse network's checkpoint (<see cref="CoarseSkullModel"/>; the shipped one is trained on the implant target): the patch network
    /// gets a third input channel, that network's probabilities for the whole defective skull resampled onto
    /// the patch's working grid (<see cref="CoarseSkullModel.ProbabilitiesOn"/>), the whole-skull view the patch lacks;
    /// the architecture must then take 3 inputs (the default architecture then does). Not with
    /// <paramref name="mirrorChannel"/> nor <paramref name="coarse"/>. Default null: none.
    /// </param>
    public PatchTrainingOptions(int epochs = 10, int patchSize = 32, int repeats = 4, int syntheticPerCase = 1, double learningRate = 1e-3,
        ulong seed = 7, double threshold = 0.5, int firstValidationCase = 60, int lastValidationCase = 74,
        bool priorChannel = true, PatchWindowOptions? window = null, SkipAutoencoderOptions? architecture = null,
        int firstHeldOutCase = 0, int lastHeldOutCase = -1, int shapeModelFolds = 0, double errorFocus = 0, bool mirrorChannel = false,
        PatchFlipAxes flips = PatchFlipAxes.All, int priorShift = 0, int lowDefectsPerCase = 0, int validationLowDefectsPerCase = 0,
        int averageFromEpoch = 0, double priorWarp = 0, bool coarse = false, CoarseTarget coarseTarget = CoarseTarget.CompleteSkull,
        string? coarseChannel = null)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Epochs must be at least 1; got {epochs}.");
        if (patchSize < 8 || patchSize % 8 != 0) throw new ArgumentOutOfRangeException(nameof(patchSize), patchSize, $"Patch size must be a multiple of 8 and at least 8; got {patchSize}.");
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, $"Repeats must be at least 1; got {repeats}.");
        if (syntheticPerCase < 0) throw new ArgumentOutOfRangeException(nameof(syntheticPerCase), syntheticPerCase, $"Synthetic defects per case must be ≥ 0; got {syntheticPerCase}.");
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"Learning rate must be finite and > 0; got {learningRate}.");
        if (!(threshold > 0 && threshold < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Threshold must be strictly between 0 and 1; got {threshold}.");
        if (lastValidationCase < firstValidationCase) throw new ArgumentOutOfRangeException(nameof(lastValidationCase), lastValidationCase, $"The validation range must be non-empty; got {firstValidationCase}–{lastValidationCase}.");
        (Epochs, PatchSize, Repeats, SyntheticPerCase, LearningRate, Seed, Threshold) = (epochs, patchSize, repeats, syntheticPerCase, learningRate, seed, threshold);
        if (lastHeldOutCase >= firstHeldOutCase && firstHeldOutCase <= lastValidationCase && lastHeldOutCase >= firstValidationCase)
            throw new ArgumentOutOfRangeException(nameof(firstHeldOutCase), firstHeldOutCase, $"The held-out cases must not overlap the validation cases {firstValidationCase}–{lastValidationCase}; got {firstHeldOutCase}–{lastHeldOutCase}.");
        if (shapeModelFolds is < 0 or 1) throw new ArgumentOutOfRangeException(nameof(shapeModelFolds), shapeModelFolds, $"Shape-model folds must be 0 (no shape model) or at least 2; got {shapeModelFolds}.");
        if (!(errorFocus >= 0 && errorFocus <= 1)) throw new ArgumentOutOfRangeException(nameof(errorFocus), errorFocus, $"Error focus must be a probability in [0, 1]; got {errorFocus}.");
        if (!Enum.IsDefined(flips)) throw new ArgumentOutOfRangeException(nameof(flips), flips, $"Flip axes must be {nameof(PatchFlipAxes.All)} or {nameof(PatchFlipAxes.LeftRight)}; got {flips}.");
        Flips = flips;
        if (priorShift < 0) throw new ArgumentOutOfRangeException(nameof(priorShift), priorShift, $"The prior shift must be ≥ 0 working voxels; got {priorShift}.");
        PriorShift = priorShift;
        if (!(double.IsFinite(priorWarp) && priorWarp >= 0)) throw new ArgumentOutOfRangeException(nameof(priorWarp), priorWarp, $"The prior warp must be a finite amplitude ≥ 0 working voxels; got {priorWarp}.");
        PriorWarp = priorWarp;
        if (lowDefectsPerCase < 0) throw new ArgumentOutOfRangeException(nameof(lowDefectsPerCase), lowDefectsPerCase, $"Low defects per case must be ≥ 0; got {lowDefectsPerCase}.");
        LowDefectsPerCase = lowDefectsPerCase;
        if (validationLowDefectsPerCase < 0) throw new ArgumentOutOfRangeException(nameof(validationLowDefectsPerCase), validationLowDefectsPerCase, $"Validation low defects per case must be ≥ 0; got {validationLowDefectsPerCase}.");
        ValidationLowDefectsPerCase = validationLowDefectsPerCase;
        if (averageFromEpoch < 0 || averageFromEpoch > epochs)
            throw new ArgumentOutOfRangeException(nameof(averageFromEpoch), averageFromEpoch, $"The first averaged epoch must be 0 (no average) or 1…{epochs} (the epochs); got {averageFromEpoch}.");
        AverageFromEpoch = averageFromEpoch;
        ShapeModelFolds = shapeModelFolds;
        ErrorFocus = errorFocus;
        (FirstValidationCase, LastValidationCase) = (firstValidationCase, lastValidationCase);
        (FirstHeldOutCase, LastHeldOutCase) = (firstHeldOutCase, lastHeldOutCase);
        PriorChannel = priorChannel;
        Coarse = coarse;
        if (!Enum.IsDefined(coarseTarget)) throw new ArgumentOutOfRangeException(nameof(coarseTarget), coarseTarget, $"Unknown coarse target {coarseTarget}.");
        if (!coarse && coarseTarget != CoarseTarget.CompleteSkull)
            throw new ArgumentException("The coarse target applies to the coarse network only; the patch network predicts the implant.", nameof(coarseTarget));
        CoarseTarget = coarseTarget;
        if (coarse)
        {
            if (shapeModelFolds != 0 || errorFocus != 0 || mirrorChannel || coarseChannel is not null || priorShift != 0 || priorWarp != 0 || lowDefectsPerCase != 0 || validationLowDefectsPerCase != 0 || !priorChannel)
                throw new ArgumentException("The coarse network has no prior: shape-model folds, error focus, the mirror and coarse channels, prior shift and warp, low defects and the prior-channel ablation must be off.", nameof(coarse));
            Window = window ?? CoarseSkullModel.DefaultWindow;
            Architecture = architecture ?? CoarseSkullModel.DefaultArchitecture;
            if (Architecture.InChannels != 1)
                throw new ArgumentException($"The coarse network's architecture must take 1 input channel; got {Architecture.InChannels}.", nameof(architecture));
            return;
        }
        if (mirrorChannel && coarseChannel is not null)
            throw new ArgumentException("The third input channel is either the mirror image or the coarse network's probabilities, not both.", nameof(coarseChannel));
        if (coarseChannel is { Length: 0 }) throw new ArgumentException("The coarse channel's weights path is empty.", nameof(coarseChannel));
        Window = window ?? PatchWindowOptions.Default;
        var defaults = PatchRefinementModel.DefaultArchitecture;
        int channels = InputChannels(coarse: false, mirrorChannel, coarseChannel is not null);
        Architecture = architecture ?? (channels == 3
            ? new SkipAutoencoderOptions(defaults.EncoderChannels, defaults.MiddleChannels, defaults.Dilations, inChannels: 3, outChannels: defaults.OutChannels)
            : defaults);
        if (Architecture.InChannels != channels)
            throw new ArgumentException($"The architecture must take {channels} input channels {(channels == 3 ? "with" : "without")} a third channel (mirror or coarse); got {Architecture.InChannels}.", nameof(architecture));
        MirrorChannel = mirrorChannel;
        CoarseChannel = coarseChannel;
    }

    /// <summary>True when the options train the coarse network (<see cref="CoarseSkullModel"/>), false for the patch network.</summary>
    public bool Coarse { get; }

    /// <summary>What the coarse network predicts (<see cref="CoarseTarget.CompleteSkull"/> for the patch network, which predicts the implant on its window).</summary>
    public CoarseTarget CoarseTarget { get; }

    /// <summary>The name of <paramref name="target"/> on the command line: "complete" or "implant".</summary>
    public static string CoarseTargetName(CoarseTarget target) => target == CoarseTarget.Implant ? "implant" : "complete";

    /// <summary>Parses a name written by <see cref="CoarseTargetName"/>; false for any other text.</summary>
    public static bool TryParseCoarseTarget(string? name, out CoarseTarget target)
    {
        target = name == "implant" ? CoarseTarget.Implant : CoarseTarget.CompleteSkull;
        return name is "complete" or "implant";
    }

    /// <summary>Number of epochs.</summary>
    public int Epochs { get; }

    /// <summary>Edge of the training sub-patch in working voxels.</summary>
    public int PatchSize { get; }

    /// <summary>Passes over the training samples per epoch.</summary>
    public int Repeats { get; }

    /// <summary>Defects injected per training complete skull.</summary>
    public int SyntheticPerCase { get; }

    /// <summary>Defects reaching below the vault centre's plane injected per training complete skull besides <see cref="SyntheticPerCase"/> (see the constructor).</summary>
    public int LowDefectsPerCase { get; }

    /// <summary>Validation defects per validation skull that reach below the vault centre's plane, in place of its real defect (0: the real defects; see the constructor).</summary>
    public int ValidationLowDefectsPerCase { get; }

    /// <summary>Injection draws allowed per wanted low defect (4): a skull yields at most this many times <see cref="LowDefectsPerCase"/> candidates.</summary>
    public const int LowDefectDrawsPerDefect = 4;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Seed of every random choice.</summary>
    public ulong Seed { get; }

    /// <summary>Threshold of the validation DSC.</summary>
    public double Threshold { get; }

    /// <summary>First validation case number.</summary>
    public int FirstValidationCase { get; }

    /// <summary>Last validation case number.</summary>
    public int LastValidationCase { get; }

    /// <summary>First held-out case number (none when <see cref="LastHeldOutCase"/> is below it).</summary>
    public int FirstHeldOutCase { get; }

    /// <summary>Last held-out case number.</summary>
    public int LastHeldOutCase { get; }

    /// <summary>Folds of the shape models that guide the training priors (0: no shape model; see the constructor).</summary>
    public int ShapeModelFolds { get; }

    /// <summary>Probability that a sub-patch is placed over a voxel where prior and target disagree (see the constructor).</summary>
    public double ErrorFocus { get; }

    /// <summary>Largest displacement of the prior channel against skull and target, in working voxels per axis (see the constructor).</summary>
    public int PriorShift { get; }

    /// <summary>Largest smooth displacement of the prior channel, in working voxels (see the constructor; 0 = never).</summary>
    public double PriorWarp { get; }

    /// <summary>Wavelength of <see cref="PriorWarp"/>'s displacement field: 32 working voxels, so it bends the prior across a 48³ sub-patch without tearing it.</summary>
    public const double PriorWarpWavelength = 32;

    /// <summary>The first epoch whose end-of-epoch weights enter the averaged checkpoint (0 = no average).</summary>
    public int AverageFromEpoch { get; }

    /// <summary>The axes a training sub-patch is mirrored along.</summary>
    public PatchFlipAxes Flips { get; }

    /// <summary>Whether the network sees the prior channel (false: channel 1 is zeroed in training, validation and design).</summary>
    public bool PriorChannel { get; }

    /// <summary>Whether the network sees the defective skull's mirror image as a third channel.</summary>
    public bool MirrorChannel { get; }

    /// <summary>The coarse network's checkpoint whose implant probabilities are the third input channel, or null for none (see the constructor).</summary>
    public string? CoarseChannel { get; }

    /// <summary>
    /// The number of input channels a network trained with these settings takes: 1 for the coarse network (the
    /// defective skull), 3 for a patch network with a third channel (mirror image or coarse probabilities), else 2
    /// (defective skull and prior).
    /// </summary>
    public static int InputChannels(bool coarse, bool mirrorChannel, bool coarseChannel) => coarse ? 1 : mirrorChannel || coarseChannel ? 3 : 2;

    /// <summary>The checkpoint metadata key of <see cref="MirrorChannel"/> ("train_mirror_channel": "true" or "false").</summary>
    public const string MirrorChannelKey = "train_mirror_channel";

    /// <summary>The checkpoint metadata key of what the network predicts ("train_target": "implant" or "complete skull").</summary>
    public const string TargetKey = "train_target";

    /// <summary>
    /// The checkpoint metadata key of <see cref="CoarseChannel"/> ("train_coarse_channel"): the coarse weights'
    /// <see cref="CoarseSkullModel.WeightsIdentity"/>, or "none".
    /// </summary>
    public const string CoarseChannelKey = "train_coarse_channel";

    /// <summary>Window settings.</summary>
    public PatchWindowOptions Window { get; }

    /// <summary>Network architecture.</summary>
    public SkipAutoencoderOptions Architecture { get; }

    /// <summary>
    /// The spherical-map settings of every training prior: the learned designer's (<see cref="LearnedDesignerOptions.NetworkPrior"/>),
    /// with the fold's shape model when <see cref="ShapeModelFolds"/> ≥ 2. Checkpoints record them as
    /// <see cref="PriorSettingsKey"/>, so the learned designer can tell when it refines a prior made otherwise.
    /// </summary>
    public static SphericalMapOptions PriorOptions => LearnedDesignerOptions.NetworkPrior;

    /// <summary>The checkpoint metadata key of the training priors' settings, <see cref="SphericalMapOptions.Describe"/> of <see cref="PriorOptions"/> ("train_prior_settings").</summary>
    public const string PriorSettingsKey = "train_prior_settings";

    /// <summary>The checkpoint metadata key of <see cref="PriorChannel"/> ("train_prior_channel").</summary>
    public const string PriorChannelKey = "train_prior_channel";

    /// <summary>The name of <paramref name="flips"/> on the command line and in checkpoints: "all" or "left-right".</summary>
    public static string FlipsName(PatchFlipAxes flips) => flips == PatchFlipAxes.LeftRight ? "left-right" : "all";

    /// <summary>Parses a name written by <see cref="FlipsName"/>; false for any other text.</summary>
    public static bool TryParseFlips(string? name, out PatchFlipAxes flips)
    {
        flips = name == "left-right" ? PatchFlipAxes.LeftRight : PatchFlipAxes.All;
        return name is "all" or "left-right";
    }

    /// <summary>True when the case named <paramref name="caseName"/> (digits, e.g. "063") is a validation case.</summary>
    public bool IsValidation(string caseName) =>
        int.TryParse(caseName, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= FirstValidationCase && n <= LastValidationCase;

    /// <summary>True when the case named <paramref name="caseName"/> (digits, e.g. "070") is held out of training and validation.</summary>
    public bool IsHeldOut(string caseName) =>
        int.TryParse(caseName, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= FirstHeldOutCase && n <= LastHeldOutCase;

    /// <summary>The training settings as checkpoint metadata (keys prefixed "train_").</summary>
    public Dictionary<string, string> ToMetadata() => new(StringComparer.Ordinal)
    {
        ["train_epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["train_patch_size"] = PatchSize.ToString(CultureInfo.InvariantCulture),
        ["train_repeats"] = Repeats.ToString(CultureInfo.InvariantCulture),
        ["train_synthetic_per_case"] = SyntheticPerCase.ToString(CultureInfo.InvariantCulture),
        ["train_low_defects_per_case"] = LowDefectsPerCase.ToString(CultureInfo.InvariantCulture),
        ["train_learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["train_seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["train_threshold"] = Threshold.ToString("R", CultureInfo.InvariantCulture),
        ["train_validation_cases"] = $"{FirstValidationCase}-{LastValidationCase}",
        ["train_validation_low_defects_per_case"] = ValidationLowDefectsPerCase.ToString(CultureInfo.InvariantCulture),
        ["train_held_out_cases"] = LastHeldOutCase >= FirstHeldOutCase ? $"{FirstHeldOutCase}-{LastHeldOutCase}" : "none",
        ["train_optimizer"] = "Adam",
        [TargetKey] = Coarse && CoarseTarget == CoarseTarget.CompleteSkull ? "complete skull" : "implant",
        [PriorChannelKey] = PriorChannel ? "true" : "false",
        ["train_shape_model_folds"] = ShapeModelFolds.ToString(CultureInfo.InvariantCulture),
        ["train_loss"] = "BCE-with-logits + soft Dice",
        ["train_error_focus"] = ErrorFocus.ToString("R", CultureInfo.InvariantCulture),
        [MirrorChannelKey] = MirrorChannel ? "true" : "false",
        [CoarseChannelKey] = CoarseChannel is null ? "none" : CoarseSkullModel.WeightsIdentity(CoarseChannel),
        ["train_flips"] = FlipsName(Flips),
        ["train_prior_shift"] = PriorShift.ToString(CultureInfo.InvariantCulture),
        ["train_prior_warp"] = PriorWarp.ToString("R", CultureInfo.InvariantCulture),
        ["train_average_from_epoch"] = AverageFromEpoch.ToString(CultureInfo.InvariantCulture),
        [PriorSettingsKey] = PriorOptions.Describe(),
    };
}
