using Cranio.Design;
using Cranio.Filters;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

public sealed class LearnedDesignerTests(ITestOutputHelper output)
{
    private static readonly EllipsoidShellPhantom Phantom = new();

    internal static (Volume<byte> Defective, Volume<byte> Truth) DefectivePhantom(double dx = 0.3, double dy = 0.2, double dz = 1, double spacing = 2)
    {
        var (_, defective, truth) = Phantom.Build(Phantom.MakeGrid(new Vec3(spacing, spacing, spacing), tiltDegrees: 10), (Phantom.OuterPoint(new Vec3(dx, dy, dz)), 25));
        return (defective, truth);
    }

    private static string RandomCheckpoint(TempDirectory temp, ulong seed)
    {
        var model = new PatchRefinementModel(PatchRefinementModel.DefaultArchitecture, PatchWindowOptions.Default, seed);
        string path = temp.File($"random-{seed}.safetensors");
        Checkpoint.Save(model.Network, path, model.ToMetadata());
        return path;
    }

    private static void AssertContract(Volume<byte> skull, DesignResult result, Volume<byte> prior)
    {
        Assert.Same(skull.Grid, result.Implant.Grid);
        var labels = ConnectedComponents.Label(result.Implant, Connectivity.Full);
        var touches = new bool[labels.Count + 1];
        for (long i = 0; i < skull.Data.LongLength; i++)
        {
            Assert.True(result.Implant.Data[i] <= 1);
            Assert.False(skull.Data[i] != 0 && result.Implant.Data[i] != 0, "the implant overlaps the skull");
            if (prior.Data[i] != 0) touches[labels.Labels.Data[i]] = true;
        }
        for (int label = 1; label <= labels.Count; label++) Assert.True(touches[label], $"component {label} does not touch the prior");
        Assert.Equal(result.Implant.CountNonZero() * skull.Grid.VoxelVolume / 1000, result.Report.ImplantVolumeCm3, 9);
        Assert.Equal("learned", result.Report.Designer);
    }

    [Fact]
    public void ImplantIsOnTheInputGridDisjointFromTheSkullAndDeterministic()
    {
        using var temp = new TempDirectory();
        string weights = RandomCheckpoint(temp, 3);
        var (defective, _) = DefectivePhantom();
        var designer = new LearnedDesigner(new LearnedDesignerOptions(weights));
        var prior = designer.Prior.Design(defective).Implant;
        var first = designer.Design(defective);
        var second = new LearnedDesigner(new LearnedDesignerOptions(weights)).Design(defective);
        AssertContract(defective, first, prior);
        Assert.Equal(first.Implant.Data, second.Implant.Data);
    }

    [Fact]
    public void ShippedWeightsLoadAndRestoreAPhantomDefectDeterministically()
    {
        Assert.True(File.Exists(LearnedDesignerOptions.ShippedWeightsPath), $"shipped weights missing at {LearnedDesignerOptions.ShippedWeightsPath}");
        var (defective, truth) = DefectivePhantom(-0.5, 0.4, 0.8);
        var designer = (LearnedDesigner)ImplantDesigners.Create(ImplantDesigners.Learned);
        // 2→8 (440) + three 8→8 (1,736 each: enc2, enc3, mid1) + mid2 (1,736) + six 16→8 (3,464 each) + head 8→1 (217).
        Assert.Equal(440 + 4 * 1736 + 6 * 3464 + 217, designer.Model.Network.ParameterCount());
        var first = designer.Design(defective);
        var second = new LearnedDesigner().Design(defective);
        AssertContract(defective, first, designer.Prior.Design(defective).Implant);
        Assert.Equal(first.Implant.Data, second.Implant.Data);
        double dice = Cranio.Evaluation.Overlap.Measure(first.Implant, truth).Dice;
        output.WriteLine($"phantom DSC {dice:F4}, shape-guided spherical-map prior {Cranio.Evaluation.Overlap.Measure(designer.Prior.Design(defective).Implant, truth).Dice:F4}");
        Assert.True(dice > 0.5, $"DSC {dice:F4}");
    }

    [Fact]
    public void MissingWeightsNameThePath()
    {
        using var temp = new TempDirectory();
        string path = temp.File("nowhere.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => new LearnedDesigner(new LearnedDesignerOptions(path)));
        Assert.Contains(path, e.Message);
        Assert.Contains("cranio train", e.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherModelIsRejected()
    {
        using var temp = new TempDirectory();
        var other = new SkipAutoencoder3d(new SkipAutoencoderOptions(), seed: 1);
        string path = temp.File("other.safetensors");
        Checkpoint.Save(other, path, other.Options.ToMetadata());
        var e = Assert.Throws<CranioFormatException>(() => new LearnedDesigner(new LearnedDesignerOptions(path)));
        Assert.Contains("model", e.Message);
    }

    [Theory]
    [InlineData("middle_channels", "eight", "must be an integer")]
    [InlineData("middle_channels", "8,8", "must be an integer")]
    [InlineData("encoder_channels", "8,x,8", "must be comma-separated integers")]
    [InlineData("dilations", "99999999999", "must be comma-separated integers")]
    [InlineData("window_spacing_mm", "1mm", "must be a number")]
    [InlineData("window_max_size", "1.5", "must be an integer")]
    [InlineData("window_sampling", "cubic", "must be 'trilinear' or 'area-average'")]
    public void ACorruptArchitectureNumberIsNamed(string key, string value, string problem)
    {
        using var temp = new TempDirectory();
        var model = new PatchRefinementModel(PatchRefinementModel.DefaultArchitecture, PatchWindowOptions.Default, seed: 1);
        string path = temp.File("corrupt.safetensors");
        var metadata = model.ToMetadata();
        metadata[key] = value;
        Checkpoint.Save(model.Network, path, metadata);
        var e = Assert.Throws<CranioFormatException>(() => new LearnedDesigner(new LearnedDesignerOptions(path)));
        Assert.Contains(path, e.Message);
        Assert.Contains($"'{key}' {problem}; found '{value}'", e.Message);
    }

    [Fact]
    public void TheShippedShapeModelGuidesThePriorUnlessTurnedOff()
    {
        Assert.NotNull(new LearnedDesigner().Prior.Options.ShapeModel);
        Assert.Null(new LearnedDesigner(new LearnedDesignerOptions(shapeModelPath: "")).Prior.Options.ShapeModel);
        using var temp = new TempDirectory();
        string path = temp.File("nowhere.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => new LearnedDesigner(new LearnedDesignerOptions(shapeModelPath: path)));
        Assert.Contains(path, e.Message);
        Assert.Contains("cranio shape-model", e.Message);
    }

    [Fact]
    public void ADefectBelowTheVaultCentreGoesToTheLowDefectNetworkWithItsMargin()
    {
        using var temp = new TempDirectory();
        string vault = RandomCheckpoint(temp, 3), low = RandomCheckpoint(temp, 4);
        // The random networks' probabilities lie near 0.5, so the vault network gets margin 0 to change the prior at all.
        var designer = new LearnedDesigner(new LearnedDesignerOptions(vault, margin: 0, lowDefectWeightsPath: low, lowDefectMargin: 0.2));
        var (high, _) = DefectivePhantom();
        var (side, _) = DefectivePhantom(1, 0.1, 0);
        foreach (var (defective, isLow) in new[] { (high, false), (side, true) })
        {
            var result = designer.Design(defective);
            Assert.Equal(isLow, Assert.Single(result.Report.Defects).ReachesBelowVaultCentre);
            Assert.Contains(result.Report.Timings, t => t.Stage == (isLow ? LearnedDesigner.LowDefectStage : LearnedDesigner.VaultStage));
            AssertContract(defective, result, designer.Prior.Design(defective).Implant);
            // The same as a designer that has only the network the defect went to, with that network's margin.
            var alone = isLow ? new LearnedDesignerOptions(low, margin: 0.2) : new LearnedDesignerOptions(vault, margin: 0);
            Assert.Equal(new LearnedDesigner(alone).Design(defective).Implant.Data, result.Implant.Data);
        }
        Assert.NotEqual(new LearnedDesigner(new LearnedDesignerOptions(vault, margin: 0)).Design(side).Implant.Data, designer.Design(side).Implant.Data);
    }

    [Fact]
    public void TheShippedDesignerHasALowDefectNetworkAndOwnWeightsHaveNoneUnlessGiven()
    {
        Assert.Equal(LearnedDesignerOptions.ShippedLowDefectWeightsPath, LearnedDesignerOptions.Default.LowDefectWeightsPath);
        Assert.True(File.Exists(LearnedDesignerOptions.ShippedLowDefectWeightsPath), $"missing {LearnedDesignerOptions.ShippedLowDefectWeightsPath}");
        Assert.NotNull(new LearnedDesigner().LowDefectModel);
        Assert.Equal(0.05, LearnedDesignerOptions.Default.LowDefectMargin);
        Assert.Equal("", new LearnedDesignerOptions("own.safetensors").LowDefectWeightsPath);
        Assert.Equal("", new LearnedDesignerOptions(lowDefectWeightsPath: "").LowDefectWeightsPath);
        Assert.Null(new LearnedDesigner(new LearnedDesignerOptions(lowDefectWeightsPath: "")).LowDefectModel);
        using var temp = new TempDirectory();
        string missing = temp.File("low.safetensors");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => new LearnedDesigner(new LearnedDesignerOptions(lowDefectWeightsPath: missing))).Message);
        Assert.Equal("lowDefectMargin", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(lowDefectMargin: 0.6)).ParamName);
        Assert.Equal("lowDefectMargin", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(lowDefectMargin: 0.45)).ParamName);
    }

    [Fact]
    public void DefaultOptionsPointAtTheShippedWeights()
    {
        Assert.Equal(LearnedDesignerOptions.ShippedWeightsPath, LearnedDesignerOptions.Default.WeightsPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Weights", "skull-shape-model.safetensors"), LearnedDesignerOptions.Default.ShapeModelPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Weights", "learned-patch.safetensors"), new LearnedDesignerOptions().WeightsPath);
        Assert.Equal(0.5, LearnedDesignerOptions.Default.Threshold);
        Assert.Equal(0.05, LearnedDesignerOptions.Default.Margin);
        Assert.Equal(2, LearnedDesignerOptions.Default.PriorBandMm);
        Assert.Equal(0.3, LearnedDesignerOptions.Default.PriorBandMargin);
        Assert.Null(new LearnedDesignerOptions(priorBandMargin: null).PriorBandMargin);
    }

    [Fact]
    public void PhasedProbabilitiesAreTheMeanOverWorkingGridsHalfAVoxelApart()
    {
        using var temp = new TempDirectory();
        string weights = RandomCheckpoint(temp, 5);
        var (defective, _) = DefectivePhantom();
        var one = new LearnedDesigner(new LearnedDesignerOptions(weights, samplingPhases: 1));
        var two = new LearnedDesigner(new LearnedDesignerOptions(weights));
        Assert.Equal(2, two.Options.SamplingPhases);
        var prior = one.Prior.Design(defective).Implant;
        var window = PatchWindow.Locate(prior, one.Model.Window)!;

        // One phase: the network on the window's own grid, resampled to the crop.
        var direct = window.ToCrop(one.Model.Probabilities(window.Input(defective, prior), window.WorkingGrid));
        Assert.Equal(direct.Data, one.Probabilities(window, defective, prior).Data);

        // Two phases: also on the grid moved by half a voxel along each of its axes, then the mean.
        var shifted = window.ShiftedBy(new Vec3(0.5, 0.5, 0.5));
        Vec3 moved = shifted.WorkingGrid.Origin - window.WorkingGrid.Origin;
        Assert.Equal(0.5 * Math.Sqrt(3) * window.WorkingGrid.Spacing.X, moved.Length, 9);
        Assert.Equal(window.WorkingGrid with { Origin = shifted.WorkingGrid.Origin }, shifted.WorkingGrid);
        var other = shifted.ToCrop(one.Model.Probabilities(shifted.Input(defective, prior), shifted.WorkingGrid));
        var mean = two.Probabilities(window, defective, prior);
        for (long i = 0; i < mean.Data.LongLength; i++) Assert.Equal((direct.Data[i] + other.Data[i]) / 2, mean.Data[i], 6);
        Assert.NotEqual(direct.Data, mean.Data);
    }

    [Fact]
    public void SamplingPhasesAreOneTwoOrEight()
    {
        Assert.Equal(8, PatchWindow.PhaseShifts(8).Distinct().Count());
        Assert.All(PatchWindow.PhaseShifts(8), s => Assert.True(s.X is 0 or 0.5 && s.Y is 0 or 0.5 && s.Z is 0 or 0.5, $"{s}"));
        Assert.Equal([new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0.5)], PatchWindow.PhaseShifts(2));
        Assert.Equal("samplingPhases", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(samplingPhases: 3)).ParamName);
        Assert.Equal("phases", Assert.Throws<ArgumentOutOfRangeException>(() => PatchWindow.PhaseShifts(3)).ParamName);
    }

    [Fact]
    public void ThresholdMustBeAProbability() =>
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedDesignerOptions(threshold: 1)).ParamName);

    [Fact]
    public void RefineRemovesTheSkullAndIslandsAwayFromThePrior()
    {
        Grid grid = Grid.AxisAligned(12, 4, 4, new Vec3(1, 1, 1), default);
        Volume<byte> mask = new(grid), skull = new(grid), prior = new(grid);
        for (int x = 0; x < 12; x++) mask[x, 1, 1] = 1;
        skull[5, 1, 1] = 1;       // cuts the line into 0–4 and 6–11
        prior[2, 1, 1] = 1;       // only the first piece touches the prior
        mask[9, 3, 3] = 1;        // an isolated voxel
        var refined = LearnedDesigner.Refine(mask, skull, prior);
        for (int x = 0; x < 12; x++) Assert.Equal(x < 5 ? 1 : 0, refined[x, 1, 1]);
        Assert.Equal(5, refined.CountNonZero());
        Assert.Same(grid, refined.Grid);
    }

    [Fact]
    public void PriorMismatchNamesEveryDifferingSettingAndNothingWhenTheyAgree()
    {
        string trained = new SphericalMapOptions().Describe();
        Assert.Null(LearnedDesigner.PriorMismatch(trained, trained));
        string warning = LearnedDesigner.PriorMismatch(trained, new SphericalMapOptions(borderBandMm: 4, shapeGuideRampMm: 0).Describe())!;
        Assert.Contains("border_band_mm 6 → 4", warning);
        Assert.Contains("shape_guide_ramp_mm 20 → 0", warning);
        Assert.DoesNotContain("bridged_gap_mm", warning);
        // A setting the training priors did not have yet (an older checkpoint) counts as a difference too.
        string older = string.Join(";", trained.Split(';').Where(pair => !pair.StartsWith("shape_guide_ramp_mm=", StringComparison.Ordinal)));
        Assert.Contains("shape_guide_ramp_mm (not set) → 20", LearnedDesigner.PriorMismatch(older, trained));
        // Text that is no settings list at all (a hand-edited checkpoint) still gives a warning, not an exception.
        Assert.Contains("garbled", LearnedDesigner.PriorMismatch("garbled;garbled=1;;", trained));
    }
}
