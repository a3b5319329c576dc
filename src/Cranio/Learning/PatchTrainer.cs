using System.Diagnostics;
using System.Globalization;
using Cranio.Defects;
using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>Where training is, reported after every step.</summary>
/// <param name="Epoch">Current epoch (1-based).</param>
/// <param name="Step">Step within the epoch (1-based).</param>
/// <param name="StepsPerEpoch">Steps in an epoch.</param>
/// <param name="Loss">Mean loss of the epoch so far.</param>
/// <param name="StepsPerSecond">Steps per second of the epoch so far.</param>
public sealed record PatchTrainingProgress(int Epoch, int Step, int StepsPerEpoch, double Loss, double StepsPerSecond);

/// <summary>The summary of one finished epoch.</summary>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="ValidationDice">Mean DSC of the thresholded network output on the validation samples (working grid).</param>
/// <param name="PriorDice">Mean DSC on the same samples of the thresholded input channel that approximates the target: the prior
/// for the patch network, the defective skull for the coarse network's complete-skull target; null for the coarse
/// network's implant target, which no input channel approximates.</param>
/// <param name="Elapsed">Wall time of the epoch including validation.</param>
/// <param name="Best">True when this epoch has the best validation DSC so far (its weights were written to the best checkpoint).</param>
/// <param name="AveragedValidationDice">Validation DSC of the averaged weights (<see cref="PatchTrainingOptions.AverageFromEpoch"/>), null before the first averaged epoch or without an average.</param>
public sealed record PatchEpochSummary(int Epoch, double Loss, double ValidationDice, double? PriorDice, TimeSpan Elapsed, bool Best, double? AveragedValidationDice = null);

/// <summary>
/// Trains a <see cref="PatchRefinementModel"/> (or, with <see cref="PatchTrainingOptions.Coarse"/>, the
/// <see cref="CoarseSkullModel"/>, <see cref="TrainCoarse"/>): Adam on BCE-with-logits + soft Dice, batch 1; each step takes a
/// training sample, a random <see cref="PatchTrainingOptions.PatchSize"/>³ sub-patch of its working crop and random
/// flips along each axis of <see cref="PatchTrainingOptions.Flips"/> (drawn from <see cref="SplitMix64"/> seeded by the training seed and the epoch, so a resumed
/// run repeats the same epochs). After each epoch: validation DSC on whole working crops, then the checkpoint is
/// written atomically (weights, architecture, window, training settings, epoch, validation DSC), and again to the best
/// checkpoint when the validation DSC improved. A killed run resumes from its last checkpoint, losing at most one
/// epoch; the last checkpoint also holds Adam's moments and step count (<see cref="Checkpoint"/>), so a resumed run
/// writes the same bytes as one that was never stopped. The best checkpoint holds the weights only; resuming from a
/// weights-only file starts Adam's moments from zero. With <see cref="PatchTrainingOptions.AverageFromEpoch"/> K ≥ 1
/// the running mean of the end-of-epoch weights from epoch K on is kept in float32 (w̄ₙ = w̄ₙ₋₁ + (wₙ − w̄ₙ₋₁)/n) and
/// written, validated, to the averaged checkpoint after each of those epochs; a resumed run reads it back, so it too
/// writes the same bytes as an uninterrupted one.
/// </summary>
public sealed class PatchTrainer
{
    /// <summary>Creates a trainer.</summary>
    public PatchTrainer(PatchTrainingOptions options) => Options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The settings.</summary>
    public PatchTrainingOptions Options { get; }

    /// <summary>Trains and writes the checkpoints.</summary>
    /// <param name="training">Training samples (at least one).</param>
    /// <param name="validation">Validation samples (at least one).</param>
    /// <param name="checkpointPath">The last epoch's checkpoint.</param>
    /// <param name="bestPath">The best epoch's checkpoint.</param>
    /// <param name="resumePath">A checkpoint of an earlier run to continue from, or null.</param>
    /// <param name="averagedPath">The averaged checkpoint (required when <see cref="PatchTrainingOptions.AverageFromEpoch"/> is set; read back on a resume past epoch K).</param>
    /// <param name="progress">Receives every step.</param>
    /// <param name="epochDone">Receives every epoch's summary.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="InvalidOperationException">The options are the coarse network's (<see cref="PatchTrainingOptions.Coarse"/>; see <see cref="TrainCoarse"/>).</exception>
    public PatchRefinementModel Train(IReadOnlyList<PatchSample> training, IReadOnlyList<PatchSample> validation, string checkpointPath, string bestPath,
        string? resumePath = null, Action<PatchTrainingProgress>? progress = null, Action<PatchEpochSummary>? epochDone = null, CancellationToken cancellationToken = default,
        string? averagedPath = null)
    {
        if (Options.Coarse) throw new InvalidOperationException("These options train the coarse network: call TrainCoarse.");
        return Train(() => new PatchRefinementModel(Options.Architecture, Options.Window, Options.Seed), PatchRefinementModel.Load, PriorChannelIndex,
            training, validation, checkpointPath, bestPath, resumePath, progress, epochDone, cancellationToken, averagedPath);
    }

    /// <summary>
    /// Trains the coarse network (<see cref="CoarseSkullModel"/>; options with
    /// <see cref="PatchTrainingOptions.Coarse"/>) exactly as <see cref="Train"/> trains the patch network, on samples
    /// from <see cref="CoarseDataset"/>; the epoch summaries' baseline is the defective skull's DSC against the
    /// complete one for that target, none for the implant target.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options are not the coarse network's.</exception>
    public CoarseSkullModel TrainCoarse(IReadOnlyList<PatchSample> training, IReadOnlyList<PatchSample> validation, string checkpointPath, string bestPath,
        string? resumePath = null, Action<PatchTrainingProgress>? progress = null, Action<PatchEpochSummary>? epochDone = null, CancellationToken cancellationToken = default,
        string? averagedPath = null)
    {
        if (!Options.Coarse) throw new InvalidOperationException("These options train the patch network: call Train.");
        return Train(() => new CoarseSkullModel(Options.Architecture, Options.Window, Options.Seed), CoarseSkullModel.Load,
            baselineChannel: Options.CoarseTarget == CoarseTarget.CompleteSkull ? 0 : null,
            training, validation, checkpointPath, bestPath, resumePath, progress, epochDone, cancellationToken, averagedPath);
    }

    private TModel Train<TModel>(Func<TModel> create, Func<string, (TModel Model, IReadOnlyDictionary<string, string> Metadata)> load, int? baselineChannel,
        IReadOnlyList<PatchSample> training, IReadOnlyList<PatchSample> validation, string checkpointPath, string bestPath,
        string? resumePath, Action<PatchTrainingProgress>? progress, Action<PatchEpochSummary>? epochDone, CancellationToken cancellationToken,
        string? averagedPath) where TModel : IWindowNetwork
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (training.Count == 0) throw new ArgumentException("There are no training samples.", nameof(training));
        if (validation.Count == 0) throw new ArgumentException("There are no validation samples.", nameof(validation));
        if (Options.AverageFromEpoch > 0 && averagedPath is null)
            throw new ArgumentException($"Weights averaged from epoch {Options.AverageFromEpoch} need a path for the averaged checkpoint.", nameof(averagedPath));
        var model = create();
        var settings = Options.ToMetadata();
        int startEpoch = 1;
        double bestDice = double.NegativeInfinity;
        string history = "";
        if (resumePath is not null)
        {
            var (resumed, metadata) = load(resumePath);
            EnsureSameNetwork(resumed, metadata, settings, resumePath, nameof(resumePath));
            model = resumed;
            try
            {
                startEpoch = CheckpointMetadata.Integer(metadata, "epoch") + 1;
                bestDice = CheckpointMetadata.Number(metadata, "best_validation_dice");
            }
            catch (ArgumentException e)
            {
                throw new CranioFormatException(resumePath, "__metadata__", e.Message, e);
            }
            history = metadata.TryGetValue(HistoryKey, out var earlier) ? earlier : "";
        }
        var optimizer = new Adam(model.Network.Parameters(), Options.LearningRate);
        if (resumePath is not null) Checkpoint.LoadOptimizer(optimizer, model.Network, resumePath);
        float[][]? average = Options.AverageFromEpoch > 0 && startEpoch > Options.AverageFromEpoch
            ? ResumedAverage(load, averagedPath!, startEpoch - 1, settings) : null;
        int steps = training.Count * Options.Repeats;
        for (int epoch = startEpoch; epoch <= Options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var random = new SplitMix64(Options.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)epoch));
            var order = Enumerable.Range(0, steps).Select(i => i % training.Count).ToArray();
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt32(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            double lossSum = 0;
            for (int s = 0; s < steps; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (input, target) = SubPatch(training[order[s]], Options.PatchSize, random, Options.ErrorFocus, Options.Flips, Options.PriorShift, Options.PriorWarp);
                if (!Options.PriorChannel) ClearPrior(input);
                optimizer.ZeroGrad();
                var logits = model.Network.Forward(input);
                var loss = Functional.Add(Functional.BinaryCrossEntropyWithLogits(logits, target), Functional.SoftDiceLoss(Functional.Sigmoid(logits), target));
                lossSum += loss.Data[0];
                loss.Backward();
                optimizer.Step();
                progress?.Invoke(new PatchTrainingProgress(epoch, s + 1, steps, lossSum / (s + 1), (s + 1) / clock.Elapsed.TotalSeconds));
            }
            var (dice, priorDice) = Validate(model.Network, validation, Options.Threshold, Options.PriorChannel, baselineChannel);
            bool best = dice > bestDice;
            if (best) bestDice = dice;
            var metadata = model.ToMetadata();
            foreach (var (key, value) in settings) metadata[key] = value;
            metadata["epoch"] = epoch.ToString(CultureInfo.InvariantCulture);
            metadata["train_loss_mean"] = (lossSum / steps).ToString("R", CultureInfo.InvariantCulture);
            metadata["validation_dice"] = dice.ToString("R", CultureInfo.InvariantCulture);
            metadata["best_validation_dice"] = bestDice.ToString("R", CultureInfo.InvariantCulture);
            history += string.Create(CultureInfo.InvariantCulture, $"{(history.Length == 0 ? "" : ";")}{epoch},{lossSum / steps:F6},{dice:F6},{priorDice?.ToString("F6", CultureInfo.InvariantCulture)}");
            metadata[HistoryKey] = history;
            if (best) Checkpoint.Save(model.Network, bestPath, metadata);
            Checkpoint.Save(model.Network, checkpointPath, metadata, optimizer);
            double? averagedDice = null;
            if (Options.AverageFromEpoch > 0 && epoch >= Options.AverageFromEpoch)
            {
                average = Accumulate(model, average, epoch - Options.AverageFromEpoch + 1);
                averagedDice = SaveAverage(model.Network, average, validation, averagedPath!, metadata, baselineChannel);
            }
            epochDone?.Invoke(new PatchEpochSummary(epoch, lossSum / steps, dice, priorDice, clock.Elapsed, best, averagedDice));
        }
        return model;
    }

    /// <summary>Checkpoint metadata key of the averaged checkpoint's epochs, "K-E" (the first and last averaged epoch).</summary>
    public const string AveragedEpochsKey = "averaged_epochs";

    /// <summary>The running mean after folding in the model's current weights as the <paramref name="count"/>-th term.</summary>
    private static float[][] Accumulate(IWindowNetwork model, float[][]? average, int count)
    {
        var parameters = model.Network.Parameters();
        if (average is null) return [.. parameters.Select(p => (float[])p.Data.Clone())];
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] w = parameters[p].Data, mean = average[p];
            for (int i = 0; i < w.Length; i++) mean[i] += (w[i] - mean[i]) / count;
        }
        return average;
    }

    /// <summary>
    /// Validates the averaged weights and writes them to <paramref name="path"/> with this epoch's metadata, the
    /// averaged epochs and their own validation DSC; the model's own weights are put back afterwards.
    /// </summary>
    private double SaveAverage(SkipAutoencoder3d network, float[][] average, IReadOnlyList<PatchSample> validation, string path, Dictionary<string, string> epochMetadata,
        int? baselineChannel)
    {
        var parameters = network.Parameters();
        float[][] own = [.. parameters.Select(p => (float[])p.Data.Clone())];
        for (int p = 0; p < parameters.Count; p++) average[p].CopyTo(parameters[p].Data, 0);
        double dice = Validate(network, validation, Options.Threshold, Options.PriorChannel, baselineChannel).Network;
        var metadata = new Dictionary<string, string>(epochMetadata, StringComparer.Ordinal)
        {
            [AveragedEpochsKey] = string.Create(CultureInfo.InvariantCulture, $"{Options.AverageFromEpoch}-{epochMetadata["epoch"]}"),
            ["validation_dice"] = dice.ToString("R", CultureInfo.InvariantCulture),
        };
        Checkpoint.Save(network, path, metadata);
        for (int p = 0; p < parameters.Count; p++) own[p].CopyTo(parameters[p].Data, 0);
        return dice;
    }

    /// <summary>The running mean stored in the averaged checkpoint of a run resumed after <paramref name="lastEpoch"/>.</summary>
    /// <exception cref="FileNotFoundException">The averaged checkpoint is missing.</exception>
    /// <exception cref="CranioFormatException">It does not end at <paramref name="lastEpoch"/> or does not start at <see cref="PatchTrainingOptions.AverageFromEpoch"/>.</exception>
    private float[][] ResumedAverage<TModel>(Func<string, (TModel Model, IReadOnlyDictionary<string, string> Metadata)> load, string path, int lastEpoch,
        IReadOnlyDictionary<string, string> settings)
        where TModel : IWindowNetwork
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Resuming after epoch {lastEpoch} needs the averaged checkpoint of epochs {Options.AverageFromEpoch}–{lastEpoch}: {path} is missing.", path);
        var (averaged, metadata) = load(path);
        EnsureSameNetwork(averaged, metadata, settings, path, "averagedPath");
        string expected = string.Create(CultureInfo.InvariantCulture, $"{Options.AverageFromEpoch}-{lastEpoch}");
        string found = metadata.TryGetValue(AveragedEpochsKey, out var epochs) ? epochs : "(missing)";
        if (found != expected)
            throw new CranioFormatException(path, $"__metadata__.{AveragedEpochsKey}", $"expected \"{expected}\" to resume after epoch {lastEpoch}; found \"{found}\"");
        return [.. averaged.Network.Parameters().Select(p => p.Data)];
    }

    /// <summary>
    /// Throws unless <paramref name="checkpoint"/> has this run's architecture and window, and its recorded inputs
    /// (<see cref="InputKeys"/>, where the checkpoint records them) are this run's: the same number of channels may
    /// mean the mirror image or the coarse probabilities, and those of other coarse weights. <paramref name="settings"/>
    /// is this run's <see cref="PatchTrainingOptions.ToMetadata"/>, computed once per run (it hashes the coarse weights).
    /// </summary>
    private void EnsureSameNetwork(IWindowNetwork checkpoint, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> settings,
        string path, string parameterName)
    {
        var architecture = Options.Architecture.ToMetadata();
        if (checkpoint.Network.Options.ToMetadata().Any(p => architecture[p.Key] != p.Value) || checkpoint.Window != Options.Window)
            throw new ArgumentException($"{path}: the checkpoint's architecture or window differs from this run's settings.", parameterName);
        foreach (string key in InputKeys)
            if (metadata.TryGetValue(key, out var recorded) && recorded != settings[key])
                throw new ArgumentException($"{path}: the checkpoint was trained with {key} = \"{recorded}\"; this run has \"{settings[key]}\".", parameterName);
    }

    /// <summary>The checkpoint metadata keys of what the network's input channels hold and what it predicts, which a resumed run must keep.</summary>
    private static readonly string[] InputKeys =
        [PatchTrainingOptions.PriorChannelKey, PatchTrainingOptions.MirrorChannelKey, PatchTrainingOptions.CoarseChannelKey, PatchTrainingOptions.TargetKey];

    /// <summary>
    /// Checkpoint metadata key of the training log: one record per epoch so far, separated by ';', each
    /// "epoch,mean training loss,validation DSC,baseline DSC" (six decimals; the baseline is <see cref="PatchEpochSummary.PriorDice"/>,
    /// empty where there is none, the coarse network's implant target). It carries over a resume, so the log of a
    /// quiet or killed run is never lost; wall times are left out, so a resumed run still writes the same bytes.
    /// </summary>
    public const string HistoryKey = "train_history";

    /// <summary>
    /// Mean DSC over <paramref name="samples"/> of the network output (σ(logits) ≥ threshold) and of the prior channel
    /// (≥ threshold) against the target (≥ threshold), on the working grids. A sample whose target and prediction are
    /// both empty scores 1. With <paramref name="priorChannel"/> false the network sees the prior channel zeroed.
    /// </summary>
    public static (double Network, double Prior) Validate(PatchRefinementModel model, IReadOnlyList<PatchSample> samples, double threshold, bool priorChannel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (network, prior) = Validate(model.Network, samples, threshold, priorChannel, PriorChannelIndex);
        return (network, prior!.Value);
    }

    /// <summary>
    /// Mean DSC over <paramref name="samples"/> of <paramref name="network"/>'s output and of input channel
    /// <paramref name="baselineChannel"/> (each ≥ threshold; null: none) against the target, as <see cref="Validate(PatchRefinementModel, IReadOnlyList{PatchSample}, double, bool)"/>.
    /// </summary>
    internal static (double Network, double? Baseline) Validate(SkipAutoencoder3d network, IReadOnlyList<PatchSample> samples, double threshold, bool priorChannel, int? baselineChannel)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(samples);
        double networkSum = 0, prior = 0;
        foreach (var sample in samples)
        {
            float logitThreshold = (float)Math.Log(threshold / (1 - threshold));
            var networkInput = sample.Input;
            if (!priorChannel) ClearPrior(networkInput = sample.Input.Clone());
            var logits = network.Forward(networkInput).Data;
            int n = sample.Target.Length;
            float[] target = sample.Target.Data, input = sample.Input.Data;
            networkSum += Dice(i => logits[i] >= logitThreshold, i => target[i] >= threshold, n);
            if (baselineChannel is int channel) prior += Dice(i => input[channel * n + i] >= threshold, i => target[i] >= threshold, n);
        }
        return (networkSum / samples.Count, baselineChannel is null ? null : prior / samples.Count);
    }

    /// <summary>The input channel of the prior (channel 0 is the defective skull).</summary>
    internal const int PriorChannelIndex = 1;

    /// <summary>Zeroes the prior's channel (<see cref="PriorChannelIndex"/>) of a network input.</summary>
    internal static void ClearPrior(Tensor input)
    {
        int n = input.D * input.H * input.W;
        input.Data.AsSpan(PriorChannelIndex * n, n).Clear();
    }

    private static double Dice(Func<int, bool> a, Func<int, bool> b, int n)
    {
        long both = 0, sa = 0, sb = 0;
        for (int i = 0; i < n; i++)
        {
            bool x = a(i), y = b(i);
            if (x) sa++;
            if (y) sb++;
            if (x && y) both++;
        }
        return sa + sb == 0 ? 1 : 2.0 * both / (sa + sb);
    }

    /// <summary>
    /// A random sub-patch of edge <paramref name="size"/> (each axis clamped to the sample's size) of input and target,
    /// flipped along each axis of <paramref name="flips"/> with probability ½ (three numbers are drawn either way, so
    /// the patches' places do not depend on <paramref name="flips"/>). With <paramref name="priorShift"/> N &gt; 0, the prior
    /// channel is, with probability ½, displaced against the skull and the target by a whole-voxel offset drawn
    /// uniformly from [−N, N] per axis (0 where the offset reads beyond the sample); N = 0 draws no extra number. With
    /// <paramref name="priorWarp"/> A &gt; 0, the prior channel is, with probability ½, further read trilinearly at p + d(p)
    /// (p the shifted voxel in the sample, 0 beyond the sample), d a <see cref="SmoothDisplacementField"/> of amplitude A
    /// and wavelength <see cref="PatchTrainingOptions.PriorWarpWavelength"/> seeded by the next number drawn; A = 0 draws
    /// no extra number. With probability <paramref name="errorFocus"/> the patch is placed
    /// over a working voxel, drawn uniformly, where the prior channel and the target disagree (<see cref="Disagreement"/>),
    /// which lands at a uniformly random position within it (clamped to the sample); otherwise, or when they agree
    /// everywhere, anywhere in the sample. With <paramref name="errorFocus"/> 0 no extra number is drawn.
    /// </summary>
    internal static (Tensor Input, Tensor Target) SubPatch(PatchSample sample, int size, SplitMix64 random, double errorFocus = 0, PatchFlipAxes flips = PatchFlipAxes.All, int priorShift = 0,
        double priorWarp = 0)
    {
        int d = sample.Target.D, h = sample.Target.H, w = sample.Target.W;
        int pd = Math.Min(size, d), ph = Math.Min(size, h), pw = Math.Min(size, w);
        int z0, y0, x0;
        int focus = errorFocus > 0 && random.NextSingle() < errorFocus ? RandomDisagreement(sample, random) : -1;
        if (focus >= 0)
        {
            int fx0 = focus % w, fy0 = focus / w % h, fz0 = focus / (w * h);
            z0 = Math.Clamp(fz0 - random.NextInt32(pd), 0, d - pd);
            y0 = Math.Clamp(fy0 - random.NextInt32(ph), 0, h - ph);
            x0 = Math.Clamp(fx0 - random.NextInt32(pw), 0, w - pw);
        }
        else (z0, y0, x0) = (random.NextInt32(d - pd + 1), random.NextInt32(h - ph + 1), random.NextInt32(w - pw + 1));
        bool fz = random.NextInt32(2) == 1, fy = random.NextInt32(2) == 1, fx = random.NextInt32(2) == 1;
        if (flips == PatchFlipAxes.LeftRight) (fz, fy) = (false, false);
        (int Z, int Y, int X) shift = (0, 0, 0);
        if (priorShift > 0 && random.NextInt32(2) == 1)
            shift = (random.NextInt32(2 * priorShift + 1) - priorShift, random.NextInt32(2 * priorShift + 1) - priorShift, random.NextInt32(2 * priorShift + 1) - priorShift);
        SmoothDisplacementField? warp = priorWarp > 0 && random.NextInt32(2) == 1
            ? new SmoothDisplacementField(priorWarp, PatchTrainingOptions.PriorWarpWavelength, random.NextUInt64())
            : null;
        Tensor Cut(Tensor source, int shiftedChannel)
        {
            int channels = source.C;
            var result = new Tensor(1, channels, pd, ph, pw);
            float[] from = source.Data, to = result.Data;
            for (int c = 0; c < channels; c++)
            {
                var (dz, dy, dx) = c == shiftedChannel ? shift : (0, 0, 0);
                if (c == shiftedChannel && warp is not null)
                {
                    WarpChannel(from, c, d, h, w, to, (c * pd) * ph * pw, (pd, ph, pw), (z0 + dz, y0 + dy, x0 + dx), (fz, fy, fx), warp);
                    continue;
                }
                for (int z = 0; z < pd; z++)
                    for (int y = 0; y < ph; y++)
                    {
                        int sz = z0 + (fz ? pd - 1 - z : z) + dz, sy = y0 + (fy ? ph - 1 - y : y) + dy, dstRow = ((c * pd + z) * ph + y) * pw;
                        if ((uint)sz >= (uint)d || (uint)sy >= (uint)h) continue;
                        int srcRow = ((c * d + sz) * h + sy) * w;
                        for (int x = 0; x < pw; x++)
                        {
                            int sx = x0 + (fx ? pw - 1 - x : x) + dx;
                            if ((uint)sx < (uint)w) to[dstRow + x] = from[srcRow + sx];
                        }
                    }
            }
            return result;
        }
        return (Cut(sample.Input, PriorChannelIndex), Cut(sample.Target, -1));
    }

    /// <summary>
    /// Writes channel <paramref name="channel"/> of a (d, h, w) source read at p + warp(p) into the (pd, ph, pw) patch at
    /// <paramref name="offset"/> of <paramref name="to"/>: p = origin + the patch voxel (mirrored along the flipped axes),
    /// read by trilinear interpolation with 0 beyond the source.
    /// </summary>
    private static void WarpChannel(float[] from, int channel, int d, int h, int w, float[] to, int offset, (int D, int H, int W) patch,
        (int Z, int Y, int X) origin, (bool Z, bool Y, bool X) flip, SmoothDisplacementField warp)
    {
        var displacements = new Vec3[patch.W];
        int channelStart = channel * d * h * w;
        float Read(int z, int y, int x) =>
            (uint)z < (uint)d && (uint)y < (uint)h && (uint)x < (uint)w ? from[channelStart + (z * h + y) * w + x] : 0f;
        for (int z = 0; z < patch.D; z++)
            for (int y = 0; y < patch.H; y++)
            {
                int sz = origin.Z + (flip.Z ? patch.D - 1 - z : z), sy = origin.Y + (flip.Y ? patch.H - 1 - y : y);
                int sx0 = origin.X + (flip.X ? patch.W - 1 : 0);
                warp.AlongRow(new Vec3(sx0, sy, sz), new Vec3(flip.X ? -1 : 1, 0, 0), displacements);
                int row = offset + (z * patch.H + y) * patch.W;
                for (int x = 0; x < patch.W; x++)
                {
                    Vec3 dp = displacements[x];
                    double px = sx0 + (flip.X ? -x : x) + dp.X, py = sy + dp.Y, pz = sz + dp.Z;
                    int ix = (int)Math.Floor(px), iy = (int)Math.Floor(py), iz = (int)Math.Floor(pz);
                    float tx = (float)(px - ix), ty = (float)(py - iy), tz = (float)(pz - iz);
                    float c00 = Read(iz, iy, ix) * (1 - tx) + Read(iz, iy, ix + 1) * tx;
                    float c01 = Read(iz, iy + 1, ix) * (1 - tx) + Read(iz, iy + 1, ix + 1) * tx;
                    float c10 = Read(iz + 1, iy, ix) * (1 - tx) + Read(iz + 1, iy, ix + 1) * tx;
                    float c11 = Read(iz + 1, iy + 1, ix) * (1 - tx) + Read(iz + 1, iy + 1, ix + 1) * tx;
                    to[row + x] = (c00 * (1 - ty) + c01 * ty) * (1 - tz) + (c10 * (1 - ty) + c11 * ty) * tz;
                }
            }
    }

    /// <summary>True where the prior channel and the target of <paramref name="sample"/> lie on different sides of ½.</summary>
    internal static bool Disagreement(PatchSample sample, int voxel) =>
        sample.Input.Data[PriorChannelIndex * sample.Target.Length + voxel] >= 0.5f != sample.Target.Data[voxel] >= 0.5f;

    /// <summary>A voxel index drawn uniformly among those where <see cref="Disagreement"/> holds, or −1 when there is none.</summary>
    private static int RandomDisagreement(PatchSample sample, SplitMix64 random)
    {
        int n = sample.Target.Length, count = 0;
        for (int i = 0; i < n; i++)
            if (Disagreement(sample, i)) count++;
        if (count == 0) return -1;
        int k = random.NextInt32(count);
        for (int i = 0; i < n; i++)
            if (Disagreement(sample, i) && k-- == 0) return i;
        throw new InvalidOperationException("Unreachable: the disagreement count changed between passes.");
    }
}
