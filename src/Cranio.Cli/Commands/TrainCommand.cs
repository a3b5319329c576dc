using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cranio.Design;
using Cranio.Learning;
using Spectre.Console;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio train --data DIR --model patch|coarse [--epochs N] [--resume CKPT] -o CKPT</c>: trains the learned
/// designer's patch network or the coarse network (<see cref="PatchTrainer"/>) on a SkullFix-style folder;
/// writes CKPT after every epoch and the best epoch to CKPT with "-best" before the extension.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "SkullFix-style folder: complete_skull/, defective_skull/, implant/ with NNN.nrrd.", Required = true };
        var model = new Option<string>("--model") { Description = "The network to train: patch (refines the spherical-map implant) or coarse (sees the whole defective skull on a coarse grid; see --coarse-target).", DefaultValueFactory = _ => PatchRefinementModelName };
        var output = new Option<string>("--output", "-o") { Description = "Checkpoint (.safetensors) written after every epoch; the best epoch goes to NAME-best.safetensors.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Number of epochs.", DefaultValueFactory = _ => 10 };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (its epoch, best validation DSC and optimiser state)." };
        var cache = new Option<string>("--cache") { Description = "Folder for the precomputed training samples (spherical-map priors).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "cranio-patch-cache") };
        var patch = new Option<int>("--patch-size") { Description = "Edge of the random training sub-patch in working voxels (multiple of 8).", DefaultValueFactory = _ => 32 };
        var repeats = new Option<int>("--repeats") { Description = "Passes over the training samples per epoch.", DefaultValueFactory = _ => 4 };
        var synthetic = new Option<int>("--synthetic") { Description = "Defects injected per training complete skull.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights, injected defects, order, sub-patches and flips.", DefaultValueFactory = _ => 7 };
        var withoutPrior = new Option<bool>("--without-prior") { Description = "Ablation: zero the prior channel, so the network sees the defective skull only (the window still follows the prior)." };
        var validationCases = new Option<string>("--validation-cases") { Description = "Case numbers FIRST-LAST validated on after each epoch (the best epoch is chosen on them), never trained on.", DefaultValueFactory = _ => "60-74" };
        var heldOut = new Option<string?>("--held-out-cases") { Description = "Case numbers FIRST-LAST neither trained nor validated on (kept for reporting)." };
        var encoder = new Option<string>("--encoder-channels") { Description = "Channels of the network's three encoder levels, comma-separated.", DefaultValueFactory = _ => string.Join(",", DefaultArchitecture.EncoderChannels) };
        var middle = new Option<int>("--middle-channels") { Description = "Channels of each of the network's four dilated middle layers.", DefaultValueFactory = _ => DefaultArchitecture.MiddleChannels };
        var shapeFolds = new Option<int>("--shape-model-folds") { Description = "K ≥ 2: guide the priors by shape models of the training skulls, each training sample's built without its skull's fold of K; 0: the training-free prior.", DefaultValueFactory = _ => 0 };
        var sampling = new Option<string>("--window-sampling") { Description = "How masks reach the working grid: trilinear (point samples) or area-average (covered fraction per voxel).", DefaultValueFactory = _ => PatchWindowOptions.SamplingName(PatchWindowOptions.Default.Sampling) };
        var errorFocus = new Option<double>("--error-focus") { Description = "Probability that a training sub-patch is placed over a voxel where the prior and the true implant disagree (else anywhere).", DefaultValueFactory = _ => 0 };
        var mirror = new Option<bool>("--mirror-channel") { Description = "Give the network a third input channel: the defective skull's mirror image in its mid-sagittal plane." };
        var coarseChannel = new Option<string?>("--coarse-channel") { Description = "With --model patch: give the network a third input channel, the implant probabilities of this coarse-network checkpoint for the whole skull." };
        var flips = new Option<string>("--flips") { Description = "Axes a training sub-patch is mirrored along: all, or left-right (keeps every patch's up and front).", DefaultValueFactory = _ => PatchTrainingOptions.FlipsName(PatchFlipAxes.All) };
        var priorShift = new Option<int>("--prior-shift") { Description = "N ≥ 0: half the training sub-patches get their prior displaced by up to N working voxels per axis against the skull and the true implant.", DefaultValueFactory = _ => 0 };
        var priorWarp = new Option<double>("--prior-warp") { Description = "A ≥ 0: half the training sub-patches get their prior bent by a smooth random displacement field of up to A working voxels (on top of --prior-shift).", DefaultValueFactory = _ => 0 };
        var lowDefects = new Option<int>("--low-defects") { Description = $"N ≥ 0 more injected defects per training skull, each reaching below the vault centre's plane (the low-defect network's cases; at most {PatchTrainingOptions.LowDefectDrawsPerDefect}·N draws).", DefaultValueFactory = _ => 0 };
        var validationLow = new Option<int>("--validation-low-defects") { Description = "N ≥ 1: validate on the first N injected defects per validation skull that reach below the vault centre's plane instead of its real defect (to choose a low-defect network's best epoch).", DefaultValueFactory = _ => 0 };
        var averageFrom = new Option<int>("--average-from-epoch") { Description = "K ≥ 1: also write NAME-averaged.safetensors, the mean of the weights at the end of epochs K to the last (stochastic weight averaging); 0 = off.", DefaultValueFactory = _ => 0 };
        var coarseTarget = new Option<string>("--coarse-target") { Description = "With --model coarse: what the network predicts, complete (the complete skull, minus the defective one at design time) or implant.", DefaultValueFactory = _ => PatchTrainingOptions.CoarseTargetName(CoarseTarget.CompleteSkull) };
        var command = new Command("train", "Train the learned designer's patch network, or the coarse network, on real and injected defects.") { data, model, output, epochs, resume, cache, patch, repeats, synthetic, rate, seed, withoutPrior, validationCases, heldOut, encoder, middle, shapeFolds, sampling, errorFocus, mirror, coarseChannel, flips, priorShift, priorWarp, lowDefects, validationLow, averageFrom, coarseTarget };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string modelName = parse.GetRequiredValue(model);
            if (modelName is not (PatchRefinementModelName or CoarseSkullModel.ModelName))
                throw new UsageException($"--model must be {PatchRefinementModelName} or {CoarseSkullModel.ModelName}; got \"{modelName}\".");
            bool coarse = modelName == CoarseSkullModel.ModelName;
            PatchTrainingOptions options;
            try
            {
                var (firstValidation, lastValidation) = CaseRange("--validation-cases", parse.GetRequiredValue(validationCases));
                var (firstHeldOut, lastHeldOut) = parse.GetValue(heldOut) is string h ? CaseRange("--held-out-cases", h) : (0, -1);
                if (!PatchWindowOptions.TryParseSampling(parse.GetValue(sampling), out var windowSampling))
                    throw new UsageException($"--window-sampling must be trilinear or area-average; got \"{parse.GetValue(sampling)}\".");
                if (!PatchTrainingOptions.TryParseCoarseTarget(parse.GetValue(coarseTarget), out var target))
                    throw new UsageException($"--coarse-target must be complete or implant; got \"{parse.GetValue(coarseTarget)}\".");
                if (!coarse && target != CoarseTarget.CompleteSkull)
                    throw new UsageException("--coarse-target applies to --model coarse only.");
                if (parse.GetValue(coarseChannel) is string coarseWeights && !File.Exists(coarseWeights))
                    throw new UsageException($"--coarse-channel: no coarse-network checkpoint at {coarseWeights}.");
                if (!PatchTrainingOptions.TryParseFlips(parse.GetValue(flips), out var flipAxes))
                    throw new UsageException($"--flips must be all or left-right; got \"{parse.GetValue(flips)}\".");
                var architecture = new SkipAutoencoderOptions(ChannelList("--encoder-channels", parse.GetRequiredValue(encoder)), parse.GetValue(middle),
                    DefaultArchitecture.Dilations, PatchTrainingOptions.InputChannels(coarse, parse.GetValue(mirror), parse.GetValue(coarseChannel) is not null), DefaultArchitecture.OutChannels);
                var coarseWindow = CoarseSkullModel.DefaultWindow;
                var window = coarse ? new PatchWindowOptions(coarseWindow.MarginMm, coarseWindow.SpacingMm, coarseWindow.MaxSize, windowSampling) : new PatchWindowOptions(sampling: windowSampling);
                options = new PatchTrainingOptions(parse.GetValue(epochs), parse.GetValue(patch), parse.GetValue(repeats), parse.GetValue(synthetic), parse.GetValue(rate), parse.GetValue(seed),
                    firstValidationCase: firstValidation, lastValidationCase: lastValidation, priorChannel: !parse.GetValue(withoutPrior),
                    architecture: architecture, firstHeldOutCase: firstHeldOut, lastHeldOutCase: lastHeldOut, shapeModelFolds: parse.GetValue(shapeFolds),
                    window: window, errorFocus: parse.GetValue(errorFocus), mirrorChannel: parse.GetValue(mirror), flips: flipAxes, priorShift: parse.GetValue(priorShift),
                    lowDefectsPerCase: parse.GetValue(lowDefects), validationLowDefectsPerCase: parse.GetValue(validationLow), averageFromEpoch: parse.GetValue(averageFrom), priorWarp: parse.GetValue(priorWarp), coarse: coarse, coarseTarget: target,
                    coarseChannel: parse.GetValue(coarseChannel));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            string to = parse.GetRequiredValue(output);
            string Beside(string suffix) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(to))!, Path.GetFileNameWithoutExtension(to) + suffix + Path.GetExtension(to));
            string best = Beside("-best");
            string? averaged = options.AverageFromEpoch > 0 ? Beside("-averaged") : null;
            string? from = parse.GetValue(resume);
            if (from is not null && !File.Exists(from)) throw new UsageException($"--resume: no checkpoint at {from}.");
            if (from is not null && !SafeTensors.Read(from).Metadata.ContainsKey(Checkpoint.OptimizerStepsKey))
                context.Say($"{from} holds weights only (no optimiser state): Adam's moments start from zero, so the run will not repeat an uninterrupted one exactly.");
            var clock = Stopwatch.StartNew();
            var (training, validation) = context.WithProgress(coarse ? "Preparing samples (coarse skulls, cached)" : "Preparing samples (spherical-map priors, cached)", p =>
            {
                void Report(int done, int total, string name)
                {
                    p.Report((double)done / total);
                    if (!Interactive(context)) context.Say(string.Create(CultureInfo.InvariantCulture, $"sample {done}/{total} {name} ({clock.Elapsed.TotalSeconds:0} s)"));
                }
                return coarse
                    ? CoarseDataset.Load(parse.GetRequiredValue(data), parse.GetRequiredValue(cache), options, Report)
                    : PatchDataset.Load(parse.GetRequiredValue(data), parse.GetRequiredValue(cache), options, Report);
            });
            context.Say($"{training.Count} training and {validation.Count} validation samples ({clock.Elapsed.TotalSeconds:0} s).");
            string baseline = coarse ? "defective skull" : "prior";
            var trainer = new PatchTrainer(options);
            void Train(Action<PatchTrainingProgress> progress, Action<PatchEpochSummary> epochDone)
            {
                if (coarse) trainer.TrainCoarse(training, validation, to, best, from, progress, epochDone, averagedPath: averaged);
                else trainer.Train(training, validation, to, best, from, progress, epochDone, averagedPath: averaged);
            }
            if (Interactive(context))
            {
                context.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask task = ctx.AddTask("Training", maxValue: options.Epochs);
                        Train(
                            s =>
                            {
                                task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch}/{options.Epochs} loss {s.Loss:0.0000} {s.StepsPerSecond:0.0} steps/s");
                                task.Value = s.Epoch - 1 + (double)s.Step / s.StepsPerEpoch;
                            },
                            e => context.Console.MarkupLine(Markup.Escape(Summary(e, baseline))));
                    });
            }
            else
            {
                var lastLine = Stopwatch.StartNew();
                Train(
                    s =>
                    {
                        if (lastLine.Elapsed.TotalSeconds < 30 && s.Step != s.StepsPerEpoch) return;
                        lastLine.Restart();
                        double eta = (s.StepsPerEpoch - s.Step) / s.StepsPerSecond;
                        context.Say(string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch}/{options.Epochs} step {s.Step}/{s.StepsPerEpoch} loss {s.Loss:0.0000} {s.StepsPerSecond:0.00} steps/s, epoch ETA {eta:0} s"));
                    },
                    e => context.Say(Summary(e, baseline)));
            }
            context.Say($"Wrote {to}, {best}{(averaged is null ? "" : $" and {averaged}")} ({clock.Elapsed.TotalMinutes:0.0} min).");
            return 0;
        }));
        return command;
    }

    private const string PatchRefinementModelName = PatchRefinementModel.ModelName;

    private static SkipAutoencoderOptions DefaultArchitecture => PatchRefinementModel.DefaultArchitecture;

    private static int[] ChannelList(string option, string text)
    {
        try
        {
            return SkipAutoencoderOptions.ParseCounts(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new UsageException($"{option} must be comma-separated channel counts (e.g. 8,8,8); got \"{text}\".");
        }
    }

    /// <summary>Parses a case range FIRST-LAST (e.g. 60-74); a usage error names <paramref name="option"/> otherwise.</summary>
    internal static (int First, int Last) CaseRange(string option, string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int last) && first <= last)
            return (first, last);
        throw new UsageException($"{option} must be a case range FIRST-LAST with FIRST ≤ LAST (e.g. 60-74); got \"{text}\".");
    }

    private static bool Interactive(CliContext context) => !context.Quiet && context.Console.Profile.Capabilities.Interactive;

    /// <summary>
    /// One epoch's line. <paramref name="baseline"/> names the input channel whose DSC the trainer reports beside the
    /// network's (the prior, or the defective skull against the complete one); the coarse implant target has none.
    /// </summary>
    private static string Summary(PatchEpochSummary e, string baseline)
    {
        var notes = new List<string>();
        if (e.PriorDice is double prior) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{baseline} alone {prior:0.0000}"));
        if (e.AveragedValidationDice is double a) notes.Add(string.Create(CultureInfo.InvariantCulture, $"averaged weights {a:0.0000}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}: loss {e.Loss:0.0000}, validation DSC {e.ValidationDice:0.0000}{(notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "")}, {e.Elapsed.TotalSeconds:0} s{(e.Best ? ", best" : "")}");
    }
}
