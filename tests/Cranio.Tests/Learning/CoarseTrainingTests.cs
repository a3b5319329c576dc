using System.Globalization;
using Cranio.Design;
using Cranio.Filters;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Tests.Cli;
using Cranio.Tests.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Learning;

public sealed class CoarseTrainingTests
{
    private static void Train(string data, string cache, string output, int epochs, string? resume = null)
    {
        var args = new List<string> { "train", "--data", data, "--model", "coarse", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--cache", cache,
            "--patch-size", "16", "--repeats", "1", "--synthetic", "0", "-o", output, "--quiet" };
        if (resume is not null) args.AddRange(["--resume", resume]);
        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
    }

    [Fact]
    public void TrainCoarseWritesACompletionCheckpointThatResumesToTheSameBytesAndDesigns()
    {
        using var temp = new TempDirectory();
        string data = PatchTrainerTests.PhantomData(temp), cache = temp.File("cache"), first = temp.File("coarse.safetensors");
        Train(data, cache, first, epochs: 1);
        Assert.Equal(["real-000-completion.safetensors", "real-001-completion.safetensors", "real-060-completion.safetensors"],
            Directory.GetFiles(cache).Select(Path.GetFileName).Order());
        var (model, metadata) = CoarseSkullModel.Load(first);
        Assert.Equal(CoarseSkullModel.ModelName, metadata["model"]);
        Assert.Equal("complete skull", metadata["train_target"]);
        Assert.Equal(1, model.Network.Options.InChannels);
        Assert.Equal(CoarseSkullModel.DefaultWindow, model.Window);
        // The baseline of the log is the defective skull against the complete one: below 1 (bone is missing), above 0.
        double baseline = double.Parse(metadata[PatchTrainer.HistoryKey].Split(',')[3], CultureInfo.InvariantCulture);
        Assert.InRange(baseline, 0.5, 0.999);
        Assert.Throws<CranioFormatException>(() => PatchRefinementModel.Load(first));

        File.Copy(first, temp.File("epoch1.safetensors"));
        string resumed = temp.File("resumed.safetensors"), straight = temp.File("straight.safetensors");
        Train(data, cache, resumed, epochs: 2, resume: temp.File("epoch1.safetensors"));
        Train(data, cache, straight, epochs: 2);
        Assert.Equal(File.ReadAllBytes(straight), File.ReadAllBytes(resumed));

        var defective = VolumeFile.Read(Path.Combine(data, "defective_skull", "060.nrrd")).ToMask();
        var designed = new CoarseDesigner(straight).Design(defective);
        Assert.Equal(defective.Grid, designed.Implant.Grid);
        Assert.DoesNotContain(Enumerable.Range(0, defective.Data.Length), i => designed.Implant.Data[i] != 0 && defective.Data[i] != 0);
    }

    [Theory]
    [InlineData("complete", "(defective skull alone ")]
    [InlineData("implant", null)]
    public void TheEpochLineNamesABaselineOnlyWhereAnInputChannelApproximatesTheTarget(string target, string? baseline)
    {
        using var temp = new TempDirectory();
        string data = PatchTrainerTests.PhantomData(temp);
        var (code, output, error) = CliRunner.Run("train", "--data", data, "--model", "coarse", "--coarse-target", target, "--epochs", "1", "--cache", temp.File("cache"),
            "--patch-size", "16", "--repeats", "1", "--synthetic", "0", "-o", temp.File("coarse.safetensors"));
        Assert.True(code == 0, error);
        string line = output.Split('\n').Single(l => l.StartsWith("epoch 1: loss ", StringComparison.Ordinal));
        // The log in the checkpoint leaves the baseline's field empty where there is none.
        string logged = CoarseSkullModel.Load(temp.File("coarse.safetensors")).Metadata[PatchTrainer.HistoryKey].Split(',')[3];
        if (baseline is null)
        {
            Assert.DoesNotContain("alone", line);
            Assert.Equal("", logged);
        }
        else
        {
            Assert.Contains(baseline, line);
            Assert.InRange(double.Parse(logged, CultureInfo.InvariantCulture), 0.01, 0.99);
        }
    }

    [Fact]
    public void TrainCoarseRefusesThePriorsSettings()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "--model", "coarse", "-o", temp.File("m.safetensors"), "--prior-shift", "2");
        Assert.Equal(2, code);
        Assert.Contains("The coarse network has no prior", error);
        Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(coarse: true, shapeModelFolds: 5));
        Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(coarseTarget: CoarseTarget.Implant));
        (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "--model", "coarse", "-o", temp.File("m.safetensors"), "--coarse-target", "skull");
        Assert.Equal(2, code);
        Assert.Contains("--coarse-target must be complete or implant; got \"skull\"", error);
        (code, _, error) = CliRunner.Run("train", "--data", temp.Path, "--model", "patch", "-o", temp.File("m.safetensors"), "--coarse-target", "implant");
        Assert.Equal(2, code);
        Assert.Contains("--coarse-target applies to --model coarse only", error);
        Assert.Equal("implant", new PatchTrainingOptions(coarse: true, coarseTarget: CoarseTarget.Implant).ToMetadata()["train_target"]);
        Assert.Throws<ArgumentException>(() => new PatchTrainingOptions(coarse: true, architecture: PatchRefinementModel.DefaultArchitecture));
        var options = new PatchTrainingOptions(coarse: true);
        Assert.Equal(CoarseSkullModel.DefaultWindow, options.Window);
        Assert.Equal(CoarseSkullModel.DefaultArchitecture, options.Architecture);
        Assert.Throws<InvalidOperationException>(() => new PatchTrainer(options).Train([], [], temp.File("a"), temp.File("b")));
        Assert.Throws<InvalidOperationException>(() => new PatchTrainer(new PatchTrainingOptions()).TrainCoarse([], [], temp.File("a"), temp.File("b")));
        Assert.Throws<ArgumentException>(() => CoarseDataset.Load(temp.Path, temp.File("cache"), new PatchTrainingOptions()));
        Assert.Throws<ArgumentException>(() => new CoarseSkullModel(PatchRefinementModel.DefaultArchitecture, CoarseSkullModel.DefaultWindow, seed: 1));
    }

    [Fact]
    public void ACompletionSampleHoldsTheWholeCompleteSkullAndNeverLessBoneThanTheDefectiveOne()
    {
        var (defective, truth) = LearnedDesignerTests.DefectivePhantom(0.3, 0.2, 1, spacing: 2);
        var complete = defective.Clone();
        for (int i = 0; i < complete.Data.Length; i++) complete.Data[i] |= truth.Data[i];
        var sample = CoarseDataset.Build("phantom", defective, complete, CoarseSkullModel.DefaultWindow)!;
        Assert.Equal(1, sample.Input.C);
        Assert.Equal(0, sample.Input.D % 8);
        // Trilinear sampling is monotone, and the complete skull holds the defective one.
        Assert.DoesNotContain(Enumerable.Range(0, sample.Target.Length), i => sample.Target.Data[i] < sample.Input.Data[i]);
        // The defect's bone is in the target but not in the input; the window reaches past the complete skull.
        double missing = Enumerable.Range(0, sample.Target.Length).Sum(i => (double)(sample.Target.Data[i] - sample.Input.Data[i]));
        var window = PatchWindow.Locate(defective, CoarseSkullModel.DefaultWindow)!;
        double workingVoxel = Math.Pow(window.WorkingGrid.Spacing.X, 3);
        Assert.Equal(truth.CountNonZero() * truth.Grid.VoxelVolume, missing * workingVoxel, 0.1 * truth.CountNonZero() * truth.Grid.VoxelVolume);
        // The implant target holds the same missing bone and none of the defective skull's.
        var implantSample = CoarseDataset.Build("phantom", defective, complete, CoarseSkullModel.DefaultWindow, CoarseTarget.Implant)!;
        Assert.Equal(sample.Input.Data, implantSample.Input.Data);
        double implantMass = implantSample.Target.Data.Sum(v => (double)v);
        Assert.Equal(truth.CountNonZero() * truth.Grid.VoxelVolume, implantMass * workingVoxel, 0.1 * truth.CountNonZero() * truth.Grid.VoxelVolume);
        Assert.DoesNotContain(Enumerable.Range(0, implantSample.Target.Length), i => sample.Input.Data[i] == 1 && implantSample.Target.Data[i] > 0);
        var otherGrid = LearnedDesignerTests.DefectivePhantom(0.3, 0.2, 1, spacing: 3).Defective;
        Assert.Throws<GridMismatchException>(() => CoarseDataset.Build("x", defective, otherGrid, CoarseSkullModel.DefaultWindow));
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(-10.0)]
    public void TheCoarseDesignerSubtractsTheSkullAndDropsSmallParts(double bias)
    {
        using var temp = new TempDirectory();
        var model = new CoarseSkullModel(CoarseSkullModel.DefaultArchitecture, CoarseSkullModel.DefaultWindow, seed: 3);
        foreach (var (name, parameter) in model.Network.NamedParameters()) Array.Fill(parameter.Data, name == "head.bias" ? (float)bias : 0f);
        string path = temp.File("constant.safetensors");
        Checkpoint.Save(model.Network, path, model.ToMetadata());
        var (defective, _) = LearnedDesignerTests.DefectivePhantom(0.3, 0.2, 1, spacing: 2);
        var result = new CoarseDesigner(path, minComponentMm3: 500).Design(defective);
        var implant = result.Implant;
        Assert.Equal(defective.Grid, implant.Grid);
        Assert.Equal(implant.CountNonZero() * defective.Grid.VoxelVolume / 1000, result.Report.ImplantVolumeCm3, 9);
        if (bias < 0)
        {
            // p = σ(−10) everywhere: nothing is bone, so there is no implant and the report says so.
            Assert.Equal(0, implant.CountNonZero());
            Assert.Contains(result.Report.Warnings, w => w.Contains("no defect found", StringComparison.Ordinal));
            return;
        }
        // p = σ(10) everywhere: the window's whole box is bone, so the implant is the box minus the skull, opened.
        Assert.True(implant.CountNonZero() > 0);
        Assert.DoesNotContain(Enumerable.Range(0, implant.Data.Length), i => implant.Data[i] != 0 && defective.Data[i] != 0);
        var labels = ConnectedComponents.Label(implant, Connectivity.Full);
        Assert.All(Enumerable.Range(1, labels.Count), label => Assert.True(labels.VolumeMm3(label) >= 500));
        Assert.Equal(Morphology.Open(implant, 1.5).Data, implant.Data);
    }

    [Fact]
    public void TheShippedCoarseWeightsAreTheImplantNetworkOfTheDocumentedRun()
    {
        var designer = (CoarseDesigner)ImplantDesigners.Create(ImplantDesigners.Coarse);
        Assert.Equal("coarse", designer.Name);
        Assert.Equal(CoarseSkullModel.DefaultWindow, designer.Model.Window);
        Assert.Equal(CoarseSkullModel.DefaultArchitecture.ToMetadata(), designer.Model.Network.Options.ToMetadata());
        var metadata = SafeTensors.Read(CoarseDesigner.ShippedWeightsPath).Metadata;
        Assert.Equal("implant", metadata["train_target"]);
        Assert.Equal("60-74", metadata["train_validation_cases"]);
        Assert.Equal("3", metadata["train_synthetic_per_case"]);
        Assert.Equal(10, metadata[PatchTrainer.HistoryKey].Split(';').Length);
    }
}
