using System.Globalization;
using Cranio.Design;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Tests.Cli;
using Cranio.Tests.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Learning;

public sealed class PatchTrainerTests
{
    /// <summary>A SkullFix-style folder of phantoms: cases 000 and 001 (training) and 060 (validation).</summary>
    internal static string PhantomData(TempDirectory temp)
    {
        string root = temp.File("data");
        foreach (string part in new[] { "complete_skull", "defective_skull", "implant" }) Directory.CreateDirectory(Path.Combine(root, part));
        (string Name, double X, double Y, double Z)[] cases = [("000", 0.3, 0.2, 1), ("001", -1, 0.3, 0.5), ("060", 0.6, -0.6, 0.6)];
        foreach (var (name, x, y, z) in cases)
        {
            var (defective, truth) = LearnedDesignerTests.DefectivePhantom(x, y, z, spacing: 3);
            VolumeFile.Write(defective, Path.Combine(root, "defective_skull", name + ".nrrd"));
            VolumeFile.Write(truth, Path.Combine(root, "implant", name + ".nrrd"));
            var complete = defective.Clone();
            for (int i = 0; i < complete.Data.Length; i++) complete.Data[i] |= truth.Data[i];
            VolumeFile.Write(complete, Path.Combine(root, "complete_skull", name + ".nrrd"));
        }
        return root;
    }

    private static string[] Train(string data, string cache, string output, int epochs, string? resume = null, params string[] extra)
    {
        var args = new List<string> { "train", "--data", data, "--model", "patch", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--cache", cache,
            "--patch-size", "16", "--repeats", "1", "--synthetic", "0", "-o", output, "--quiet" };
        if (resume is not null) args.AddRange(["--resume", resume]);
        args.AddRange(extra);
        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
        return [.. Directory.GetFiles(cache).Select(Path.GetFileName).Order()!];
    }

    [Fact]
    public void TrainCommandWritesLoadableCheckpointsAndResumes()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache"), first = temp.File("model.safetensors");
        string[] cached = Train(data, cache, first, epochs: 1);
        Assert.Equal(["real-000.safetensors", "real-001.safetensors", "real-060.safetensors"], cached);
        var (model, metadata) = PatchRefinementModel.Load(first);
        Assert.Equal("1", metadata["epoch"]);
        Assert.Equal("60-74", metadata["train_validation_cases"]);
        Assert.True(File.Exists(temp.File("model-best.safetensors")));
        double dice = double.Parse(metadata["validation_dice"], CultureInfo.InvariantCulture);
        Assert.InRange(dice, 0, 1);
        var designed = new LearnedDesigner(new LearnedDesignerOptions(first)).Design(VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask());
        Assert.NotNull(designed.Implant);

        // Resume: the second run starts at epoch 2 from the first run's weights and writes epoch 2.
        string resumed = temp.File("resumed.safetensors");
        File.Copy(first, temp.File("epoch1.safetensors"));
        Train(data, cache, resumed, epochs: 2, resume: temp.File("epoch1.safetensors"));
        var (after, resumedMetadata) = PatchRefinementModel.Load(resumed);
        Assert.Equal("2", resumedMetadata["epoch"]);
        Assert.NotEqual(model.Network.Parameters()[0].Data, after.Network.Parameters()[0].Data);

        // The last checkpoint carries Adam's state, so the resumed run ends with the same bytes as an uninterrupted
        // two-epoch run; the best checkpoint holds the weights only.
        string straight = temp.File("straight.safetensors");
        Train(data, cache, straight, epochs: 2);
        Assert.Equal(File.ReadAllBytes(straight), File.ReadAllBytes(resumed));
        // The training log survives the resume: one record per epoch, the first one the first run's.
        string[] log = resumedMetadata[PatchTrainer.HistoryKey].Split(';');
        Assert.Equal(2, log.Length);
        Assert.Equal(metadata[PatchTrainer.HistoryKey], log[0]);
        Assert.StartsWith("1,", log[0], StringComparison.Ordinal);
        Assert.StartsWith("2,", log[1], StringComparison.Ordinal);
        Assert.Equal(dice, double.Parse(log[0].Split(',')[2], CultureInfo.InvariantCulture), 6);
        Assert.DoesNotContain(SafeTensors.Read(temp.File("straight-best.safetensors")).Entries, e => e.Key.StartsWith("optimizer.", StringComparison.Ordinal));

        // The same training run twice gives the same bytes (cached samples reused).
        string again = temp.File("again.safetensors");
        Train(data, cache, again, epochs: 1);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(again));
    }

    [Fact]
    public void TrainCommandBuildsTheArchitectureItIsGivenAndRefusesToResumeAnother()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache"), wide = temp.File("wide.safetensors");
        Train(data, cache, wide, epochs: 1, resume: null, "--encoder-channels", "4,6,12", "--middle-channels", "5");
        var (model, metadata) = PatchRefinementModel.Load(wide);
        Assert.Equal([4, 6, 12], model.Network.Options.EncoderChannels);
        Assert.Equal(5, model.Network.Options.MiddleChannels);
        Assert.Equal("4,6,12", metadata["encoder_channels"]);
        Assert.Equal(PatchRefinementModel.DefaultArchitecture.Dilations, model.Network.Options.Dilations);

        AssertTrainFails(1, "architecture or window differs", "--data", data, "--cache", cache, "-o", temp.File("again.safetensors"), "--epochs", "2", "--resume", wide, "--quiet");
        AssertTrainFails(2, "--encoder-channels must be comma-separated channel counts", "--data", data, "-o", temp.File("m.safetensors"), "--encoder-channels", "8,x,8");
        AssertTrainFails(2, "--encoder-channels must be comma-separated channel counts", "--data", data, "-o", temp.File("m.safetensors"), "--encoder-channels", "8,99999999999,8");
        AssertTrainFails(2, "Encoder channels must be three counts", "--data", data, "-o", temp.File("m.safetensors"), "--encoder-channels", "8,8");
    }

    /// <summary>Runs <c>cranio train</c> with <paramref name="args"/> and checks the exit code and a part of the error output.</summary>
    private static void AssertTrainFails(int expectedCode, string expectedError, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(["train", .. args]);
        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedError, error);
    }

    [Fact]
    public void TrainCommandSamplesTheWorkingGridAsItIsToldAndTheDesignerFollowsTheCheckpoint()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache"), area = temp.File("area.safetensors");
        Train(data, cache, area, epochs: 1, resume: null, "--window-sampling", "area-average");
        var (_, metadata) = PatchRefinementModel.Load(area);
        Assert.Equal("area-average", metadata["window_sampling"]);
        var designer = new LearnedDesigner(new LearnedDesignerOptions(area));
        Assert.Equal(WorkingGridSampling.AreaAverage, designer.Model.Window.Sampling);
        Assert.NotNull(designer.Design(VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask()).Implant);
        // The cached samples were made with area averaging, so a trilinear run must not reuse them.
        var cachedWindow = PatchWindowOptions.FromMetadata(SafeTensors.Read(Path.Combine(cache, "real-000.safetensors")).Metadata);
        Assert.Equal(WorkingGridSampling.AreaAverage, cachedWindow.Sampling);

        AssertTrainFails(1, "architecture or window differs", "--data", data, "--cache", cache, "-o", temp.File("again.safetensors"), "--epochs", "2", "--resume", area, "--quiet");
        AssertTrainFails(2, "--window-sampling must be trilinear or area-average; got \"cubic\"", "--data", data, "-o", temp.File("m.safetensors"), "--window-sampling", "cubic");
    }

    [Fact]
    public void TrainRejectsAnUnknownModelAndAMissingResumeCheckpoint()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "--model", "unet", "-o", temp.File("m.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("--model must be patch or coarse; got \"unet\"", error);
        (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "--model", "patch", "-o", temp.File("m.safetensors"), "--resume", temp.File("none.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("no checkpoint", error);
        (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "-o", temp.File("m.safetensors"), "--shape-model-folds", "1");
        Assert.Equal(2, code);
        Assert.Contains("Shape-model folds must be 0 (no shape model) or at least 2; got 1", error);
    }

    [Theory]
    [InlineData("epoch", "eleven", "'epoch' must be an integer; found 'eleven'")]
    [InlineData("best_validation_dice", "0,93", "'best_validation_dice' must be a number; found '0,93'")]
    [InlineData("epoch", null, "has no 'epoch'")]
    public void ResumingFromACheckpointWithABadEpochRecordNamesTheKey(string key, string? value, string problem)
    {
        using var temp = new TempDirectory();
        var model = new PatchRefinementModel(PatchRefinementModel.DefaultArchitecture, PatchWindowOptions.Default, seed: 1);
        var metadata = model.ToMetadata();
        (metadata["epoch"], metadata["best_validation_dice"]) = ("3", "0.93");
        if (value is null) metadata.Remove(key);
        else metadata[key] = value;
        string path = temp.File("bad.safetensors");
        Checkpoint.Save(model.Network, path, metadata);
        var sample = new PatchSample("s", new Tensor(1, 2, 8, 8, 8), new Tensor(1, 1, 8, 8, 8));
        var e = Assert.Throws<CranioFormatException>(() =>
            new PatchTrainer(new PatchTrainingOptions(epochs: 4, patchSize: 8)).Train([sample], [sample], temp.File("out.safetensors"), temp.File("best.safetensors"), path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.False(File.Exists(temp.File("out.safetensors")));
    }

    [Fact]
    public void ShapeModelFoldsNeedEnoughTrainingSkulls()
    {
        // The phantom folder has two training skulls; two folds would leave one skull per model.
        using var temp = new TempDirectory();
        string data = PhantomData(temp);
        var (code, _, error) = CliRunner.Run("train", "--data", data, "--cache", temp.File("cache"), "-o", temp.File("m.safetensors"), "--shape-model-folds", "2", "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("2 shape-model folds need enough training skulls", error);
        Assert.False(File.Exists(temp.File("m.safetensors")));
    }

    [Fact]
    public void HeldOutCasesAreNeitherTrainedNorValidatedOn()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache");
        var options = new PatchTrainingOptions(syntheticPerCase: 1, firstValidationCase: 0, lastValidationCase: 0, firstHeldOutCase: 60, lastHeldOutCase: 74);
        var (training, validation) = PatchDataset.Load(data, cache, options);
        Assert.Equal(["real-001", "synthetic-001-0-s7"], training.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["real-000"], validation.Select(s => s.Name));
        Assert.DoesNotContain(Directory.GetFiles(cache), f => Path.GetFileName(f).Contains("060", StringComparison.Ordinal));
        Assert.Equal("60-74", options.ToMetadata()["train_held_out_cases"]);
        Assert.Equal("none", new PatchTrainingOptions().ToMetadata()["train_held_out_cases"]);
        Assert.True(options.IsHeldOut("074"));
        Assert.False(options.IsHeldOut("059"));
    }

    [Fact]
    public void LowDefectsAreTheFirstDrawsThatReachBelowTheVaultCentreWithinFourDrawsEach()
    {
        var tensor = new Tensor(1, 1, 1, 1, 1);
        bool?[] flags = [false, null, true, false, true, true, true];
        var drawn = new List<int>();
        PatchSample? Draw(int k)
        {
            drawn.Add(k);
            return k == 4 ? null : new PatchSample($"s{k}", tensor, tensor) { ReachesBelowVaultCentre = flags[k - 1] };
        }
        Assert.Equal(["s3", "s5"], PatchDataset.FirstReachingLow(2, 1, Draw).Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4, 5], drawn);
        drawn.Clear();
        Assert.Empty(PatchDataset.FirstReachingLow(1, 0, k => { drawn.Add(k); return null; }));
        Assert.Equal([0, 1, 2, 3], drawn);
        Assert.Empty(PatchDataset.FirstReachingLow(0, 0, k => throw new InvalidOperationException("no draw is needed")));
    }

    [Fact]
    public void LowDefectDrawsAreCachedWithTheirFlagAndOnlyThoseReachingLowAreTrainedOrValidatedOn()
    {
        using var temp = new TempDirectory();
        string root = temp.File("data");
        foreach (string part in new[] { "complete_skull", "defective_skull", "implant" }) Directory.CreateDirectory(Path.Combine(root, part));
        var phantom = new BulgingShellPhantom();
        var (complete, defective, implant) = phantom.Build(phantom.MakeGrid(3), (phantom.OuterPoint(new Vec3(0.3, 0.2, 1)), 25));
        foreach (string name in new[] { "000", "001", "060" })
        {
            VolumeFile.Write(defective, Path.Combine(root, "defective_skull", name + ".nrrd"));
            VolumeFile.Write(implant, Path.Combine(root, "implant", name + ".nrrd"));
            VolumeFile.Write(complete, Path.Combine(root, "complete_skull", name + ".nrrd"));
        }
        string cache = temp.File("cache");
        var options = new PatchTrainingOptions(syntheticPerCase: 0, firstValidationCase: 60, lastValidationCase: 60, lowDefectsPerCase: 1);
        var (training, validation) = PatchDataset.Load(root, cache, options);

        // With seed 7 the first defect injected into case 000 reaches below the vault centre's plane; none of the four
        // drawn for case 001 does (on this phantom the vault centre lies low, so few defects reach below it).
        Assert.Equal(["real-000", "real-001", "synthetic-000-0-s7"], training.Select(s => s.Name));
        Assert.True(training[2].ReachesBelowVaultCentre);
        Assert.Equal(["real-060"], validation.Select(s => s.Name));
        var cached = Directory.GetFiles(cache, "synthetic-*").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["synthetic-000-0-s7", "synthetic-001-0-s7", "synthetic-001-1-s7", "synthetic-001-2-s7", "synthetic-001-3-s7"], cached);
        foreach (string name in cached.Skip(1))
        {
            string path = Path.Combine(cache, name + ".safetensors");
            Assert.Equal("false", SafeTensors.Read(path).Metadata[PatchSample.ReachesLowKey]);
        }

        // A second load reuses the cached draws and their flags.
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(cache, "synthetic-001-3-s7.safetensors"));
        var (again, _) = PatchDataset.Load(root, cache, options);
        Assert.Equal(training.Select(s => s.Name), again.Select(s => s.Name));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(cache, "synthetic-001-3-s7.safetensors")));
        Assert.Equal("1", options.ToMetadata()["train_low_defects_per_case"]);
        Assert.Equal("lowDefectsPerCase", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(lowDefectsPerCase: -1)).ParamName);

        // Validating on low defects: a validation skull gives its first low draws in place of its real defect.
        var lowValidation = new PatchTrainingOptions(syntheticPerCase: 0, firstValidationCase: 0, lastValidationCase: 0, validationLowDefectsPerCase: 1);
        var (trainedOn, validatedOn) = PatchDataset.Load(root, cache, lowValidation);
        Assert.Equal(["real-001", "real-060"], trainedOn.Select(s => s.Name));
        Assert.Equal(["synthetic-000-0-s7"], validatedOn.Select(s => s.Name));
        Assert.True(validatedOn[0].ReachesBelowVaultCentre);
        Assert.Equal("1", lowValidation.ToMetadata()["train_validation_low_defects_per_case"]);
        Assert.Equal("0", options.ToMetadata()["train_validation_low_defects_per_case"]);
        Assert.Equal("validationLowDefectsPerCase", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(validationLowDefectsPerCase: -1)).ParamName);
        var (code, _, error) = CliRunner.Run("train", "--data", root, "-o", temp.File("m.safetensors"), "--low-defects", "-2");
        Assert.Equal(2, code);
        Assert.Contains("Low defects per case must be ≥ 0; got -2.", error);
    }

    [Fact]
    public void HeldOutCasesMustNotOverlapTheValidationCases()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(firstValidationCase: 60, lastValidationCase: 66, firstHeldOutCase: 66, lastHeldOutCase: 74));
        Assert.Equal("firstHeldOutCase", e.ParamName);
        var (code, _, error) = CliRunner.Run("train", "--data", ".", "-o", "m.safetensors", "--validation-cases", "66-60");
        Assert.Equal(2, code);
        Assert.Contains("--validation-cases must be a case range", error);
    }

    [Fact]
    public void WithoutPriorTheValidationIgnoresThePriorChannel()
    {
        var model = new PatchRefinementModel(PatchRefinementModel.DefaultArchitecture, PatchWindowOptions.Default, seed: 2);
        var withPrior = RandomSample("a", 9);
        var (input, target) = (withPrior.Input, withPrior.Target);
        var cleared = input.Clone();
        PatchTrainer.ClearPrior(cleared);
        Assert.Equal(input.Data.AsSpan(0, target.Length).ToArray(), cleared.Data.AsSpan(0, target.Length).ToArray());
        Assert.All(cleared.Data.AsSpan(target.Length).ToArray(), v => Assert.Equal(0f, v));
        var blind = PatchTrainer.Validate(model, [withPrior], 0.5, priorChannel: false);
        var zeroed = PatchTrainer.Validate(model, [new PatchSample("b", cleared, target)], 0.5);
        Assert.Equal(zeroed.Network, blind.Network);
        Assert.Equal(1.0, blind.Prior); // the prior channel equals the target here
        Assert.Equal("false", new PatchTrainingOptions(priorChannel: false).ToMetadata()[PatchTrainingOptions.PriorChannelKey]);
    }

    /// <summary>A random 16³ sample whose target is its prior channel.</summary>
    private static PatchSample RandomSample(string name, ulong seed)
    {
        var random = new SplitMix64(seed);
        var input = new Tensor(1, 2, 16, 16, 16);
        var target = new Tensor(1, 1, 16, 16, 16);
        for (int i = 0; i < input.Length; i++) input.Data[i] = random.NextSingle() < 0.3f ? 1 : 0;
        for (int i = 0; i < target.Length; i++) target.Data[i] = input.Data[target.Length + i];
        return new PatchSample(name, input, target);
    }

    [Fact]
    public void AveragedWeightsAreTheMeanOfTheEndOfEpochWeightsFromTheFirstAveragedEpochAndSurviveAResume()
    {
        using var temp = new TempDirectory();
        PatchSample[] training = [RandomSample("a", 1), RandomSample("b", 2)], validation = [RandomSample("v", 3)];
        var options = new PatchTrainingOptions(epochs: 3, patchSize: 8, repeats: 2, averageFromEpoch: 2);
        var epochWeights = new List<float[][]>();
        var averagedDice = new List<double?>();
        string last = temp.File("last.safetensors"), averaged = temp.File("averaged.safetensors");
        new PatchTrainer(options).Train(training, validation, last, temp.File("best.safetensors"), epochDone: e =>
        {
            epochWeights.Add([.. PatchRefinementModel.Load(last).Model.Network.Parameters().Select(p => (float[])p.Data.Clone())]);
            averagedDice.Add(e.AveragedValidationDice);
        }, averagedPath: averaged);

        var (average, metadata) = PatchRefinementModel.Load(averaged);
        Assert.Equal("2-3", metadata[PatchTrainer.AveragedEpochsKey]);
        Assert.Equal("3", metadata["epoch"]);
        Assert.Equal("2", metadata["train_average_from_epoch"]);
        var parameters = average.Network.Parameters();
        double largestChange = 0;
        for (int p = 0; p < parameters.Count; p++)
            for (int i = 0; i < parameters[p].Data.Length; i++)
            {
                double expected = (epochWeights[1][p][i] + (double)epochWeights[2][p][i]) / 2;
                Assert.Equal(expected, parameters[p].Data[i], 1e-6 * Math.Max(1, Math.Abs(expected)));
                largestChange = Math.Max(largestChange, Math.Abs(epochWeights[2][p][i] - epochWeights[1][p][i]));
            }
        Assert.True(largestChange > 1e-4, "the weights did not move between the averaged epochs, so the test shows nothing");
        Assert.Null(averagedDice[0]);
        Assert.Equal(PatchTrainer.Validate(average, validation, 0.5).Network, averagedDice[2]);
        Assert.Equal(averagedDice[2], double.Parse(metadata["validation_dice"], CultureInfo.InvariantCulture));

        // Killed after epoch 2 and resumed: the averaged checkpoint is read back and the run ends with the same bytes.
        string stopped = temp.File("stopped.safetensors"), stoppedAverage = temp.File("stopped-averaged.safetensors");
        new PatchTrainer(new PatchTrainingOptions(epochs: 2, patchSize: 8, repeats: 2, averageFromEpoch: 2))
            .Train(training, validation, stopped, temp.File("stopped-best.safetensors"), averagedPath: stoppedAverage);
        Assert.Equal("2-2", PatchRefinementModel.Load(stoppedAverage).Metadata[PatchTrainer.AveragedEpochsKey]);
        new PatchTrainer(options).Train(training, validation, temp.File("resumed.safetensors"), temp.File("resumed-best.safetensors"), stopped, averagedPath: stoppedAverage);
        Assert.Equal(File.ReadAllBytes(averaged), File.ReadAllBytes(stoppedAverage));
    }

    [Fact]
    public void ResumingPastTheFirstAveragedEpochNeedsTheMatchingAveragedCheckpoint()
    {
        using var temp = new TempDirectory();
        PatchSample[] samples = [RandomSample("a", 4)];
        string last = temp.File("last.safetensors"), averaged = temp.File("averaged.safetensors");
        new PatchTrainer(new PatchTrainingOptions(epochs: 2, patchSize: 8, averageFromEpoch: 1)).Train(samples, samples, last, temp.File("best.safetensors"), averagedPath: averaged);
        var resumed = new PatchTrainer(new PatchTrainingOptions(epochs: 3, patchSize: 8, averageFromEpoch: 1));

        string missing = temp.File("missing.safetensors");
        var notFound = Assert.Throws<FileNotFoundException>(() => resumed.Train(samples, samples, temp.File("o.safetensors"), temp.File("b.safetensors"), last, averagedPath: missing));
        Assert.Contains(missing, notFound.Message);
        Assert.Contains("epochs 1–2", notFound.Message);

        // An averaged checkpoint of other epochs (here the one of a run averaging from epoch 2) is refused, and nothing is written.
        var otherStart = new PatchTrainer(new PatchTrainingOptions(epochs: 3, patchSize: 8, averageFromEpoch: 2));
        var wrong = Assert.Throws<CranioFormatException>(() => otherStart.Train(samples, samples, temp.File("o.safetensors"), temp.File("b.safetensors"), last, averagedPath: averaged));
        Assert.Contains(averaged, wrong.Message);
        Assert.Contains(PatchTrainer.AveragedEpochsKey, wrong.Message);
        Assert.Contains("expected \"2-2\"", wrong.Message);
        Assert.Contains("found \"1-2\"", wrong.Message);
        Assert.False(File.Exists(temp.File("o.safetensors")));

        // An averaged checkpoint of the right epochs but another architecture is refused too.
        var wide = new PatchRefinementModel(new SkipAutoencoderOptions([4, 6, 12], 5, PatchRefinementModel.DefaultArchitecture.Dilations, inChannels: 2), PatchWindowOptions.Default, seed: 1);
        var wideMetadata = wide.ToMetadata();
        wideMetadata[PatchTrainer.AveragedEpochsKey] = "1-2";
        string widePath = temp.File("wide-averaged.safetensors");
        Checkpoint.Save(wide.Network, widePath, wideMetadata);
        var other = Assert.Throws<ArgumentException>(() => resumed.Train(samples, samples, temp.File("o.safetensors"), temp.File("b.safetensors"), last, averagedPath: widePath));
        Assert.Contains(widePath, other.Message);
        Assert.Contains("architecture or window differs", other.Message);
        Assert.False(File.Exists(temp.File("o.safetensors")));

        Assert.Throws<ArgumentException>(() => new PatchTrainer(new PatchTrainingOptions(epochs: 2, patchSize: 8, averageFromEpoch: 1))
            .Train(samples, samples, temp.File("o.safetensors"), temp.File("b.safetensors")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(epochs: 2, averageFromEpoch: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(epochs: 2, averageFromEpoch: -1));
    }

    [Fact]
    public void SubPatchCutsInputAndTargetAlike()
    {
        var random = new SplitMix64(5);
        int d = 24, h = 16, w = 40, n = d * h * w;
        var input = new Tensor(1, 2, d, h, w);
        var target = new Tensor(1, 1, d, h, w);
        for (int i = 0; i < n; i++)
        {
            input.Data[i] = i;
            input.Data[n + i] = -i;
            target.Data[i] = i;
        }
        var sample = new PatchSample("t", input, target);
        for (int k = 0; k < 10; k++)
        {
            var (pi, pt) = PatchTrainer.SubPatch(sample, 16, random);
            Assert.Equal([1, 2, 16, 16, 16], pi.Shape);
            Assert.Equal([1, 1, 16, 16, 16], pt.Shape);
            int m = 16 * 16 * 16;
            for (int i = 0; i < m; i++)
            {
                Assert.Equal(pt.Data[i], pi.Data[i]);
                Assert.Equal(-pi.Data[i], pi.Data[m + i]);
            }
            // Neighbours along x differ by ±1 (a contiguous, possibly flipped, window of the source).
            Assert.Equal(1f, Math.Abs(pt.Data[1] - pt.Data[0]));
            Assert.Equal(1f, Math.Abs(pt.Data[16] - pt.Data[0]) / w);
        }
    }

    [Fact]
    public void LeftRightFlipsMirrorOnlyAlongXAndDrawTheSamePatches()
    {
        int d = 24, h = 16, w = 40, n = d * h * w;
        var input = new Tensor(1, 2, d, h, w);
        var target = new Tensor(1, 1, d, h, w);
        for (int i = 0; i < n; i++) input.Data[i] = input.Data[n + i] = target.Data[i] = i;
        var sample = new PatchSample("t", input, target);
        SplitMix64 leftRight = new(21), all = new(21);
        bool mirrored = false, upsideDown = false;
        for (int k = 0; k < 20; k++)
        {
            var (pl, tl) = PatchTrainer.SubPatch(sample, 16, leftRight, flips: PatchFlipAxes.LeftRight);
            var (pa, _) = PatchTrainer.SubPatch(sample, 16, all);
            // Rows and slices keep their order: one step in y is +w, one in z +w·h.
            Assert.Equal(w, tl.Data[16] - tl.Data[0]);
            Assert.Equal(w * h, tl.Data[16 * 16] - tl.Data[0]);
            mirrored |= tl.Data[1] < tl.Data[0];
            upsideDown |= pa.Data[16 * 16] < pa.Data[0];
            // The same corner is cut with and without the restriction: the patches hold the same voxels.
            Assert.Equal(pa.Data.Order(), pl.Data.Order());
        }
        Assert.True(mirrored, "some patches should be mirrored left to right");
        Assert.True(upsideDown, "with every axis some patches come out upside down");
        Assert.Equal(leftRight.NextUInt64(), all.NextUInt64());
        Assert.Equal("left-right", new PatchTrainingOptions(flips: PatchFlipAxes.LeftRight).ToMetadata()["train_flips"]);
        Assert.Equal("all", new PatchTrainingOptions().ToMetadata()["train_flips"]);
        Assert.Equal("flips", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(flips: (PatchFlipAxes)7)).ParamName);
    }

    [Fact]
    public void PriorShiftDisplacesOnlyThePriorByAtMostNVoxelsInHalfThePatches()
    {
        int d = 24, h = 20, w = 40, n = d * h * w;
        var input = new Tensor(1, 2, d, h, w);
        var target = new Tensor(1, 1, d, h, w);
        for (int i = 0; i < n; i++) input.Data[i] = input.Data[n + i] = target.Data[i] = i + 1;
        var sample = new PatchSample("t", input, target);
        var random = new SplitMix64(17);
        var offsets = new HashSet<(int, int, int)>();
        int unshifted = 0, trials = 200;
        for (int k = 0; k < trials; k++)
        {
            var (patch, cut) = PatchTrainer.SubPatch(sample, 16, random, flips: PatchFlipAxes.LeftRight, priorShift: 2);
            int m = cut.Length;
            Assert.Equal(cut.Data, patch.Data.AsSpan(0, m).ToArray());
            float? difference = null;
            int read = 0;
            for (int i = 0; i < m; i++)
            {
                if (patch.Data[m + i] == 0) continue; // read beyond the sample
                read++;
                float delta = patch.Data[m + i] - patch.Data[i];
                Assert.True(difference is null || difference == delta, $"patch {k}: the prior moved by {difference} and {delta}");
                difference = delta;
            }
            Assert.True(read > m / 2);
            // A whole-voxel offset (dz, dy, dx) moves the linear index by dz·h·w + dy·w + dx.
            int linear = (int)difference!.Value;
            int dz = (int)Math.Round((double)linear / (h * w)), dy = (int)Math.Round((double)(linear - dz * h * w) / w), dx = linear - dz * h * w - dy * w;
            Assert.True(Math.Abs(dz) <= 2 && Math.Abs(dy) <= 2 && Math.Abs(dx) <= 2, $"offset ({dz}, {dy}, {dx})");
            if (linear == 0) unshifted++;
            offsets.Add((dz, dy, dx));
        }
        Assert.InRange(unshifted, trials / 4, 3 * trials / 4);
        Assert.True(offsets.Count > 30, $"{offsets.Count} distinct offsets");

        AssertOffDrawsNothing(sample, 4, random => PatchTrainer.SubPatch(sample, 16, random, priorShift: 0));
        Assert.Equal("3", new PatchTrainingOptions(priorShift: 3).ToMetadata()["train_prior_shift"]);
        Assert.Equal("priorShift", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(priorShift: -1)).ParamName);
    }

    [Fact]
    public void PriorWarpBendsOnlyThePriorSmoothlyByAtMostAVoxelsInHalfThePatches()
    {
        // Skull, prior and target all hold one coordinate of the voxel (x, y or z in three runs with the same seed, so
        // the same patches and fields): trilinear reading is exact for a linear function, so prior − skull is that
        // component of the displacement wherever the read stays inside the sample.
        int d = 24, h = 20, w = 40, trials = 120, size = 16;
        const double amplitude = 3;
        var components = new float[3][][];
        var skulls = new float[3][][];
        for (int axis = 0; axis < 3; axis++)
        {
            var input = new Tensor(1, 2, d, h, w);
            var target = new Tensor(1, 1, d, h, w);
            for (int z = 0; z < d; z++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int i = (z * h + y) * w + x;
                        input.Data[i] = input.Data[d * h * w + i] = target.Data[i] = axis == 0 ? x : axis == 1 ? y : z;
                    }
            var sample = new PatchSample("t", input, target);
            var random = new SplitMix64(23);
            components[axis] = new float[trials][];
            skulls[axis] = new float[trials][];
            for (int k = 0; k < trials; k++)
            {
                var (patch, cut) = PatchTrainer.SubPatch(sample, size, random, flips: PatchFlipAxes.LeftRight, priorWarp: amplitude);
                int m = cut.Length;
                Assert.Equal(cut.Data, patch.Data.AsSpan(0, m).ToArray());
                skulls[axis][k] = patch.Data.AsSpan(0, m).ToArray();
                components[axis][k] = Enumerable.Range(0, m).Select(i => patch.Data[m + i] - patch.Data[i]).ToArray();
            }
        }
        int bent = 0;
        double largest = 0, steepest = 0, lipschitz = amplitude * 2 * Math.PI / PatchTrainingOptions.PriorWarpWavelength;
        for (int k = 0; k < trials; k++)
        {
            bool inside(int i) => skulls[0][k][i] >= amplitude + 1 && skulls[0][k][i] <= w - amplitude - 2
                && skulls[1][k][i] >= amplitude + 1 && skulls[1][k][i] <= h - amplitude - 2 && skulls[2][k][i] >= amplitude + 1 && skulls[2][k][i] <= d - amplitude - 2;
            double Norm(int i) => Math.Sqrt(components[0][k][i] * components[0][k][i] + components[1][k][i] * components[1][k][i] + components[2][k][i] * components[2][k][i]);
            double most = 0;
            for (int i = 0; i < size * size * size; i++)
            {
                if (!inside(i)) continue;
                most = Math.Max(most, Norm(i));
                if (i % size + 1 < size && inside(i + 1))
                {
                    double step = Math.Sqrt(Enumerable.Range(0, 3).Sum(a => Math.Pow(components[a][k][i + 1] - components[a][k][i], 2)));
                    steepest = Math.Max(steepest, step);
                }
            }
            Assert.True(most <= amplitude + 1e-3, $"patch {k}: displacement {most} voxels");
            largest = Math.Max(largest, most);
            if (most > 1e-3) bent++;
        }
        Assert.InRange(bent, trials / 4, 3 * trials / 4);
        Assert.True(largest > amplitude / 3, $"largest displacement {largest}");
        Assert.True(steepest <= lipschitz + 1e-3, $"the field changed by {steepest} voxels between neighbours (bound {lipschitz})");

        var plain = RandomSample("p", 5);
        AssertOffDrawsNothing(plain, 4, random => PatchTrainer.SubPatch(plain, 16, random, priorWarp: 0));
        Assert.Equal("2.5", new PatchTrainingOptions(priorWarp: 2.5).ToMetadata()["train_prior_warp"]);
        Assert.Equal("priorWarp", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(priorWarp: -1)).ParamName);
        Assert.Equal("priorWarp", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(priorWarp: double.NaN)).ParamName);
    }

    /// <summary>A (1, 2, d, h, w) sample whose prior and target agree everywhere except at <paramref name="odd"/> (none when −1).</summary>
    private static PatchSample OneDisagreement(int d, int h, int w, int odd)
    {
        int n = d * h * w;
        var input = new Tensor(1, 2, d, h, w);
        var target = new Tensor(1, 1, d, h, w);
        for (int i = 0; i < n; i++)
        {
            input.Data[i] = i;
            bool bone = i % 3 == 0;
            input.Data[n + i] = bone ? 1 : 0;
            target.Data[i] = bone != (i == odd) ? 1 : 0;
        }
        return new PatchSample("t", input, target);
    }

    [Fact]
    public void ErrorFocusPlacesEveryPatchOverTheOnlyDisagreement()
    {
        int d = 24, h = 20, w = 40, odd = 5 + w * (17 + h * 19);
        var sample = OneDisagreement(d, h, w, odd);
        var random = new SplitMix64(11);
        var corners = new HashSet<float>();
        for (int trial = 0; trial < 40; trial++)
        {
            var (input, target) = PatchTrainer.SubPatch(sample, 8, random, errorFocus: 1);
            int m = target.Length, found = 0;
            for (int i = 0; i < m; i++)
                if (input.Data[m + i] >= 0.5f != target.Data[i] >= 0.5f)
                {
                    found++;
                    Assert.Equal((float)odd, input.Data[i]);
                }
            Assert.Equal(1, found);
            corners.Add(input.Data[0]);
        }
        Assert.True(corners.Count > 10, $"the disagreeing voxel should land anywhere in the patch; {corners.Count} distinct patches in 40");
    }

    [Fact]
    public void ErrorFocusFallsBackToAnyPatchWhenPriorAndTargetAgree()
    {
        var sample = OneDisagreement(24, 20, 40, -1);
        var random = new SplitMix64(3);
        var corners = new HashSet<float>();
        for (int trial = 0; trial < 20; trial++) corners.Add(PatchTrainer.SubPatch(sample, 8, random, errorFocus: 1).Input.Data[0]);
        Assert.True(corners.Count > 10);
    }

    [Fact]
    public void ZeroErrorFocusDrawsNoExtraNumbers()
    {
        var sample = OneDisagreement(24, 20, 40, 100);
        ulong next = AssertOffDrawsNothing(sample, 9, random => PatchTrainer.SubPatch(sample, 16, random, errorFocus: 0));
        var reference = new SplitMix64(9);
        for (int draw = 0; draw < 5 * 6; draw++) reference.NextUInt64();
        Assert.Equal(reference.NextUInt64(), next);
    }

    /// <summary>
    /// Five sub-patches cut by <paramref name="cutWithOptionOff"/> (a sub-patch option at its "off" value) from a stream
    /// seeded <paramref name="seed"/> hold the same input as five cut without the option, and both streams end at the
    /// same draw, so the option's off value draws no extra number. Returns that next draw.
    /// </summary>
    private static ulong AssertOffDrawsNothing(PatchSample sample, ulong seed, Func<SplitMix64, (Tensor Input, Tensor Target)> cutWithOptionOff)
    {
        SplitMix64 withOption = new(seed), without = new(seed);
        for (int k = 0; k < 5; k++)
            Assert.Equal(PatchTrainer.SubPatch(sample, 16, without).Input.Data, cutWithOptionOff(withOption).Input.Data);
        ulong next = withOption.NextUInt64();
        Assert.Equal(without.NextUInt64(), next);
        return next;
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ErrorFocusMustBeAProbability(double focus)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchTrainingOptions(errorFocus: focus));
        Assert.Equal("errorFocus", e.ParamName);
    }

    [Fact]
    public void TheMirrorChannelTrainsAThreeInputNetworkThatTheDesignerFeedsAndItsSamplesAreCachedApart()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache"), mirrored = temp.File("mirrored.safetensors");
        Train(data, cache, mirrored, epochs: 1, resume: null, "--mirror-channel");
        var (model, metadata) = PatchRefinementModel.Load(mirrored);
        Assert.True(model.HasThirdChannel);
        Assert.Equal("3", metadata["in_channels"]);
        Assert.Equal("true", metadata["train_mirror_channel"]);
        var defective = VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask();
        var designed = new LearnedDesigner(new LearnedDesignerOptions(mirrored)).Design(defective);
        Assert.Equal(defective.Grid, designed.Implant.Grid);

        // The same cache then trains a two-input network: its samples are rebuilt, not read with the wrong channel count.
        string plain = temp.File("plain.safetensors");
        Train(data, cache, plain, epochs: 1);
        Assert.False(PatchRefinementModel.Load(plain).Model.HasThirdChannel);
        Assert.Equal("false", PatchRefinementModel.Load(plain).Metadata["train_mirror_channel"]);
        AssertTrainFails(1, "architecture or window differs", "--data", data, "--cache", cache, "-o", temp.File("again.safetensors"), "--epochs", "2", "--resume", mirrored, "--quiet");
    }

    /// <summary>A coarse-network checkpoint whose every weight is 0 and whose output bias is <paramref name="bias"/>: p = σ(bias) on its whole window.</summary>
    private static string ConstantCoarseWeights(string path, float bias)
    {
        var model = new CoarseSkullModel(CoarseSkullModel.DefaultArchitecture, CoarseSkullModel.DefaultWindow, seed: 3);
        foreach (var (name, parameter) in model.Network.NamedParameters()) Array.Fill(parameter.Data, name == "head.bias" ? bias : 0f);
        Checkpoint.Save(model.Network, path, model.ToMetadata());
        return path;
    }

    [Fact]
    public void TheCoarseChannelTrainsAThreeInputNetworkThatTheDesignerFeedsFromTheCoarseWeightsItNames()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), cache = temp.File("cache"), network = temp.File("coarse-fed.safetensors");
        string coarse = ConstantCoarseWeights(temp.File("coarse.safetensors"), 2f), other = ConstantCoarseWeights(temp.File("other.safetensors"), -2f);
        string[] cached = Train(data, cache, network, epochs: 1, resume: null, "--coarse-channel", coarse);
        var (model, metadata) = PatchRefinementModel.Load(network);
        Assert.True(model.HasThirdChannel);
        Assert.Equal("false", metadata["train_mirror_channel"]);
        Assert.Equal(CoarseSkullModel.WeightsIdentity(coarse), metadata[PatchTrainingOptions.CoarseChannelKey]);
        Assert.StartsWith("coarse.safetensors sha256:", metadata[PatchTrainingOptions.CoarseChannelKey]);
        Assert.NotEqual(CoarseSkullModel.WeightsIdentity(coarse), CoarseSkullModel.WeightsIdentity(other));

        // Every cached sample's third channel is the constant network's σ(2) wherever its working voxel lies in the coarse window.
        string[] samples = [.. cached.Where(name => name.EndsWith("-coarse.safetensors", StringComparison.Ordinal))];
        Assert.Equal(3, samples.Length);
        float expected = 1f / (1f + MathF.Exp(-2f));
        foreach (string name in samples)
        {
            var input = SafeTensors.Read(Path.Combine(cache, name)).Tensors["input"];
            int n = input.D * input.H * input.W;
            float[] third = input.Data.AsSpan(2 * n, n).ToArray();
            Assert.All(third, v => Assert.True(Math.Abs(v - expected) < 1e-5f, $"{name}: {v}"));
        }

        var defective = VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask();
        var same = new LearnedDesigner(new LearnedDesignerOptions(network, coarseWeightsPath: coarse)).Design(defective);
        Assert.Equal(defective.Grid, same.Implant.Grid);
        Assert.DoesNotContain(same.Report.Warnings, w => w.Contains("coarse weights", StringComparison.Ordinal));
        var changed = new LearnedDesigner(new LearnedDesignerOptions(network, coarseWeightsPath: other)).Design(defective);
        Assert.Contains(changed.Report.Warnings, w => w.Contains("coarse weights " + CoarseSkullModel.WeightsIdentity(coarse), StringComparison.Ordinal)
            && w.Contains(CoarseSkullModel.WeightsIdentity(other), StringComparison.Ordinal));
        Assert.Throws<FileNotFoundException>(() => new LearnedDesigner(new LearnedDesignerOptions(network, coarseWeightsPath: temp.File("missing.safetensors"))));

        // A resumed run must feed the third channel as the checkpoint was trained: not the mirror image, not other coarse weights.
        AssertTrainFails(1, "train_coarse_channel", "--data", data, "--cache", cache, "-o", temp.File("again.safetensors"), "--epochs", "2", "--resume", network,
            "--coarse-channel", other, "--quiet");
        AssertTrainFails(1, "train_mirror_channel", "--data", data, "--cache", cache, "-o", temp.File("again.safetensors"), "--epochs", "2", "--resume", network,
            "--mirror-channel", "--quiet");
        AssertTrainFails(2, "--coarse-channel: no coarse-network checkpoint at", "--data", data, "-o", temp.File("m.safetensors"), "--coarse-channel", temp.File("missing.safetensors"));
        AssertTrainFails(2, "not both", "--data", data, "-o", temp.File("m.safetensors"), "--coarse-channel", coarse, "--mirror-channel");
    }

    [Fact]
    public void TheCoarseChannelIsRefusedBesideTheMirrorChannelAndForTheCoarseNetworkItself()
    {
        Assert.Equal(3, new PatchTrainingOptions(coarseChannel: "coarse.safetensors").Architecture.InChannels);
        Assert.Equal("coarseChannel", Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(mirrorChannel: true, coarseChannel: "coarse.safetensors")).ParamName);
        Assert.Equal("coarseChannel", Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(coarseChannel: "")).ParamName);
        Assert.Equal("coarse", Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(coarse: true, coarseChannel: "coarse.safetensors")).ParamName);
        Assert.Equal("architecture", Assert.Throws<ArgumentException>(
            () => new PatchTrainingOptions(coarseChannel: "coarse.safetensors", architecture: PatchRefinementModel.DefaultArchitecture)).ParamName);
    }

    [Fact]
    public void AnArchitectureWhoseInputsDoNotMatchTheMirrorSettingIsRefused()
    {
        Assert.Equal(3, new PatchTrainingOptions(mirrorChannel: true).Architecture.InChannels);
        Assert.Equal(2, new PatchTrainingOptions().Architecture.InChannels);
        var e = Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(mirrorChannel: true, architecture: PatchRefinementModel.DefaultArchitecture));
        Assert.Equal("architecture", e.ParamName);
        Assert.Contains("3 input channels with a third channel (mirror or coarse); got 2", e.Message);
        Assert.Throws<ArgumentException>(() => new PatchRefinementModel(new SkipAutoencoderOptions([8, 8, 8], 8, [2, 2, 2, 2], inChannels: 4), PatchWindowOptions.Default, 1));
    }

    [Fact]
    public void TrainCommandRecordsItsTrainingSettingsAndThePriorSettingsAndRefusesBadValues()
    {
        using var temp = new TempDirectory();
        string data = PhantomData(temp), focused = temp.File("focused.safetensors");
        Train(data, temp.File("cache"), focused, epochs: 1, resume: null, "--error-focus", "0.5", "--flips", "left-right", "--prior-shift", "2", "--low-defects", "1",
            "--average-from-epoch", "1");
        var metadata = PatchRefinementModel.Load(focused).Metadata;
        Assert.Equal("1", metadata["train_average_from_epoch"]);
        // Averaged over the one epoch, the averaged checkpoint holds that epoch's weights.
        var (averaged, averagedMetadata) = PatchRefinementModel.Load(temp.File("focused-averaged.safetensors"));
        Assert.Equal("1-1", averagedMetadata[PatchTrainer.AveragedEpochsKey]);
        Assert.Equal(PatchRefinementModel.Load(focused).Model.Network.Parameters().Select(p => p.Data), averaged.Network.Parameters().Select(p => p.Data));
        Assert.Equal("0.5", metadata["train_error_focus"]);
        Assert.Equal("left-right", metadata["train_flips"]);
        Assert.Equal("2", metadata["train_prior_shift"]);
        Assert.Equal("1", metadata["train_low_defects_per_case"]);
        Assert.Equal("0", metadata["train_validation_low_defects_per_case"]);
        Assert.Equal(LearnedDesignerOptions.NetworkPrior.Describe(), metadata[PatchTrainingOptions.PriorSettingsKey]);

        // The designer warns when it refines a prior made with other settings than the training priors, and names them.
        var defective = VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask();
        var same = new LearnedDesigner(new LearnedDesignerOptions(focused)).Design(defective).Report.Warnings;
        Assert.DoesNotContain(same, w => w.Contains("trained on shape priors", StringComparison.Ordinal));
        var other = new LearnedDesigner(new LearnedDesignerOptions(focused, prior: new SphericalMapOptions(borderBandMm: 4))).Design(defective).Report.Warnings;
        Assert.Contains(other, w => w.Contains("trained on shape priors", StringComparison.Ordinal) && w.Contains("border_band_mm 6 → 4", StringComparison.Ordinal));
        Assert.Equal("0", new PatchTrainingOptions().ToMetadata()["train_error_focus"]);
        AssertTrainFails(2, "Error focus must be a probability in [0, 1]; got 2", "--data", data, "-o", temp.File("m.safetensors"), "--error-focus", "2");
        AssertTrainFails(2, "--flips must be all or left-right; got \"up-down\"", "--data", data, "-o", temp.File("m.safetensors"), "--flips", "up-down");
        AssertTrainFails(2, "The first averaged epoch must be 0 (no average) or 1…10 (the epochs); got 11", "--data", data, "-o", temp.File("m.safetensors"), "--average-from-epoch", "11");
    }
}
