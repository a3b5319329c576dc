using System.Diagnostics;
using Cranio.Defects;
using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The learned implant designer: the <see cref="SphericalMapDesigner"/>'s implant is the shape prior; a patch network
/// (<see cref="PatchRefinementModel"/>) sees the defective skull and the prior on a working grid around the prior
/// (<see cref="PatchWindow"/>, 1 mm by default) and gives corrected implant probabilities p, resampled trilinearly
/// back onto the input grid and averaged over <see cref="LearnedDesignerOptions.SamplingPhases"/> (2) working grids
/// half a voxel apart. Because that grid is coarser than the input's, the network only corrects the prior where
/// it is confident and the prior's full-resolution voxels are kept elsewhere (<see cref="ConfidentCorrection"/>):
/// a prior voxel is dropped only where p &lt; t − m, another voxel added only where p ≥ t + m
/// (t = <see cref="LearnedDesignerOptions.Threshold"/> 0.5, m = <see cref="LearnedDesignerOptions.Margin"/> 0.05 by default),
/// and within <see cref="LearnedDesignerOptions.PriorBandMm"/> (2 mm) of the defective skull the prior is only
/// thinned where the network is fairly sure (p &lt; t − <see cref="LearnedDesignerOptions.PriorBandMargin"/> = 0.2), so
/// the border where implant meets skull stays at full resolution. The result is cut by the skull and keeps
/// only the connected components (26-connected) that share a voxel with the prior. A checkpoint trained without the
/// prior channel (<see cref="Learning.PatchTrainingOptions.PriorChannel"/> false) gets that channel zeroed here too; one
/// trained with the mirror channel (<see cref="PatchRefinementModel.HasThirdChannel"/>) gets the defective skull's mirror image
/// in the plane the prior mirrors it in (<see cref="MidSagittalPlaneSearch.OfSkull"/>), and one trained with the coarse
/// channel (<see cref="Learning.PatchTrainingOptions.CoarseChannel"/>) the probabilities of the coarse network
/// <see cref="LearnedDesignerOptions.CoarseWeightsPath"/> (a warning in every report when those are not the weights it was trained with).
/// When a defect reaches below the vault centre's plane (<see cref="DetectedDefect.ReachesBelowVaultCentre"/>), a second
/// network refines the prior instead if one is given (<see cref="LearnedDesignerOptions.LowDefectWeightsPath"/>; the
/// shipped one was trained with displaced priors, so it corrects more boldly, and runs with the margin
/// <see cref="LearnedDesignerOptions.LowDefectMargin"/> 0.05): there the prior's shell misses bone beyond it, while on
/// the vault the prior is close and the first network's caution pays.
/// A checkpoint that records its training priors' settings (<see cref="Learning.PatchTrainingOptions.PriorSettingsKey"/>)
/// and was trained on priors made otherwise than this designer's gets a warning in every report naming the settings.
/// </summary>
public sealed class LearnedDesigner : IImplantDesigner
{
    private readonly Refinement _vault;
    private readonly Refinement? _low;

    /// <summary>Loads the weights named by <paramref name="options"/> (default: the shipped weights).</summary>
    /// <exception cref="FileNotFoundException">
    /// The weights file or the shape model does not exist, or a network trained with the coarse channel is loaded and
    /// <see cref="LearnedDesignerOptions.CoarseWeightsPath"/> does not exist.
    /// </exception>
    /// <exception cref="IO.CranioFormatException">
    /// The weights file is not a patch-model checkpoint, the shape model file not a shape model, the coarse weights
    /// not a coarse-network checkpoint, or a network that names coarse weights does not take 3 input channels.
    /// </exception>
    public LearnedDesigner(LearnedDesignerOptions? options = null)
    {
        Options = options ?? LearnedDesignerOptions.Default;
        string coarsePath = Options.CoarseWeightsPath;
        var coarse = new Lazy<(CoarseSkullModel Model, string Identity)>(() => (CoarseSkullModel.Load(coarsePath).Model, CoarseSkullModel.WeightsIdentity(coarsePath)));
        _vault = Refinement.Load(Options.WeightsPath, Options.Margin, Options, coarse);
        _low = Options.LowDefectWeightsPath.Length > 0 ? Refinement.Load(Options.LowDefectWeightsPath, Options.LowDefectMargin, Options, coarse) : null;
        Prior = new SphericalMapDesigner(Options.Prior.ShapeModel is null && Options.ShapeModelPath.Length > 0
            ? Options.Prior.WithShapeModel(SkullShapeModel.Load(Options.ShapeModelPath))
            : Options.Prior);
    }

    /// <summary>The settings.</summary>
    public LearnedDesignerOptions Options { get; }

    /// <summary>The designer of the shape prior: the spherical map, guided by the shape model when one is loaded.</summary>
    public SphericalMapDesigner Prior { get; }

    /// <summary>The loaded network and its window settings (for every defect unless <see cref="LowDefectModel"/> takes it).</summary>
    public PatchRefinementModel Model => _vault.Model;

    /// <summary>The network for designs with a defect below the vault centre's plane, or null when <see cref="Model"/> does every design.</summary>
    public PatchRefinementModel? LowDefectModel => _low?.Model;

    /// <inheritdoc />
    public string Name => "learned";

    /// <inheritdoc />
    public DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default)
    {
        SkullMaskValidation.Validate(defectiveSkull);
        DesignResult prior = Prior.Design(defectiveSkull, cancellationToken);
        var timings = prior.Report.Timings.ToList();
        var warnings = prior.Report.Warnings.ToList();
        bool low = _low is not null && prior.Report.AnyDefectReachesBelowVaultCentre;
        Refinement refinement = low ? _low! : _vault;
        warnings.AddRange(refinement.Warnings);
        var clock = Stopwatch.StartNew();
        PatchWindow? window = PatchWindow.Locate(prior.Implant, refinement.Model.Window);
        Volume<byte> implant;
        if (window is null)
        {
            implant = prior.Implant;
            warnings.Add("The shape prior is empty, so there is nothing to refine.");
        }
        else
        {
            var probabilities = Probabilities(refinement, window, defectiveSkull, prior.Implant, null, cancellationToken);
            implant = ConfidentCorrection.Apply(prior.Implant, probabilities, window.Box, defectiveSkull,
                Options.Threshold, refinement.Margin, Options.PriorBandMm, Options.PriorBandMargin);
        }
        timings.Add(new StageTiming(low ? LowDefectStage : VaultStage, clock.Elapsed));
        double volume = implant.CountNonZero() * defectiveSkull.Grid.VoxelVolume / 1000;
        return new DesignResult(implant, new DesignReport(Name, prior.Report.Defects, volume, prior.Report.VaultCentre, warnings, timings));
    }

    /// <summary>
    /// The network's implant probabilities on <paramref name="window"/>'s crop grid: the mean over the
    /// <see cref="LearnedDesignerOptions.SamplingPhases"/> working grids (<see cref="PatchWindow.PhaseShifts"/>) of the
    /// probabilities computed on each and resampled trilinearly to the crop grid.
    /// </summary>
    /// <param name="window">The window around <paramref name="prior"/>.</param>
    /// <param name="defectiveSkull">The defective skull.</param>
    /// <param name="prior">The shape prior on the same grid.</param>
    /// <param name="mirrorPlane">The mid-sagittal plane for a network that sees the mirror image; null = found here (<see cref="MidSagittalPlaneSearch.OfSkull"/>). Ignored by other networks.</param>
    /// <param name="cancellationToken">Checked between phases.</param>
    public Volume<float> Probabilities(PatchWindow window, Volume<byte> defectiveSkull, Volume<byte> prior, SymmetryPlane? mirrorPlane = null,
        CancellationToken cancellationToken = default) =>
        Probabilities(_vault, window, defectiveSkull, prior, mirrorPlane, cancellationToken);

    /// <summary>The timing stage of the network run on a design without a defect below the vault centre's plane.</summary>
    public const string VaultStage = "patch network";

    /// <summary>The timing stage of the low-defect network's run.</summary>
    public const string LowDefectStage = "patch network (low defect)";

    private Volume<float> Probabilities(Refinement refinement, PatchWindow window, Volume<byte> defectiveSkull, Volume<byte> prior, SymmetryPlane? mirrorPlane,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        PatchRefinementModel model = refinement.Model;
        Volume<float>? coarse = refinement.Coarse?.ProbabilitiesOn(defectiveSkull);
        SymmetryPlane? plane = model.HasThirdChannel && refinement.Coarse is null ? mirrorPlane ?? MidSagittalPlaneSearch.OfSkull(defectiveSkull, Prior.Options) : null;
        Volume<float>? sum = null;
        var shifts = PatchWindow.PhaseShifts(Options.SamplingPhases);
        foreach (Vec3 shift in shifts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PatchWindow phase = window.ShiftedBy(shift);
            var input = phase.Input(defectiveSkull, prior, plane, coarse);
            if (!refinement.SeesPrior) Learning.PatchTrainer.ClearPrior(input);
            Volume<float> crop = phase.ToCrop(model.Probabilities(input, phase.WorkingGrid));
            if (sum is null) sum = crop;
            else
                for (long i = 0; i < crop.Data.LongLength; i++) sum.Data[i] += crop.Data[i];
        }
        if (shifts.Count > 1)
            for (long i = 0; i < sum!.Data.LongLength; i++) sum.Data[i] /= shifts.Count;
        return sum!;
    }

    /// <summary>
    /// A warning naming the spherical-map settings (<see cref="SphericalMapOptions.Describe"/> pairs) in which the
    /// priors the network was trained on (<paramref name="trained"/>) differ from this designer's (<paramref name="current"/>),
    /// or null when none differs.
    /// </summary>
    internal static string? PriorMismatch(string trained, string current)
    {
        static Dictionary<string, string> Pairs(string description)
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string pair in description.Split(';'))
            {
                string[] kv = pair.Split('=', 2);
                pairs[kv[0]] = kv.Length > 1 ? kv[1] : "";
            }
            return pairs;
        }
        var before = Pairs(trained);
        var now = Pairs(current);
        var differences = before.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => before.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => $"{key} {before.GetValueOrDefault(key) ?? "(not set)"} → {now.GetValueOrDefault(key) ?? "(not set)"}")
            .ToList();
        return differences.Count == 0 ? null
            : $"The network was trained on shape priors made with other spherical-map settings ({string.Join(", ", differences)}), so its corrections may not fit this prior; retrain it (docs/TRAINING.md) or design with the settings it was trained on.";
    }

    /// <summary>
    /// <paramref name="mask"/> minus the skull, keeping only the 26-connected components with a voxel in the prior.
    /// All three volumes share one grid.
    /// </summary>
    internal static Volume<byte> Refine(Volume<byte> mask, Volume<byte> skull, Volume<byte> prior)
    {
        mask.Grid.EnsureSameAs(skull.Grid, "implant", "skull");
        mask.Grid.EnsureSameAs(prior.Grid, "implant", "prior");
        var cut = mask.Clone();
        byte[] c = cut.Data, s = skull.Data;
        for (int i = 0; i < c.Length; i++) c[i] = (byte)(c[i] & (s[i] == 0 ? 1 : 0));
        byte[] p = prior.Data;
        return ConnectedComponents.Label(cut, Connectivity.Full).SelectMarked(i => p[i] != 0);
    }

    /// <summary>
    /// A loaded network with what the designer needs to run it: whether it sees the prior, the warnings its training
    /// priors and coarse weights call for, its margin, and the coarse network that feeds its third channel, if any.
    /// </summary>
    private sealed record Refinement(PatchRefinementModel Model, bool SeesPrior, IReadOnlyList<string> Warnings, double Margin, CoarseSkullModel? Coarse)
    {
        /// <summary>Loads the network at <paramref name="path"/>; <paramref name="coarse"/> is read only if the network names coarse weights, and once for both networks.</summary>
        public static Refinement Load(string path, double margin, LearnedDesignerOptions options, Lazy<(CoarseSkullModel Model, string Identity)> coarse)
        {
            var (model, metadata) = PatchRefinementModel.Load(path);
            bool seesPrior = !(metadata.TryGetValue(Learning.PatchTrainingOptions.PriorChannelKey, out var seen) && seen == "false");
            var warnings = new List<string>();
            if (metadata.TryGetValue(Learning.PatchTrainingOptions.PriorSettingsKey, out var trained) && LearnedDesigner.PriorMismatch(trained, options.Prior.Describe()) is string mismatch)
                warnings.Add(mismatch);
            if (!(metadata.TryGetValue(Learning.PatchTrainingOptions.CoarseChannelKey, out var coarseTrained) && coarseTrained != "none"))
                return new Refinement(model, seesPrior, warnings, margin, null);
            if (!model.HasThirdChannel)
                throw new IO.CranioFormatException(path, Learning.PatchTrainingOptions.CoarseChannelKey, $"a network with 3 input channels; found {model.Network.Options.InChannels}");
            var (coarseModel, current) = coarse.Value;
            if (current != coarseTrained)
                warnings.Add($"The network was trained on the probabilities of the coarse weights {coarseTrained}, not {current} ({options.CoarseWeightsPath}), so its corrections may not fit them.");
            return new Refinement(model, seesPrior, warnings, margin, coarseModel);
        }
    }
}
